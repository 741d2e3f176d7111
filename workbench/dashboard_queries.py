"""What the call dashboard reads, aggregated in the database.

The page costs the same number of queries whatever the number of nominations:

1. ``posts_with_counts``: the call's posts, each with one count per nomination state
   (``Count(filter=...)``, zeros included).
2-4. ``answers``: the addressed member states (``call.addressee_states()``); the call's
   nominations grouped by (state, post) with counts in the running, late and withdrawn
   and the latest note (``values() + Count/Max``); the call's incoming notes grouped by
   state (``Max``). Rows are bounded by states x posts, so the response of each state,
   the roster's filters and sorting (``roster``) and the counts per response
   (``response_counts``) are worked out over at most a few hundred rows.
5. ``totals``: one ``aggregate()`` over the call's nominations: all, late waiting for a
   decision, missing a CV.
6. ``late_waiting``: the late nominations waiting for a decision (first ``LIST_LIMIT``
   logged, by primary key).
7. ``missing_cv``: the nominations still missing a CV (first ``LIST_LIMIT`` logged).
8. ``per_day``: nominations received per day in Geneva time (``TruncDate`` with the
   seat's zone), on time and late.
9. ``by_region``: nominations by the nominating state's region (``values() + Count``).
10. ``by_gender``: nominations by the candidate's gender (``values() + Count``).
11. ``deadline_reports``: the call's deadline reports with their documents, one row per
   report and document (``values()`` over the join).

An htmx request for the roster alone runs 2 to 4, plus the posts' titles.
"""

import dataclasses
import datetime
import typing

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from nominations.models import Candidate, Document, Nomination, NoteVerbale, Post
from nominations.models.choices import Region
from nominations.models.member_states import active_language, sorted_by_name
from reports.models import DeadlineReport
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


SORTS = ["name", "response", "last_note"]


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


class State(typing.NamedTuple):
    """What the roster shows of a member state (no model instance for each of ~190)."""

    pk: int
    code: str
    name: str  # in the page's language
    region: str


@dataclasses.dataclass
class Answer:
    """An addressed member state and what it has sent for the call."""

    state: State
    response: str
    posts: list  # [(post id, how many)] of its nominations in the running
    last_note_at: datetime.datetime | None

    @property
    def response_order(self):
        return Response.SORT_ORDER[self.response]


def answers(call):
    """[Answer] for every addressed state, by name: the states, their nominations grouped
    by (state, post) and their notes for the call grouped by state (3 queries; rows are
    bounded by states x posts, whatever the number of nominations)."""
    states = sorted_by_name(
        State(*row)
        for row in call.addressee_states()
        .order_by()
        .values_list("id", "code", f"name_{active_language()}", "region")
    )
    rows = (
        of_call(call)
        .order_by()
        .values("member_state_id", "post_id")
        .annotate(
            running=Count("pk", filter=Q(status__in=IN_THE_RUNNING)),
            late=Count("pk", filter=Q(status__in=LATE)),
            withdrawn=Count("pk", filter=Q(status__in=WITHDRAWN)),
            last=Max("note_verbale__received_at"),
        )
        .order_by("member_state_id", "post_id")
    )
    notes = (
        NoteVerbale.objects.filter(call=call, direction=NoteVerbale.Direction.INCOMING)
        .order_by()
        .values("member_state_id")
        .annotate(last=Max("received_at"))
    )
    sent = {}
    for row in rows:
        entry = sent.setdefault(row["member_state_id"], {"late": 0, "withdrawn": 0, "posts": []})
        entry["late"] += row["late"]
        entry["withdrawn"] += row["withdrawn"]
        if row["running"]:
            entry["posts"].append((row["post_id"], row["running"]))
        entry["last"] = max(filter(None, [entry.get("last"), row["last"]]), default=None)
    last_notes = {row["member_state_id"]: row["last"] for row in notes}
    result = []
    for state in states:
        entry = sent.get(state.pk, {"late": 0, "withdrawn": 0, "posts": []})
        if entry["posts"]:
            response = Response.NOMINATED
        elif entry["late"]:
            response = Response.LATE
        elif entry["withdrawn"]:
            response = Response.WITHDRAWN
        else:
            response = Response.NOT_ANSWERED
        last = max(filter(None, [entry.get("last"), last_notes.get(state.pk)]), default=None)
        result.append(Answer(state, response, entry["posts"], last))
    return result


def roster(answers, response="", region="", sort="name"):
    """The answers filtered by response and region, in the order asked for."""
    shown = [
        answer
        for answer in answers
        if (not response or answer.response == response)
        and (not region or answer.state.region == region)
    ]
    if sort == "response":
        shown.sort(key=lambda answer: answer.response_order)  # stable: by name within
    elif sort == "last_note":
        dated = sorted(
            (a for a in shown if a.last_note_at), key=lambda a: a.last_note_at, reverse=True
        )
        shown = dated + [a for a in shown if not a.last_note_at]
    return shown


def response_counts(answers):
    """{response: number of addressed states}, every response present."""
    counts = dict.fromkeys(Response.LABELS, 0)
    for answer in answers:
        counts[answer.response] += 1
    return counts


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


@dataclasses.dataclass
class Listed:
    """A nomination as the dashboard's lists show it (read as plain values: no five model
    instances for each of up to ``LIST_LIMIT`` rows)."""

    pk: int
    status: str
    candidate: str
    member_state: str
    post: str
    deadline: datetime.datetime | None
    received_at: datetime.datetime | None


def _listed(queryset):
    return [
        Listed(*row)
        for row in queryset.order_by("id").values_list(
            "id",
            "status",
            "candidate__full_name",
            f"member_state__name_{active_language()}",
            "post__title",
            "post__deadline",
            "note_verbale__received_at",
        )[:LIST_LIMIT]
    ]


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


@dataclasses.dataclass
class ReportRow:
    deadline: datetime.datetime
    built_at: datetime.datetime | None
    documents: list  # [(document id, label, size in bytes)], PDF before XLSX

    @property
    def deadline_date(self):
        """The day as the call states it: nominations close at the end of it."""
        return (self.deadline.astimezone(seat_zone()) - datetime.timedelta(microseconds=1)).date()


def deadline_reports(call):
    """The call's deadline reports, latest deadline first: built (with their PDF and
    workbook) or still waiting for a post of that deadline to close."""
    rows = (
        DeadlineReport.objects.filter(call=call)
        .order_by("-deadline", "documents__original_name")
        .values(
            "pk", "deadline", "built_at", "documents", "documents__original_name", "documents__size"
        )
    )
    reports = {}
    for row in rows:
        report = reports.setdefault(row["pk"], ReportRow(row["deadline"], row["built_at"], []))
        if row["documents"] is not None:
            name = row["documents__original_name"]
            label = _("PDF") if name.endswith(".pdf") else _("Spreadsheet (XLSX)")
            report.documents.append((row["documents"], label, row["documents__size"]))
    return list(reports.values())
