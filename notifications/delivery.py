"""An outbox row's way through one send, each step a conditional update of the row.

``claim`` turns a queued row into ``sending`` in one UPDATE ... WHERE status = 'queued':
of two workers handed the same id, one claims it and the other finds nothing. After the
ESP's answer the row is ``sent`` (``record_sent``), or back in the queue until its backoff
has passed, or ``failed`` (``record_failure``). Nothing ever moves a ``sending`` row back
to the queue by itself: a worker killed between the claim and the ESP's answer leaves it
``sending``, and after ``NOMINA_OUTBOX_DECISION_MINUTES`` the workbench shows it as needing
the Secretariat's decision (send again, or mark as sent), since it may have gone.
"""

import datetime
import random
import re

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from accounts.mail import SECRET_LINK_KINDS

from . import tracking
from .models import OutgoingMessage
from .send_errors import Outcome, classify, describe

Status = OutgoingMessage.Status

MAX_ATTEMPTS = 5
# Exponential backoff: about 1, 2, 4, 8 minutes, never above 30 (a Redis broker redelivers
# a task held longer than its visibility timeout, an hour).
RETRY_BASE_SECONDS = 60
RETRY_CAP_SECONDS = 30 * 60
# The sweep leaves a row alone this long after it fell due, for its own task to come.
SWEEP_GRACE = datetime.timedelta(minutes=2)
# Spreads retries of many messages failing at once; tests seed it.
JITTER = random.Random()


def retry_delay(attempt):
    """Seconds before attempt ``attempt + 1``: half of the exponential step fixed, half
    random ("equal jitter"), so a burst of failures does not retry in lockstep."""
    step = min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2 ** (attempt - 1))
    return step / 2 + JITTER.uniform(0, step / 2)


def claim(message_id):
    """The row, now ``sending`` and counted as one more attempt; or None when it is not
    queued (sent, claimed by another worker, left for a decision) or was cancelled now."""
    now = timezone.now()
    queued = OutgoingMessage.objects.filter(pk=message_id, status=Status.QUEUED)
    if queued.filter(send_by__lt=now).update(
        status=Status.CANCELLED,
        last_error="Not sent: it would have arrived after its deadline.",
    ):
        return None
    if not queued.update(status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=now):
        return None
    return OutgoingMessage.objects.get(pk=message_id)


LINK = re.compile(r"https?://\S+")
REDACTED = "[one-time link, removed from the outbox once sent]"


def once_sent(message):
    """What else a row's update to ``sent`` writes: an invitation's or a reset's body loses
    its one-time link, which then lives only in the recipient's mailbox, not in every copy
    of the database (backups, a support dump) for the days the link stays valid."""
    if message.kind in SECRET_LINK_KINDS:
        return {"body": LINK.sub(REDACTED, message.body)}
    return {}


def record_sent(message, email):
    """The ESP took it: ``sent`` with its message id, then any tracking event that came
    for that id before this answer was recorded."""
    status = getattr(email, "anymail_status", None)
    esp_message_id = ""
    if status is not None and status.message_id is not None:
        esp_message_id = str(status.message_id)
    OutgoingMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        esp_message_id=esp_message_id,
        last_error="",
        **once_sent(message),
    )
    if esp_message_id:
        tracking.apply_pending(esp_message_id)


def record_failure(message, error):
    """Record why the send failed; return the seconds to wait before retrying, or None
    when it will not be retried (failed, or left ``sending`` for a decision)."""
    outcome = classify(error)
    text = describe(error, message)
    sending = OutgoingMessage.objects.filter(pk=message.pk, status=Status.SENDING)
    if outcome is Outcome.UNKNOWN:
        sending.update(last_error=f"No answer from the provider: it may have been sent. {text}")
        return None
    if outcome is Outcome.TEMPORARY and message.attempts < MAX_ATTEMPTS:
        delay = retry_delay(message.attempts)
        sending.update(
            status=Status.QUEUED,
            next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay),
            last_error=text,
        )
        return delay
    sending.update(status=Status.FAILED, last_error=text)
    return None


def record_render_failure(message_id, error):
    """Its note verbale did not render: one more attempt of a still queued row, retried
    after the send's backoff, or ``failed`` after MAX_ATTEMPTS, the error kept either way.
    Return the seconds to wait before retrying, or None when it will not be retried.

    A render that fails every time (a font gone, a broken template) would otherwise stay
    queued and be handed to a worker by every sweep, for ever."""
    text = f"Its note verbale could not be rendered: {type(error).__name__}"
    queued = OutgoingMessage.objects.filter(pk=message_id, status=Status.QUEUED)
    if not queued.update(attempts=F("attempts") + 1, last_error=text):
        return None  # no longer queued: claimed, sent or cancelled meanwhile
    attempts = queued.values_list("attempts", flat=True).first()
    if attempts is None or attempts >= MAX_ATTEMPTS:
        queued.update(status=Status.FAILED)
        return None
    delay = retry_delay(attempts)
    queued.update(next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay))
    return delay


def due_for_sweep(now=None):
    """Queued rows whose own task should have come by now: lost to a broker that was down,
    or a retry lost with a worker."""
    now = now or timezone.now()
    return OutgoingMessage.objects.filter(
        status=Status.QUEUED, next_attempt_at__lte=now - SWEEP_GRACE
    )


def stuck_before(now=None):
    """A row claimed before this instant and still ``sending`` will not finish by itself."""
    now = now or timezone.now()
    return now - datetime.timedelta(minutes=settings.NOMINA_OUTBOX_DECISION_MINUTES)


def is_stuck(message, now=None):
    return message.status == Status.SENDING and (
        message.claimed_at is None or message.claimed_at <= stuck_before(now)
    )


def needs_decision(now=None):
    """Rows ``sending`` for longer than any send takes: their worker died (or lost the
    ESP's answer) and only a person can tell whether the message went."""
    return OutgoingMessage.objects.filter(
        Q(claimed_at__lte=stuck_before(now)) | Q(claimed_at__isnull=True), status=Status.SENDING
    )
