"""The kinds of reminder the sweep knows, each a handler over its due rows.

A handler is called as ``handler(rows, now)`` with the pending, locked, not yet expired
DuePoint rows of its kind that are due in one sweep, inside the sweep's transaction. It
queues its messages (notifications.notices, each under its own idempotency key) and sets
each row's ``outcome`` (and ``sent``); a row it leaves PENDING stays due for the next
sweep. It may return new DuePoint rows to write (the next point of a repeating reminder).

Executive office (the hook): the issue that brings assessments adds a kind here, e.g.
``@register("assessments_due")``, whose handler reminds the executive office members with
assessments due, and writes its DuePoint rows (``nomination`` set, ``send_by`` the date the
assessments are due) where assessments are assigned, as reminders/schedule.py does for the
two kinds below. Nothing else changes: the sweep runs every registered kind.
"""

from collections import defaultdict

from django.db.models import Exists, Max, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _

from nominations.models import Call, Document, Nomination, Post
from notifications import notices
from notifications.models import OutgoingMessage
from review import reminders as review_reminders
from workflows.models import AuditEvent

from . import recipients, schedule
from .models import DuePoint

KINDS = {}

Outcome = DuePoint.Outcome


def register(kind):
    def decorate(handler):
        KINDS[kind] = handler
        return handler

    return decorate


def _taken(keys):
    """The keys among ``keys`` already in the outbox, in one query: a replayed point skips
    them without rendering a message that the outbox would refuse anyway."""
    return set(
        OutgoingMessage.objects.filter(idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )


def _open_posts():
    return Prefetch("posts", queryset=Post.objects.filter(status=Post.Status.OPEN).order_by("id"))


@register(schedule.NOT_NOMINATED)
def remind_not_nominated(rows, now):
    """Per call and deadline, the latest point due goes to every addressed state that has
    not nominated; earlier points due in the same sweep are superseded by it."""
    groups = defaultdict(list)
    for row in rows:
        groups[(row.call_id, row.send_by)].append(row)
    calls = Call.objects.prefetch_related(_open_posts()).in_bulk({key[0] for key in groups})
    for (call_id, deadline), group in groups.items():
        *earlier, latest = sorted(group, key=lambda row: (row.due_at, row.pk))
        for row in earlier:
            row.outcome = Outcome.SUPERSEDED
        call = calls[call_id]
        if not any(post.deadline == deadline for post in call.posts.all()):
            latest.outcome = Outcome.MOOT  # closed, cancelled or moved to a new deadline
            continue
        states = recipients.not_nominated(call)
        keys = {s.pk: notices.not_nominated_key(call, s, latest.label) for s in states}
        taken = _taken(keys.values())
        for state in states:
            if keys[state.pk] in taken:
                continue
            message = notices.remind_not_nominated(
                call, state, due_point=latest.label, send_by=deadline
            )
            latest.sent += message is not None
        latest.outcome = Outcome.DONE


NO_CV = _("a curriculum vitae of the candidate")
NO_CONTACT = _("the candidate's e-mail address or telephone number")


def marked_incomplete(nominations):
    """When each nomination was marked incomplete and why (its latest such event), by id."""
    events = (
        AuditEvent.objects.filter(
            action="nomination.mark_incomplete",
            object_type="nominations.nomination",
            object_id__in=[str(nomination.pk) for nomination in nominations],
        )
        .order_by("id")
        .values_list("object_id", "created_at", "reason")
    )
    return {int(object_id): (at, reason) for object_id, at, reason in events}


def missing(nomination, marked=None):
    """What an incomplete nomination lacks, as the completeness rule checks it (a CV, the
    candidate's contact details). Where it lacks none of that, the Secretariat's own words
    when it marked it incomplete, unless a document has come since (the Secretariat has
    it to check: nothing to remind of): then an empty list."""
    items = []
    if not nomination.has_cv:
        items.append(NO_CV)
    if not nomination.candidate.has_contact_details:
        items.append(NO_CONTACT)
    if items or marked is None:
        return items
    marked_at, reason = marked
    upload = nomination.last_upload
    return [reason] if reason and (upload is None or upload < marked_at) else []


@register(schedule.INCOMPLETE)
def remind_incomplete(rows, now):
    """Every few days, to the mission of a nomination still incomplete while its post is
    open, saying what is missing; each reminder writes the next."""
    nominations = (
        Nomination.objects.select_related("post__call", "member_state", "candidate")
        .annotate(
            has_cv=Exists(
                Document.objects.filter(nomination=OuterRef("pk"), kind=Document.Kind.CV)
            ),
            last_upload=Max("documents__uploaded_at"),
        )
        .in_bulk([row.nomination_id for row in rows])
    )
    marked = marked_incomplete(nominations.values())
    taken = _taken([notices.incomplete_key(nominations[r.nomination_id], r.label) for r in rows])
    following = []
    for row in rows:
        nomination = nominations[row.nomination_id]
        post = nomination.post
        if nomination.status != Nomination.Status.INCOMPLETE or post.status != Post.Status.OPEN:
            row.outcome = Outcome.MOOT
            continue
        lacking = missing(nomination, marked.get(nomination.pk))
        if lacking and notices.incomplete_key(nomination, row.label) not in taken:
            message = notices.remind_incomplete(
                nomination, due_point=row.label, send_by=post.deadline, missing=lacking
            )
            row.sent = int(message is not None)
        row.outcome = Outcome.DONE
        following.append(schedule.incomplete_point(nomination, row.due_at))
    return [point for point in following if point is not None]


@register(schedule.ASSESSMENTS_DUE)
def remind_assessments_due(rows, now):
    """Per post and due date, one e-mail to each executive office member who has not
    submitted their assessment of its eligible nominations due then (leaving out those
    the member is excluded from). A nomination no longer eligible, or a post no longer in
    shortlisting, has nothing to remind of."""
    nominations = Nomination.objects.select_related("post__call", "candidate").in_bulk(
        [row.nomination_id for row in rows]
    )
    groups = defaultdict(list)
    for row in rows:
        nomination = nominations.get(row.nomination_id)
        if (
            nomination is None
            or nomination.status != Nomination.Status.ELIGIBLE
            or nomination.post.status != Post.Status.SHORTLISTING
        ):
            row.outcome = Outcome.MOOT
            continue
        groups[(nomination.post_id, row.label)].append(row)
    for (_post_id, label), group in groups.items():
        due = [nominations[row.nomination_id] for row in group]
        post = due[0].post
        send_by = min(row.send_by for row in group)
        by_member = review_reminders.due_by_member(due)
        taken = _taken([review_reminders.key(post, member, label) for member in by_member])
        sent = 0
        for member, pending in by_member.items():
            if review_reminders.key(post, member, label) in taken:
                continue
            message = review_reminders.remind(post, member, pending, label=label, send_by=send_by)
            sent += message is not None
        for row in group:
            row.outcome = Outcome.DONE
        group[0].sent = sent
