"""Logging a note verbale and the nominations it carries in one form (workbench:note_log)."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from nominations.models import Candidate, Document, Nomination, NoteVerbale, Post
from notifications.models import OutgoingMessage
from tests import factories
from tests.web.test_pages import assert_keeps_to_the_csp
from tests.workbench.conftest import candidate_data, note_data, pdf_file
from workflows import note_logging
from workflows.models import AuditEvent

URL = "/workbench/notes/new/"


def stored_files():
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.fixture
def nothing_saved():
    """Asserts, after the test's request, that not one row or file was added."""
    counts = {}
    models = (NoteVerbale, Nomination, Candidate, Document, AuditEvent, OutgoingMessage)

    def snapshot():
        return {model.__name__: model.objects.count() for model in models}, stored_files()

    counts["before"] = snapshot()

    def check():
        assert snapshot() == counts["before"]

    return check


@pytest.fixture
def signed_in(client, secretariat):
    client.force_login(secretariat)
    return client


def test_the_form_is_for_the_secretariat_only(client, auditor, executive, mission, db):
    assert reverse("workbench:note_log") == URL
    assert client.get(URL)["Location"] == f"/sign-in/?next={URL}"
    for user in (auditor, executive, mission):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {}).status_code == 403


def test_the_empty_form_says_geneva_time_and_offers_loggable_posts(signed_in, intake_world):
    response = signed_in.get(URL)

    assert response.status_code == 200
    assert_keeps_to_the_csp(response)
    html = response.content.decode()
    assert "Time it arrived, in Geneva time" in html
    assert "DDG Operations" in html and "Chief of Staff" in html
    assert "JPO Data" not in html  # a draft's call is not issued
    assert 'name="add_nomination"' in html and "hx-get" in html


def test_one_note_one_nomination_with_a_cv_and_the_scan(signed_in, intake_world, pdf_bytes):
    data = note_data(intake_world)
    data["scan"] = pdf_file(pdf_bytes, "scan.pdf")
    data["nominations-0-cv"] = pdf_file(pdf_bytes)

    response = signed_in.post(URL, data)

    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:nomination_detail", args=[nomination.pk])
    assert nomination.status == "received" and not nomination.is_late
    note = nomination.note_verbale
    assert (note.reference, note.channel, note.member_state) == (
        "NV/2023/114",
        "email",
        intake_world["france"],
    )
    candidate = nomination.candidate
    assert candidate.languages == ["fr", "en"]
    assert candidate.date_of_birth == datetime.date(1970, 4, 3)
    kinds = sorted(nomination.documents.values_list("kind", flat=True))
    assert kinds == ["cv", "note_verbale"]
    assert note.documents.get().kind == "note_verbale"
    page = signed_in.get(response["Location"])
    assert "The note verbale is logged with 1 nomination." in page.content.decode()


def test_the_arrival_is_read_as_geneva_time(signed_in, intake_world):
    # 10:15 in Geneva in winter is 09:15 UTC.
    received = datetime.datetime(2026, 11, 20, 10, 15)
    intake_world["call"].issued_on = datetime.date(2026, 10, 1)
    intake_world["call"].save()
    if timezone.now() < datetime.datetime(2026, 11, 20, 10, 15, tzinfo=datetime.UTC):
        pytest.skip("the fixed date is in the future of this clock")

    signed_in.post(URL, note_data(intake_world, received=received))

    received_at = NoteVerbale.objects.get(direction="incoming").received_at
    assert received_at == datetime.datetime(2026, 11, 20, 9, 15, tzinfo=datetime.UTC)


def test_a_time_skipped_by_summer_time_is_refused(signed_in, intake_world, nothing_saved):
    # 29 March 2026: Geneva's clocks went from 02:00 to 03:00.
    intake_world["call"].issued_on = datetime.date(2026, 1, 1)
    intake_world["call"].save()
    data = note_data(intake_world, received=datetime.datetime(2026, 3, 29, 2, 30))

    response = signed_in.post(URL, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "02:30 did not exist in Geneva on 29 March 2026" in html
    assert 'href="#id_received_time"' in html
    nothing_saved()


def test_the_repeated_hour_of_autumn_is_read_as_summer_time(signed_in, intake_world):
    # 25 October 2026: 02:30 happened twice in Geneva; the first, CEST, is 00:30 UTC.
    intake_world["call"].issued_on = datetime.date(2026, 1, 1)
    intake_world["call"].save()

    response = signed_in.post(
        URL, note_data(intake_world, received=datetime.datetime(2026, 10, 25, 2, 30))
    )

    assert response.status_code == 302
    received_at = NoteVerbale.objects.get(direction="incoming").received_at
    assert received_at == datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC)


