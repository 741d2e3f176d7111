"""Inviting a mission's focal point: the Secretariat names the e-mail address and the
member state; Nomina opens an inactive mission account bound to that state and mails a
one-time link, in the mission's language, where the invitee chooses a password.

The link's token is random (256 bits) and only its SHA-256 is stored. A link is good
once, until ``NOMINA_INVITATION_DAYS`` have passed, and only while it is the account's
newest: inviting again voids the links sent before.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.notes import wording
from workflows import audit

from . import roles
from .mail import queue_mail
from .models import Invitation, User


class InvitationError(ValueError):
    """Why an invitation cannot be sent, in words the Secretariat understands."""


# Why a link no longer works: shown on its page, which changes nothing.
USED, EXPIRED, VOIDED, UNKNOWN = "used", "expired", "voided", "unknown"


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Sent:
    invitation: Invitation
    link: str


def invite(*, email, member_state, actor, base_url, first_name="", last_name=""):
    """Open an inactive mission account for ``email`` bound to ``member_state`` and send it
    an invitation. An address that already has an account is refused."""
    email = User.objects.normalize_email(email.strip()).lower()
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise InvitationError(_("An account for this e-mail address already exists."))
        user = User(
            email=email,
            member_state=member_state,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            is_active=False,
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=roles.MISSION)[0])
        return _send(user, actor, base_url, action="account.invite")


def reinvite(user, *, actor, base_url):
    """A new link for an account that has not accepted yet; the links sent before are void."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not is_pending(user):
            raise InvitationError(_("This focal point has already chosen a password."))
        return _send(user, actor, base_url, action="account.invite")


def is_pending(user):
    """Invited, and no password chosen yet."""
    return not user.is_active and not user.has_usable_password()


def _send(user, actor, base_url, *, action):
    now = timezone.now()
    voided = Invitation.objects.filter(user=user, used_at=None, voided_at=None).update(
        voided_at=now
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.NOMINA_INVITATION_DAYS),
        invited_by=actor,
    )
    link = base_url.rstrip("/") + reverse("accounts:invitation", args=[token])
    state = user.member_state
    language = wording.language_of(state.language)
    expires = timezone.localtime(invitation.expires_at)
    queue_mail(
        "invitation",
        user,
        language,
        {
            "link": link,
            "mission": wording.mission(state, language),
            "organization": wording.organization(language),
            "name": user.get_full_name(),
            "days": settings.NOMINA_INVITATION_DAYS,
            "expires": wording.long_date(expires.date(), language),
            "expires_time": clock(expires, language),
        },
        key=f"invitation:{invitation.pk}",
    )
    audit.record(
        action,
        actor=actor,
        obj=user,
        details={
            "email": user.email,
            "member_state": state.code,
            "expires_at": invitation.expires_at,
            "voided_invitations": voided,
        },
    )
    return Sent(invitation=invitation, link=link)


def clock(moment, language):
    """11:30 / 11 h 30 / 11.30 horas, as each language writes a time in a letter."""
    if language == "fr":
        return f"{moment.hour} h {moment.minute:02d}"
    if language == "es":
        return f"{moment.hour}.{moment.minute:02d} horas"
    return f"{moment.hour}:{moment.minute:02d}"


def find(token):
    """The invitation of ``token`` and why it cannot be used (None when it can)."""
    invitation = (
        Invitation.objects.select_related("user", "user__member_state")
        .filter(token_hash=token_hash(token))
        .first()
    )
    return invitation, _problem(invitation)


def _problem(invitation):
    if invitation is None:
        return UNKNOWN
    if invitation.used_at is not None:
        return USED
    if invitation.voided_at is not None:
        return VOIDED
    if invitation.expires_at <= timezone.now():
        return EXPIRED
    return None


def accept(token, password):
    """Set the password chosen through the link and open the account, once.

    Returns (user, None), or (None, why) when the link no longer works: then nothing
    changes. The invitation is locked, so two submissions of one link open it once."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=token_hash(token))
            .first()
        )
        problem = _problem(invitation)
        if problem is not None:
            return None, problem
        user = invitation.user
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        audit.record(
            "account.accept_invitation",
            actor=user,
            obj=user,
            details={"email": user.email, "invitation": invitation.pk},
        )
        return user, None
