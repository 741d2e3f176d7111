"""The diversity facts the executive office looks at when shortlisting (seed 002).

First-tier candidates, with the rule that makes each one so:

- a national of a non-represented member state (MemberState.is_represented False);
- a woman nominated for a post at a grade where women are under-represented. Which grades
  those are is the Secretariat's data, NOMINA_WOMEN_UNDER_REPRESENTED_GRADES (default P4
  and above, seed 002: "positions at P4 level and above, where women are
  under-represented").

Everything here works on nominations already loaded with their candidate's nationality:
no query of its own.
"""

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models.choices import Region

NON_REPRESENTED = "non_represented"
WOMAN_UNDER_REPRESENTED = "woman_under_represented"

GENDERS = {
    "female": gettext_lazy("Female"),
    "male": gettext_lazy("Male"),
    "other": gettext_lazy("Other"),
    "undisclosed": gettext_lazy("Undisclosed"),
}


def _grade_key(grade):
    return "".join(ch for ch in (grade or "").upper() if ch.isalnum())


def women_under_represented(grade):
    wanted = {_grade_key(g) for g in settings.NOMINA_WOMEN_UNDER_REPRESENTED_GRADES}
    return _grade_key(grade) in wanted


@dataclass(frozen=True)
class Rule:
    code: str
    text: str


def first_tier_rules(nomination, post):
    """The rules that make the nomination's candidate first-tier (empty: not first-tier)."""
    rules = []
    nationality = nomination.candidate.nationality
    if nationality is not None and not nationality.is_represented:
        rules.append(
            Rule(
                NON_REPRESENTED,
                _("National of a non-represented member state (%(state)s)")
                % {"state": nationality.name_en},
            )
        )
    if nomination.candidate.gender == "female" and women_under_represented(post.grade):
        rules.append(
            Rule(
                WOMAN_UNDER_REPRESENTED,
                _("A woman, for a post at %(grade)s, where women are under-represented")
                % {"grade": post.grade},
            )
        )
    return rules


@dataclass
class Breakdown:
    """One set of counts: rows of (value, label, n), largest first."""

    rows: list

    @property
    def chart(self):
        return {
            "labels": [str(label) for _, label, _ in self.rows],
            "counts": [n for *_, n in self.rows],
        }


def _breakdown(counter, labels):
    return Breakdown(
        [
            (value, labels.get(value, value), n)
            for value, n in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
        ]
    )


@dataclass
class Facts:
    total: int
    gender: Breakdown
    nationality: Breakdown
    region: Breakdown
    first_tier: int


def facts(nominations, post):
    genders, nationalities, regions = Counter(), Counter(), Counter()
    names, first_tier = {}, 0
    for nomination in nominations:
        candidate = nomination.candidate
        genders[candidate.gender] += 1
        state = candidate.nationality
        code = state.code if state else "—"
        nationalities[code] += 1
        names[code] = state.name if state else _("Not stated")
        regions[state.region if state else _("Not stated")] += 1
        first_tier += bool(first_tier_rules(nomination, post))
    return Facts(
        total=len(nominations),
        gender=_breakdown(genders, GENDERS),
        nationality=_breakdown(nationalities, names),
        region=_breakdown(regions, dict(Region.choices)),
        first_tier=first_tier,
    )