def test_two_candidates_from_one_note_for_two_posts(signed_in, intake_world, pdf_bytes):
    data = note_data(intake_world, nominations=2)
    data.update(
        candidate_data(0, intake_world, posts=[intake_world["open"], intake_world["other"]])
    )
    data.update(candidate_data(1, intake_world, name="Louis Martin", posts=[intake_world["other"]]))
    data["nominations-0-cv"] = pdf_file(pdf_bytes)

    response = signed_in.post(URL, data)

    assert response.status_code == 302
    assert NoteVerbale.objects.filter(direction="incoming").count() == 1
    note = NoteVerbale.objects.get(direction="incoming")
    rows = Nomination.objects.order_by("id")
    assert [(n.candidate.full_name, n.post.title) for n in rows] == [
        ("Claire Dubois", "DDG Operations"),
        ("Claire Dubois", "DDG Management"),
        ("Louis Martin", "DDG Management"),
    ]
    assert {n.note_verbale_id for n in rows} == {note.pk}
    assert [n.documents.count() for n in rows] == [1, 1, 0]
    assert response["Location"] == reverse("workbench:nomination_detail", args=[rows[0].pk])
    assert AuditEvent.objects.filter(action="nomination.log").count() == 3


def test_add_another_nomination_without_javascript_keeps_what_was_typed(
    signed_in, intake_world, pdf_bytes, nothing_saved
):
    data = note_data(intake_world, add_nomination="1")
    data["nominations-0-cv"] = pdf_file(pdf_bytes)

    response = signed_in.post(URL, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="nominations-TOTAL_FORMS" value="2"' in html
    assert 'name="nominations-1-full_name"' in html
    assert 'value="Claire Dubois"' in html and 'value="NV/2023/114"' in html
    assert "There is a problem" not in html
    assert "Files are not kept" in html
    nothing_saved()


def test_add_another_nomination_with_htmx_returns_the_next_fieldset(signed_in, intake_world):
    response = signed_in.get(
        URL, {"add": "1", "nominations-TOTAL_FORMS": "1"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert "Nomination 2" in html
    assert 'name="nominations-1-full_name"' in html
    assert 'hx-swap-oob="true"' in html and 'value="2"' in html
    assert "<html" not in html


def assert_refused(response, *messages, kept=("Claire Dubois", "NV/2023/114")):
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    for message in messages:
        assert message in html
    for value in kept:
        assert f'value="{value}"' in html
    assert_keeps_to_the_csp(response)
    return html


def test_an_arrival_in_the_future_is_refused(signed_in, intake_world, nothing_saved):
    tomorrow = (timezone.localtime() + datetime.timedelta(days=1)).replace(tzinfo=None)

    response = signed_in.post(URL, note_data(intake_world, received=tomorrow))

    html = assert_refused(response, "The note cannot have arrived in the future")
    assert 'href="#id_received_on_0"' in html
    nothing_saved()


def test_an_arrival_before_the_call_was_issued_is_refused(signed_in, intake_world, nothing_saved):
    issued = intake_world["call"].issued_on
    before = datetime.datetime.combine(issued - datetime.timedelta(days=2), datetime.time(11))

    response = signed_in.post(URL, note_data(intake_world, received=before))

    assert_refused(response, "The note cannot have arrived before call EO/821/2023 was issued on")
    nothing_saved()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("draft", "JPO Data takes no nominations: call EO/999/2024 has not been issued."),
        ("cancelled", "JPO Data was cancelled: it takes no nominations."),
    ],
)
def test_a_post_whose_call_is_not_issued_or_cancelled_is_refused(
    signed_in, intake_world, nothing_saved, status, message
):
    post = intake_world["draft"]
    if status == "cancelled":
        Post.objects.filter(pk=post.pk).update(status="cancelled")
    data = note_data(intake_world)
    data["nominations-0-posts"] = [post.pk]

    response = signed_in.post(URL, data)

    html = assert_refused(response, "Nomination 1: " + message)
    assert 'href="#id_nominations-0-posts_0"' in html
    nothing_saved()


def test_a_duplicate_candidate_is_refused_with_a_link_to_the_existing_nomination(
    signed_in, intake_world
):
    existing = factories.NominationFactory(
        post=intake_world["open"],
        member_state=intake_world["france"],
        candidate__full_name="Claire Dubois",
        candidate__email="claire0@example.fr",
    )
    before = Nomination.objects.count()
    files = stored_files()
    data = note_data(intake_world, nominations=2)
    data.update(candidate_data(1, intake_world, name="Louis Martin"))

    response = signed_in.post(URL, data)

    html = assert_refused(
        response,
        "Nomination 1: State FRA has already nominated Claire Dubois for DDG Operations",
    )
    assert reverse("workbench:nomination_detail", args=[existing.pk]) in html
    assert 'href="#id_nominations-0-full_name"' in html
    assert Nomination.objects.count() == before
    assert not Candidate.objects.filter(full_name="Louis Martin").exists()
    assert not NoteVerbale.objects.filter(reference="NV/2023/114").exists()
    assert not AuditEvent.objects.filter(action="nomination.log").exists()
    assert not OutgoingMessage.objects.exists()
    assert stored_files() == files


def test_the_same_person_twice_in_one_note_is_refused(signed_in, intake_world, nothing_saved):
    data = note_data(intake_world, nominations=2)
    data.update(candidate_data(1, intake_world, name="Claire Dubois", email="claire0@example.fr"))

    response = signed_in.post(URL, data)

    assert_refused(response, "This note already nominates Claire Dubois for DDG Operations above.")
    nothing_saved()


def test_a_bad_file_is_refused_and_nothing_is_saved(
    signed_in, intake_world, pdf_bytes, nothing_saved
):
    data = note_data(intake_world, nominations=2)
    data.update(candidate_data(1, intake_world, name="Louis Martin"))
    data["scan"] = pdf_file(pdf_bytes, "scan.pdf")
    data["nominations-0-cv"] = pdf_file(pdf_bytes)
    data["nominations-1-cv"] = pdf_file(b"MZ\x90\x00 an executable", "cv.pdf")

    response = signed_in.post(URL, data)

    html = assert_refused(
        response,
        "Nomination 2: This type of file is not accepted; please upload a PDF, DOCX or ODT",
        "Files are not kept when the form is sent back",
        kept=("Claire Dubois", "Louis Martin", "NV/2023/114"),
    )
    assert 'href="#id_nominations-1-cv"' in html
    nothing_saved()


def test_a_bad_scan_is_refused(signed_in, intake_world, nothing_saved):
    data = note_data(intake_world)
    data["scan"] = pdf_file(b"%PDF-1.4 not really", "scan.pdf")

    response = signed_in.post(URL, data)

    html = assert_refused(response, "damaged or incomplete")
    assert 'href="#id_scan"' in html
    nothing_saved()


def test_a_database_failure_after_a_file_was_stored_removes_it(
    signed_in, intake_world, pdf_bytes, nothing_saved, monkeypatch
):
    """The files already stored go when the transaction rolls back."""
    real = note_logging.store_document
    calls = []

    def second_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise IntegrityError("lost a race")
        return real(*args, **kwargs)

    monkeypatch.setattr(note_logging, "store_document", second_fails)
    data = note_data(intake_world)
    data["scan"] = pdf_file(pdf_bytes, "scan.pdf")
    data["nominations-0-cv"] = pdf_file(pdf_bytes)

    with pytest.raises(IntegrityError):
        signed_in.post(URL, data)

    assert len(calls) == 2  # the CV was stored, then the scan failed
    nothing_saved()


def test_a_late_note_on_a_closed_post_is_logged_late(signed_in, intake_world):
    closed = intake_world["closed"]
    after = timezone.localtime(closed.deadline + datetime.timedelta(hours=3)).replace(tzinfo=None)
    data = note_data(intake_world, received=after)
    data["nominations-0-posts"] = [closed.pk]

    response = signed_in.post(URL, data, follow=True)

    nomination = Nomination.objects.get()
    assert (nomination.status, nomination.is_late) == ("late", True)
    html = response.content.decode()
    assert "1 of them is late: the note arrived after the deadline." in html
    assert "This nomination is late" in html
    assert "Accept the late nomination" in html and "Reject the late nomination" in html
    for name in ("accept_late", "reject_late"):
        url = reverse("workbench:nomination_transition", args=[nomination.pk, name])
        assert url in html


def test_an_on_time_note_logged_after_the_close_is_received(signed_in, intake_world):
    closed = intake_world["closed"]
    before = timezone.localtime(closed.deadline - datetime.timedelta(hours=2)).replace(tzinfo=None)
    data = note_data(intake_world, received=before)
    data["nominations-0-posts"] = [closed.pk]

    response = signed_in.post(URL, data, follow=True)

    nomination = Nomination.objects.get()
    assert (nomination.status, nomination.is_late) == ("received", False)
    assert "is late" not in response.content.decode()


def test_required_fields_are_named_in_the_summary(signed_in, intake_world, nothing_saved):
    data = note_data(intake_world)
    for key in ("member_state", "received_time", "nominations-0-full_name"):
        data[key] = ""
    del data["nominations-0-posts"]

    response = signed_in.post(URL, data)

    html = assert_refused(response, kept=("NV/2023/114",))
    for message, anchor in [
        ("Choose the member state that sent the note.", "id_member_state"),
        ("Enter the time the note arrived, in Geneva time.", "id_received_time"),
        ("Nomination 1: Enter the candidate&#x27;s full name.", "id_nominations-0-full_name"),
        ("Nomination 1: Choose at least one post.", "id_nominations-0-posts_0"),
    ]:
        assert message in html
        assert f'href="#{anchor}"' in html
    assert "Please submit" not in html
    nothing_saved()


def test_an_empty_nomination_says_what_is_missing(signed_in, intake_world, nothing_saved):
    data = note_data(intake_world)
    for key in list(data):
        if key.startswith("nominations-0-"):
            del data[key]
    data["nominations-0-gender"] = "undisclosed"  # checked by default, as a browser sends it

    response = signed_in.post(URL, data)

    html = assert_refused(response, "Nomination 1: Enter the candidate&#x27;s full name.", kept=())
    assert "Please submit" not in html and "Enter the candidate the note nominates" not in html
    nothing_saved()
