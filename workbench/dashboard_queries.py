"""What the call dashboard reads, aggregated in the database.

The page costs the same number of queries whatever the number of nominations:

1. ``posts_with_counts``: the call's posts, each with one count per nomination state
   (``Count(filter=...)``, zeros included).
2. ``roster``: the addressed member states (``call.addressee_states()``), each annotated
   by correlated subqueries with its nominations for the call (in the running, late,
   withdrawn), the date of its last note and its response; filtered by response and
   region and ordered in SQL.
3. ``response_counts``: the same states grouped by response (``values() + Count``),
   for the filter's options and the headline "not answered".
4. ``nominated_posts``: the call's nominations in the running grouped by (state, post):
   rows are bounded by states x posts, whatever the number of nominations.
5. ``totals``: one ``aggregate()`` over the call's nominations: all, late waiting for a
   decision, missing a CV.
6. ``late_waiting``: the late nominations waiting for a decision (first ``LIST_LIMIT``).
7. ``missing_cv``: the nominations still missing a CV (first ``LIST_LIMIT``).
8. ``per_day``: nominations received per day in Geneva time (``TruncDate`` with the
   seat's zone), on time and late.
9. ``by_region``: nominations by the nominating state's region (``values() + Count``).
10. ``by_gender``: nominations by the candidate's gender (``values() + Count``).

An htmx request for the roster alone runs 2 to 4 only.
"""

import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from nominations.models import Candidate, Document, Nomination, NoteVerbale, Post
from nominations.models.choices import Region
from workflows.deadlines import seat_zone

LIST_LIMIT = 50
PER_DAY_SPAN = 120

# A nomination that has left the running: withdrawn, or late and not (or not yet) accepted.
WITHDRAWN = [Nomination.Status.WITHDRAWN]
LATE = [Nomination.Status.LATE, Nomination.Status.REJECTED]
OUT_OF_THE_RUNNING = WITHDRAWN + LATE
IN_THE_RUNNING = [s for s in Nomination.Status.values if s not in OUT_OF_THE_RUNNING]


class Response:
    """A member state's response to a call. A state with several nominations shows the
    first that applies, in this order (the page says so)."""

    NOMINATED = "nominated"
    LATE = "late"
    WITHDRAWN = "withdrawn"
    NOT_ANSWERED = "not_answered"

    # Value, label, how the page explains it; the order is the precedence.
    CHOICES = [
        (
            NOMINATED,
            _("Nominated"),
            _("at least one nomination in the running (a late one, once accepted, counts)"),
        ),
        (LATE, _("Late"), _("only nominations received after the deadline, not accepted")),
        (WITHDRAWN, _("Withdrawn"), _("every nomination it sent has been withdrawn")),
        (NOT_ANSWERED, _("Not answered"), _("no nomination received")),
    ]
    LABELS = {value: label for value, label, _explained in CHOICES}
    # Sorting by response puts those who have not answered first: whom to chase.
    SORT_ORDER = {NOT_ANSWERED: 0, LATE: 1, WITHDRAWN: 2, NOMINATED: 3}
    TAG_COLOURS = {NOMINATED: "green", LATE: "orange", WITHDRAWN: "grey", NOT_ANSWERED: "red"}


SORTS = {
    "name": ("name_en",),
    "response": ("response_order", "name_en"),
    "last_note": (F("last_note_at").desc(nulls_last=True), "name_en"),
}


def of_call(call):
    return Nomination.objects.filter(post__call=call)


def posts_with_counts(call):
    """The call's posts, each with ``count_<state>`` for every nomination state."""
    counts = {
        f"count_{state}": Count("nominations", filter=Q(nominations__status=state))
        for state in Nomination.Status.values
    }
    return list(
        Post.objects.filter(call=call)
        .order_by("id")
        .only("id", "title", "grade", "status", "deadline", "deadline_date")
        .annotate(count_total=Count("nominations"), **counts)
    )


