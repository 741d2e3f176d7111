"""One member's ratings of one eligible nomination: saved as a draft, then submitted.

A member rates only after declaring no conflict on the candidate, never when excluded
(review/visibility.py), and a submitted assessment is final: the peers' ratings the
member then sees cannot colour it.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nominations.models import Nomination
from workflows import audit
from workflows.errors import TransitionError
from workflows.permissions import is_executive

from .models import SCALE, Assessment, ConflictDeclaration, Rating
from .visibility import is_excluded

SCORES = {score for score, _label in SCALE}


class NotAllowed(TransitionError):
    """The member may not rate this candidate at all (excluded): answered as a 404."""

    def __init__(self, message):
        super().__init__(TransitionError.FORBIDDEN, message)


def rateable(nomination):
    """Why ``nomination`` cannot be rated now, or None."""
    if nomination.post.status != "shortlisting":
        return _("Its post is not being shortlisted.")
    if nomination.status != Nomination.Status.ELIGIBLE:
        return _("Only an eligible nomination is rated.")
    return None


def has_declared(member, nomination):
    return ConflictDeclaration.objects.filter(nomination=nomination, member=member).exists()


def _locked_for(nomination, member):
    """The nomination locked, after every check that refuses this member."""
    if not is_executive(member):
        raise TransitionError(
            TransitionError.FORBIDDEN, _("Only executive office members rate candidates.")
        )
    locked = (
        Nomination.objects.select_for_update()
        .select_related("post", "candidate")
        .get(pk=nomination.pk)
    )
    if is_excluded(member, locked):
        raise NotAllowed(_("You are excluded from rating this candidate."))
    problem = rateable(locked)
    if problem:
        raise TransitionError(TransitionError.CONFLICT, problem, state=locked.status)
    if not has_declared(member, locked):
        raise TransitionError(
            TransitionError.CONFLICT,
            _("Declare any conflict of interest before rating this candidate."),
        )
    return locked


def _clean(post, ratings):
    """{post_competency_id: (score, comment)} checked against the post's competencies."""
    required = {pc.pk for pc in post.required_competencies.all()}
    errors, clean = {}, {}
    for key, (score, comment) in ratings.items():
        try:
            pc_id = int(key)
        except (TypeError, ValueError):
            pc_id = None
        if pc_id not in required:
            errors[str(key)] = [_("This post requires no such value or competency.")]
            continue
        if score in (None, ""):
            continue  # not rated yet: a draft may leave it
        try:
            score = int(score)
        except (TypeError, ValueError):
            score = None
        if score not in SCORES:
            errors[str(key)] = [_("Choose a rating from 1 to 5.")]
            continue
        clean[pc_id] = (score, (comment or "").strip())
    if errors:
        raise TransitionError(
            TransitionError.INVALID, _("Some ratings are not valid."), field_errors=errors
        )
    return clean, required


def save(nomination, *, member, ratings):
    """Save ``member``'s ratings (a draft); returns the assessment.

    ``ratings``: {post_competency_id: (score or None, comment)}. Saving replaces the
    ratings given; a competency left without a score is left unrated.
    """
    with transaction.atomic():
        locked = _locked_for(nomination, member)
        assessment, _created = Assessment.objects.get_or_create(nomination=locked, member=member)
        if assessment.is_submitted:
            raise TransitionError(
                TransitionError.CONFLICT, _("Your assessment is submitted: it is final.")
            )
        clean, _required = _clean(locked.post, ratings)
        for pc_id, (score, comment) in clean.items():
            Rating.objects.update_or_create(
                assessment=assessment,
                post_competency_id=pc_id,
                defaults={"score": score, "comment": comment},
            )
        audit.record(
            "review.assessment_saved",
            actor=member,
            obj=locked,
            details={"assessment": assessment.pk, "rated": sorted(clean)},
        )
    return assessment


def submit(nomination, *, member, ratings=None):
    """Submit ``member``'s assessment (after saving ``ratings``, if given): every value
    and competency of the post must be rated. Audited as ``review.assessment_submitted``."""
    with transaction.atomic():
        locked = _locked_for(nomination, member)
        assessment, _created = Assessment.objects.get_or_create(nomination=locked, member=member)
        if assessment.is_submitted:
            raise TransitionError(
                TransitionError.CONFLICT, _("Your assessment is submitted: it is final.")
            )
        clean, required = _clean(locked.post, ratings or {})
        for pc_id, (score, comment) in clean.items():
            Rating.objects.update_or_create(
                assessment=assessment,
                post_competency_id=pc_id,
                defaults={"score": score, "comment": comment},
            )
        scores = dict(assessment.ratings.values_list("post_competency_id", "score"))
        unrated = sorted(required - set(scores))
        if not required:
            raise TransitionError(
                TransitionError.CONFLICT, _("The post states no value or competency to rate.")
            )
        if unrated:
            raise TransitionError(
                TransitionError.INVALID,
                _("Rate every value and competency before submitting."),
                field_errors={str(pc_id): [_("Choose a rating.")] for pc_id in unrated},
            )
        assessment.submitted_at = timezone.now()
        assessment.save(update_fields=["submitted_at"])
        audit.record(
            "review.assessment_submitted",
            actor=member,
            obj=locked,
            details={"assessment": assessment.pk, "scores": {str(k): v for k, v in scores.items()}},
        )
    return assessment
