"""The nomination page, the upload of a new version in place, and the audited download."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from nominations.models import Document, NoteVerbale
from notifications.models import OutgoingMessage
from tests import factories
from tests.web.test_pages import assert_keeps_to_the_csp
from workflows import audit, transitions
from workflows.models import AuditEvent


@pytest.fixture
def nomination(member_states, secretariat):
    nomination = factories.NominationFactory(
        member_state=member_states["FRA"],
        candidate__full_name="Claire Dubois",
        candidate__email="claire@example.fr",
        candidate__languages=["fr", "en"],
        candidate__postal_address="1 rue de la Paix",
        candidate__date_of_birth=datetime.date(1970, 4, 3),
        note_verbale__reference="NV/2023/114",
        note_verbale__dated_on=datetime.date(2023, 10, 27),
        note_verbale__received_at=datetime.datetime(2023, 11, 3, 15, 45, tzinfo=datetime.UTC),
        note_verbale__channel=NoteVerbale.Channel.HAND,
    )
    with_history(nomination, secretariat)
    return nomination


def with_history(nomination, actor):
    from django.db import transaction

    with transaction.atomic():
        audit.record("nomination.log", actor=actor, obj=nomination, to_state="received")


def pages(nomination):
    document = factories.add_document(nomination)
    return [
        ("get", reverse("workbench:nomination_detail", args=[nomination.pk])),
        ("post", reverse("workbench:nomination_upload", args=[nomination.pk])),
        ("get", reverse("workbench:document_download", args=[document.pk])),
    ]


def test_the_pages_are_for_the_secretariat_only(client, nomination, auditor, executive, mission):
    for method, url in pages(nomination):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"] == f"/sign-in/?next={url}"
        for user in (auditor, executive, mission):
            client.force_login(user)
            assert getattr(client, method)(url).status_code == 403
        client.logout()


def test_a_missing_nomination_or_document_is_404(client, secretariat, db):
    client.force_login(secretariat)
    assert client.get(reverse("workbench:nomination_detail", args=[999])).status_code == 404
    assert client.post(reverse("workbench:nomination_upload", args=[999])).status_code == 404
    assert client.get(reverse("workbench:document_download", args=[999])).status_code == 404


def test_the_page_shows_the_candidate_the_note_and_the_documents(client, secretariat, nomination):
    document = factories.add_document(nomination, content=b"%PDF-1.4 a CV")
    client.force_login(secretariat)

    response = client.get(reverse("workbench:nomination_detail", args=[nomination.pk]))

    assert response.status_code == 200
    assert_keeps_to_the_csp(response)
    html = response.content.decode()
    for text in (
        "Claire Dubois",
        "claire@example.fr",
        "1 rue de la Paix",
        "3 April 1970",
        "French, English",
        "State FRA",
        nomination.post.title,
        "NV/2023/114",
        "27 October 2023",
        "3 November 2023, 16:45 CET",  # 15:45 UTC, read in Geneva
        "By hand",
        document.sha256[:32] + "<wbr>" + document.sha256[32:],
        "Curriculum vitae, version 1",
        "13\xa0bytes",
        reverse("workbench:document_download", args=[document.pk]),
        reverse("workbench:nomination_transition", args=[nomination.pk, "mark_incomplete"]),
    ):
        assert text in html, text


def test_the_history_is_oldest_first_with_actor_role_and_reason(client, secretariat, nomination):
    factories.add_document(nomination)
    transitions.take(nomination, "mark_incomplete", actor=secretariat, reason="No phone number")
    client.force_login(secretariat)

    html = client.get(reverse("workbench:nomination_detail", args=[nomination.pk])).content
    html = html.decode()

    assert html.index("nomination.log") < html.index("nomination.mark_incomplete")
    assert "received → incomplete" in html
    assert "No phone number" in html
    assert secretariat.email in html


def test_the_secretariat_sees_the_same_person_nominated_by_another_state(
    client, secretariat, nomination, member_states
):
    other = factories.NominationFactory(
        member_state=member_states["KEN"],
        candidate__full_name="Claire Dubois",
        candidate__email="claire@example.fr",
    )
    client.force_login(secretariat)

    html = client.get(reverse("workbench:nomination_detail", args=[nomination.pk])).content
    html = html.decode()

    assert "The same person was also nominated by:" in html
    assert reverse("workbench:nomination_detail", args=[other.pk]) in html
    assert "State KEN" in html


def test_a_new_cv_version_is_uploaded_in_place(client, secretariat, nomination, pdf_bytes):
    factories.add_document(nomination)
    client.force_login(secretariat)
    url = reverse("workbench:nomination_upload", args=[nomination.pk])

    response = client.post(
        url, {"kind": "cv", "file": SimpleUploadedFile("new cv.pdf", pdf_bytes)}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse(
        "workbench:nomination_detail", args=[nomination.pk]
    )
    newest = nomination.documents.filter(kind="cv").order_by("-version").first()
    assert (newest.version, newest.uploaded_by, newest.original_name) == (
        2,
        secretariat,
        "new cv.pdf",
    )
    html = response.content.decode()
    assert "Curriculum vitae version 2 is stored." in html
    assert AuditEvent.objects.filter(action="document.upload").count() == 1


def test_an_upload_with_htmx_returns_the_documents_part(client, secretariat, nomination, pdf_bytes):
    client.force_login(secretariat)
    url = reverse("workbench:nomination_upload", args=[nomination.pk])

    response = client.post(
        url, {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", pdf_bytes)}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section id="documents"')
    assert "Curriculum vitae version 1 is stored." in html


def test_a_bad_upload_is_refused_and_nothing_is_stored(client, secretariat, nomination):
    client.force_login(secretariat)
    url = reverse("workbench:nomination_upload", args=[nomination.pk])

    response = client.post(url, {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", b"MZ...")})

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "This type of file is not accepted" in html
    assert 'href="#id_file"' in html
    assert not Document.objects.exists()


def test_the_download_is_audited_under_a_safe_name(client, secretariat, nomination):
    document = factories.add_document(nomination, content=b"%PDF-1.4 a CV", name='x".exe.pdf')
    client.force_login(secretariat)

    response = client.get(reverse("workbench:document_download", args=[document.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 a CV"
    assert response["Content-Disposition"] == 'attachment; filename="cv-claire-dubois-v1.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action="document.download")
    assert (event.actor, event.object_id, event.details["document"]) == (
        secretariat,
        str(nomination.pk),
        document.pk,
    )


@pytest.mark.parametrize("others", [0, 5])
def test_the_page_takes_a_fixed_number_of_queries(
    client, secretariat, nomination, django_assert_num_queries, others
):
    for version in range(1, others + 2):
        Document.objects.filter(nomination=nomination).update(version=models.F("version") + 1)
        factories.add_document(nomination, content=f"%PDF-1.4 v{version}".encode())
    for number in range(others):
        with_history(nomination, secretariat)
        OutgoingMessage.objects.create(
            idempotency_key=f"reminder:{nomination.pk}:{number}",
            kind="reminder",
            to=["mission-fra@missions.test"],
            subject=f"Reminder {number}",
            body="B",
            nomination=nomination,
        )
    client.force_login(secretariat)
    url = reverse("workbench:nomination_detail", args=[nomination.pk])

    # session, user with its role, the nomination and its relations, documents, scans, history,
    # other states' nominations, its messages, the CV condition of confirm_complete, and a
    # mission's pending request to withdraw it.
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200
