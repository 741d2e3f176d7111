import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from nominations.models import Candidate, Nomination, NoteVerbale
from notifications.models import OutgoingMessage
from tests import factories
from tests.api.conftest import client_for
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
    # The mission gets one acknowledgement of receipt for its note, citing both posts.
    (ack,) = OutgoingMessage.objects.filter(kind="acknowledgement")
    assert ack.to == ["mission-fra@missions.test"]
    assert sorted(ack.note_verbale.posts.all(), key=lambda p: p.pk) == posts


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


# Duplicates (README, "Duplicates"): a candidate's details belong to the state that sent them.


def _submission(post, **candidate):
    details = {"full_name": "Ana Pereira", "email": "ana@example.test", "nationality": "MEX"}
    details.update(candidate)
    return {
        "post": post.pk,
        "candidate": details,
        "note_verbale": {"reference": "NV/2026/1", "channel": "email"},
    }


def _values(body):
    if isinstance(body, dict):
        for key, value in body.items():
            yield key, value
            yield from _values(value)
    elif isinstance(body, list):
        for item in body:
            yield from _values(item)


@pytest.fixture
def two_missions(member_states):
    che = factories.MemberStateFactory(code="CHE")
    return {
        "FRA": client_for(factories.account("mission", member_state=member_states["FRA"])),
        "CHE": client_for(factories.account("mission", member_state=che)),
    }


@pytest.fixture
def fra_nominated(two_missions):
    post = factories.PostFactory(status="open")
    response = two_missions["FRA"].post(
        "/api/v1/nominations/",
        _submission(
            post,
            phone="+33 6 12 34 56 78",
            date_of_birth="1970-04-02",
            postal_address="12 rue de Varenne, Paris",
        ),
        format="json",
    )
    assert response.status_code == 201, response.content
    return post, Nomination.objects.get(pk=response.json()["id"])


