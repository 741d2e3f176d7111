"""Sending the outbox: one task per message (by id), and the beat's sweep for the lost."""

import logging

from celery import shared_task
from django.utils import timezone

from . import delivery, tracking
from .email import build_email
from .notes import documents

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = delivery.MAX_ATTEMPTS


# max_retries=None: the row's own count of attempts decides, also across a sweep's new task.
@shared_task(bind=True, max_retries=None)
def send_message(self, message_id):
    """Render its note verbale's PDF, claim the row, build its e-mail, send it, record the
    ESP's answer.

    Only a queued row is claimed (``delivery.claim``): a second task for the same id, a
    late retry or a sweep's finds nothing to do. A temporary error retries with backoff.
    """
    # Rendered while still queued: a worker killed here leaves it for the sweep to retry.
    try:
        documents.prepare(message_id)
    except Exception as error:
        delay = delivery.record_render_failure(message_id, error)
        if delay is None:
            return
        logger.warning("Message %s: its note verbale could not be rendered", message_id)
        raise self.retry(exc=error, countdown=delay) from error
    message = delivery.claim(message_id)
    if message is None:
        return
    try:
        email = build_email(message)
        email.send()
    except Exception as error:
        delay = delivery.record_failure(message, error)
        if delay is None:
            return
        logger.info(
            "Message %s: attempt %s failed, retry in %.0f s", message_id, message.attempts, delay
        )
        raise self.retry(exc=error, countdown=delay) from error
    delivery.record_sent(message, email)


@shared_task
def send_queued_messages():
    """Hand each queued message whose task was lost (a broker down when it was written, a
    retry lost with its worker) to a worker again; never a ``sending`` one. Each handed
    row's due time moves on, so the next sweep leaves it to this task."""
    now = timezone.now()
    due = delivery.due_for_sweep(now)
    ids = list(due.order_by("next_attempt_at", "id").values_list("pk", flat=True))
    handed = []
    for message_id in ids:
        try:
            send_message.delay(message_id)
        except Exception:  # noqa: BLE001 - the broker is down again: the next sweep tries
            logger.warning("Broker unavailable; %s messages wait for the next sweep", len(ids))
            break
        handed.append(message_id)
    due.filter(pk__in=handed).update(next_attempt_at=now)
    tracking.apply_all_pending()
    return handed


@shared_task
def render_note(note_id):
    """The PDF of an outgoing note that no e-mail carries (a mission without an address)."""
    from nominations.models import NoteVerbale

    note = NoteVerbale.objects.filter(pk=note_id).first()
    if note is not None:
        documents.note_pdf(note)
