"""Closing and reopening a focal point's account.

A closed account cannot sign in (Django refuses an inactive user), and what it had open
stops at once: its sessions are deleted and its API tokens too, so reopening it later
revives neither a forgotten browser nor a token that may have been passed on. Its
unused invitation links are voided as well.
"""

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

from workflows import audit

from .models import Invitation, User


class DeactivationError(ValueError):
    """Why the account cannot change so, in words the Secretariat understands."""


def deactivate(user, *, actor):
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise DeactivationError(_("This account is already deactivated."))
        user.is_active = False
        user.save(update_fields=["is_active"])
        tokens = Token.objects.filter(user=user).delete()[0]
        sessions = end_sessions(user)
        Invitation.objects.filter(user=user, used_at=None, voided_at=None).update(
            voided_at=timezone.now()
        )
        audit.record(
            "account.deactivate",
            actor=actor,
            obj=user,
            details={
                "email": user.email,
                "member_state": user.member_state.code if user.member_state_id else "",
                "sessions_ended": sessions,
                "tokens_deleted": tokens,
            },
        )
    return user


def reactivate(user, *, actor):
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active:
            raise DeactivationError(_("This account is already active."))
        if not user.has_usable_password():
            raise DeactivationError(
                _("This focal point has not chosen a password yet: send a new invitation.")
            )
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit.record(
            "account.reactivate",
            actor=actor,
            obj=user,
            details={
                "email": user.email,
                "member_state": user.member_state.code if user.member_state_id else "",
            },
        )
    return user


def end_sessions(user):
    """Delete the user's unexpired sessions; how many. Database sessions do not index
    their user, so each live one is read: a few hundred at most, and only on this rare act."""
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)
