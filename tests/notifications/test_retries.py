"""A send that fails: temporary errors retried with exponential backoff and jitter, the
sweep leaving a row that waits for its own retry alone, permanent errors failed at once
with the ESP's text kept, and a send whose outcome nobody knows never resent by itself."""

import datetime
import random
import smtplib
import threading
from unittest import mock

import pytest
import requests
from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import (
    AnymailAPIError,
    AnymailInvalidAddress,
    AnymailRecipientsRefused,
)
from anymail.message import AnymailRecipientStatus
from django.core import mail
from django.db import connection
from django.utils import timezone

from notifications import delivery, tasks
from notifications.models import OutgoingMessage
from notifications.send_errors import Outcome, classify
from tests.notifications.helpers import DyingWorkerESP, log_nomination

Status = OutgoingMessage.Status
SEED = 821
REFUSED = {"message": "'to' parameter is not a valid address. please check documentation"}


@pytest.fixture
def seeded_jitter(monkeypatch):
    monkeypatch.setattr(delivery, "JITTER", random.Random(SEED))
    return random.Random(SEED)


@pytest.fixture
def acknowledgement(secretariat, member_states, open_post):
    log_nomination(secretariat, member_states["FRA"], open_post)
    return OutgoingMessage.objects.get(kind="acknowledgement")


@pytest.fixture
def sweep_hands_to_eager_tasks(monkeypatch):
    """The sweep's tasks run at once, in the test, as a worker would run them."""
    handed = []

    def delay(message_id):
        handed.append(message_id)
        tasks.send_message.apply(args=[message_id])

    monkeypatch.setattr(tasks.send_message, "delay", delay)
    return handed


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def attempt(message):
    """One run of the task as a worker would start it; a retry's error is swallowed here
    (the worker would schedule the retry)."""
    try:
        tasks.send_message(message.pk)
    except Exception as error:  # noqa: BLE001 - the task re-raises outside a worker
        return error
    return None


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (AnymailAPIError("Service Unavailable", status_code=503), Outcome.TEMPORARY),
        (AnymailAPIError("Too Many Requests", status_code=429), Outcome.TEMPORARY),
        (AnymailAPIError("Bad Request", status_code=400), Outcome.PERMANENT),
        (AnymailAPIError("Unauthorized", status_code=401), Outcome.PERMANENT),
        (AnymailAPIError("An answer anymail could not read"), Outcome.TEMPORARY),
        (AnymailRecipientsRefused(), Outcome.PERMANENT),
        (AnymailInvalidAddress("not an address"), Outcome.PERMANENT),
        (requests.ConnectionError("refused"), Outcome.TEMPORARY),
        (requests.ConnectTimeout("no connection"), Outcome.TEMPORARY),
        (requests.ReadTimeout("sent, no answer"), Outcome.UNKNOWN),
        (ConnectionRefusedError(111, "Connection refused"), Outcome.TEMPORARY),
        (smtplib.SMTPServerDisconnected("gone"), Outcome.TEMPORARY),
        (smtplib.SMTPResponseException(451, b"Try again later"), Outcome.TEMPORARY),
        (smtplib.SMTPResponseException(550, b"No such user"), Outcome.PERMANENT),
        (smtplib.SMTPRecipientsRefused({"a@b.test": (550, b"No")}), Outcome.PERMANENT),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else value.value,
)
def test_each_error_is_temporary_permanent_or_of_unknown_outcome(error, outcome):
    assert classify(error) is outcome


def test_the_backoff_doubles_with_jitter_and_stays_under_half_an_hour(seeded_jitter):
    delays = [delivery.retry_delay(attempt) for attempt in range(1, 9)]

    steps = [60, 120, 240, 480, 960, 1800, 1800, 1800]
    assert delays == [step / 2 + seeded_jitter.uniform(0, step / 2) for step in steps]
    assert all(step / 2 <= delay <= step for delay, step in zip(delays, steps, strict=True))


