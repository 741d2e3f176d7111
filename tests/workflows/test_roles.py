import pytest

from nominations.models import ShortlistProposal
from tests import factories
from workflows import transitions
from workflows.errors import TransitionError
from workflows.models import AuditEvent
from workflows.shortlists import propose_shortlist


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["mission", "executive", "auditor"])
def test_only_the_secretariat_issues_a_call(role, member_states):
    post = factories.PostFactory(status="draft")
    actor = factories.account(
        role, member_state=member_states["FRA"] if role == "mission" else None
    )
    with pytest.raises(TransitionError) as refused:
        transitions.take(post, "issue_call", actor=actor)
    assert refused.value.kind == TransitionError.FORBIDDEN
    post.refresh_from_db()
    assert post.status == "draft"
    # The refusal itself is on record; no transition event is.
    assert list(AuditEvent.objects.values_list("action", "actor_role")) == [
        ("permission.denied", role)
    ]


@pytest.mark.django_db
def test_a_role_refusal_comes_before_the_state_check(executive):
    post = factories.PostFactory(status="cancelled")
    with pytest.raises(TransitionError) as refused:
        transitions.take(post, "issue_call", actor=executive)
    assert refused.value.kind == TransitionError.FORBIDDEN


@pytest.mark.django_db
def test_a_mission_withdraws_its_own_nomination_not_another_states(mission, other_mission):
    own = factories.NominationFactory(member_state=mission.member_state)
    withdrawn = transitions.take(own, "withdraw", actor=mission, reason="candidate declined")
    assert withdrawn.status == "withdrawn"
    with pytest.raises(TransitionError) as refused:
        transitions.take(
            factories.NominationFactory(member_state=other_mission.member_state),
            "withdraw",
            actor=mission,
            reason="not ours",
        )
    assert refused.value.kind == TransitionError.FORBIDDEN


@pytest.mark.django_db
def test_a_reason_is_required_where_the_design_asks_for_one(secretariat):
    nomination = factories.NominationFactory(status="late")
    with pytest.raises(TransitionError) as refused:
        transitions.take(nomination, "reject_late", actor=secretariat, reason="   ")
    assert refused.value.kind == TransitionError.INVALID
    assert refused.value.field_errors == {"reason": ["This field is required."]}
    nomination.refresh_from_db()
    assert nomination.status == "late"
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_close_nominations_never_before_the_deadline(secretariat):
    post = factories.PostFactory(status="open", deadline_date=factories.in_days(1))
    with pytest.raises(TransitionError) as refused:
        transitions.take(post, "close_nominations", actor=secretariat)
    assert "deadline has not passed" in str(refused.value)


@pytest.mark.django_db
def test_extend_deadline_must_move_it_later(secretariat):
    post = factories.PostFactory(status="open", deadline_date=factories.in_days(10))
    with pytest.raises(TransitionError) as refused:
        transitions.take(
            post,
            "extend_deadline",
            actor=secretariat,
            reason="more time",
            deadline_date=factories.in_days(5),
        )
    assert refused.value.kind == TransitionError.INVALID
    extended = transitions.take(
        post,
        "extend_deadline",
        actor=secretariat,
        reason="more time",
        deadline_date=factories.in_days(20),
    )
    assert extended.deadline_date == factories.in_days(20)
    event = AuditEvent.objects.get(action="post.extend_deadline")
    assert event.details == {"deadline_date": factories.in_days(20).isoformat()}
    assert event.reason == "more time"


@pytest.mark.django_db
def test_start_shortlisting_waits_for_every_secretariat_decision(secretariat):
    post = factories.PostFactory(status="closed")
    pending = factories.NominationFactory(post=post, status="late")
    with pytest.raises(TransitionError) as refused:
        transitions.take(post, "start_shortlisting", actor=secretariat)
    assert "wait for a Secretariat decision" in str(refused.value)
    transitions.take(pending, "reject_late", actor=secretariat, reason="after the deadline")
    assert transitions.take(post, "start_shortlisting", actor=secretariat).status == "shortlisting"


@pytest.mark.django_db
def test_four_eyes_approval_settles_every_eligible_nomination(executive, other_executive):
    post = factories.PostFactory(status="shortlisting")
    chosen, passed_over = factories.NominationFactory.create_batch(2, post=post, status="eligible")
    ineligible = factories.NominationFactory(post=post, status="ineligible")
    propose_shortlist(
        post, actor=executive, nominations=[chosen], rationales={chosen.pk: "Best rated"}
    )

    with pytest.raises(TransitionError) as refused:
        transitions.take(post, "approve_shortlist", actor=executive)
    assert "another executive" in str(refused.value)

    approved = transitions.take(post, "approve_shortlist", actor=other_executive)
    assert approved.status == "shortlisted"
    for nomination, expected in [
        (chosen, "shortlisted"),
        (passed_over, "not_shortlisted"),
        (ineligible, "ineligible"),
    ]:
        nomination.refresh_from_db()
        assert nomination.status == expected
    events = list(AuditEvent.objects.values_list("action", "object_id"))
    assert events == [
        ("post.propose_shortlist", str(post.pk)),
        ("post.approve_shortlist", str(post.pk)),
        ("nomination.mark_shortlisted", str(chosen.pk)),
        ("nomination.mark_not_shortlisted", str(passed_over.pk)),
    ]


@pytest.mark.django_db
def test_shortlisting_outcomes_cannot_be_set_directly(secretariat, executive):
    nomination = factories.NominationFactory(status="eligible")
    for actor in (secretariat, executive):
        with pytest.raises(TransitionError) as refused:
            transitions.take(nomination, "mark_shortlisted", actor=actor)
        assert refused.value.kind == TransitionError.FORBIDDEN


@pytest.mark.django_db
def test_the_proposal_holds_only_eligible_nominations_of_the_post(executive):
    post = factories.PostFactory(status="shortlisting")
    complete = factories.NominationFactory(post=post, status="complete")
    with pytest.raises(TransitionError):
        propose_shortlist(post, actor=executive, nominations=[complete])
    assert not ShortlistProposal.objects.exists()


@pytest.mark.django_db
def test_available_lists_what_this_user_may_take_now(secretariat, mission):
    nomination = factories.NominationFactory(member_state=mission.member_state, status="received")
    names = [t.name for t in transitions.available(nomination, secretariat)]
    assert names == ["mark_incomplete", "withdraw"]  # no CV yet: confirm_complete waits
    factories.add_document(nomination)
    names = [t.name for t in transitions.available(nomination, secretariat)]
    assert names == ["mark_incomplete", "confirm_complete", "withdraw"]
    assert [t.name for t in transitions.available(nomination, mission)] == ["withdraw"]
