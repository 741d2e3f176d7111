"""Conflicts of interest and ratings, through the services and the visibility rules."""

import pytest

from nominations.models import Nomination
from review import assessments, conflicts
from review.models import Assessment, ConflictDeclaration, Rating
from review.visibility import is_excluded, peer_ratings_visible
from tests import factories
from workflows.errors import TransitionError
from workflows.models import AuditEvent

from .helpers import eligible, rate

pytestmark = pytest.mark.django_db


def test_same_nationality_excludes_without_any_row(nomination, compatriot, member):
    assert not ConflictDeclaration.objects.exists()
    assert is_excluded(compatriot, nomination)
    assert not is_excluded(member, nomination)


def test_same_nationality_is_put_on_the_record_once(nomination, compatriot, member):
    nominations = list(Nomination.objects.select_related("candidate").filter(pk=nomination.pk))
    assert conflicts.note_exclusions(compatriot, nominations) == 1
    assert conflicts.note_exclusions(compatriot, nominations) == 0
    assert conflicts.note_exclusions(member, nominations) == 0
    declaration = ConflictDeclaration.objects.get()
    assert (declaration.member, declaration.kind, declaration.automatic) == (
        compatriot,
        "same_nationality",
        True,
    )
    event = AuditEvent.objects.get(action="review.conflict_excluded")
    assert (event.actor_id, event.object_id, event.details["nationality"]) == (
        compatriot.pk,
        str(nomination.pk),
        "KEN",
    )


def test_the_exclusion_does_not_rest_on_the_row(nomination, compatriot):
    """The automatic row deleted (or never written): still excluded."""
    conflicts.note_exclusions(compatriot, [nomination])
    ConflictDeclaration.objects.all().delete()
    assert is_excluded(compatriot, nomination)


def test_a_declared_conflict_excludes_and_stands(nomination, member):
    conflicts.declare(nomination, member=member, kind="none")
    assert not is_excluded(member, nomination)
    conflicts.declare(nomination, member=member, kind="worked_with", note="Her deputy, 2015-18.")
    assert is_excluded(member, nomination)
    with pytest.raises(TransitionError, match="cannot be withdrawn"):
        conflicts.declare(nomination, member=member, kind="none")
    events = AuditEvent.objects.filter(action="review.conflict_declared").order_by("id")
    assert [e.details["kind"] for e in events] == ["none", "worked_with"]


def test_a_conflict_needs_its_note(nomination, member):
    with pytest.raises(TransitionError) as refused:
        conflicts.declare(nomination, member=member, kind="other")
    assert refused.value.field_errors == {"note": ["Say what the conflict is."]}
    with pytest.raises(TransitionError):
        conflicts.declare(nomination, member=member, kind="same_nationality", note="Mine")


def test_ratings_need_a_declaration_first(nomination, member):
    eligible(nomination, member)
    with pytest.raises(TransitionError, match="Declare any conflict"):
        assessments.save(nomination, member=member, ratings={})


def test_an_excluded_member_cannot_rate(nomination, member, compatriot):
    eligible(nomination, member)
    with pytest.raises(assessments.NotAllowed):
        assessments.save(nomination, member=compatriot, ratings={})
    with pytest.raises(TransitionError, match="excluded"):
        conflicts.declare(nomination, member=compatriot, kind="none")


def test_a_draft_then_a_submission_with_every_competency_rated(nomination, member):
    eligible(nomination, member)
    rate(nomination, member, scores=(4, None), submit=False)
    assessment = Assessment.objects.get()
    assert assessment.submitted_at is None
    assert list(assessment.ratings.values_list("score", flat=True)) == [4]
    with pytest.raises(TransitionError) as refused:
        assessments.submit(nomination, member=member)
    assert refused.value.message == "Rate every value and competency before submitting."
    results = nomination.post.required_competencies.get(position=2)
    assessments.submit(nomination, member=member, ratings={results.pk: (2, "Thin evidence.")})
    assessment.refresh_from_db()
    assert assessment.submitted_at is not None
    event = AuditEvent.objects.get(action="review.assessment_submitted")
    assert event.actor_id == member.pk
    assert sorted(event.details["scores"].values()) == [2, 4]
    with pytest.raises(TransitionError, match="final"):
        assessments.save(nomination, member=member, ratings={results.pk: (5, "")})


