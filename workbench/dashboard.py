"""The call dashboard: where a call stands, for the Secretariat, on one page.

Every figure comes from workbench/dashboard_queries.py, aggregated in the database; this
module only arranges them. An htmx request from the roster's filters gets the roster alone.
What does not move with the clock is rendered once per version of the data and cached.
"""

import dataclasses
import datetime
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from nominations.models import Call, Nomination, Post
from nominations.models.choices import Region
from reminders import chase
from reminders.recipients import REMINDED
from web import page_cache
from web.permissions import RoleRequiredMixin
from web.templatetags.govuk import TAG_COLOURS, state_label
from workflows import data_version
from workflows.deadlines import seat_zone
from workflows.permissions import is_secretariat

from . import dashboard_queries as queries
from .dashboard_queries import Response

# Units of the time left, largest first, as the countdown script counts them.
UNITS = [
    ("year", 365 * 24 * 60),
    ("month", 30 * 24 * 60),
    ("day", 24 * 60),
    ("hour", 60),
    ("minute", 1),
]


UNIT_WORDS = {
    "year": lambda n: ngettext("%(n)d year", "%(n)d years", n),
    "month": lambda n: ngettext("%(n)d month", "%(n)d months", n),
    "day": lambda n: ngettext("%(n)d day", "%(n)d days", n),
    "hour": lambda n: ngettext("%(n)d hour", "%(n)d hours", n),
    "minute": lambda n: ngettext("%(n)d minute", "%(n)d minutes", n),
}


def _unit(name, n):
    return UNIT_WORDS[name](n) % {"n": n}


