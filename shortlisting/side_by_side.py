"""The side by side of a post's eligible candidates, as one viewer may see it.

Columns: the eligible nominations. Rows: the screening criteria (the finding for each
candidate), then each competency the post requires: one row per member who rated it and
one aggregate row (mean, standard deviation and range of the visible scores).

What a viewer sees of the ratings (review/visibility.py): their own always, the others'
only for a candidate whose ratings they may see (their own assessment submitted, not
excluded); a candidate the viewer is excluded from shows no rating at all, not even an
aggregate (an aggregate of hidden ratings would tell them). Only submitted assessments
count, the viewer's own draft aside.

The spread is the population standard deviation of the visible scores (the members who
rated are the whole panel, not a sample), with the range beside it.

A fixed number of queries, whatever the number of candidates or members.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.formats import get_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.models import User
from nominations.models import Nomination, PostCompetency
from review.models import CriterionCheck, Rating
from review.visibility import excluded_ids, peer_ratings_visible

from . import diversity

FINDING_ORDER = {"met": 2, "unclear": 1, "not_met": 0}
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish"}


def criterion_label(key):
    """ "degree" → "Minimum degree", "language:fr" → "Language: French", ..."""
    asset = key.startswith("asset:")
    base = key.removeprefix("asset:")
    if base == "degree":
        label = _("Minimum degree")
    elif base == "experience":
        label = _("Minimum years of experience")
    elif base.startswith("language:"):
        code = base.split(":", 1)[1]
        label = _("Language: %(language)s") % {"language": LANGUAGE_NAMES.get(code, code)}
    else:
        label = base.replace("_", " ").capitalize()
    return _("Asset: %(criterion)s") % {"criterion": label} if asset else label


@dataclass
class Aggregate:
    scores: list

    @property
    def n(self):
        return len(self.scores)

    @property
    def mean(self):
        return sum(self.scores) / len(self.scores) if self.scores else None

    @property
    def sd(self):
        # Computed here rather than with statistics.pstdev, whose exact fractions cost
        # more than the rest of the page at 40 candidates.
        if not self.scores:
            return None
        mean = self.mean
        return math.sqrt(sum((x - mean) ** 2 for x in self.scores) / len(self.scores))

    @property
    def low(self):
        return min(self.scores) if self.scores else None

    @property
    def high(self):
        return max(self.scores) if self.scores else None


@dataclass
class Column:
    nomination: object
    first_tier: list
    excluded: bool
    visible: bool  # the others' ratings
    findings: dict = field(default_factory=dict)  # criterion key -> CriterionCheck
    scores: dict = field(default_factory=dict)  # (post competency id, member id) -> score
    aggregates: dict = field(default_factory=dict)  # post competency id -> Aggregate
    overall: Aggregate = None
    rationale: str = ""
    proposed: bool = False

    @property
    def candidate(self):
        return self.nomination.candidate


@dataclass
class Grid:
    post: object
    columns: list
    criteria: list  # (key, label)
    competencies: list
    members: list  # users who have a visible rating on this post, by e-mail
    members_by_competency: dict
    sort: str
    proposal: object = None


def eligible_nominations(post):
    return (
        Nomination.objects.filter(
            post=post, status__in=["eligible", "shortlisted", "not_shortlisted"]
        )
        .select_related("candidate__nationality", "member_state")
        .order_by("candidate__full_name", "pk")
    )


def gather(post, viewer, *, sort="", proposal=None):
    nominations = list(eligible_nominations(post))
    ids = [n.pk for n in nominations]
    competencies = list(PostCompetency.objects.filter(post=post).order_by("position", "id"))
    checks = CriterionCheck.objects.filter(nomination_id__in=ids).order_by("is_asset", "id")
    excluded = excluded_ids(viewer, ids)
    visible = peer_ratings_visible(viewer, ids)
    # Plain tuples: thousands of ratings at 40 candidates, no model instance each.
    ratings = list(
        Rating.objects.filter(assessment__nomination_id__in=ids)
        .filter(Q(assessment__submitted_at__isnull=False) | Q(assessment__member=viewer))
        .values_list(
            "assessment__nomination_id", "post_competency_id", "assessment__member_id", "score"
        )
    )
    raters = {user.pk: user for user in User.objects.filter(pk__in={r[2] for r in ratings})}
    chosen = set()
    rationales = {}
    if proposal is not None:
        chosen = {n.pk for n in proposal.nominations.all()}
        rationales = proposal.rationales
    columns = {
        n.pk: Column(
            nomination=n,
            first_tier=diversity.first_tier_rules(n, post),
            excluded=n.pk in excluded,
            visible=n.pk in visible and n.pk not in excluded,
            rationale=rationales.get(str(n.pk), ""),
            proposed=n.pk in chosen,
        )
        for n in nominations
    }
    criteria = {}
    for check in checks:
        columns[check.nomination_id].findings[check.criterion] = check
        criteria.setdefault(check.criterion, criterion_label(check.criterion))
    members, members_by_competency = {}, {}
    for nomination_id, competency_id, member_id, score in ratings:
        column = columns[nomination_id]
        if column.excluded or not (member_id == viewer.pk or column.visible):
            continue
        member = raters[member_id]
        column.scores[(competency_id, member_id)] = score
        members[member_id] = member
        members_by_competency.setdefault(competency_id, {})[member_id] = member
    for column in columns.values():
        by_competency = {}
        for (competency_id, _member), score in column.scores.items():
            by_competency.setdefault(competency_id, []).append(score)
        everything = []
        for competency in competencies:
            scores = by_competency.get(competency.pk, [])
            column.aggregates[competency.pk] = Aggregate(scores)
            everything.extend(scores)
        column.overall = Aggregate(everything)
    ordered = sort_columns(list(columns.values()), sort)
    by_email = sorted(members.values(), key=lambda m: m.email)
    return Grid(
        post=post,
        columns=ordered,
        criteria=list(criteria.items()),
        competencies=competencies,
        members=by_email,
        members_by_competency={
            pc: sorted(ms.values(), key=lambda m: m.email)
            for pc, ms in members_by_competency.items()
        },
        sort=sort,
        proposal=proposal,
    )


def sort_columns(columns, sort):
    """Order the candidates by a row, best first: ``overall`` (mean of every visible
    score), ``c<post competency id>`` (its mean), ``k<criterion>`` (met, unclear, not
    met), ``tier`` (first-tier first); anything else: by name. Ties keep the name order."""
    if sort == "overall":
        return sorted(columns, key=lambda c: _desc(c.overall.mean))
    if sort.startswith("c") and sort[1:].isdigit():
        pk = int(sort[1:])
        return sorted(columns, key=lambda c: _desc(c.aggregates.get(pk, Aggregate([])).mean))
    if sort.startswith("k"):
        key = sort[1:]
        return sorted(
            columns,
            key=lambda c: -FINDING_ORDER.get(getattr(c.findings.get(key), "finding", ""), -1),
        )
    if sort == "tier":
        return sorted(columns, key=lambda c: not c.first_tier)
    return columns


def _desc(value):
    # Unrated candidates last.
    return (value is None, -(value or 0))


@dataclass
class Row:
    kind: str  # "criterion", "member", "aggregate", "overall"
    label: str
    cells: list  # HTML, one per column
    sort: str = ""
    group: object = None

    @property
    def cells_html(self):
        """The row's cells as one piece of HTML: the template loops over rows only (a
        template loop over 3,000 cells costs more than the rest of the page)."""
        numeric = " govuk-table__cell--numeric" if self.kind != "criterion" else ""
        opening = f'<td class="govuk-table__cell{numeric}">'
        return mark_safe("".join(f"{opening}{conditional_escape(c)}</td>" for c in self.cells))


def _number(value, separator):
    return f"{value:.2f}".replace(".", separator)


def _finding_html(check):
    if check is None:
        return "—"
    html = (
        f'<span class="nomina-finding nomina-finding--{check.finding}">'
        f"{escape(check.get_finding_display())}</span>"
    )
    if check.justification:
        text = check.justification
        text = text if len(text) <= 80 else text[:79] + "…"
        html += f'<br><span class="govuk-body-s">{escape(text)}</span>'
    return html


def _aggregate_html(aggregate, column, words, separator):
    # Cells are written here, not in the template: 2,000 of them at 40 candidates.
    if column.excluded:
        return f'<span class="govuk-body-s">{words["excluded"]}</span>'
    if not aggregate.n:
        if not column.visible:
            return f'<span class="govuk-body-s">{words["hidden"]}</span>'
        return "—"
    html = (
        f"<strong>{_number(aggregate.mean, separator)}</strong> "
        f'<span class="govuk-body-s">({_number(aggregate.sd, separator)}; '
        f"{aggregate.low}\N{EN DASH}{aggregate.high})</span>"
    )
    if not column.visible:
        html += f'<br><span class="govuk-body-s">{words["yours"]}</span>'
    return html


def rows(grid):
    """The table's rows, each with one cell (safe HTML) per column, in the columns' order."""
    separator = get_format("DECIMAL_SEPARATOR")
    words = {
        "excluded": escape(_("excluded (conflict)")),
        "hidden": escape(_("hidden until you submit yours")),
        "yours": escape(_("yours only")),
    }
    table = []
    for key, label in grid.criteria:
        table.append(
            Row(
                "criterion",
                label,
                [mark_safe(_finding_html(c.findings.get(key))) for c in grid.columns],
                sort=f"k{key}",
            )
        )
    for competency in grid.competencies:
        for member in grid.members_by_competency.get(competency.pk, []):
            key = (competency.pk, member.pk)
            table.append(
                Row(
                    "member",
                    member.email,
                    [str(c.scores.get(key, "")) for c in grid.columns],
                    group=competency,
                )
            )
        table.append(
            Row(
                "aggregate",
                str(competency),
                [
                    mark_safe(_aggregate_html(c.aggregates[competency.pk], c, words, separator))
                    for c in grid.columns
                ],
                sort=f"c{competency.pk}",
                group=competency,
            )
        )
    table.append(
        Row(
            "overall",
            _("All competencies"),
            [mark_safe(_aggregate_html(c.overall, c, words, separator)) for c in grid.columns],
            sort="overall",
        )
    )
    return table
