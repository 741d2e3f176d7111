import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from nominations.models import Nomination, NoteVerbale
from notifications import delivery, tasks
from notifications.models import OutgoingMessage
from tests import factories
from tests.notifications.helpers import log_nomination
from workflows import transitions


@pytest.mark.django_db
def test_issuing_a_call_writes_one_outgoing_note_and_message_per_mission(
    secretariat, member_states, django_capture_on_commit_callbacks
):
    post = factories.PostFactory(status="draft")
    with django_capture_on_commit_callbacks() as callbacks:
        transitions.take(post, "issue_call", actor=secretariat)
    notes = NoteVerbale.objects.filter(direction="outgoing")
    assert sorted(notes.values_list("member_state__code", flat=True)) == ["FRA", "KEN", "MEX"]
    messages = OutgoingMessage.objects.filter(kind="call")
    assert messages.count() == 3
    assert set(messages.values_list("status", flat=True)) == {"queued"}
    # Nothing is handed to the broker before the transaction commits.
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_a_message_is_sent_once_even_if_the_task_runs_twice(secretariat, member_states):
    post = factories.PostFactory(status="draft")
    transitions.take(post, "issue_call", actor=secretariat)
    message = OutgoingMessage.objects.filter(kind="call").first()
    tasks.send_message.apply(args=[message.pk])
    tasks.send_message.apply(args=[message.pk])
    message.refresh_from_db()
    assert message.status == "sent"
    assert message.attempts == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == message.to


@pytest.mark.django_db
def test_logging_a_nomination_commits_when_the_broker_is_down_and_the_sweep_sends_it_later(
    secretariat, member_states, open_post, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.send_message, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        nomination = log_nomination(secretariat, member_states["FRA"], open_post)
    assert Nomination.objects.filter(pk=nomination.pk).exists()
    (message,) = OutgoingMessage.objects.all()
    assert (message.kind, message.status, message.nomination) == (
        "acknowledgement",
        "queued",
        nomination,
    )
    monkeypatch.undo()

    # The broker is back; the beat's sweep hands the message to a worker (run here at once),
    # leaving it a moment first for its own task.
    monkeypatch.setattr(tasks.send_message, "delay", lambda pk: tasks.send_message.apply(args=[pk]))
    assert tasks.send_queued_messages() == []
    later = timezone.now() + delivery.SWEEP_GRACE + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert tasks.send_queued_messages() == [message.pk]
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)
    assert [email.to for email in mail.outbox] == [["mission-fra@missions.test"]]


@pytest.mark.django_db
def test_a_state_without_a_mission_address_gets_its_note_but_no_mail(secretariat, member_states):
    member_states["MEX"].contact_emails = []
    member_states["MEX"].save()
    transitions.take(factories.PostFactory(status="draft"), "issue_call", actor=secretariat)
    assert NoteVerbale.objects.filter(direction="outgoing").count() == 3
    assert OutgoingMessage.objects.filter(kind="call").count() == 2


@pytest.mark.django_db
def test_outgoing_notes_are_in_the_missions_language(secretariat, member_states):
    member_states["MEX"].language = "es"
    member_states["MEX"].save()
    transitions.take(factories.PostFactory(status="draft"), "issue_call", actor=secretariat)
    note = NoteVerbale.objects.get(direction="outgoing", member_state__code="MEX")
    assert note.language == "es"
    assert OutgoingMessage.objects.get(member_state__code="MEX").language == "es"


def _queued_message(secretariat):
    transitions.take(factories.PostFactory(status="draft"), "issue_call", actor=secretariat)
    return OutgoingMessage.objects.filter(kind="call").first()


@pytest.mark.django_db
def test_the_esps_message_id_is_kept_whatever_it_is(secretariat, member_states):
    """The tracking webhooks find a message by this id; anymail's test ESP numbers its
    messages from 0, an id a truthiness test would drop."""
    message = _queued_message(secretariat)

    tasks.send_message.apply(args=[message.pk])

    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT
    assert message.esp_message_id == "0"


@pytest.mark.django_db
def test_a_messages_attachments_go_with_its_email(secretariat, member_states, settings, tmp_path):
    from django.core.files.base import ContentFile

    from nominations.models import Document

    settings.MEDIA_ROOT = tmp_path
    message = OutgoingMessage.objects.create(
        idempotency_key="report:1",
        kind="report",
        to=["registry@example.org"],
        subject="S",
        body="B",
    )
    report = Document(
        kind=Document.Kind.REPORT,
        original_name="deadline-report.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        size=5,
        sha256="0" * 64,
    )
    report.file.save("unused", ContentFile(b"bytes"), save=False)
    report.save()
    message.attachments.add(report)
    tasks.send_message.apply(args=[message.pk])
    (email,) = mail.outbox
    assert email.attachments == [
        ("deadline-report.xlsx", b"bytes", report.content_type),
    ]


@pytest.mark.django_db
def test_a_message_past_its_send_by_instant_is_cancelled_not_sent():
    import datetime

    from django.utils import timezone

    message = OutgoingMessage.objects.create(
        idempotency_key="reminder:late",
        kind="reminder",
        to=["mission@example.org"],
        subject="S",
        body="B",
        send_by=timezone.now() - datetime.timedelta(seconds=1),
    )
    tasks.send_message.apply(args=[message.pk])
    message.refresh_from_db()
    assert message.status == "cancelled"
    assert message.attempts == 0
    assert mail.outbox == []
