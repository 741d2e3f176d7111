"""Notes verbales exchanged with the mission, the calls addressed to it, its focal points."""

import pytest
from django.urls import reverse

from nominations.models import Document, NoteVerbale
from notifications import tasks
from notifications.models import OutgoingMessage
from tests import factories

from .conftest import note_pdf, outgoing

# Session and user (with the state's names, for the layout); the page's count and rows;
# its prefetch (notes: PDFs; nominations: the incomplete ones' marking events).
QUERIES = {"nominations": 4, "notes": 5}


@pytest.mark.django_db
def test_the_notes_list_is_newest_first_with_each_pdf_or_being_prepared(
    client, mission, portal_world
):
    client.force_login(mission)

    html = client.get(reverse("portal:note_list")).content.decode()

    assert html.index("EO/003/2026") < html.index("EO/001/2026")  # newest first
    assert reverse("portal:document_download", args=[portal_world["own_pdf"].pk]) in html
    assert "Being prepared" in html  # EO/003/2026 has no PDF yet
    assert "Reminder: incomplete nomination" in html
    assert "Acknowledgement of receipt" in html
    assert "Your mission&#x27;s note verbale" in html  # the incoming one of its nomination
    assert "EO/002/2026" not in html


@pytest.mark.django_db
def test_an_outgoing_notes_pdf_downloads_through_the_audit_log(client, mission, portal_world):
    client.force_login(mission)
    detail = client.get(reverse("portal:note_detail", args=[portal_world["own_note"].pk]))
    url = reverse("portal:document_download", args=[portal_world["own_pdf"].pk])
    assert url in detail.content.decode()

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 note"
    event = portal_world["own_note"]
    from workflows.models import AuditEvent

    logged = AuditEvent.objects.get(action="document.download")
    assert (logged.object_type, logged.object_id) == ("nominations.noteverbale", str(event.pk))


@pytest.mark.django_db
def test_a_note_not_rendered_yet_is_being_prepared(client, mission, portal_world):
    client.force_login(mission)

    html = client.get(reverse("portal:note_detail", args=[portal_world["pending_note"].pk]))

    assert "The PDF of this note is being prepared" in html.content.decode()


@pytest.mark.django_db
def test_the_issued_call_note_and_its_terms_of_reference_download_for_the_mission(
    client, secretariat, mission, member_states
):
    """The real path: the Secretariat issues the call, the send task renders the PDFs."""
    call = factories.CallFactory(reference="EO/950/2026")
    factories.PostFactory(call=call, status="draft", title="DDG for Operations")
    client.force_login(secretariat)
    client.post(reverse("workbench:call_issue", args=[call.pk]))
    message = OutgoingMessage.objects.get(member_state=mission.member_state)
    tasks.send_message.apply(args=[message.pk])
    note = message.note_verbale
    client.force_login(mission)

    html = client.get(reverse("portal:note_detail", args=[note.pk])).content.decode()

    assert "Call for nominations" in html
    pdf = Document.objects.get(note_verbale=note, kind="note_verbale")
    terms = Document.objects.get(kind="terms")
    for document in (pdf, terms):
        url = reverse("portal:document_download", args=[document.pk])
        assert url in html
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # Kenya's copy of the call note is not France's.
    theirs = NoteVerbale.objects.get(call=call, member_state=member_states["KEN"])
    assert client.get(reverse("portal:note_detail", args=[theirs.pk])).status_code == 404


@pytest.mark.django_db
def test_the_calls_are_those_addressed_to_the_state(client, mission, other_mission, portal_world):
    client.force_login(mission)
    html = client.get(reverse("portal:call_list")).content.decode()
    assert "EO/821/2023" in html and "EO/999/2026" not in html

    client.force_login(other_mission)
    html = client.get(reverse("portal:call_list")).content.decode()
    assert "EO/999/2026" in html and "Kenyan Only Post" in html


@pytest.mark.django_db
def test_an_open_post_shows_its_terms_and_deadline_in_geneva_time_counting_down(
    client, mission, portal_world
):
    post = portal_world["open_post"]
    client.force_login(mission)

    html = client.get(reverse("portal:post_detail", args=[post.pk])).content.decode()

    assert "Terms of reference" in html and "I. Background" in html
    assert "Lead the operations of the Organization." in html
    assert "Geneva time" in html
    assert f'data-countdown="{post.deadline.isoformat()}"' in html
    assert "data-local-time" in html
    assert "workbench/dashboard" in html  # the dashboard's countdown script
    assert "Claire Dubois" in html and "Amina Wanjiru" not in html


@pytest.mark.django_db
def test_a_closed_post_says_so(client, mission, portal_world):
    post = factories.PostFactory(call=portal_world["call"], status="closed", title="Closed One")
    client.force_login(mission)

    html = client.get(reverse("portal:post_detail", args=[post.pk])).content.decode()

    assert "Nominations closed at the end of" in html
    assert "data-countdown" not in html


@pytest.mark.django_db
def test_the_focal_points_are_the_missions_own_active_users(
    client, mission, other_mission, member_states
):
    colleague = factories.account("mission", member_state=member_states["FRA"])
    colleague.first_name, colleague.last_name = "Anne", "Lefèvre"
    colleague.save()
    gone = factories.account("mission", member_state=member_states["FRA"])
    gone.is_active = False
    gone.save()
    client.force_login(mission)

    html = client.get(reverse("portal:focal_points")).content.decode()

    assert mission.email in html and colleague.email in html and "Anne Lefèvre" in html
    assert gone.email not in html
    assert other_mission.email not in html


def _own_notes(state, count):
    for n in range(count):
        note = outgoing(state, reference=f"EO/{100 + n}/2026")
        if n % 2:
            note_pdf(note, f"%PDF-1.4 {n}".encode())


def _own_nominations(state, post, count):
    for n in range(count):
        nomination = factories.NominationFactory(
            post=post,
            member_state=state,
            status=["received", "incomplete", "complete"][n % 3],
            candidate__full_name=f"Own Candidate {n}",
        )
        if n % 2:
            factories.add_document(nomination)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_the_nominations_list_takes_the_same_queries_at_1_and_30(
    client, mission, member_states, django_assert_num_queries, count
):
    post = factories.PostFactory()
    _own_nominations(member_states["FRA"], post, count)
    # What an incomplete one lacks is read in the page's own query (no query of its own).
    factories.NominationFactory(post=post, member_state=member_states["FRA"], status="incomplete")
    client.force_login(mission)

    with django_assert_num_queries(QUERIES["nominations"]):
        response = client.get(reverse("portal:nomination_list"))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_the_notes_list_takes_the_same_queries_at_1_and_30(
    client, mission, member_states, django_assert_num_queries, count
):
    _own_notes(member_states["FRA"], count)
    client.force_login(mission)

    with django_assert_num_queries(QUERIES["notes"]):
        response = client.get(reverse("portal:note_list"))

    assert response.status_code == 200
