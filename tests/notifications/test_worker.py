"""The outbox against a real Celery worker (a thread of this process; memory broker
locally, Redis when CELERY_BROKER_URL is set, as in CI): the acknowledgement of a logged
nomination goes out once, and a message written while the broker was down goes out with
the sweep when it is back."""

import datetime
import time
from unittest import mock

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from config.celery import app
from notifications import delivery, tasks
from notifications.models import OutgoingMessage
from tests.notifications.helpers import log_nomination

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for_status(message, status, seconds=30):
    """The row's status once it is ``status``, or as it stands when the deadline passes."""
    deadline = time.monotonic() + seconds
    while True:
        message.refresh_from_db()
        if message.status == status or time.monotonic() > deadline:
            return message.status
        time.sleep(0.05)


@pytest.fixture
def worker():
    # Tasks other tests left in the broker (their on-commit hand-overs) are not ours.
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield


def test_a_logged_nomination_is_acknowledged_by_the_worker_exactly_once(
    worker, secretariat, member_states, open_post
):
    nomination = log_nomination(secretariat, member_states["FRA"], open_post)

    (message,) = OutgoingMessage.objects.filter(nomination=nomination)
    assert message.kind == "acknowledgement"
    assert wait_for_status(message, "sent") == "sent"

    # The same id handed over again, and the sweep, find nothing to send. A second
    # nomination's acknowledgement, queued after them, shows the worker got past them.
    tasks.send_message.delay(message.pk)
    tasks.send_queued_messages.delay()
    other = log_nomination(secretariat, member_states["FRA"], open_post, name="Louis Martin")
    second = OutgoingMessage.objects.get(nomination=other)
    assert wait_for_status(second, "sent") == "sent"

    message.refresh_from_db()
    assert (message.attempts, message.esp_message_id) == (1, "0")
    assert [email.subject for email in mail.outbox] == [message.subject, second.subject]
    assert mail.outbox[0].to == ["mission-fra@missions.test"]


def test_written_while_the_broker_was_down_it_goes_out_with_the_sweep_when_it_is_back(
    worker, secretariat, member_states, open_post
):
    with mock.patch.object(
        tasks.send_message, "delay", side_effect=OperationalError("connection refused")
    ):
        nomination = log_nomination(secretariat, member_states["FRA"], open_post)
    (message,) = OutgoingMessage.objects.filter(nomination=nomination)
    # The change committed; the message waits, queued.
    assert message.status == "queued"
    assert nomination.status == "received"

    # The beat's sweep, a while later, through the broker and the worker.
    later = timezone.now() + delivery.SWEEP_GRACE + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        tasks.send_queued_messages.delay()
        assert wait_for_status(message, "sent") == "sent"

    assert message.attempts == 1
    assert len(mail.outbox) == 1
