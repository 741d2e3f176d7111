"""The ESP's tracking events (anymail's ``tracking`` signal) applied to the outbox.

Each event is stored once (``TrackingEvent``, unique by ESP and event id) in the same
transaction as the change it makes, so the same event delivered twice — the ESP retries
until it hears 200, also while the first delivery is still being handled — changes its
message once. ``delivered`` makes a sent message delivered; ``bounced`` and ``rejected``
make it bounced, keeping the reason. A status only ever moves forward (sent, delivered,
bounced): a late or repeated event never takes a bounced message back to delivered.

An event can arrive before the worker has recorded the ESP's answer, when no row carries
its message id yet: it is kept, and applied when the answer is recorded (or by the sweep).
Lock order: the message row first, then its events.
"""

import hashlib
import logging

from django.db import IntegrityError, transaction

from .models import OutgoingMessage, TrackingEvent

logger = logging.getLogger(__name__)

Status = OutgoingMessage.Status
STATUS_OF_EVENT = {
    "delivered": Status.DELIVERED,
    "bounced": Status.BOUNCED,
    "rejected": Status.BOUNCED,
}
# How far along a sent message is; an event never moves it to a lower rank.
RANK = {Status.SENT: 1, Status.DELIVERED: 2, Status.BOUNCED: 3}
MAX_REASON_LENGTH = 500


def on_tracking(sender, event, esp_name, **kwargs):
    """anymail's ``tracking`` signal: an exception here answers 400, and the ESP retries."""
    record_event(event, esp_name)


def _event_id(event, esp_name):
    if event.event_id:
        return str(event.event_id)
    # Some ESPs send no id with some events (Postmark's deliveries): the event's own
    # content stands for it, the same each time the ESP repeats it.
    when = event.timestamp.isoformat() if event.timestamp else ""
    text = "|".join([esp_name, event.event_type, event.message_id or "", event.recipient or ""])
    return "derived:" + hashlib.sha256(f"{text}|{when}".encode()).hexdigest()


def _reason(event):
    parts = [part for part in (event.reject_reason, event.description, event.mta_response) if part]
    text = " — ".join(" ".join(str(part).split()) for part in parts)
    if event.recipient:
        text = f"{event.recipient}: {text}" if text else event.recipient
    return text[:MAX_REASON_LENGTH]


def record_event(event, esp_name):
    """Store ``event`` once and apply it; True when it changed a message's status."""
    message_id = str(event.message_id) if event.message_id is not None else ""
    with transaction.atomic():
        message = None
        if message_id:
            message = (
                OutgoingMessage.objects.select_for_update()
                .filter(esp_message_id=message_id)
                .first()
            )
        try:
            with transaction.atomic():
                stored = TrackingEvent.objects.create(
                    esp_name=esp_name,
                    event_id=_event_id(event, esp_name)[:200],
                    event_type=str(event.event_type),
                    esp_message_id=message_id[:200],
                    recipient=(event.recipient or "")[:254],
                    description=_reason(event),
                    occurred_at=event.timestamp,
                )
        except IntegrityError:
            logger.info("Tracking event %s from %s seen before", event.event_id, esp_name)
            return False
        if message is None:
            return False
        return _apply(stored, message)


def _apply(stored, message):
    """Apply one stored event to its (locked) message."""
    stored.message = message
    stored.save(update_fields=["message"])
    new = STATUS_OF_EVENT.get(stored.event_type)
    # A message no longer sent (put back in the queue to be sent again) is left alone.
    if new is None or message.status not in RANK or RANK[new] <= RANK[message.status]:
        return False
    message.status = new
    fields = ["status"]
    if new == Status.BOUNCED:
        message.last_error = f"Bounced: {stored.description}" if stored.description else "Bounced"
        fields.append("last_error")
    message.save(update_fields=fields)
    return True


def apply_pending(esp_message_id):
    """Apply the events that came for ``esp_message_id`` before any row carried it."""
    with transaction.atomic():
        message = (
            OutgoingMessage.objects.select_for_update()
            .filter(esp_message_id=esp_message_id)
            .first()
        )
        if message is None:
            return 0
        pending = TrackingEvent.objects.select_for_update().filter(
            esp_message_id=esp_message_id, message__isnull=True
        )
        changed = 0
        for stored in pending.order_by("occurred_at", "id"):
            changed += _apply(stored, message)
        return changed


def apply_all_pending():
    """The sweep's catch-up: events whose message's answer was recorded meanwhile."""
    ids = (
        TrackingEvent.objects.filter(message__isnull=True)
        .exclude(esp_message_id="")
        .filter(
            esp_message_id__in=OutgoingMessage.objects.exclude(esp_message_id="").values(
                "esp_message_id"
            )
        )
        .values_list("esp_message_id", flat=True)
        .distinct()
    )
    return sum(apply_pending(esp_message_id) for esp_message_id in list(ids))
