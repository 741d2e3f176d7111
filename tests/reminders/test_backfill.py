"""``manage.py schedule_reminders`` writes the reminders missing for what is in progress:
a post issued, a nomination marked incomplete or screened eligible before reminders were
scheduled would otherwise never be reminded of. The sweep then sends them as any other."""

import datetime
import io

import pytest
from django.core.management import call_command

from reminders import schedule
from reminders.models import DuePoint
from tests import factories
from workflows.models import AuditEvent

from .conftest import at, geneva, issue

NOW = geneva(2026, 11, 1, 10)
DEADLINE = datetime.date(2026, 11, 30)  # closes 1 December, 00:00 in Geneva


def run(*args):
    out = io.StringIO()
    with at(NOW):
        call_command("schedule_reminders", *args, stdout=out)
    return out.getvalue()


def keys(kind=None):
    rows = DuePoint.objects.all() if kind is None else DuePoint.objects.filter(kind=kind)
    return sorted(rows.values_list("key", flat=True))


@pytest.fixture
def unscheduled(db):
    """As a release without reminders left them: an open post, an incomplete nomination
    of it, an eligible nomination of a post in shortlisting; no due point at all."""
    post = factories.PostFactory(
        status="open", deadline_date=DEADLINE, call__deadline_date=DEADLINE
    )
    incomplete = factories.NominationFactory(post=post, status="incomplete")
    shortlisting = factories.PostFactory(status="shortlisting")
    eligible = factories.NominationFactory(post=shortlisting, status="eligible")
    assert not DuePoint.objects.exists()
    return {"post": post, "incomplete": incomplete, "eligible": eligible}


def test_check_says_what_is_missing_and_writes_nothing(unscheduled):
    out = run("--check")

    assert "1 missing: open posts" in out
    assert "1 missing: incomplete nominations" in out
    assert "1 missing: eligible nominations" in out
    assert not DuePoint.objects.exists()


def test_it_writes_what_the_transitions_would_have_written_once(unscheduled):
    call = unscheduled["post"].call

    out = run()

    # 14, 7 and 1 days before: all still to come on 1 November.
    assert keys(schedule.NOT_NOMINATED) == [
        f"not_nominated:{call.pk}:2026-11-30-14d",
        f"not_nominated:{call.pk}:2026-11-30-1d",
        f"not_nominated:{call.pk}:2026-11-30-7d",
    ]
    (reminder,) = DuePoint.objects.filter(kind=schedule.INCOMPLETE)
    assert reminder.nomination == unscheduled["incomplete"] and reminder.due_at > NOW
    (due,) = DuePoint.objects.filter(kind=schedule.ASSESSMENTS_DUE)
    assert due.nomination == unscheduled["eligible"]
    assert "1 scheduled: open posts" in out
    (event,) = AuditEvent.objects.filter(action="reminders.backfill")
    assert event.details == {"not_nominated": 1, "incomplete": 1, "assessments_due": 1}

    before = keys()
    assert "Nothing is missing." in run()
    assert keys() == before
    assert AuditEvent.objects.filter(action="reminders.backfill").count() == 1


def test_what_the_transitions_scheduled_is_left_as_it_is(db, secretariat):
    issue(secretariat, DEADLINE, NOW - datetime.timedelta(days=20))
    scheduled = keys()
    assert scheduled  # issue_call wrote its points

    assert "Nothing is missing." in run()
    assert keys() == scheduled


def test_a_point_already_past_is_not_written(db):
    factories.PostFactory(
        status="open",
        deadline_date=datetime.date(2026, 11, 5),
        call__deadline_date=datetime.date(2026, 11, 5),
    )

    run()

    # Only the 1-day point (4 November) is still to come on 1 November.
    assert [key.rsplit(":", 1)[1] for key in keys()] == ["2026-11-05-1d"]


def test_closed_posts_and_settled_nominations_need_nothing(db):
    closed = factories.PostFactory(status="closed")
    factories.NominationFactory(post=closed, status="incomplete")
    factories.NominationFactory(post__status="shortlisting", status="complete")

    assert "Nothing is missing." in run()
    assert not DuePoint.objects.exists()