@pytest.mark.django_db
def test_another_state_nominating_the_same_person_gets_a_plain_201_with_its_own_details(
    two_missions, fra_nominated
):
    post, fra = fra_nominated
    response = two_missions["CHE"].post(
        "/api/v1/nominations/", _submission(post, phone="+41 22 555 00 00"), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["member_state"] == "CHE"
    assert body["candidate"] == {
        "full_name": "Ana Pereira",
        "email": "ana@example.test",
        "phone": "+41 22 555 00 00",
        "nationality": "MEX",
        "gender": "undisclosed",
        "date_of_birth": None,
        "postal_address": "",
        "languages": [],
    }
    # Nothing of France's nomination: not its id, not its details, not its state.
    assert body["id"] != fra.pk
    assert [k for k, v in _values(body) if v == fra.pk and k not in ("post", "call")] == []
    for secret in ("FRA", "+33 6 12 34 56 78", "1970-04-02", "rue de Varenne"):
        assert secret not in response.content.decode()
    che = Nomination.objects.get(pk=body["id"])
    assert che.candidate_id != fra.candidate_id
    assert che.candidate.member_state.code == "CHE"


@pytest.mark.django_db
def test_neither_mission_reads_the_other_states_details(two_missions, fra_nominated):
    post, fra = fra_nominated
    che_id = (
        two_missions["CHE"]
        .post("/api/v1/nominations/", _submission(post, phone="+41 22 555 00 00"), format="json")
        .json()["id"]
    )
    fra_list = two_missions["FRA"].get("/api/v1/nominations/")
    assert [n["id"] for n in fra_list.json()["results"]] == [fra.pk]
    assert fra_list.json()["results"][0]["candidate"]["phone"] == "+33 6 12 34 56 78"
    assert "+41 22 555 00 00" not in fra_list.content.decode()
    assert two_missions["FRA"].get(f"/api/v1/nominations/{che_id}/").status_code == 404
    assert two_missions["CHE"].get(f"/api/v1/nominations/{fra.pk}/").status_code == 404
    che_view = two_missions["CHE"].get(f"/api/v1/nominations/{che_id}/").json()
    assert che_view["candidate"]["phone"] == "+41 22 555 00 00"
    assert che_view["candidate"]["date_of_birth"] is None
    # Neither history shows that another state nominated the same person.
    for client, pk in ((two_missions["FRA"], fra.pk), (two_missions["CHE"], che_id)):
        history = client.get(f"/api/v1/nominations/{pk}/history/").json()
        assert [event["action"] for event in history] == ["nomination.log"]


@pytest.mark.django_db
def test_the_secretariat_sees_the_same_person_nominated_by_two_states(
    two_missions, fra_nominated, member_states
):
    post, fra = fra_nominated
    che_id = (
        two_missions["CHE"]
        .post("/api/v1/nominations/", _submission(post), format="json")
        .json()["id"]
    )
    # A namesake with another e-mail is another person: not flagged.
    namesake = log_nomination(
        actor=factories.account("secretariat"),
        note=_note(member_states["KEN"]),
        candidate=_person(member_states["KEN"], email="ana.pereira@example.ke"),
        posts=[post],
    )[0]

    flagged = Nomination.objects.cross_state_matches().order_by("id")
    assert list(flagged.values_list("id", flat=True)) == [fra.pk, che_id]
    assert list(fra.by_other_states().values_list("id", flat=True)) == [che_id]
    assert not namesake.by_other_states().exists()
    event = AuditEvent.objects.get(action="candidate.cross_state_match")
    assert event.object_id == str(Nomination.objects.get(pk=che_id).candidate_id)
    assert event.details == {
        "nominations": [che_id],
        "member_state": "CHE",
        "matches": [fra.pk],
        "other_member_states": ["FRA"],
    }


@pytest.mark.django_db
def test_the_same_state_twice_is_a_409_naming_its_own_nomination(two_missions, fra_nominated):
    post, fra = fra_nominated
    first = two_missions["CHE"].post("/api/v1/nominations/", _submission(post), format="json")
    again = _submission(post, full_name="  ANA  Péreira ", email="ANA@example.test")
    response = two_missions["CHE"].post("/api/v1/nominations/", again, format="json")
    assert response.status_code == 409
    body = response.json()
    che_id = first.json()["id"]
    assert body["errors"] == {"existing_nomination": [str(che_id)]}
    assert body["message"] == (
        f"CHE has already nominated Ana Pereira for {post.title} (nomination {che_id})"
    )
    assert che_id != fra.pk
    assert Nomination.objects.filter(member_state__code="CHE").count() == 1


@pytest.mark.django_db
def test_namesakes_of_one_state_are_told_apart_by_e_mail_or_birth_date(secretariat, member_states):
    post = factories.PostFactory()
    state = member_states["FRA"]

    def log(**details):
        person = CandidateDetails(full_name="Jean Martin", nationality=state, **details)
        return log_nomination(actor=secretariat, note=_note(state), candidate=person, posts=[post])

    log()
    with pytest.raises(TransitionError) as refused:
        log()  # neither e-mail nor birth date: taken for the same person
    assert refused.value.kind == TransitionError.CONFLICT
    log(date_of_birth=datetime.date(1971, 5, 6))
    log(date_of_birth=datetime.date(1980, 1, 2))
    log(email="jean.martin@example.fr")
    assert post.nominations.count() == 4
    assert Candidate.objects.filter(member_state=state).count() == 4


@pytest.mark.django_db
def test_the_database_holds_one_record_and_one_nomination_per_person_post_and_state(
    member_states,
):
    nomination = factories.NominationFactory()
    person = nomination.candidate
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.create(
            member_state=person.member_state,
            full_name=person.full_name.upper(),
            email=person.email,
            nationality=person.nationality,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(
            post=nomination.post,
            member_state=nomination.member_state,
            candidate=person,
            note_verbale=nomination.note_verbale,
        )
    # Another state's record of the same person is its own.
    Candidate.objects.create(
        member_state=member_states["KEN"],
        full_name=person.full_name,
        email=person.email,
        nationality=person.nationality,
    )


# Item 7: once shortlisting has begun, a post takes no nomination.


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["shortlisting", "shortlisted"])
def test_logging_into_a_post_being_or_already_shortlisted_is_refused(
    secretariat, member_states, status
):
    post = factories.PostFactory(status=status, title="DDG Operations")
    state = member_states["FRA"]
    with pytest.raises(TransitionError) as refused:
        log_nomination(actor=secretariat, note=_note(state), candidate=_person(state), posts=[post])
    assert refused.value.kind == TransitionError.CONFLICT
    assert str(refused.value) == f"these posts take no nominations now: DDG Operations ({status})"
    assert not Nomination.objects.exists()
    assert not NoteVerbale.objects.exists()


@pytest.mark.django_db
def test_the_api_answers_409_for_a_post_in_shortlisting(secretariat, member_states):
    post = factories.PostFactory(status="shortlisting", title="DDG Management")
    payload = _submission(post)
    payload["member_state"] = "FRA"
    payload["note_verbale"]["received_at"] = timezone.now().isoformat()
    response = client_for(secretariat).post("/api/v1/nominations/", payload, format="json")
    assert response.status_code == 409
    assert response.json()["message"] == (
        "these posts take no nominations now: DDG Management (shortlisting)"
    )
