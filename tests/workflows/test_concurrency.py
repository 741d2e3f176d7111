import threading

import pytest
import requests
from django.db import connection
from django.utils import timezone
from rest_framework.authtoken.models import Token

from nominations.models import Candidate, NoteVerbale
from tests import factories
from workflows import audit, transitions
from workflows.errors import TransitionError
from workflows.intake import CandidateDetails, IncomingNote, log_nomination
from workflows.models import AuditEvent

THREADS = 10


@pytest.mark.django_db(transaction=True)
def test_ten_threads_take_the_same_transition_once(postgres, secretariat):
    nomination = factories.NominationFactory(status="received")
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def attempt():
        try:
            barrier.wait()
            transitions.take(nomination, "withdraw", actor=secretariat, reason="declined")
            outcomes.append("taken")
        except TransitionError as error:
            outcomes.append(error.kind)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict"] * (THREADS - 1) + ["taken"]
    nomination.refresh_from_db()
    assert nomination.status == "withdrawn"
    assert AuditEvent.objects.filter(action="nomination.withdraw").count() == 1
    assert audit.first_broken_event() is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_of_different_rows_keep_one_chain(postgres, secretariat):
    nominations = factories.NominationFactory.create_batch(THREADS, status="received")
    barrier = threading.Barrier(THREADS)
    errors = []

    def attempt(nomination):
        try:
            barrier.wait()
            transitions.take(nomination, "mark_incomplete", actor=secretariat, reason="no CV")
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in nominations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AuditEvent.objects.filter(action="nomination.mark_incomplete").count() == THREADS
    assert audit.first_broken_event() is None


SUBMISSIONS = 20


def _at_once(count, attempt):
    barrier = threading.Barrier(count)
    outcomes = []

    def run():
        try:
            barrier.wait()
            outcomes.append(attempt())
        except TransitionError as error:
            outcomes.append(error.kind)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_submissions_of_one_person_make_one_nomination(
    postgres, secretariat, member_states
):
    post = factories.PostFactory(status="open")
    state = member_states["FRA"]

    def submit():
        log_nomination(
            actor=secretariat,
            note=IncomingNote(
                member_state=state, channel="email", received_at=timezone.now(), reference="NV/1"
            ),
            candidate=CandidateDetails(
                full_name="Ana Pereira", nationality=state, email="ana@example.test"
            ),
            posts=[post],
        )
        return "created"

    outcomes = _at_once(SUBMISSIONS, submit)

    assert sorted(outcomes) == ["conflict"] * (SUBMISSIONS - 1) + ["created"]
    assert post.nominations.count() == 1
    assert Candidate.objects.filter(member_state=state).count() == 1
    assert NoteVerbale.objects.filter(direction="incoming").count() == 1
    # One acknowledgement, numbered 1: the nineteen refused gave their numbers back.
    (acknowledgement,) = NoteVerbale.objects.filter(direction="outgoing")
    assert acknowledgement.reference == f"EO/001/{timezone.localdate().year}"
    assert AuditEvent.objects.filter(action="nomination.log").count() == 1
    assert audit.first_broken_event() is None


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_api_submissions_answer_one_201_and_nineteen_409(
    postgres, live_server, member_states
):
    post = factories.PostFactory(status="open")
    mission = factories.account("mission", member_state=member_states["FRA"])
    token = Token.objects.create(user=mission).key
    payload = {
        "post": post.pk,
        "candidate": {
            "full_name": "Ana Pereira",
            "email": "ana@example.test",
            "nationality": "FRA",
        },
        "note_verbale": {"reference": "NV/1"},
    }

    def submit():
        response = requests.post(
            f"{live_server.url}/api/v1/nominations/",
            json=payload,
            headers={"Authorization": f"Token {token}"},
            timeout=60,
        )
        return response.status_code

    outcomes = _at_once(SUBMISSIONS, submit)

    assert sorted(outcomes) == [201] + [409] * (SUBMISSIONS - 1)
    assert post.nominations.count() == 1
