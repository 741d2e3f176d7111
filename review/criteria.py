"""The criteria a post's nominations are screened against, read from its terms of reference.

Each criterion has a stable key (stored in CriterionCheck.criterion): ``degree``,
``experience``, ``language:<code>`` for a required language and ``asset:language:<code>``
for an asset. Assets are noted, never decide eligibility.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from nominations.models.calls import Degree
from nominations.models.choices import POST_LANGUAGES

LANGUAGE_NAMES = dict(POST_LANGUAGES)
DEGREE_NAMES = {
    Degree.BACHELORS: _("Bachelor's degree"),
    Degree.MASTERS: _("Master's degree"),
    Degree.DOCTORATE: _("Doctorate"),
}


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    requirement: str  # what the post asks, in words (empty where the label says it all)
    wording: str  # the terms of reference's own text, where they give one
    is_asset: bool = False


def language_name(code):
    return LANGUAGE_NAMES.get(code, code)


def criteria_of(post):
    """The post's criteria in screening order: degree, experience, languages, then assets."""
    criteria = []
    if post.min_degree and post.min_degree != Degree.NONE:
        criteria.append(
            Criterion(
                "degree",
                _("Minimum degree"),
                str(DEGREE_NAMES.get(post.min_degree, post.get_min_degree_display())),
                post.education,
            )
        )
    if post.min_years_experience:
        criteria.append(
            Criterion(
                "experience",
                _("Minimum years of experience"),
                _("%(years)d years") % {"years": post.min_years_experience},
                post.experience,
            )
        )
    for code in post.required_languages or []:
        criteria.append(
            Criterion(
                f"language:{code}",
                _("Language: %(language)s") % {"language": language_name(code)},
                "",
                post.languages_text,
            )
        )
    for code in post.asset_languages or []:
        criteria.append(
            Criterion(
                f"asset:language:{code}",
                _("Language: %(language)s") % {"language": language_name(code)},
                "",
                post.languages_text,
                is_asset=True,
            )
        )
    return criteria


def by_key(post):
    return {criterion.key: criterion for criterion in criteria_of(post)}
