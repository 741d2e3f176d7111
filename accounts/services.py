from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from . import roles
from .models import User


class AccountError(ValueError):
    """Why an account cannot be created, in words an operator understands."""


def ensure_groups():
    return {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLES}


def create_account(email, *, role, member_state=None, password=None):
    """Create an account with one role; a mission account is bound to one member state."""
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
    if User.objects.filter(email=email).exists():
        raise AccountError(f"An account for {email} already exists.")
    with transaction.atomic():
        user = User.objects.create_user(
            email, password, member_state=member_state, is_staff=role != roles.MISSION
        )
        user.groups.add(ensure_groups()[role])
    return user
