"""Steps the review tests share, through the services."""

from nominations.models import Nomination
from review import assessments, conflicts, screening


def screen_all_met(nomination, member):
    for criterion in ("degree", "experience", "language:en"):
        screening.record_check(
            nomination, criterion=criterion, finding="met", justification="In the CV.",
            cv_reference="p. 1", actor=member,
        )  # fmt: skip
    return screening.decide(nomination, actor=member)


def eligible(nomination, member):
    screen_all_met(nomination, member)
    return Nomination.objects.get(pk=nomination.pk)


def rate(nomination, member, scores=(4, 3), submit=True):
    conflicts.declare(nomination, member=member, kind="none")
    competencies = list(nomination.post.required_competencies.order_by("position"))
    ratings = {
        pc.pk: (score, f"{member.email} on {pc.name}")
        for pc, score in zip(competencies, scores, strict=True)
    }
    if submit:
        return assessments.submit(nomination, member=member, ratings=ratings)
    return assessments.save(nomination, member=member, ratings=ratings)
