"""The e-mails about an account (an invitation, a password reset), written in the
reader's language from the templates of accounts/templates/accounts/mail/ and queued in
the outbox, which sends them after the transaction commits (notifications/outbox.py)."""

import uuid

from django.template.loader import render_to_string
from django.utils import translation

from notifications.models import OutgoingMessage
from notifications.notes import wording
from notifications.outbox import queue

# The kinds whose body carries a one-time link: kept out of the admin's view of the outbox
# (notifications/admin.py), as the token itself is kept out of the database.
SECRET_LINK_KINDS = ("invitation", "password_reset")


def language_of_account(user):
    """The account's own choice, else its mission's working language, else English."""
    if user.language:
        return wording.language_of(user.language)
    if user.member_state_id:
        return wording.language_of(user.member_state.language)
    return "en"


def queue_mail(kind, user, language, context, key=None):
    """Render ``accounts/mail/<kind>_subject.<language>.txt`` and ``_body`` and queue them."""
    with translation.override(language):
        subject = render_to_string(f"accounts/mail/{kind}_subject.{language}.txt", context)
        body = render_to_string(f"accounts/mail/{kind}_body.{language}.txt", context)
    message = OutgoingMessage(
        idempotency_key=key or f"{kind}:{user.pk}:{uuid.uuid4().hex}",
        kind=kind,
        to=[user.email],
        language=language,
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        member_state_id=user.member_state_id,
    )
    return queue([message])
