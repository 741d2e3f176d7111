"""A nomination's history: the Secretariat reads all of it; a mission reads the state
changes of its own nomination and no internal reason or reviewer (issue 6, item 4)."""

import pytest
from django.db import transaction

from nominations.models import Post
from tests import factories
from workflows import audit, transitions

SCREENING_REASON = "Weak management record; the panel doubts the languages."


@pytest.fixture
def screened_history(api, world, executive, secretariat, mission):
    """The French nomination in shortlisting: screened out by the executive office with
    an internal reason, its CV downloaded by the mission, and a refused transition."""
    nomination = world["screened"]
    transitions.take(nomination, "screen_ineligible", actor=executive, reason=SCREENING_REASON)
    document = world["documents"]["screened"]
    downloaded = api["mission"].get(
        f"/api/v1/nominations/{nomination.pk}/documents/{document.pk}/download/"
    )
    assert downloaded.status_code == 200
    refused = api["mission"].post(
        f"/api/v1/nominations/{nomination.pk}/transitions/",
        {"transition": "screen_eligible"},
        format="json",
    )
    assert refused.status_code in (403, 409)
    return nomination


def _history(client, nomination):
    response = client.get(f"/api/v1/nominations/{nomination.pk}/history/")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
def test_a_mission_reads_no_screening_before_the_outcome_is_released(api, screened_history):
    assert _history(api["mission"], screened_history) == []


@pytest.mark.django_db
def test_once_released_a_mission_reads_the_screening_without_its_reason(
    api, screened_history, secretariat
):
    from shortlisting.models import OutcomeRelease

    Post.objects.filter(pk=screened_history.post_id).update(status=Post.Status.SHORTLISTED)
    OutcomeRelease.objects.create(
        post_id=screened_history.post_id,
        member_state=screened_history.member_state,
        released_by=secretariat,
    )
    history = _history(api["mission"], screened_history)
    assert [(e["action"], e["from_state"], e["to_state"]) for e in history] == [
        ("nomination.screen_ineligible", "complete", "ineligible")
    ]
    assert history[0]["reason"] == ""
    assert SCREENING_REASON not in str(history)
    assert all("actor_label" not in event and "details" not in event for event in history)


@pytest.mark.django_db
def test_the_secretariat_reads_the_whole_history_with_reasons(api, screened_history):
    history = _history(api["secretariat"], screened_history)
    actions = [event["action"] for event in history]
    assert actions[0] == "nomination.screen_ineligible"
    assert history[0]["reason"] == SCREENING_REASON
    assert "document.download" in actions
    assert "permission.denied" in actions


@pytest.mark.django_db
def test_a_mission_keeps_the_secretariats_reason_on_a_completeness_check(api, world):
    nomination = world["own"]
    response = api["secretariat"].post(
        f"/api/v1/nominations/{nomination.pk}/transitions/",
        {"transition": "mark_incomplete", "reason": "The CV is missing."},
        format="json",
    )
    assert response.status_code == 200
    history = _history(api["mission"], nomination)
    assert [(e["action"], e["reason"]) for e in history] == [
        ("nomination.mark_incomplete", "The CV is missing.")
    ]


@pytest.mark.django_db
def test_a_mission_reads_no_reason_given_by_the_executive_office(
    api, world, executive, secretariat
):
    from shortlisting.models import OutcomeRelease

    nomination = world["screened"]
    transitions.take(nomination, "screen_eligible", actor=executive, reason="Strong.")
    assert _history(api["mission"], nomination) == []  # until the outcome is released
    OutcomeRelease.objects.create(
        post_id=nomination.post_id, member_state=nomination.member_state, released_by=secretariat
    )
    history = _history(api["mission"], nomination)
    assert [(e["action"], e["actor_role"], e["reason"]) for e in history] == [
        ("nomination.screen_eligible", "executive", "")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["secretariat", "mission"])
def test_history_holds_only_this_nominations_events(api, world, secretariat, role):
    """Events of another nomination, and of another kind of object with the same id,
    exist and must not appear."""
    nomination = world["own"]
    sibling = factories.NominationFactory(
        post=world["listed_post"], member_state=nomination.member_state
    )
    transitions.take(sibling, "mark_incomplete", actor=secretariat, reason="Sibling's reason.")
    post = Post.objects.filter(pk=nomination.pk).first() or factories.PostFactory(
        pk=nomination.pk, call=world["call"]
    )
    with transaction.atomic():
        audit.record(
            "post.close", actor=secretariat, obj=post, from_state="open", to_state="closed"
        )
    transitions.take(nomination, "mark_incomplete", actor=secretariat, reason="Own reason.")
    history = _history(api[role], nomination)
    assert [(e["action"], e["from_state"], e["to_state"], e["reason"]) for e in history] == [
        ("nomination.mark_incomplete", "received", "incomplete", "Own reason.")
    ]
