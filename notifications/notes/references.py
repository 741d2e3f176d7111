"""The Secretariat's reference series: EO/001/2026, EO/002/2026, ..., one counter a year.

Numbers come from a counter row locked in the caller's transaction: a note rolled back
gives its number back (no gap), and the lock makes the next numbering transaction wait
(no repeat). The counter is the last row lock a writing transaction takes, after the
objects it changes and before its first audit event (the lock order of
workflows/audit.py): ``lock()`` takes it at that point for a transaction that numbers
its notes only after recording.
"""

from django.conf import settings
from django.db import connection
from django.utils import timezone

from nominations.models import NoteReferenceCounter
from workflows.deadlines import seat_zone


def note_date():
    """The date an outgoing note bears: today at the Secretariat's seat."""
    return timezone.localdate(timezone=seat_zone())


def format_reference(number, year, series=None):
    return f"{series or settings.NOMINA_NOTE_SERIES}/{number:03d}/{year}"


def _counter(year):
    if not connection.in_atomic_block:
        raise RuntimeError("Note references are taken inside the transaction of their notes.")
    series = settings.NOMINA_NOTE_SERIES
    counters = NoteReferenceCounter.objects.select_for_update()
    counter = counters.filter(series=series, year=year).first()
    if counter is None:
        # The first note of the year: a simultaneous first insert waits for this one's
        # transaction, then finds the row.
        NoteReferenceCounter.objects.bulk_create(
            [NoteReferenceCounter(series=series, year=year)], ignore_conflicts=True
        )
        counter = counters.get(series=series, year=year)
    return counter


def lock(on=None):
    """Take the counter's lock now (see the module's docstring), numbering nothing yet."""
    _counter((on or note_date()).year)


def allocate(count, *, on):
    """``count`` consecutive references for notes dated ``on``, in one update."""
    if count <= 0:
        return []
    counter = _counter(on.year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [format_reference(number, on.year) for number in range(first, first + count)]
