"""The Secretariat's decisions on outgoing messages that did not go by themselves.

A message stuck ``sending`` (its worker died between handing it to the ESP and hearing
the answer: it may have gone) is sent again or marked as sent, as the Secretariat finds
out from the mission or the ESP's log; a ``failed`` one can be sent again. Each decision
locks the row, checks it still applies, changes it and writes the audit event, in one
transaction; a message sent again is handed to a worker after commit.
"""

from functools import partial

from django.db import transaction
from django.utils import timezone

from notifications import delivery, outbox
from notifications.models import OutgoingMessage

from . import audit, permissions
from .errors import TransitionError

Status = OutgoingMessage.Status


def may_send_again(message, now=None):
    return message.status == Status.FAILED or delivery.is_stuck(message, now)


def may_mark_sent(message, now=None):
    return delivery.is_stuck(message, now)


def _locked(message, actor, allowed, action):
    if not permissions.is_secretariat(actor):
        raise TransitionError(
            TransitionError.FORBIDDEN, "your role may not decide on messages", transition=action
        )
    # Only the message's row: its member state (an outer join) is read, not locked.
    locked = OutgoingMessage.objects.select_for_update(of=("self",)).select_related("member_state")
    locked = locked.get(pk=message.pk)
    if not allowed(locked):
        raise TransitionError(
            TransitionError.CONFLICT,
            f"the message is {locked.status} and needs no decision now",
            transition=action,
            state=locked.status,
        )
    return locked


def _details(message):
    return {
        "kind": message.kind,
        "member_state": message.member_state.code if message.member_state_id else "",
        "attempts": message.attempts,
        "last_error": message.last_error,
        "claimed_at": message.claimed_at,
    }


def send_again(message, *, actor, reason=""):
    """Back to the queue with a fresh set of attempts, and to a worker after commit."""
    with transaction.atomic():
        locked = _locked(message, actor, may_send_again, "send_again")
        before = locked.status
        details = _details(locked)
        OutgoingMessage.objects.filter(pk=locked.pk).update(
            status=Status.QUEUED,
            attempts=0,
            last_error="",
            claimed_at=None,
            next_attempt_at=timezone.now(),
        )
        audit.record(
            "message.send_again",
            actor=actor,
            obj=locked,
            from_state=before,
            to_state=Status.QUEUED,
            reason=reason,
            details=details,
        )
        transaction.on_commit(partial(outbox.hand_to_worker, [locked.pk]))
    locked.refresh_from_db()
    return locked


def mark_sent(message, *, actor, note):
    """Recorded as sent, on the Secretariat's word (``note`` says how it knows)."""
    note = (note or "").strip()
    if not note:
        raise TransitionError(
            TransitionError.INVALID,
            "say how you know the message was sent",
            transition="mark_sent",
            field_errors={"note": ["Say how you know the message was sent."]},
        )
    with transaction.atomic():
        locked = _locked(message, actor, may_mark_sent, "mark_sent")
        details = _details(locked)
        OutgoingMessage.objects.filter(pk=locked.pk).update(
            status=Status.SENT, sent_at=timezone.now(), last_error="", **delivery.once_sent(locked)
        )
        audit.record(
            "message.mark_sent",
            actor=actor,
            obj=locked,
            from_state=Status.SENDING,
            to_state=Status.SENT,
            reason=note,
            details=details,
        )
    locked.refresh_from_db()
    return locked
