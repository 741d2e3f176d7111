"""The reminder sweep, run by beat every minute (reminders.tasks.send_due_reminders).

Rows are claimed with ``select_for_update(skip_locked=True)``: two sweeps at once share
the due rows between them, never handle one twice. A row whose deadline (``send_by``) has
passed expires unsent. A handler that fails leaves its rows due (their attempts counted)
for the next sweep; its messages are rolled back with it, and their idempotency keys
make a retry send each one once.
"""

import logging
from itertools import groupby

from django.db import transaction
from django.utils import timezone

from workflows import audit

from .kinds import KINDS
from .models import DuePoint

logger = logging.getLogger(__name__)

BATCH = 500


def _handle(kind, rows, now):
    handler = KINDS.get(kind)
    if handler is None:
        logger.error("No handler for reminders of kind %r: %d rows wait", kind, len(rows))
        return []
    try:
        with transaction.atomic():
            return handler(rows, now) or []
    except Exception as error:
        logger.exception("Reminders of kind %r failed; they stay due", kind)
        for row in rows:
            row.outcome, row.sent = DuePoint.Outcome.PENDING, 0
            row.attempts += 1
            row.last_error = type(error).__name__
        return []


def _save(rows):
    """Store what the sweep did to ``rows``: one UPDATE per distinct result, since rows
    mostly share theirs (bulk_update's CASE per row costs seconds at a thousand rows)."""
    fields = ["done_at", "outcome", "sent", "attempts", "last_error"]
    groups = {}
    for row in rows:
        groups.setdefault(tuple(getattr(row, name) for name in fields), []).append(row.pk)
    for values, pks in groups.items():
        DuePoint.objects.filter(pk__in=pks).update(**dict(zip(fields, values, strict=True)))


def _record(rows):
    """The reminders a batch queued, on the audit log, last in its transaction (the lock
    order of workflows/audit.py). It is also what tells the cached pages (the notes list)
    that new notes verbales exist (workflows/data_version.py)."""
    sent = {}
    for row in rows:
        if row.sent:
            sent[row.kind] = sent.get(row.kind, 0) + row.sent
    if sent:
        audit.record("reminders.sent", actor=None, details={"messages": sent})


def sweep(now=None):
    """Handle every reminder due at ``now``; return {outcome: rows} of this sweep."""
    now = now or timezone.now()
    tally = {}
    last = 0
    while True:
        with transaction.atomic():
            rows = list(
                DuePoint.objects.select_for_update(skip_locked=True)
                .filter(done_at__isnull=True, due_at__lte=now, pk__gt=last)
                .order_by("pk")[:BATCH]
            )
            if not rows:
                return tally
            last = rows[-1].pk
            live = []
            for row in rows:
                if row.send_by <= now:
                    row.outcome = DuePoint.Outcome.EXPIRED
                else:
                    live.append(row)
            following = []
            live.sort(key=lambda row: (row.kind, row.pk))
            for kind, group in groupby(live, key=lambda row: row.kind):
                following += _handle(kind, list(group), now)
            for row in rows:
                if row.outcome:
                    row.done_at = now
                    tally[row.outcome] = tally.get(row.outcome, 0) + 1
            _save(rows)
            DuePoint.objects.bulk_create(following, ignore_conflicts=True)
            _record(rows)
