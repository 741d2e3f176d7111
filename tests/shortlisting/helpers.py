"""A post in shortlisting with eligible candidates, screened and rated: what the
shortlisting tests (and the demo and the bench) stand on."""

import datetime

from django.utils import timezone

from nominations.models import MemberState, PostCompetency
from review.models import Assessment, CriterionCheck, Rating
from tests import factories

COMPETENCIES = [
    ("value", "Integrity and transparency", None),
    ("core", "Teamwork", 3),
    ("managerial", "Leadership", 3),
]


def state(code, *, represented=True, region="Europe", language="en"):
    found = MemberState.objects.filter(code=code).first()
    if found is not None:
        return found
    return factories.MemberStateFactory(
        code=code, is_represented=represented, region=region, language=language
    )


def post_in_shortlisting(*, grade="DDG", title="Deputy Director General for Operations"):
    post = factories.PostFactory(title=title, grade=grade, status="shortlisting")
    for position, (kind, name, level) in enumerate(COMPETENCIES):
        PostCompetency.objects.create(
            post=post, position=position, kind=kind, name=name, level=level
        )
    return post


def eligible(post, name, nationality, *, gender="female", nominated_by=None):
    nominated_by = nominated_by or nationality
    nomination = factories.NominationFactory(
        post=post,
        member_state=nominated_by,
        candidate__member_state=nominated_by,
        candidate__nationality=nationality,
        candidate__full_name=name,
        candidate__gender=gender,
        note_verbale__member_state=nominated_by,
        status="eligible",
    )
    member = factories.account("executive", email=f"screener{nomination.pk}@nomina.test")
    now = timezone.now()
    CriterionCheck.objects.create(
        nomination=nomination,
        criterion="degree",
        finding="met",
        justification="Master's degree in public administration",
        cv_reference="Education, p. 1",
        checked_by=member,
        checked_at=now,
    )
    CriterionCheck.objects.create(
        nomination=nomination,
        criterion="experience",
        finding="met",
        justification="Eighteen years of senior management",
        cv_reference="Experience, p. 1-2",
        checked_by=member,
        checked_at=now,
    )
    return nomination


def rate(member, nomination, scores, *, submitted=True):
    """``scores``: one per competency of the post, in its order."""
    assessment = Assessment.objects.create(
        nomination=nomination,
        member=member,
        submitted_at=timezone.now() - datetime.timedelta(minutes=1) if submitted else None,
    )
    competencies = PostCompetency.objects.filter(post=nomination.post).order_by("position", "id")
    Rating.objects.bulk_create(
        [
            Rating(assessment=assessment, post_competency=pc, score=score, comment="")
            for pc, score in zip(competencies, scores, strict=True)
        ]
    )
    return assessment
