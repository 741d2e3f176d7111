"""A note verbale that never renders (a font gone, a template broken): each failed render
counts as an attempt of its message, retried with the send's backoff, and after the usual
attempts the message is failed with the error kept, shown in the outbox, and no sweep
hands it to a worker again."""

import contextlib
import datetime
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications import delivery, tasks
from notifications.models import OutgoingMessage
from notifications.notes import documents
from tests.notifications.helpers import log_nomination

Status = OutgoingMessage.Status
ERROR = "Its note verbale could not be rendered: OSError"


@pytest.fixture
def unrenderable(monkeypatch, secretariat, member_states, open_post):
    def broken(html):
        raise OSError("Pango is missing")

    monkeypatch.setattr(documents, "render_pdf", broken)
    log_nomination(secretariat, member_states["FRA"], open_post)
    return OutgoingMessage.objects.get(kind="acknowledgement")


@pytest.fixture
def handed(monkeypatch):
    """The sweep's tasks, each run once as a worker would start it (its retry left to the
    worker: the error it raises for one is swallowed)."""
    ids = []

    def delay(message_id):
        ids.append(message_id)
        with contextlib.suppress(OSError):
            tasks.send_message(message_id)

    monkeypatch.setattr(tasks.send_message, "delay", delay)
    return ids


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.mark.django_db
def test_a_failed_render_is_an_attempt_retried_after_the_backoff(unrenderable):
    now = timezone.now()
    with at(now), pytest.raises(OSError):
        tasks.send_message(unrenderable.pk)

    unrenderable.refresh_from_db()
    assert (unrenderable.status, unrenderable.attempts) == (Status.QUEUED, 1)
    assert unrenderable.last_error == ERROR
    assert unrenderable.next_attempt_at > now + datetime.timedelta(seconds=29)
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_sweeps_give_up_after_the_usual_attempts(unrenderable, handed):
    moment = timezone.now()
    for _ in range(delivery.MAX_ATTEMPTS * 3):  # far more sweeps than attempts
        moment += datetime.timedelta(hours=1)
        with at(moment):
            tasks.send_queued_messages()

    unrenderable.refresh_from_db()
    assert len(handed) == delivery.MAX_ATTEMPTS
    assert (unrenderable.status, unrenderable.attempts) == (Status.FAILED, delivery.MAX_ATTEMPTS)
    assert unrenderable.last_error == ERROR
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_failed_message_shows_in_the_outbox_with_its_error(
    client, secretariat, unrenderable, handed
):
    moment = timezone.now()
    for _ in range(delivery.MAX_ATTEMPTS + 1):
        moment += datetime.timedelta(hours=1)
        with at(moment):
            tasks.send_queued_messages()
    client.force_login(secretariat)

    page = client.get(reverse("workbench:outbox"), {"status": "failed"}).content.decode()

    assert ERROR in page
    assert "Failed" in page