def _count(call, **filters):
    """How many of a state's nominations for the call match, as a correlated subquery."""
    rows = (
        of_call(call)
        .filter(member_state=OuterRef("pk"), **filters)
        .order_by()
        .values("member_state")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _addressees_with_responses(call):
    last_note = (
        NoteVerbale.objects.filter(
            member_state=OuterRef("pk"), direction=NoteVerbale.Direction.INCOMING
        )
        .filter(Q(call=call) | Q(nominations__post__call=call))
        .order_by(F("received_at").desc(nulls_last=True))
        .values("received_at")[:1]
    )
    states = call.addressee_states().annotate(
        running=_count(call, status__in=IN_THE_RUNNING),
        late=_count(call, status__in=LATE),
        withdrawn=_count(call, status__in=WITHDRAWN),
        last_note_at=Subquery(last_note),
    )
    response = Case(
        When(running__gt=0, then=Value(Response.NOMINATED)),
        When(late__gt=0, then=Value(Response.LATE)),
        When(withdrawn__gt=0, then=Value(Response.WITHDRAWN)),
        default=Value(Response.NOT_ANSWERED),
    )
    order = Case(
        *[When(response=value, then=Value(rank)) for value, rank in Response.SORT_ORDER.items()],
        output_field=IntegerField(),
    )
    return states.annotate(response=response).annotate(response_order=order)


def roster(call, response="", region="", sort="name"):
    """The addressed member states with their response, filtered and ordered in SQL."""
    states = _addressees_with_responses(call)
    if response:
        states = states.filter(response=response)
    if region:
        states = states.filter(region=region)
    return list(
        states.order_by(*SORTS.get(sort, SORTS["name"])).only("id", "code", "name_en", "region")
    )


def response_counts(call):
    """{response: number of addressed states}, every response present."""
    rows = (
        _addressees_with_responses(call)
        .order_by()
        .values("response")
        .annotate(n=Count("pk", distinct=True))
    )
    counts = dict.fromkeys(Response.LABELS, 0)
    counts.update({row["response"]: row["n"] for row in rows})
    return counts


def nominated_posts(call):
    """{member state id: [(post id, how many)]} of the call's nominations in the running."""
    rows = (
        of_call(call)
        .filter(status__in=IN_THE_RUNNING)
        .order_by()
        .values("member_state_id", "post_id")
        .annotate(n=Count("pk"))
        .order_by("member_state_id", "post_id")
    )
    posts = {}
    for row in rows:
        posts.setdefault(row["member_state_id"], []).append((row["post_id"], row["n"]))
    return posts


def _has_cv():
    return Exists(Document.objects.filter(nomination=OuterRef("pk"), kind=Document.Kind.CV))


def _missing_cv():
    # Withdrawn and rejected nominations need no CV any more.
    return Q(~_has_cv()) & ~Q(status__in=[Nomination.Status.WITHDRAWN, Nomination.Status.REJECTED])


def totals(call):
    return of_call(call).aggregate(
        nominations=Count("pk"),
        late_waiting=Count("pk", filter=Q(status=Nomination.Status.LATE)),
        missing_cv=Count("pk", filter=_missing_cv()),
    )


def _listed(queryset):
    return list(
        queryset.select_related("candidate", "member_state", "post", "note_verbale")
        .only(
            "id",
            "status",
            "is_late",
            "candidate__full_name",
            "member_state__name_en",
            "post__title",
            "post__deadline",
            "note_verbale__received_at",
        )
        .order_by("note_verbale__received_at", "id")[:LIST_LIMIT]
    )


def late_waiting(call):
    return _listed(of_call(call).filter(status=Nomination.Status.LATE))


def missing_cv(call):
    return _listed(of_call(call).filter(_missing_cv()))


def per_day(call, posts):
    """[(date, on time, late)] for every day from the first nomination to the last or the
    latest deadline, days without a nomination included (a call open for more than
    ``PER_DAY_SPAN`` days: its days with nominations and its deadlines only)."""
    rows = (
        of_call(call)
        .filter(note_verbale__received_at__isnull=False)
        .annotate(day=TruncDate("note_verbale__received_at", tzinfo=seat_zone()))
        .order_by()
        .values("day")
        .annotate(
            on_time=Count("pk", filter=Q(is_late=False)), late=Count("pk", filter=Q(is_late=True))
        )
        .order_by("day")
    )
    by_day = {row["day"]: (row["on_time"], row["late"]) for row in rows}
    deadlines = {post.deadline_date for post in posts if post.deadline_date}
    bounds = set(by_day) | deadlines
    if not bounds:
        return []
    first, last = min(bounds), max(bounds)
    if (last - first).days > PER_DAY_SPAN:
        days = sorted(bounds)
    else:
        days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    return [(day, *by_day.get(day, (0, 0))) for day in days]


def by_region(call):
    """[(region value, label, count)] for every region, zeros included."""
    rows = of_call(call).order_by().values("member_state__region").annotate(n=Count("pk"))
    counts = {row["member_state__region"]: row["n"] for row in rows}
    return [(value, label, counts.get(value, 0)) for value, label in Region.choices]


def by_gender(call):
    """[(gender value, label, count)] for every gender, zeros included."""
    rows = of_call(call).order_by().values("candidate__gender").annotate(n=Count("pk"))
    counts = {row["candidate__gender"]: row["n"] for row in rows}
    return [(value, label, counts.get(value, 0)) for value, label in Candidate.Gender.choices]
