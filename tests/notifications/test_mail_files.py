"""The embedded default's mail: one .eml file per message under var/mail, attachments
included, that a mail reader (here Python's own parser) opens."""

import email
from email import policy

import pytest
from django.core.mail import EmailMessage

from nominations.models import Document
from notifications import tasks
from notifications.mail_files import EmailBackend
from notifications.models import OutgoingMessage
from tests import factories


def read(path):
    with path.open("rb") as handle:
        return email.message_from_binary_file(handle, policy=policy.default)


def test_each_message_is_one_eml_file_with_its_attachments(tmp_path, pdf_bytes):
    backend = EmailBackend(directory=tmp_path / "mail")
    first = EmailMessage("Acknowledgement", "We acknowledge.", "n@localhost", ["a@missions.test"])
    first.attach("note-verbale.pdf", pdf_bytes, "application/pdf")
    second = EmailMessage("Call", "Nominations are invited.", "n@localhost", ["b@missions.test"])

    assert backend.send_messages([first, second]) == 2

    files = sorted((tmp_path / "mail").iterdir())
    assert [path.suffix for path in files] == [".eml", ".eml"]
    by_subject = {read(path)["Subject"]: read(path) for path in files}
    assert set(by_subject) == {"Acknowledgement", "Call"}
    acknowledgement = by_subject["Acknowledgement"]
    assert acknowledgement["To"] == "a@missions.test"
    assert acknowledgement.get_body(("plain",)).get_content().strip() == "We acknowledge."
    (attachment,) = acknowledgement.iter_attachments()
    assert attachment.get_filename() == "note-verbale.pdf"
    assert attachment.get_content() == pdf_bytes
    assert {oct(path.stat().st_mode & 0o777) for path in files} == {"0o600"}


def test_a_message_without_recipients_writes_nothing(tmp_path):
    backend = EmailBackend(directory=tmp_path)

    assert backend.send_messages([EmailMessage("No one", "Body", "n@localhost", [])]) == 0
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_the_outbox_sends_through_it_into_the_mail_folder(settings, tmp_path, pdf_bytes):
    settings.EMAIL_BACKEND = "notifications.mail_files.EmailBackend"
    settings.NOMINA_MAIL_DIR = tmp_path / "mail"
    nomination = factories.NominationFactory()
    note = factories.add_document(
        nomination, kind=Document.Kind.OTHER, content=pdf_bytes, name="note.pdf"
    )
    message = OutgoingMessage.objects.create(
        idempotency_key="ack:files",
        kind="acknowledgement",
        to=["mission-fra@missions.test"],
        subject="Acknowledgement of receipt",
        body="The Organization acknowledges receipt.",
    )
    message.attachments.add(note)

    tasks.send_message.apply(args=[message.pk])

    message.refresh_from_db()
    assert message.status == "sent"
    (path,) = (tmp_path / "mail").glob("*.eml")
    written = read(path)
    assert written["Subject"] == "Acknowledgement of receipt"
    assert [part.get_content() for part in written.iter_attachments()] == [pdf_bytes]
