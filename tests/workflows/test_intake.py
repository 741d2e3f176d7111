import datetime

import pytest
from django.utils import timezone

from nominations.models import Candidate, Nomination
from notifications.models import OutgoingMessage
from tests import factories
from workflows.errors import TransitionError
from workflows.intake import CandidateDetails, IncomingNote, log_nomination
from workflows.models import AuditEvent


def _note(state, **kwargs):
    kwargs.setdefault("received_at", timezone.now() - datetime.timedelta(hours=2))
    return IncomingNote(member_state=state, channel="email", reference="NV/1", **kwargs)


def _person(state, name="Ana Pereira", email="ana@example.test"):
    return CandidateDetails(full_name=name, nationality=state, email=email, gender="female")


@pytest.mark.django_db
def test_one_note_nominates_one_candidate_for_two_posts(secretariat, member_states):
    call = factories.CallFactory()
    posts = factories.PostFactory.create_batch(2, call=call)
    state = member_states["FRA"]
    created = log_nomination(
        actor=secretariat, note=_note(state), candidate=_person(state), posts=posts
    )
    assert [n.status for n in created] == ["received", "received"]
    assert len({n.note_verbale_id for n in created}) == 1
    assert Candidate.objects.count() == 1
    events = AuditEvent.objects.filter(action="nomination.log")
    assert sorted(e.object_id for e in events) == sorted(str(n.pk) for n in created)
    assert all(e.to_state == "received" and e.actor == secretariat for e in events)
    # The mission gets an acknowledgement of receipt for each nomination.
    acks = OutgoingMessage.objects.filter(kind="acknowledgement")
    assert acks.count() == 2
    assert acks.first().to == ["mission-fra@missions.test"]


@pytest.mark.django_db
def test_the_same_candidate_twice_for_one_post_is_a_conflict(secretariat, member_states):
    post = factories.PostFactory()
    state = member_states["FRA"]
    first = log_nomination(
        actor=secretariat, note=_note(state), candidate=_person(state), posts=[post]
    )[0]
    with pytest.raises(TransitionError) as refused:
        log_nomination(
            actor=secretariat,
            note=_note(state),
            candidate=_person(state, name="  ANA  Péreira ", email="ANA@example.test"),
            posts=[post],
        )
    assert refused.value.kind == TransitionError.CONFLICT
    assert str(first.pk) in str(refused.value)
    assert Nomination.objects.count() == 1


@pytest.mark.django_db
def test_secretariat_must_say_when_the_note_arrived(secretariat, member_states):
    state = member_states["FRA"]
    with pytest.raises(TransitionError) as refused:
        log_nomination(
            actor=secretariat,
            note=_note(state, received_at=None),
            candidate=_person(state),
            posts=[factories.PostFactory()],
        )
    assert refused.value.field_errors == {"received_at": ["This field is required."]}


@pytest.mark.django_db
def test_a_mission_submits_through_the_portal_now(mission, member_states):
    state = member_states["FRA"]
    long_ago = timezone.now() - datetime.timedelta(days=300)
    nomination = log_nomination(
        actor=mission,
        note=_note(state, received_at=long_ago),
        candidate=_person(state),
        posts=[factories.PostFactory()],
    )[0]
    assert nomination.note_verbale.channel == "portal"
    assert timezone.now() - nomination.note_verbale.received_at < datetime.timedelta(minutes=1)


@pytest.mark.django_db
def test_a_mission_cannot_submit_for_another_state(mission, member_states):
    state = member_states["KEN"]
    with pytest.raises(TransitionError) as refused:
        log_nomination(
            actor=mission,
            note=_note(state),
            candidate=_person(state),
            posts=[factories.PostFactory()],
        )
    assert refused.value.kind == TransitionError.FORBIDDEN
    assert not Nomination.objects.exists()


@pytest.mark.django_db
def test_a_mission_cannot_submit_to_a_closed_post(mission, member_states):
    state = member_states["FRA"]
    with pytest.raises(TransitionError) as refused:
        log_nomination(
            actor=mission,
            note=_note(state),
            candidate=_person(state),
            posts=[factories.PostFactory(status="closed")],
        )
    assert refused.value.kind == TransitionError.CONFLICT


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["executive", "auditor"])
def test_other_roles_cannot_log(role, member_states):
    state = member_states["FRA"]
    with pytest.raises(TransitionError) as refused:
        log_nomination(
            actor=factories.account(role),
            note=_note(state),
            candidate=_person(state),
            posts=[factories.PostFactory()],
        )
    assert refused.value.kind == TransitionError.FORBIDDEN
