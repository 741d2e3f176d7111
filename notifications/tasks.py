import logging

from celery import shared_task
from django.db.models import F
from django.utils import timezone

from .email import build_email
from .models import OutgoingMessage
from .notes import documents

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@shared_task(bind=True, max_retries=MAX_ATTEMPTS, default_retry_delay=60)
def send_message(self, message_id):
    """Send one queued message; marked ``sending`` first so two workers never both send it."""
    queued = OutgoingMessage.objects.filter(pk=message_id, status=OutgoingMessage.Status.QUEUED)
    if queued.filter(send_by__lt=timezone.now()).update(
        status=OutgoingMessage.Status.CANCELLED,
        last_error="Not sent: it would have arrived after its deadline.",
    ):
        return
    # Rendered while still queued: a worker killed here leaves it for the sweep to retry.
    _attach_documents(queued, message_id)
    claimed = queued.update(status=OutgoingMessage.Status.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return
    message = OutgoingMessage.objects.get(pk=message_id)
    email = build_email(message)
    try:
        email.send()
    except Exception as error:
        failed = message.attempts >= MAX_ATTEMPTS
        OutgoingMessage.objects.filter(pk=message_id).update(
            status=OutgoingMessage.Status.FAILED if failed else OutgoingMessage.Status.QUEUED,
            last_error=type(error).__name__,
        )
        if not failed:
            raise self.retry(exc=error) from error
        return
    status = getattr(email, "anymail_status", None)
    OutgoingMessage.objects.filter(pk=message_id).update(
        status=OutgoingMessage.Status.SENT,
        sent_at=timezone.now(),
        esp_message_id=str(status.message_id)
        if status is not None and status.message_id is not None
        else "",
    )


@shared_task
def send_queued_messages():
    """Hand every still-queued message to a worker: catches those the broker missed."""
    for message_id in OutgoingMessage.objects.filter(
        status=OutgoingMessage.Status.QUEUED
    ).values_list("pk", flat=True):
        send_message.delay(message_id)


def _attach_documents(queued, message_id):
    """The PDFs of the message's note verbale, rendered once (notes/documents.py)."""
    try:
        documents.prepare(message_id)
    except Exception as error:
        queued.update(last_error=f"Its note verbale could not be rendered: {type(error).__name__}")
        raise


@shared_task
def render_note(note_id):
    """The PDF of an outgoing note that no e-mail carries (a mission without an address)."""
    from nominations.models import NoteVerbale

    note = NoteVerbale.objects.filter(pk=note_id).first()
    if note is not None:
        documents.note_pdf(note)
