"""The Secretariat's reference series: EO/nnn/yyyy, a counter per year that never repeats
nor skips a number, also under concurrency and across a failed transaction."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction

from nominations.models import NoteReferenceCounter, NoteVerbale
from notifications.notes import references
from tests import factories
from workflows import audit, transitions
from workflows.intake import CandidateDetails, IncomingNote, log_nomination

GENEVA = ZoneInfo("Europe/Zurich")
THREADS = 20


class Boom(Exception):
    pass


def _outgoing_references():
    return list(
        NoteVerbale.objects.filter(direction="outgoing")
        .order_by("pk")
        .values_list("reference", flat=True)
    )


def _series(year, numbers):
    return [f"EO/{number:03d}/{year}" for number in numbers]


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_notes_get_twenty_distinct_consecutive_numbers(postgres, secretariat):
    """Twenty missions' notes logged at the same moment: each acknowledgement is numbered
    in its own transaction, and the numbers are 1 to 20, each once."""
    post = factories.PostFactory(status="open")
    states = [factories.MemberStateFactory(code=f"Q{n:02d}") for n in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors = []

    def log(state):
        try:
            barrier.wait()
            log_nomination(
                actor=secretariat,
                note=IncomingNote(
                    member_state=state,
                    channel="email",
                    received_at=datetime.datetime.now(tz=GENEVA),
                    reference=f"NV/{state.code}",
                ),
                candidate=CandidateDetails(full_name=f"Candidate {state.code}", nationality=state),
                posts=[post],
            )
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=log, args=(state,)) for state in states]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    year = references.note_date().year
    assert sorted(_outgoing_references()) == _series(year, range(1, THREADS + 1))
    assert NoteReferenceCounter.objects.get(series="EO", year=year).last == THREADS
    assert audit.first_broken_event() is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_blocks_of_numbers_never_overlap_and_leave_no_gap(postgres):
    """A call note to many missions takes a block of numbers in one update; blocks taken at
    once by twenty transactions tile the series exactly."""
    sizes = [(n % 5) + 1 for n in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    blocks, errors = [], []
    day = datetime.date(2026, 12, 1)

    def take(size):
        try:
            barrier.wait()
            with transaction.atomic():
                blocks.append(references.allocate(size, on=day))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(size,)) for size in sizes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(len(block) for block in blocks) == sorted(sizes)
    numbers = [int(reference.split("/")[1]) for block in blocks for reference in block]
    assert sorted(numbers) == list(range(1, sum(sizes) + 1))
    for block in blocks:  # each block is consecutive
        first = int(block[0].split("/")[1])
        assert block == _series(2026, range(first, first + len(block)))


@pytest.mark.django_db
def test_a_rolled_back_transaction_leaves_no_gap(secretariat, member_states):
    first = factories.PostFactory(status="draft")
    with pytest.raises(Boom), transaction.atomic():
        transitions.take(first, "issue_call", actor=secretariat)
        assert len(_outgoing_references()) == 3  # numbered, then rolled back
        raise Boom

    assert _outgoing_references() == []
    transitions.take(factories.PostFactory(status="draft"), "issue_call", actor=secretariat)
    year = references.note_date().year
    assert sorted(_outgoing_references()) == _series(year, [1, 2, 3])


@pytest.mark.django_db
def test_a_refused_logging_gives_its_number_back(secretariat, member_states):
    """The same candidate twice for one post is refused after the counter was locked: the
    next note still gets the next number."""
    post = factories.PostFactory(status="open")
    state = member_states["FRA"]

    def log(name):
        return log_nomination(
            actor=secretariat,
            note=IncomingNote(
                member_state=state,
                channel="email",
                received_at=datetime.datetime.now(tz=GENEVA),
                reference="NV/1",
            ),
            candidate=CandidateDetails(full_name=name, nationality=state),
            posts=[post],
        )

    log("Ana Pereira")
    with pytest.raises(Exception, match="already nominated"):
        log("Ana Pereira")
    log("Louis Martin")

    year = references.note_date().year
    assert _outgoing_references() == _series(year, [1, 2])


@pytest.mark.django_db
def test_numbers_are_zero_padded_to_three_and_grow_wider_after_999():
    day = datetime.date(2026, 6, 1)
    NoteReferenceCounter.objects.create(series="EO", year=2026, last=998)
    with transaction.atomic():
        assert references.allocate(3, on=day) == ["EO/999/2026", "EO/1000/2026", "EO/1001/2026"]


@pytest.mark.django_db
def test_each_year_counts_from_one_by_the_date_in_geneva(secretariat, member_states):
    """31 December 2026, 23:30 UTC is already 1 January 2027 in Geneva."""
    NoteReferenceCounter.objects.create(series="EO", year=2026, last=41)
    with time_machine.travel(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)):
        post = factories.PostFactory(status="draft", deadline_date=datetime.date(2027, 2, 1))
        transitions.take(post, "issue_call", actor=secretariat)
    assert sorted(_outgoing_references()) == _series(2027, [1, 2, 3])
    assert set(NoteVerbale.objects.values_list("dated_on", flat=True)) == {
        datetime.date(2027, 1, 1)
    }
    assert NoteReferenceCounter.objects.get(year=2026).last == 41


@pytest.mark.django_db
def test_the_series_prefix_is_a_setting(settings):
    settings.NOMINA_NOTE_SERIES = "SG"
    with transaction.atomic():
        assert references.allocate(2, on=datetime.date(2026, 3, 1)) == [
            "SG/001/2026",
            "SG/002/2026",
        ]
    assert NoteReferenceCounter.objects.get().series == "SG"


@pytest.mark.django_db(transaction=True)
def test_numbers_are_taken_only_inside_a_transaction():
    """Outside one, a number would be committed before its note: a failed note would
    leave a gap."""
    with pytest.raises(RuntimeError, match="inside the transaction"):
        references.allocate(1, on=datetime.date(2026, 3, 1))
