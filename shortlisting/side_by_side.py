"""The side by side of a post's eligible candidates, as one viewer may see it.

Columns: the eligible nominations. Rows: the screening criteria (the finding for each
candidate), then each competency the post requires: one row per member who rated it and
one aggregate row (mean, standard deviation and range of the visible scores).

What a viewer sees of the ratings (review/visibility.py): their own always, the others'
only for a candidate whose ratings they may see (their own assessment submitted, not
excluded); a candidate the viewer is excluded from shows no rating at all, not even an
aggregate (an aggregate of hidden ratings would tell them). Only submitted assessments
count, the viewer's own draft aside.

The spread is the population standard deviation of the visible scores (statistics.pstdev:
the members who rated are the whole panel, not a sample), with the range beside it.

A fixed number of queries, whatever the number of candidates or members.
"""

import statistics
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

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
        return statistics.fmean(self.scores) if self.scores else None

    @property
    def sd(self):
        return statistics.pstdev(self.scores) if self.scores else None

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
    scores: dict = field(default_factory=dict)  # (post competency id, member id) -> Rating
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
    ratings = (
        Rating.objects.filter(assessment__nomination_id__in=ids)
        .filter(Q(assessment__submitted_at__isnull=False) | Q(assessment__member=viewer))
        .select_related("assessment__member")
        .order_by("assessment__member__email", "id")
    )
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
    for rating in ratings:
        column = columns[rating.assessment.nomination_id]
        member = rating.assessment.member
        own = member.pk == viewer.pk
        if column.excluded or not (own or column.visible):
            continue
        column.scores[(rating.post_competency_id, member.pk)] = rating
        members[member.pk] = member
        members_by_competency.setdefault(rating.post_competency_id, {})[member.pk] = member
    for column in columns.values():
        everything = []
        for competency in competencies:
            scores = [
                rating.score
                for (pc, _member), rating in column.scores.items()
                if pc == competency.pk
            ]
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
    cells: list
    sort: str = ""
    group: object = None


def _hidden(column):
    if column.excluded:
        return "excluded"
    return "" if column.visible else "hidden"


def rows(grid):
    """The table's rows, each with one cell per column, in the columns' order."""
    table = []
    for key, label in grid.criteria:
        table.append(
            Row(
                "criterion",
                label,
                [column.findings.get(key) for column in grid.columns],
                sort=f"k{key}",
            )
        )
    for competency in grid.competencies:
        for member in grid.members_by_competency.get(competency.pk, []):
            table.append(
                Row(
                    "member",
                    member.email,
                    [column.scores.get((competency.pk, member.pk)) for column in grid.columns],
                    group=competency,
                )
            )
        table.append(
            Row(
                "aggregate",
                str(competency),
                [(column.aggregates[competency.pk], _hidden(column)) for column in grid.columns],
                sort=f"c{competency.pk}",
                group=competency,
            )
        )
    table.append(
        Row(
            "overall",
            _("All competencies"),
            [(column.overall, _hidden(column)) for column in grid.columns],
            sort="overall",
        )
    )
    return table
