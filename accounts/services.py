from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from . import roles
from .models import User


class AccountError(ValueError):
    """Why an account cannot be created, in words an operator understands."""


# What each role may do in the Django admin, which only superusers and the Secretariat
# enter (config/admin_site.py); state changes there still go through the transition
# service, which checks the role again. ensure_groups keeps the groups in step.
ADMIN_PERMISSIONS = {
    roles.SECRETARIAT: [
        "nominations.view_memberstate", "nominations.change_memberstate",
        "nominations.view_call", "nominations.add_call", "nominations.change_call",
        "nominations.view_post", "nominations.add_post", "nominations.change_post",
        "nominations.view_postcompetency", "nominations.add_postcompetency",
        "nominations.change_postcompetency", "nominations.delete_postcompetency",
        "nominations.view_competency", "nominations.view_noteverbale",
        "nominations.view_candidate", "nominations.change_candidate",
        "nominations.view_nomination", "nominations.change_nomination",
        "nominations.view_document", "nominations.view_shortlistproposal",
        "notifications.view_outgoingmessage", "workflows.view_auditevent",
        # The wording of outgoing notes verbales (notifications/notes/overrides.py).
        "notifications.view_notetemplate", "notifications.add_notetemplate",
        "notifications.change_notetemplate",
    ],
    roles.EXECUTIVE: [],
    roles.AUDITOR: [],
    roles.MISSION: [],
}  # fmt: skip


def _permissions(names):
    wanted = {tuple(name.split(".")) for name in names}
    return [
        permission
        for permission in Permission.objects.filter(
            codename__in=[codename for _, codename in wanted]
        ).select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]


def ensure_groups():
    """The four role groups, each with exactly the admin permissions above."""
    groups = {}
    for name in roles.ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(ADMIN_PERMISSIONS[name]))
        groups[name] = group
    return groups


def create_account(email, *, role, member_state=None, password=None, nationality=None):
    """Create an account with one role; a mission account is bound to one member state.

    ``nationality`` (a MemberState) is an executive office member's: a candidate of the
    same nationality excludes the member from rating them (review/visibility.py).
    """
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise AccountError(f"'{email}' is not a valid e-mail address.") from error
    if role not in roles.ROLES:
        raise AccountError(f"Unknown role '{role}'. Choose one of: {', '.join(roles.ROLES)}.")
    if role == roles.MISSION and member_state is None:
        raise AccountError("A mission account needs its member state (--member-state ALPHA3).")
    if role != roles.MISSION and member_state is not None:
        raise AccountError(f"A {role} account speaks for no member state; drop --member-state.")
    if nationality is not None and role != roles.EXECUTIVE:
        raise AccountError("Only an executive account records a nationality; drop --nationality.")
    if User.objects.filter(email=email).exists():
        raise AccountError(f"An account for {email} already exists.")
    if password is not None:
        try:
            validate_password(password, user=User(email=email))
        except ValidationError as error:
            why = " ".join(error.messages)
            raise AccountError(f"The password is not accepted: {why}") from error
    with transaction.atomic():
        user = User.objects.create_user(
            # Only the Secretariat works in the admin (config/admin_site.py).
            email,
            password,
            member_state=member_state,
            nationality=nationality,
            is_staff=role == roles.SECRETARIAT,
        )
        user.groups.add(ensure_groups()[role])
    return user