@pytest.mark.django_db
def test_a_temporary_error_is_retried_with_backoff_then_failed_with_the_esps_error_kept(
    mailgun, acknowledgement, seeded_jitter
):
    mailgun.answer((503, {"message": "Service Unavailable"}))
    start = timezone.now()
    waits = []

    for number in range(1, delivery.MAX_ATTEMPTS + 1):
        now = start + datetime.timedelta(hours=number)
        with at(now):
            error = attempt(acknowledgement)
        acknowledgement.refresh_from_db()
        assert acknowledgement.attempts == number
        if number < delivery.MAX_ATTEMPTS:
            # Raised for the worker to retry; back in the queue until its backoff has passed.
            assert isinstance(error, AnymailAPIError)
            assert acknowledgement.status == Status.QUEUED
            step = delivery.RETRY_BASE_SECONDS * 2 ** (number - 1)
            waited = step / 2 + seeded_jitter.uniform(0, step / 2)
            waits.append(round(waited))
            assert acknowledgement.next_attempt_at == now + datetime.timedelta(seconds=waited)

    assert error is None  # the last attempt is not retried
    assert waits == [47, 119, 157, 327]  # seconds: the seeded jitter within each doubling step
    assert acknowledgement.status == Status.FAILED
    assert acknowledgement.sent_at is None
    assert acknowledgement.last_error == (
        "AnymailRequestsAPIError: Mailgun API response 503 (Service Unavailable): "
        '{ "message": "Service Unavailable" }'
    )
    assert len(mailgun.requests) == delivery.MAX_ATTEMPTS


@pytest.mark.django_db
def test_a_retry_sends_the_message_once_the_esp_is_back(mailgun, acknowledgement):
    mailgun.answer((503, {"message": "Service Unavailable"}), (200, None))

    # In an eager run the retry comes at once: the retried run claims the row again.
    tasks.send_message.apply(args=[acknowledgement.pk])

    acknowledgement.refresh_from_db()
    assert acknowledgement.status == Status.SENT
    assert acknowledgement.attempts == 2
    assert acknowledgement.esp_message_id == "<2.20231114@mg.nomina.test>"
    assert acknowledgement.last_error == ""
    assert len(mailgun.requests) == 2


@pytest.mark.django_db
def test_the_sweep_leaves_a_row_waiting_for_its_retry_alone_and_sends_it_if_the_retry_is_lost(
    mailgun, acknowledgement, seeded_jitter, sweep_hands_to_eager_tasks
):
    mailgun.answer((503, {"message": "Service Unavailable"}), (200, None))
    attempt(acknowledgement)
    acknowledgement.refresh_from_db()
    due = acknowledgement.next_attempt_at

    # Before it is due, and while its own retry may still come: the sweep hands nothing.
    for moment in (due - datetime.timedelta(seconds=1), due + delivery.SWEEP_GRACE / 2):
        with at(moment):
            tasks.send_queued_messages()
    assert sweep_hands_to_eager_tasks == []

    # The retry was lost (its worker died): the sweep sends it, once.
    with at(due + delivery.SWEEP_GRACE + datetime.timedelta(seconds=1)):
        tasks.send_queued_messages()
    assert sweep_hands_to_eager_tasks == [acknowledgement.pk]
    # The lost retry turns up after all: it finds nothing to send.
    tasks.send_message.apply(args=[acknowledgement.pk])

    acknowledgement.refresh_from_db()
    assert (acknowledgement.status, acknowledgement.attempts) == (Status.SENT, 2)
    assert len(mailgun.requests) == 2


@pytest.mark.django_db
def test_a_permanent_error_fails_at_once_keeping_the_esps_text_not_the_message(
    mailgun, acknowledgement
):
    mailgun.answer((400, REFUSED))

    tasks.send_message.apply(args=[acknowledgement.pk])

    acknowledgement.refresh_from_db()
    assert (acknowledgement.status, acknowledgement.attempts) == (Status.FAILED, 1)
    assert acknowledgement.last_error == (
        "AnymailRequestsAPIError: Mailgun API response 400 (Bad Request): "
        '{ "message": "\'to\' parameter is not a valid address. please check documentation" }'
    )
    assert acknowledgement.body[:40] not in acknowledgement.last_error
    assert len(mailgun.requests) == 1


