import threading

import pytest
from django.db import connection

from tests import factories
from workflows import audit, transitions
from workflows.errors import TransitionError
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
