"""Several candidates from ONE note verbale: intake.log_nominations creates the note once."""

import datetime

import pytest
from django.utils import timezone

from nominations.models import Candidate, Nomination, NoteVerbale
from notifications.models import OutgoingMessage
from tests import factories
from workflows.errors import TransitionError
from workflows.intake import CandidateDetails, IncomingNote, log_nominations
from workflows.models import AuditEvent


def _note(state):
    received = timezone.now() - datetime.timedelta(hours=2)
    return IncomingNote(member_state=state, channel="hand", reference="NV/9", received_at=received)


def _person(state, name, email):
    return CandidateDetails(full_name=name, nationality=state, email=email)


@pytest.mark.django_db
def test_two_candidates_from_one_note_share_its_row(secretariat, member_states):
    state = member_states["FRA"]
    first, second = factories.PostFactory.create_batch(2, call=factories.CallFactory())

    created = log_nominations(
        actor=secretariat,
        note=_note(state),
        entries=[
            (_person(state, "Ana Pereira", "ana@example.test"), [first, second]),
            (_person(state, "Louis Martin", "louis@example.test"), [second]),
        ],
    )

    assert [[n.post for n in rows] for rows in created] == [[first, second], [second]]
    assert NoteVerbale.objects.filter(direction="incoming").count() == 1
    assert {n.note_verbale_id for rows in created for n in rows} == {
        NoteVerbale.objects.get(direction="incoming").pk
    }
    assert AuditEvent.objects.filter(action="nomination.log").count() == 3


@pytest.mark.django_db
def test_a_refused_second_candidate_leaves_nothing_of_the_first(secretariat, member_states):
    state = member_states["FRA"]
    post = factories.PostFactory()
    existing = factories.NominationFactory(
        post=post,
        member_state=state,
        candidate__full_name="Louis Martin",
        candidate__email="louis@example.test",
    )
    counts = [m.objects.count() for m in (NoteVerbale, Candidate, Nomination, AuditEvent)]

    with pytest.raises(TransitionError) as refused:
        log_nominations(
            actor=secretariat,
            note=_note(state),
            entries=[
                (_person(state, "Ana Pereira", "ana@example.test"), [post]),
                (_person(state, "Louis Martin", "louis@example.test"), [post]),
            ],
        )

    assert refused.value.field_errors["existing_nomination"] == [str(existing.pk)]
    assert [m.objects.count() for m in (NoteVerbale, Candidate, Nomination, AuditEvent)] == counts
    assert not OutgoingMessage.objects.exists()


@pytest.mark.django_db
def test_an_entry_without_a_post_is_refused(secretariat, member_states):
    state = member_states["FRA"]
    with pytest.raises(TransitionError) as refused:
        log_nominations(
            actor=secretariat,
            note=_note(state),
            entries=[(_person(state, "Ana Pereira", "ana@example.test"), [])],
        )
    assert refused.value.kind == TransitionError.INVALID
    assert not NoteVerbale.objects.exists()