class RecipientsRefusingESP(AnymailTestBackend):
    """An ESP that takes the request and rejects every recipient."""

    def post_to_esp(self, payload, message):
        rejected = AnymailRecipientStatus(message_id=None, status="rejected")
        return {"recipient_status": {email: rejected for email in payload.recipient_emails}}


@pytest.mark.django_db
def test_every_recipient_refused_fails_at_once(settings, acknowledgement):
    settings.EMAIL_BACKEND = f"{__name__}.RecipientsRefusingESP"

    tasks.send_message.apply(args=[acknowledgement.pk])

    acknowledgement.refresh_from_db()
    assert (acknowledgement.status, acknowledgement.attempts) == (Status.FAILED, 1)
    assert acknowledgement.last_error == (
        "AnymailRecipientsRefused: All message recipients were rejected or invalid"
    )


@pytest.mark.django_db
def test_a_connection_error_is_temporary(mailgun, acknowledgement):
    mailgun.answer(requests.ConnectionError("Connection refused"), (200, None))

    tasks.send_message.apply(args=[acknowledgement.pk])

    acknowledgement.refresh_from_db()
    assert (acknowledgement.status, acknowledgement.attempts) == (Status.SENT, 2)


@pytest.mark.django_db
def test_a_long_esp_answer_is_kept_short(mailgun, acknowledgement):
    mailgun.answer((400, {"message": "x" * 5000}))

    tasks.send_message.apply(args=[acknowledgement.pk])

    acknowledgement.refresh_from_db()
    assert len(acknowledgement.last_error) == 500
    assert acknowledgement.last_error.endswith("x…")


# --- a send whose outcome nobody knows --------------------------------------------------


@pytest.mark.django_db
def test_a_worker_killed_mid_send_leaves_the_row_sending_and_it_is_never_sent_twice(
    settings, acknowledgement, sweep_hands_to_eager_tasks
):
    settings.EMAIL_BACKEND = f"{DyingWorkerESP.__module__}.DyingWorkerESP"
    with pytest.raises(SystemExit):
        tasks.send_message(acknowledgement.pk)
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"

    # Sweeps long after, and the task handed the same id again, change nothing.
    for hours in (1, 24):
        with at(timezone.now() + datetime.timedelta(hours=hours)):
            tasks.send_queued_messages()
    tasks.send_message.apply(args=[acknowledgement.pk])

    acknowledgement.refresh_from_db()
    assert (acknowledgement.status, acknowledgement.attempts) == (Status.SENDING, 1)
    assert sweep_hands_to_eager_tasks == []
    assert len(mail.outbox) == 1
    # After a few minutes it is the Secretariat's to decide.
    assert list(delivery.needs_decision()) == []
    later = timezone.now() + datetime.timedelta(minutes=settings.NOMINA_OUTBOX_DECISION_MINUTES)
    assert list(delivery.needs_decision(later)) == [acknowledgement]


@pytest.mark.django_db
def test_no_answer_from_the_esp_leaves_the_row_sending_for_a_decision(
    mailgun, acknowledgement, sweep_hands_to_eager_tasks
):
    mailgun.answer(requests.ReadTimeout("Read timed out. (read timeout=30)"))

    tasks.send_message.apply(args=[acknowledgement.pk])
    with at(timezone.now() + datetime.timedelta(hours=1)):
        tasks.send_queued_messages()

    acknowledgement.refresh_from_db()
    assert (acknowledgement.status, acknowledgement.attempts) == (Status.SENDING, 1)
    assert acknowledgement.last_error.startswith(
        "No answer from the provider: it may have been sent. AnymailRequestsAPIError: "
    )
    assert len(mailgun.requests) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_the_same_message_at_once_one_gets_it(
    postgres, secretariat, member_states, open_post
):
    log_nomination(secretariat, member_states["FRA"], open_post)
    message = OutgoingMessage.objects.get(kind="acknowledgement")
    barrier = threading.Barrier(4)
    claimed = []

    def worker():
        try:
            barrier.wait()
            claimed.append(delivery.claim(message.pk) is not None)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(claimed) == [False, False, False, True]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENDING, 1)
