"""Screening a nomination against its post's criteria, and the transition it decides."""

import pytest

from nominations.models import Nomination
from review import screening
from review.criteria import criteria_of
from review.models import CriterionCheck
from tests import factories
from workflows.errors import TransitionError
from workflows.models import AuditEvent

pytestmark = pytest.mark.django_db


def check(nomination, member, criterion, finding, justification="In the CV.", **extra):
    return screening.record_check(
        nomination, criterion=criterion, finding=finding, justification=justification,
        actor=member, **extra,
    )  # fmt: skip


def test_the_criteria_are_the_posts_own(post):
    criteria = criteria_of(post)
    assert [(c.key, c.is_asset) for c in criteria] == [
        ("degree", False),
        ("experience", False),
        ("language:en", False),
        ("asset:language:fr", True),
    ]
    assert str(criteria[0].requirement) == "Master's degree"
    assert str(criteria[1].requirement) == "15 years"


def test_all_required_met_makes_the_nomination_eligible(nomination, member):
    for criterion in ("degree", "experience", "language:en"):
        check(nomination, member, criterion, "met", cv_reference="Education, p. 1")
    # An asset not met decides nothing.
    check(nomination, member, "asset:language:fr", "not_met", "No French.")
    decided = screening.decide(nomination, actor=member)
    assert decided.status == "eligible"
    event = AuditEvent.objects.get(action="nomination.screen_eligible")
    assert (event.from_state, event.to_state, event.actor_id) == ("complete", "eligible", member.pk)


def test_a_candidate_who_misses_the_minimum_degree_is_ineligible_with_that_reason(
    nomination, member
):
    check(nomination, member, "degree", "not_met", "A bachelor's degree only.")
    check(nomination, member, "experience", "met")
    check(nomination, member, "language:en", "met")
    decided = screening.decide(nomination, actor=member)
    assert decided.status == "ineligible"
    event = AuditEvent.objects.get(action="nomination.screen_ineligible")
    assert event.reason == "Minimum degree not met: A bachelor's degree only."


def test_each_criterion_not_met_is_a_reason(nomination, member):
    check(nomination, member, "degree", "met")
    check(nomination, member, "experience", "not_met", "Nine years in all.")
    check(nomination, member, "language:en", "not_met", "No English stated.")
    screening.decide(nomination, actor=member)
    assert AuditEvent.objects.get(action="nomination.screen_ineligible").reason == (
        "Minimum years of experience not met: Nine years in all.\n"
        "Language: English not met: No English stated."
    )


def test_unclear_blocks_the_decision_until_overridden(nomination, member):
    check(nomination, member, "degree", "met")
    check(nomination, member, "experience", "unclear", "Dates missing for two posts.")
    check(nomination, member, "language:en", "met")
    with pytest.raises(TransitionError) as refused:
        screening.decide(nomination, actor=member)
    assert refused.value.kind == "conflict"
    assert "Minimum years of experience is unclear" in str(refused.value)
    assert Nomination.objects.get(pk=nomination.pk).status == "complete"
    check(
        nomination, member, "experience", "unclear", "Dates missing for two posts.",
        override_reason="Even without them the CV shows 18 years.",
    )  # fmt: skip
    assert screening.decide(nomination, actor=member).status == "eligible"
    override = CriterionCheck.objects.get(criterion="experience")
    assert override.override_reason == "Even without them the CV shows 18 years."


def test_an_unscreened_criterion_blocks_the_decision(nomination, member):
    check(nomination, member, "degree", "not_met", "None.")
    with pytest.raises(TransitionError, match="Minimum years of experience is not screened yet"):
        screening.decide(nomination, actor=member)


def test_each_check_is_audited_and_revised_in_place(nomination, member):
    check(nomination, member, "degree", "unclear", "Which university?")
    check(nomination, member, "degree", "met", "Geneva, 2001.", cv_reference="p. 2")
    assert CriterionCheck.objects.filter(nomination=nomination).count() == 1
    events = AuditEvent.objects.filter(action="review.criterion_checked").order_by("id")
    assert [(e.details["finding"], e.details["revised"]) for e in events] == [
        ("unclear", False),
        ("met", True),
    ]
    assert events[1].details["cv_reference"] == "p. 2"


def test_a_check_needs_a_justification_and_a_criterion_of_the_post(nomination, member):
    with pytest.raises(TransitionError) as refused:
        check(nomination, member, "doctorate", "met", "")
    assert set(refused.value.field_errors) == {"criterion", "justification"}
    with pytest.raises(TransitionError) as refused:
        check(nomination, member, "degree", "met", "Yes.", override_reason="Why not.")
    assert set(refused.value.field_errors) == {"override_reason"}
    assert not CriterionCheck.objects.exists()


def test_only_a_complete_nomination_of_a_post_in_shortlisting_is_screened(post, member):
    received = factories.NominationFactory(post=post, status="received")
    with pytest.raises(TransitionError, match="only a complete nomination is screened"):
        check(received, member, "degree", "met")


def test_only_the_executive_office_screens(nomination, secretariat):
    with pytest.raises(TransitionError) as refused:
        check(nomination, secretariat, "degree", "met")
    assert refused.value.kind == "forbidden"
    with pytest.raises(TransitionError):
        screening.decide(nomination, actor=secretariat)