def duration(minutes):
    """The largest unit and the next one if not zero: "3 days, 4 hours", "2 years"."""
    if minutes < 1:
        return str(_("less than a minute"))
    for index, (name, size) in enumerate(UNITS):
        if minutes >= size:
            parts = [_unit(name, minutes // size)]
            if index + 1 < len(UNITS):
                next_name, next_size = UNITS[index + 1]
                rest = (minutes % size) // next_size
                if rest:
                    parts.append(_unit(next_name, rest))
            return ", ".join(parts)
    return ""  # pragma: no cover - minutes >= 1 always finds a unit


def time_left(deadline, now):
    """The countdown's server-rendered text, which the script keeps up to date."""
    minutes = int(abs((deadline - now).total_seconds()) // 60)
    if deadline > now:
        return _("%(duration)s left") % {"duration": duration(minutes)}
    return _("Closed %(duration)s ago") % {"duration": duration(minutes)}


def headline_post(posts, now):
    """The post whose deadline the page counts down to: the next one still to close
    among the open posts, else the one that closed last."""
    dated = [post for post in posts if post.deadline]
    coming = [p for p in dated if p.status == "open" and p.deadline > now]
    if coming:
        return min(coming, key=lambda post: post.deadline)
    return max(dated, key=lambda post: post.deadline, default=None)


class RosterFilter(forms.Form):
    response = forms.ChoiceField(label=_("Response"), required=False)
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("response", _("Response (not answered first)")),
            ("last_note", _("Last note (newest first)")),
        ],
    )

    def __init__(self, query, counts):
        super().__init__(self.only_known(query))
        total = sum(counts.values())
        self.fields["response"].choices = [
            ("", _("All responses (%(n)d)") % {"n": total}),
            *[(value, f"{label} ({counts[value]})") for value, label in Response.LABELS.items()],
        ]

    @staticmethod
    def only_known(query):
        # An unknown value in a hand-edited URL shows everything rather than an error.
        known = {
            "response": set(Response.LABELS),
            "region": set(Region.values),
            "sort": set(queries.SORTS),
        }
        return {key: query.get(key) for key in known if query.get(key) in known[key]}

    def choice(self, name, default=""):
        return self.data.get(name, default)


MISSING = "missing"


@dataclasses.dataclass(frozen=True)
class Deadline:
    """What the page's live part (the countdowns) needs of a post, kept with the cached
    figures: the time left is worked out on every request, never cached."""

    pk: int
    title: str
    status: str
    deadline: datetime.datetime | None
    deadline_date: datetime.date | None


class CallDashboardView(RoleRequiredMixin, TemplateView):
    """The figures, lists, charts and roster are rendered once per version of the data
    (workflows/data_version.py) and cached; around them, the countdowns move with the
    clock: the page's content is cached for the minute its times are worked out at."""

    role = is_secretariat
    template_name = "workbench/dashboard/dashboard.html"
    content_template = "workbench/dashboard/content.html"
    roster_template = "workbench/dashboard/_roster.html"
    counts_template = "workbench/dashboard/_counts.html"
    lists_template = "workbench/dashboard/_lists_and_charts.html"

    def get(self, request, *args, **kwargs):
        self.call = data_version.cached(
            request, "dashboard.call", (kwargs["pk"],), lambda: self._call(kwargs["pk"])
        )
        if self.call == MISSING:
            raise Http404("No call matches the given query.")
        self._answers = None
        if self._roster_only():
            response = HttpResponse(self.roster())
        else:
            # Deadlines fall on whole minutes (midnight in Geneva): the countdowns read the
            # same all through a minute, so the page is worked out at the minute's start.
            self.now = timezone.now().replace(second=0, microsecond=0)
            chosen = RosterFilter.only_known(request.GET)
            self.page_parts = (self.call.pk, self.now.isoformat(), *sorted(chosen.items()))
            response = page_cache.page(
                request,
                "dashboard",
                self.page_parts,
                lambda: super(CallDashboardView, self).get(request, *args, **kwargs),
                seconds=120,  # of no use once its minute has passed
            )
        # The same URL answers htmx with a fragment: caches must tell the two apart.
        patch_vary_headers(response, ["HX-Request"])
        return response

    def _call(self, pk):
        calls = Call.objects.for_user(self.request.user)
        found = calls.only("id", "reference", "title", "addressees").filter(pk=pk).first()
        return MISSING if found is None else found  # a miss is kept too: None is no entry

    def _roster_only(self):
        htmx = self.request.htmx
        return bool(htmx) and not htmx.history_restore_request

    def answers(self):
        if self._answers is None:
            self._answers = queries.answers(self.call)
        return self._answers

    def roster(self, posts=None):
        """The roster's HTML for the filters asked for; ``posts`` (Deadline rows), if the
        page already has them."""
        chosen = RosterFilter.only_known(self.request.GET)
        parts = (self.call.pk, *(chosen.get(key, "") for key in ("response", "region", "sort")))
        return data_version.cached(
            self.request, "dashboard.roster", parts, lambda: self._render_roster(posts)
        )

    def _render_roster(self, posts):
        answers = self.answers()
        counts = queries.response_counts(answers)
        form = RosterFilter(self.request.GET, counts)
        sort = form.choice("sort", "name")
        states = queries.roster(answers, form.choice("response"), form.choice("region"), sort)
        filters = {key: form.choice(key) for key in ("response", "region") if form.choice(key)}
        if posts is None:
            rows = Post.objects.filter(call=self.call).values_list(
                "id", "title", "status", "deadline", "deadline_date"
            )
            posts = [Deadline(*row) for row in rows]
        context = {
            "call": self.call,
            "form": form,
            "sort": sort,
            "sort_links": {key: "?" + urlencode({**filters, "sort": key}) for key in queries.SORTS},
            "addressed": sum(counts.values()),
            "explained": Response.CHOICES,
            "roster": self._roster_rows(states, {post.pk: post.title for post in posts}),
            # Whom the chase would remind: the roster's Not answered and Withdrawn. A post
            # closing writes an audit event, so a cached roster never outlives its button.
            "to_chase": sum(counts[response] for response in REMINDED),
            "chase_why_not": chase.why_not(
                [(post.status, post.deadline) for post in posts],
                getattr(self, "now", None) or timezone.now(),
            ),
        }
        return render_to_string(self.roster_template, context)

    def figures(self):
        """Everything but the roster and the countdowns: the counts, the lists and the
        charts as HTML, with the figures and deadlines the page's live part shows."""
        return data_version.cached(
            self.request, "dashboard.figures", (self.call.pk,), self._render_figures
        )

    def _render_figures(self):
        call = self.call
        posts = queries.posts_with_counts(call)
        counts = queries.response_counts(self.answers())
        totals = queries.totals(call)
        context = {
            "call": call,
            "posts": posts,
            "count_rows": self._count_rows(posts),
            "totals": totals,
            "late_waiting": self._listed_rows(queries.late_waiting(call), late_by=True),
            "missing_cv": self._listed_rows(queries.missing_cv(call)),
            "reports": queries.deadline_reports(call),
            "list_limit": queries.LIST_LIMIT,
            **self._charts(call, posts),
        }
        return {
            "deadlines": [
                Deadline(post.pk, post.title, post.status, post.deadline, post.deadline_date)
                for post in posts
            ],
            "totals": totals,
            "response_counts": counts,
            "addressed": sum(counts.values()),
            "counts_html": render_to_string(self.counts_template, context),
            "lists_html": render_to_string(self.lists_template, context),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            call=self.call,
            content=data_version.cached(
                self.request,
                "dashboard.content",
                self.page_parts,
                lambda: self._render_content(self.now),
                seconds=120,
            ),
        )
        return context

    def _render_content(self, now):
        figures = self.figures()
        posts = figures["deadlines"]
        headline = headline_post(posts, now)
        context = {
            **figures,
            "call": self.call,
            "posts": posts,
            "headline": headline,
            "deadline_text": time_left(headline.deadline, now) if headline else "",
            "seat_zone": seat_zone(),
            "post_deadlines": [(p, time_left(p.deadline, now)) for p in posts if p.deadline],
            "same_deadline": len({post.deadline for post in posts}) <= 1,
            "drafts": any(post.status == Post.Status.DRAFT for post in posts),
            "roster_html": self.roster(posts),
        }
        return render_to_string(self.content_template, context)

    def _roster_rows(self, answers, post_titles):
        # ~190 rows on every request: each row is plain text worked out here once (labels,
        # links, dates), so that the template only prints it.
        labels = {value: str(label) for value, label in Response.LABELS.items()}
        region_labels = {value: str(label) for value, label in Region.choices}
        nominations = reverse("workbench:nomination_list")
        outbox = reverse("workbench:outbox")
        call = self.call.pk
        rows = []
        for answer in answers:
            state, last = answer.state, answer.last_note_at
            if last:
                last = timezone.localtime(last)
            rows.append(
                {
                    "code": state.code,
                    "name": state.name,
                    "region": state.region,
                    "region_label": region_labels.get(state.region, state.region),
                    "href": ""
                    if answer.response == Response.NOT_ANSWERED
                    else f"{nominations}?{urlencode({'call': call, 'member_state': state.code})}",
                    "messages_href": f"{outbox}?{urlencode({'member_state': state.code})}",
                    "response": answer.response,
                    "label": labels[answer.response],
                    "colour": Response.TAG_COLOURS[answer.response],
                    "posts": [
                        f"{post_titles[post_id]} ({n})" if n > 1 else post_titles[post_id]
                        for post_id, n in answer.posts
                    ],
                    "last_iso": format_date(last, "c") if last else "",
                    "last_day": format_date(last, "j M Y") if last else "",
                }
            )
        return rows

    def _listed_rows(self, nominations, late_by=False):
        """The lists' rows as plain text, worked out once: link, status tag, received."""
        detail = reverse("workbench:nomination_detail", args=[0]).removesuffix("0/")
        for nomination in nominations:
            received, deadline = nomination.received_at, nomination.deadline
            nomination.href = f"{detail}{nomination.pk}/"
            nomination.colour = TAG_COLOURS.get(nomination.status, "")
            nomination.status_label = state_label(nomination.status)
            nomination.received = (
                format_date(timezone.localtime(received), "j M Y, H:i") if received else ""
            )
            nomination.late_by = ""
            if late_by and received and deadline:
                minutes = int((received - deadline).total_seconds() // 60)
                nomination.late_by = _("%(duration)s after the deadline") % {
                    "duration": duration(max(minutes, 0))
                }
        return nominations

    def _count_rows(self, posts):
        rows = []
        for value, label in [*Nomination.Status.choices, ("total", _("All nominations"))]:
            figures = [getattr(post, f"count_{value}") for post in posts]
            rows.append({"state": value, "label": label, "figures": figures, "total": sum(figures)})
        return rows

    def _charts(self, call, posts):
        days = queries.per_day(call, posts)
        deadline_days = {post.deadline_date for post in posts if post.deadline_date}
        regions = queries.by_region(call)
        genders = queries.by_gender(call)
        running = 0
        day_rows = []
        for day, on_time, late in days:
            running += on_time + late
            if on_time or late or day in deadline_days:
                day_rows.append(
                    {
                        "day": day,
                        "iso": day.isoformat(),
                        "label": format_date(day, "j M Y"),
                        "on_time": on_time,
                        "late": late,
                        "cumulative": running,
                        "deadline": day in deadline_days,
                    }
                )
        chart_data = {
            "perDay": {
                "labels": [_day_label(day, day in deadline_days) for day, _n, _l in days],
                "onTime": [on_time for _d, on_time, _l in days],
                "late": [late for _d, _o, late in days],
                "series": [str(_("On time")), str(_("After the deadline"))],
            },
            "regions": {
                "labels": [str(label) for _v, label, _n in regions],
                "counts": [n for _v, _l, n in regions],
                "series": str(_("Nominations")),
            },
            "genders": {
                "labels": [str(label) for _v, label, _n in genders],
                "counts": [n for _v, _l, n in genders],
                "series": str(_("Nominations")),
            },
        }
        return {
            "day_rows": day_rows,
            "regions": regions,
            "genders": genders,
            "chart_data": chart_data,
        }


def _day_label(day: datetime.date, is_deadline):
    label = format_date(day, "j M")
    return str(_("%(day)s (deadline)") % {"day": label}) if is_deadline else label
