"""Queue messages in the outbox; they are handed to Celery only after commit."""

import logging
from functools import partial

from django.db import transaction

from .models import OutgoingMessage

logger = logging.getLogger(__name__)


def hand_to_worker(message_ids):
    """Give each id to a worker; if the broker is down, the sweep sends them later."""
    from .tasks import send_message

    for message_id in message_ids:
        try:
            send_message.delay(message_id)
        except Exception:  # noqa: BLE001 - the broker being down must not lose the change
            logger.warning("Broker unavailable; message %s waits for the sweep", message_id)
            return


def queue(messages):
    """Store ``messages`` (unsaved OutgoingMessage objects); return those newly queued.

    A message whose idempotency key is already in the outbox is skipped.
    """
    messages = [message for message in messages if message.to]
    if not messages:
        return []
    keys = [message.idempotency_key for message in messages]
    taken = set(
        OutgoingMessage.objects.filter(idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )
    fresh = [message for message in messages if message.idempotency_key not in taken]
    created = OutgoingMessage.objects.bulk_create(fresh, ignore_conflicts=False)
    ids = [message.pk for message in created]
    if ids:
        transaction.on_commit(partial(hand_to_worker, ids))
    return created
