"""When reminders fall due: the rows the sweep will find, written by the transitions that
make them due (workflows/effects.py), in the same transaction.

Times are Geneva wall-clock times: "7 days before" a deadline at midnight is midnight
seven calendar days earlier in Geneva, whatever the UTC offset was then, so a DST change
in between moves the UTC instant by an hour. A point already past when it is scheduled is
never written (issuing a call ten days before its deadline sends no 14-day reminder).
"""

import datetime

from django.conf import settings
from django.utils import timezone

from workflows.deadlines import seat_zone

from .models import DuePoint

NOT_NOMINATED = "not_nominated"
INCOMPLETE = "incomplete"
ASSESSMENTS_DUE = "assessments_due"


def days_before(moment, days):
    """The same Geneva wall-clock time ``days`` calendar days before ``moment``."""
    return days_after(moment, -days)


def days_after(moment, days):
    local = moment.astimezone(seat_zone())
    day = local.date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, local.time(), tzinfo=seat_zone())


def _write(points):
    # A point scheduled twice (two posts of a call issued at one deadline, a retried
    # transaction) is the same row: the key is unique and a second insert does nothing.
    DuePoint.objects.bulk_create(points, ignore_conflicts=True)


def not_nominated(post, now=None):
    """The reminders to the states that have not nominated, before ``post``'s deadline
    at its call's offsets (Call.reminder_days): on issue, extension and reopening."""
    now = now or timezone.now()
    call, deadline = post.call, post.deadline
    points = []
    for days in call.reminder_days:
        due_at = days_before(deadline, days)
        if due_at <= now:
            continue
        label = f"{post.deadline_date.isoformat()}-{days}d"
        points.append(
            DuePoint(
                key=f"{NOT_NOMINATED}:{call.pk}:{label}",
                kind=NOT_NOMINATED,
                label=label,
                call=call,
                due_at=due_at,
                send_by=deadline,
            )
        )
    _write(points)


def reschedule(call, now=None):
    """The call's reminder days changed: its points still to come follow the new days
    (those already due are left to the sweep). Call before the change's audit event: it
    deletes rows (workflows/audit.py's lock order)."""
    from nominations.models import Post

    now = now or timezone.now()
    DuePoint.objects.filter(
        call=call, kind=NOT_NOMINATED, done_at__isnull=True, due_at__gt=now
    ).delete()
    for post in call.posts.filter(status=Post.Status.OPEN, deadline__gt=now):
        not_nominated(post, now)


def incomplete_point(nomination, after):
    """The next reminder about an incomplete nomination, NOMINA_INCOMPLETE_REMINDER_DAYS
    after ``after``; None when it would fall on or after the post's deadline."""
    deadline = nomination.post.deadline
    due_at = days_after(after, settings.NOMINA_INCOMPLETE_REMINDER_DAYS)
    if deadline is None or due_at >= deadline:
        return None
    label = due_at.astimezone(seat_zone()).date().isoformat()
    return DuePoint(
        key=f"{INCOMPLETE}:{nomination.pk}:{label}",
        kind=INCOMPLETE,
        label=label,
        nomination=nomination,
        due_at=due_at,
        send_by=deadline,
    )


def incomplete(nomination, now=None):
    """The first reminder after a nomination is marked incomplete; the sweep writes each
    next one when it sends one, until the nomination is complete or its post closes."""
    point = incomplete_point(nomination, now or timezone.now())
    if point is not None:
        _write([point])


def assessments_due(nomination, now=None):
    """When ``nomination`` is screened eligible: its assessments are due
    NOMINA_ASSESSMENT_DAYS later, and the members who have not submitted theirs are
    reminded NOMINA_ASSESSMENT_REMINDER_DAYS before."""
    now = now or timezone.now()
    send_by = days_after(now, settings.NOMINA_ASSESSMENT_DAYS)
    due_at = days_before(send_by, settings.NOMINA_ASSESSMENT_REMINDER_DAYS)
    label = send_by.astimezone(seat_zone()).date().isoformat()
    _write(
        [
            DuePoint(
                key=f"{ASSESSMENTS_DUE}:{nomination.pk}:{label}",
                kind=ASSESSMENTS_DUE,
                label=label,
                nomination=nomination,
                due_at=due_at,
                send_by=send_by,
            )
        ]
    )
