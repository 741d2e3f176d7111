"""The sweep runs every registered kind: the extension point the executive office's
"assessments due" reminders will use."""

import datetime
import logging
import threading

import pytest
from django.db import connection

from notifications.models import OutgoingMessage
from reminders import kinds
from reminders.models import DuePoint
from tests import factories
from tests.reminders.conftest import at, geneva, issue, sweep_at

NOW = geneva(2024, 3, 20, 9)


def point(kind, key="probe:1"):
    return DuePoint.objects.create(
        key=key,
        kind=kind,
        label="2024-03-20",
        due_at=NOW - datetime.timedelta(minutes=1),
        send_by=NOW + datetime.timedelta(days=3),
    )


@pytest.mark.django_db
def test_a_registered_kind_is_swept_with_its_due_rows(monkeypatch):
    seen = []

    def handler(rows, now):
        seen.append(([row.key for row in rows], now))
        for row in rows:
            row.outcome, row.sent = DuePoint.Outcome.DONE, 2

    monkeypatch.setitem(kinds.KINDS, "assessments_due", handler)
    row = point("assessments_due")
    assert sweep_at(NOW) == {"done": 1}
    assert seen == [(["probe:1"], NOW)]
    row.refresh_from_db()
    assert (row.done_at, row.outcome, row.sent) == (NOW, "done", 2)


def test_the_kinds_of_this_issue_are_registered():
    assert set(kinds.KINDS) >= {"not_nominated", "incomplete"}


@pytest.mark.django_db
def test_a_row_of_an_unknown_kind_waits_and_is_logged(caplog):
    row = point("not_a_kind_yet")
    assert sweep_at(NOW) == {}
    row.refresh_from_db()
    assert row.done_at is None
    assert "No handler for reminders of kind 'not_a_kind_yet'" in caplog.text


@pytest.mark.django_db
def test_a_failing_handler_leaves_its_rows_due_and_queues_nothing(monkeypatch, secretariat, states):
    post = issue(secretariat, datetime.date(2024, 4, 2), geneva(2024, 3, 1, 9))

    def breaks(rows, now):
        kinds.remind_not_nominated(rows, now)  # queues four reminders...
        raise RuntimeError("the template engine fell over")  # ...then fails

    monkeypatch.setitem(kinds.KINDS, "not_nominated", breaks)
    logging.getLogger("reminders.sweep").disabled = True
    try:
        assert sweep_at(geneva(2024, 3, 20, 0, 1)) == {}
    finally:
        logging.getLogger("reminders.sweep").disabled = False
    assert OutgoingMessage.objects.filter(kind__startswith="reminder").count() == 0
    row = DuePoint.objects.get(call=post.call, label="2024-04-02-14d")
    assert (row.done_at, row.attempts, row.last_error) == (None, 1, "RuntimeError")
    # Mended, the next sweep sends them.
    monkeypatch.undo()
    assert sweep_at(geneva(2024, 3, 20, 0, 2)) == {"done": 1}
    assert OutgoingMessage.objects.filter(kind__startswith="reminder").count() == 4


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(postgres, secretariat, states):
    for day in (2, 3, 4):
        post = issue(secretariat, datetime.date(2024, 4, day), geneva(2024, 3, 1, 9))
        factories.NominationFactory(post=post, member_state=states["KEN"])
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(sweep_at_now())
        except Exception as error:  # noqa: BLE001 - asserted below
            errors.append(error)
        finally:
            connection.close()

    def sweep_at_now():
        from reminders import sweep

        return sweep.sweep()

    with at(geneva(2024, 3, 22, 0, 1)):  # the 14-day points of all three calls are due
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert sum(result.get("done", 0) for result in results) == 3
    assert OutgoingMessage.objects.filter(kind__startswith="reminder").count() == 3 * 3
    assert DuePoint.objects.filter(done_at__isnull=False).count() == 3


@pytest.mark.django_db
def test_a_sweep_that_queues_reminders_says_so_on_the_audit_log(secretariat, states):
    from workflows.models import AuditEvent

    issue(secretariat, datetime.date(2024, 4, 2), geneva(2024, 3, 1, 9))
    assert sweep_at(geneva(2024, 3, 10, 0)) == {}
    assert not AuditEvent.objects.filter(action="reminders.sent").exists()
    sweep_at(geneva(2024, 3, 20, 0))
    (event,) = AuditEvent.objects.filter(action="reminders.sent")
    queued = OutgoingMessage.objects.filter(kind="reminder_not_nominated").count()
    assert queued == 4  # the four addressed states, none has nominated
    assert event.details == {"messages": {"not_nominated": queued}}
