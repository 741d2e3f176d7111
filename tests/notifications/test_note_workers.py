"""Notes verbales rendered by workers: a real Celery worker renders and sends them after
commit; two workers on one note store one PDF."""

import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import OperationalError, connection

from config.celery import app
from nominations.models import Document, NoteVerbale
from notifications.models import OutgoingMessage
from notifications.notes import documents
from tests import factories
from workflows import transitions
from workflows.intake import CandidateDetails, IncomingNote, log_nomination


def _wait_until(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError:
            pass  # SQLite's shared in-memory database: the worker is writing that table
        time.sleep(0.1)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_acknowledgement_and_sends_it_once(
    secretariat, member_states, settings
):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    post = factories.PostFactory(status="open")
    state = member_states["KEN"]
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        from django.utils import timezone

        log_nomination(
            actor=secretariat,
            note=IncomingNote(
                member_state=state, channel="email", received_at=timezone.now(), reference="KMG/1"
            ),
            candidate=CandidateDetails(full_name="Amina Wanjiru", nationality=state),
            posts=[post],
        )
        message = OutgoingMessage.objects.get(kind="acknowledgement")
        assert _wait_until(lambda: OutgoingMessage.objects.get(pk=message.pk).status == "sent"), (
            OutgoingMessage.objects.get(pk=message.pk).last_error
        )

    (email,) = mail.outbox
    ((name, content, content_type),) = email.attachments
    assert (content_type, content[:5]) == ("application/pdf", b"%PDF-")
    assert name == f"Note verbale {message.note_verbale.reference.replace('/', '-')}.pdf"
    assert Document.objects.filter(note_verbale=message.note_verbale).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_rendering_one_note_store_one_pdf_rendered_once(
    postgres, secretariat, member_states, monkeypatch
):
    transitions.take(factories.PostFactory(status="draft"), "issue_call", actor=secretariat)
    note = NoteVerbale.objects.filter(kind="call").first()
    renders = []
    real = documents.render_pdf

    def counted(html):
        renders.append(1)
        return real(html)

    monkeypatch.setattr(documents, "render_pdf", counted)
    barrier = threading.Barrier(2)
    stored, errors = [], []

    def render():
        try:
            barrier.wait()
            stored.append(documents.note_pdf(note).pk)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=render) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(stored)) == 1
    assert len(renders) == 1  # the second waited on the note's lock, then found the PDF
    assert Document.objects.filter(note_verbale=note).count() == 1
