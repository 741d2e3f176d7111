"""Every transition from every state, against the state machines as DESIGN §3 writes them."""

import pytest

from nominations.models import Nomination, Post, ShortlistProposal
from tests import factories
from workflows import transitions
from workflows.errors import TransitionError
from workflows.models import AuditEvent

POST_STATES = ["draft", "open", "closed", "shortlisting", "shortlisted", "cancelled"]
POST_ALLOWED = {
    "issue_call": {"draft": "open"},
    "close_nominations": {"open": "closed"},
    "extend_deadline": {"open": "open"},
    "reopen": {"closed": "open"},
    "start_shortlisting": {"closed": "shortlisting"},
    "approve_shortlist": {"shortlisting": "shortlisted"},
    "cancel": {s: "cancelled" for s in ["draft", "open", "closed", "shortlisting"]},
}
POST_ROLE = {"approve_shortlist": "executive"}

NOMINATION_STATES = [
    "received", "late", "incomplete", "complete", "eligible", "ineligible",
    "shortlisted", "not_shortlisted", "rejected", "withdrawn",
]  # fmt: skip
NOMINATION_ALLOWED = {
    "mark_incomplete": {"received": "incomplete"},
    "confirm_complete": {"received": "complete", "incomplete": "complete"},
    "accept_late": {"late": "received"},
    "reject_late": {"late": "rejected"},
    "screen_eligible": {"complete": "eligible"},
    "screen_ineligible": {"complete": "ineligible"},
    "withdraw": {
        s: "withdrawn" for s in ["received", "late", "incomplete", "complete", "eligible"]
    },
}
NOMINATION_ROLE = {"screen_eligible": "executive", "screen_ineligible": "executive"}

REASONED = {
    "extend_deadline", "reopen", "cancel", "mark_incomplete", "accept_late",
    "reject_late", "screen_ineligible", "withdraw",
}  # fmt: skip


def _post_for(name, state):
    days = -2 if name == "close_nominations" else 30
    post = factories.PostFactory(status=state, deadline_date=factories.in_days(days))
    if name == "approve_shortlist":
        ShortlistProposal.objects.create(post=post, proposed_by=factories.account("executive"))
    return post


def _params(name):
    params = {"reason": "as the rules require"} if name in REASONED else {}
    if name in {"extend_deadline", "reopen"}:
        params["deadline_date"] = factories.in_days(60)
    return params


@pytest.mark.django_db
@pytest.mark.parametrize("state", POST_STATES)
@pytest.mark.parametrize("name", sorted(POST_ALLOWED))
def test_post_transition_from_every_state(name, state, member_states):
    post = _post_for(name, state)
    actor = factories.account(POST_ROLE.get(name, "secretariat"))
    before = AuditEvent.objects.count()
    target = POST_ALLOWED[name].get(state)

    if target is None:
        with pytest.raises(TransitionError) as refused:
            transitions.take(post, name, actor=actor, **_params(name))
        assert refused.value.kind == TransitionError.CONFLICT
        assert refused.value.state == state
        assert name in str(refused.value) and state in str(refused.value)
        assert AuditEvent.objects.count() == before
        post.refresh_from_db()
        assert post.status == state
        return

    result = transitions.take(post, name, actor=actor, **_params(name))
    post.refresh_from_db()
    assert result.status == post.status == target
    events = list(AuditEvent.objects.filter(action=f"post.{name}"))
    assert len(events) == 1
    event = events[0]
    assert (event.object_id, event.from_state, event.to_state) == (str(post.pk), state, target)
    assert event.actor == actor and event.actor_role == actor.role


def _nomination_for(name, state):
    post_state = "shortlisting" if name.startswith("screen") else "open"
    nomination = factories.NominationFactory(
        status=state, post=factories.PostFactory(status=post_state)
    )
    if name == "confirm_complete":
        factories.add_document(nomination)
    return nomination


@pytest.mark.django_db
@pytest.mark.parametrize("state", NOMINATION_STATES)
@pytest.mark.parametrize("name", sorted(NOMINATION_ALLOWED))
def test_nomination_transition_from_every_state(name, state, member_states):
    nomination = _nomination_for(name, state)
    actor = factories.account(NOMINATION_ROLE.get(name, "secretariat"))
    before = AuditEvent.objects.count()
    target = NOMINATION_ALLOWED[name].get(state)

    if target is None:
        with pytest.raises(TransitionError) as refused:
            transitions.take(nomination, name, actor=actor, **_params(name))
        assert refused.value.kind == TransitionError.CONFLICT
        assert AuditEvent.objects.count() == before
        nomination.refresh_from_db()
        assert nomination.status == state
        return

    transitions.take(nomination, name, actor=actor, **_params(name))
    nomination.refresh_from_db()
    assert nomination.status == target
    event = AuditEvent.objects.get(action=f"nomination.{name}")
    assert (event.from_state, event.to_state) == (state, target)
    assert AuditEvent.objects.count() == before + 1
    if name in REASONED:
        assert event.reason == "as the rules require"


def test_states_in_the_tables_are_the_models_states():
    assert sorted(POST_STATES) == sorted(Post.Status.values)
    assert sorted(NOMINATION_STATES) == sorted(Nomination.Status.values)


@pytest.fixture
def proposed_shortlist(executive):
    post = factories.PostFactory(status="shortlisting")
    eligible = factories.NominationFactory(post=post, status="eligible")
    proposal = ShortlistProposal.objects.create(post=post, proposed_by=executive)
    proposal.nominations.add(eligible)
    return post


@pytest.mark.django_db
def test_only_another_executive_is_offered_the_approval(
    proposed_shortlist, executive, other_executive
):
    def offered(user):
        return [t.name for t in transitions.available(proposed_shortlist, user)]

    assert "approve_shortlist" not in offered(executive)
    assert "approve_shortlist" in offered(other_executive)


@pytest.mark.django_db
@pytest.mark.parametrize("pending", ["received", "incomplete", "late", "complete"])
def test_approve_shortlist_is_refused_while_a_nomination_waits(
    proposed_shortlist, other_executive, pending
):
    factories.NominationFactory(post=proposed_shortlist, status=pending)
    assert "approve_shortlist" not in [
        t.name for t in transitions.available(proposed_shortlist, other_executive)
    ]
    with pytest.raises(TransitionError) as refused:
        transitions.take(proposed_shortlist, "approve_shortlist", actor=other_executive)
    assert refused.value.kind == TransitionError.CONFLICT
    proposed_shortlist.refresh_from_db()
    assert proposed_shortlist.status == "shortlisting"
    assert not AuditEvent.objects.filter(action="post.approve_shortlist").exists()
