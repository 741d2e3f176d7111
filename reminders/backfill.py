"""The reminders the database should hold for what is in progress now, written where they
are missing: posts issued, nominations marked incomplete or screened eligible before this
release scheduled reminders (or restored from a backup older than their points) would
otherwise never be reminded of. ``manage.py schedule_reminders``; running it again writes
nothing.

What a transition would have written is written now, with the same keys
(reminders/schedule.py), so a point that exists is never written twice. An incomplete
nomination or an eligible one that already has a point of its kind, handled or pending, is
left alone: its reminders follow from that point.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from nominations.models import Nomination, Post
from workflows import audit

from . import schedule
from .models import DuePoint


def missing(now=None):
    """What would be written now: {kind: [post or nomination]}."""
    now = now or timezone.now()
    open_posts = Post.objects.filter(status=Post.Status.OPEN, deadline__gt=now).select_related(
        "call"
    )

    def without(kind):
        return ~Exists(DuePoint.objects.filter(kind=kind, nomination=OuterRef("pk")))

    incomplete = Nomination.objects.filter(
        status=Nomination.Status.INCOMPLETE,
        post__status=Post.Status.OPEN,
        post__deadline__gt=now,
    ).filter(without(schedule.INCOMPLETE))
    eligible = Nomination.objects.filter(
        status=Nomination.Status.ELIGIBLE, post__status=Post.Status.SHORTLISTING
    ).filter(without(schedule.ASSESSMENTS_DUE))
    posts = [post for post in open_posts if _missing_points(post, now)]
    return {
        schedule.NOT_NOMINATED: posts,
        schedule.INCOMPLETE: list(incomplete.select_related("post")),
        schedule.ASSESSMENTS_DUE: list(eligible),
    }


def _missing_points(post, now):
    # The keys not_nominated() would write for the post, against those that exist.
    keys = {
        f"{schedule.NOT_NOMINATED}:{post.call_id}:{post.deadline_date.isoformat()}-{days}d"
        for days in post.call.reminder_days
        if schedule.days_before(post.deadline, days) > now
    }
    return keys - set(DuePoint.objects.filter(key__in=keys).values_list("key", flat=True))


def backfill(now=None):
    """Write what ``missing`` finds; return how many posts and nominations it was for."""
    now = now or timezone.now()
    with transaction.atomic():
        found = missing(now)
        for post in found[schedule.NOT_NOMINATED]:
            schedule.not_nominated(post, now)
        for nomination in found[schedule.INCOMPLETE]:
            schedule.incomplete(nomination, now)
        for nomination in found[schedule.ASSESSMENTS_DUE]:
            schedule.assessments_due(nomination, now)
        counts = {kind: len(objects) for kind, objects in found.items()}
        if any(counts.values()):
            audit.record("reminders.backfill", actor=None, details=counts)
    return counts
