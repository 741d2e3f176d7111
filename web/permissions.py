"""Role checks for pages, with the named predicates of workflows/permissions.py.

An anonymous visitor is sent to the sign-in page with `next`; a signed-in user whose
role the predicate refuses gets 403 (the styled page of web/templates/403.html).
"""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


class RoleRequiredMixin(AccessMixin):
    """`role` names a predicate of workflows/permissions.py, or a tuple of them (any one
    admits):

        class CallListView(RoleRequiredMixin, ListView):
            role = is_secretariat
    """

    role = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_role(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def has_role(self, user):
        # Read on the class, so a plain function is not bound as a method.
        role = type(self).role
        if role is None:
            raise ImproperlyConfigured(f"{type(self).__name__} names no role predicate.")
        predicates = role if isinstance(role, list | tuple) else (role,)
        return any(predicate(user) for predicate in predicates)


def role_required(*predicates):
    """The same for a function view: @role_required(is_secretariat, is_auditor)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(predicate(request.user) for predicate in predicates):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