def test_a_score_off_the_scale_or_another_posts_competency_is_refused(nomination, member, post):
    eligible(nomination, member)
    conflicts.declare(nomination, member=member, kind="none")
    other = factories.PostFactory(status="shortlisting")
    from nominations.models import PostCompetency

    foreign = PostCompetency.objects.create(post=other, kind="value", name="Other")
    integrity = post.required_competencies.get(position=1)
    with pytest.raises(TransitionError) as refused:
        assessments.save(
            nomination, member=member, ratings={integrity.pk: (6, ""), foreign.pk: (3, "")}
        )
    assert refused.value.field_errors == {
        str(integrity.pk): ["Choose a rating from 1 to 5."],
        str(foreign.pk): ["This post requires no such value or competency."],
    }
    assert not Rating.objects.exists()


def test_only_an_eligible_nomination_is_rated(nomination, member):
    conflicts.declare(nomination, member=member, kind="none")
    with pytest.raises(TransitionError, match="Only an eligible nomination is rated"):
        assessments.save(nomination, member=member, ratings={})


def test_peer_ratings_are_visible_only_after_ones_own_submission(
    nomination, member, peer, compatriot, post
):
    eligible(nomination, member)
    second = eligible(factories_nomination(post), member)
    rate(nomination, peer)
    assert peer_ratings_visible(member, [nomination.pk, second.pk]) == set()
    rate(nomination, member, submit=False)
    assert peer_ratings_visible(member, [nomination.pk, second.pk]) == set()
    assessments.submit(nomination, member=member)
    assert peer_ratings_visible(member, [nomination.pk, second.pk]) == {nomination.pk}
    # The peer submitted first: it sees the member's now.
    assert peer_ratings_visible(peer, [nomination.pk]) == {nomination.pk}
    assert peer_ratings_visible(compatriot, [nomination.pk, second.pk]) == set()


def test_peer_ratings_visible_costs_two_queries_for_many(
    nomination, member, post, django_assert_num_queries
):
    eligible(nomination, member)
    rate(nomination, member)
    ids = [nomination.pk] + [eligible(factories_nomination(post), member).pk for _ in range(4)]
    with django_assert_num_queries(2):
        assert peer_ratings_visible(member, ids) == {nomination.pk}


def factories_nomination(post):
    nomination = factories.NominationFactory(
        post=post, member_state=post.nominations.first().member_state, status="complete"
    )
    factories.add_document(nomination)
    return nomination


def test_a_conflict_declared_after_rating_voids_the_assessment(nomination, member, peer):
    eligible(nomination, member)
    rate(nomination, peer, scores=(5, 5))
    rate(nomination, member)
    assert peer_ratings_visible(member, [nomination.pk]) == {nomination.pk}
    conflicts.declare(nomination, member=peer, kind="other", note="Found out: my cousin.")
    assert not Assessment.objects.filter(member=peer).exists()
    assert not Rating.objects.filter(assessment__member=peer).exists()
    event = AuditEvent.objects.filter(action="review.conflict_declared", actor=peer).last()
    assert event.details["voided"]["submitted"] is True
    assert sorted(event.details["voided"]["scores"].values()) == [5, 5]


def test_a_mission_never_reads_the_executive_offices_events(nomination, member, member_states):
    from tests.api.conftest import client_for

    eligible(nomination, member)
    rate(nomination, member)
    mission = factories.account("mission", member_state=member_states["KEN"])
    history = client_for(mission).get(f"/api/v1/nominations/{nomination.pk}/history/").json()
    # The screening itself is withheld until the outcome is released (api/mission_status.py).
    assert "nomination.screen_eligible" not in [event["action"] for event in history]
    assert not [event for event in history if event["action"].startswith("review.")]
