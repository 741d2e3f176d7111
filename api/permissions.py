"""API access by role; object scope comes from each model's ``for_user`` queryset."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from workflows import permissions as may


class ReadAnyWriteSecretariat(BasePermission):
    """Calls and posts: every signed-in role reads, the Secretariat writes.

    Transitions are left to the transition service, which knows each one's roles
    (the executive office approves a shortlist).
    """

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or getattr(view, "action", None) == "transitions":
            return True
        return may.is_secretariat(request.user)


class NominationAccess(BasePermission):
    """The auditor reads the audit log only; executives never log nominations."""

    def has_permission(self, request, view):
        user = request.user
        if may.is_secretariat(user) or may.is_mission(user):
            return True
        if may.is_executive(user):
            return request.method in SAFE_METHODS or getattr(view, "action", None) in {
                "transitions"
            }
        return False


class AuditLogAccess(BasePermission):
    def has_permission(self, request, view):
        return may.is_auditor(request.user) or may.is_secretariat(request.user)
