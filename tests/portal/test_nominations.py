"""The state's nominations as its mission reads them: a status it understands, what is
missing, the history without reasons or actors, and the documents it sent."""

import pytest
from django.urls import reverse

from nominations.models import Nomination
from portal import status
from tests import factories
from workflows import transitions
from workflows.models import AuditEvent


def page(client, nomination):
    response = client.get(reverse("portal:nomination_detail", args=[nomination.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_an_incomplete_nomination_says_what_is_missing_and_not_why(
    client, mission, secretariat, member_states
):
    nomination = factories.NominationFactory(
        member_state=member_states["FRA"], candidate__full_name="Sans Cv"
    )
    transitions.take(
        nomination, "mark_incomplete", actor=secretariat, reason="Internal: check with HR first"
    )
    client.force_login(mission)

    html = page(client, nomination)
    listed = client.get(reverse("portal:nomination_list")).content.decode()

    assert "Incomplete" in html
    assert "a curriculum vitae of the candidate" in html
    assert "a curriculum vitae of the candidate" in listed
    assert "check with HR" not in html
    assert secretariat.email not in html


@pytest.mark.django_db
def test_the_mission_words_the_secretariats_reason_when_nothing_else_is_missing(
    client, mission, secretariat, world
):
    """As the reminder of an incomplete nomination does (reminders/kinds.py missing)."""
    transitions.take(world["own"], "mark_incomplete", actor=secretariat, reason="A signed note")
    client.force_login(mission)

    assert "A signed note" in page(client, world["own"])


@pytest.mark.django_db
@pytest.mark.parametrize("screening", ["screen_eligible", "screen_ineligible"])
def test_screening_is_under_review_without_its_verdict_reason_or_reviewer(
    client, mission, executive, world, screening
):
    reason = "Lacks ten years at the senior level" if screening == "screen_ineligible" else ""
    transitions.take(world["screened"], screening, actor=executive, reason=reason)
    client.force_login(mission)

    html = page(client, world["screened"])
    listed = client.get(reverse("portal:nomination_list")).content.decode()
    home = client.get(reverse("portal:home")).content.decode()

    for text in (html, listed, home):
        assert "Under review" in text
        assert "ligible" not in text  # neither eligible nor ineligible
        assert executive.email not in text
    assert "Lacks ten years" not in html
    # The history does not tell screening apart from the review it is part of.
    history = html.split("History")[1].split("Documents your mission sent")[0]
    assert history.count("Under review") == 1


@pytest.mark.django_db
def test_shortlisting_outcomes_stay_under_review_until_released(world):
    assert status.outcome_released(world["listed_post"], world["screened"].member_state) is False
    for nomination_status in ("shortlisted", "not_shortlisted", "eligible", "ineligible"):
        assert status.mission_status(nomination_status, "shortlisted") == status.UNDER_REVIEW
    assert status.mission_status("shortlisted", "shortlisted", True) == status.SHORTLISTED
    assert status.mission_status("eligible", "shortlisting", True) == status.UNDER_REVIEW
    # Released, a candidate screened out reads as off the shortlist, nothing more.
    assert status.mission_status("ineligible", "shortlisted", True) == status.NOT_SHORTLISTED
    assert status.mission_status("ineligible", "shortlisting") == status.UNDER_REVIEW
    assert status.mission_status("complete", "open") == status.COMPLETE
    assert status.mission_status("complete", "shortlisting") == status.UNDER_REVIEW


@pytest.mark.django_db
def test_a_late_nomination_rejected_says_what_it_means(client, mission, secretariat, world):
    late = factories.NominationFactory(
        post=world["open_post"],
        member_state=world["own"].member_state,
        candidate__full_name="Trop Tard",
        status=Nomination.Status.LATE,
    )
    client.force_login(mission)
    assert "after the deadline" in page(client, late)
    assert "Late" in page(client, late)

    transitions.take(late, "reject_late", actor=secretariat, reason="Internal: two weeks late")

    html = page(client, late)
    assert "Rejected" in html
    assert "was not accepted: it will not be considered for this post" in html
    assert "two weeks late" not in html


@pytest.mark.django_db
def test_the_history_shows_state_changes_only(client, mission, secretariat, world):
    nomination = world["own"]
    transitions.take(nomination, "mark_incomplete", actor=secretariat, reason="Where is the note")
    transitions.take(nomination, "confirm_complete", actor=secretariat)
    client.force_login(mission)
    client.get(reverse("portal:document_download", args=[world["documents"]["own"].pk]))

    html = page(client, nomination)
    history = html.split("History")[1].split("Documents your mission sent")[0]

    assert [s for s in ("Incomplete", "Complete") if s in history] == ["Incomplete", "Complete"]
    assert history.index("Incomplete") < history.index("Complete")
    assert "Where is the note" not in history
    assert "download" not in history.lower()
    assert secretariat.email not in html


@pytest.mark.django_db
def test_the_documents_the_mission_sent_download_through_the_audit_log(client, mission, world):
    cv = world["documents"]["own"]
    client.force_login(mission)
    html = page(client, world["own"])
    url = reverse("portal:document_download", args=[cv.pk])
    assert url in html

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 own cv"
    assert response["Content-Disposition"].startswith("attachment")
    event = AuditEvent.objects.get(action="document.download")
    assert event.actor == mission
    assert event.details["document"] == cv.pk


@pytest.mark.django_db
def test_a_document_the_secretariat_added_for_itself_is_not_the_missions(client, mission, world):
    internal = factories.add_document(world["own"], kind="other", name="memo.pdf")
    client.force_login(mission)

    assert reverse("portal:document_download", args=[internal.pk]) not in page(client, world["own"])
    url = reverse("portal:document_download", args=[internal.pk])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_home_page_counts_by_the_missions_status(client, mission, world):
    client.force_login(mission)

    html = client.get(reverse("portal:home")).content.decode()

    assert "State FRA" in html or "État FRA" in html
    assert "Received" in html and "Under review" in html
    assert "DDG Operations" in html  # its open post
    assert "left" in html
