"""Screening a complete nomination against its post's criteria, and the decision.

``record_check`` writes one criterion's finding; ``decide`` reads the findings and takes
``screen_eligible`` or ``screen_ineligible`` (with reasons made from the criteria not met)
through the transition service. Each check and its audit event share one transaction,
the nomination locked first (the lock order of workflows/audit.py).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nominations.models import Nomination
from workflows import audit, transitions
from workflows.errors import TransitionError
from workflows.permissions import is_executive

from .criteria import by_key, criteria_of
from .models import CriterionCheck

Finding = CriterionCheck.Finding


def screenable(nomination):
    """Why ``nomination`` cannot be screened now, or None."""
    if nomination.post.status != "shortlisting":
        return _("Its post is not being shortlisted.")
    if nomination.status != Nomination.Status.COMPLETE:
        return _("It is %(status)s: only a complete nomination is screened.") % {
            "status": nomination.get_status_display().lower()
        }
    return None


def _refuse_unless_executive(actor):
    if not is_executive(actor):
        raise TransitionError(
            TransitionError.FORBIDDEN, _("Only the executive office screens nominations.")
        )


def record_check(
    nomination,
    *,
    criterion,
    finding,
    justification,
    actor,
    cv_reference="",
    override_reason="",
):
    """Record (or revise) one criterion's finding for ``nomination``; returns the check."""
    _refuse_unless_executive(actor)
    justification = (justification or "").strip()
    override_reason = (override_reason or "").strip()
    errors = {}
    if finding not in Finding.values:
        errors["finding"] = [_("Choose met, not met or unclear.")]
    if not justification:
        errors["justification"] = [_("Say briefly why.")]
    if override_reason and finding != Finding.UNCLEAR:
        errors["override_reason"] = [_("Only an unclear finding is overridden.")]
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().select_related("post").get(pk=nomination.pk)
        criteria = by_key(locked.post)
        if criterion not in criteria:
            errors["criterion"] = [_("This post has no such criterion.")]
        if errors:
            raise TransitionError(
                TransitionError.INVALID, _("The finding is incomplete."), field_errors=errors
            )
        problem = screenable(locked)
        if problem:
            raise TransitionError(TransitionError.CONFLICT, problem, state=locked.status)
        check, created = CriterionCheck.objects.update_or_create(
            nomination=locked,
            criterion=criterion,
            defaults={
                "is_asset": criteria[criterion].is_asset,
                "finding": finding,
                "justification": justification,
                "cv_reference": (cv_reference or "").strip()[:200],
                "override_reason": override_reason,
                "checked_by": actor,
                "checked_at": timezone.now(),
            },
        )
        audit.record(
            "review.criterion_checked",
            actor=actor,
            obj=locked,
            details={
                "criterion": criterion,
                "finding": finding,
                "justification": justification,
                "cv_reference": check.cv_reference,
                "override_reason": override_reason,
                "revised": not created,
            },
        )
    return check


@dataclass(frozen=True)
class Outcome:
    """What the findings decide: the transition to take, its reason, or what blocks it."""

    transition: str = ""
    reason: str = ""
    blocked: tuple = ()

    @property
    def decided(self):
        return bool(self.transition)


def outcome(post, checks):
    """The decision ``checks`` (CriterionCheck rows of one nomination) support."""
    found = {check.criterion: check for check in checks}
    blocked, not_met = [], []
    for criterion in criteria_of(post):
        if criterion.is_asset:
            continue
        check = found.get(criterion.key)
        if check is None:
            blocked.append(_("%(criterion)s is not screened yet.") % {"criterion": criterion.label})
        elif check.finding == Finding.NOT_MET:
            not_met.append(
                _("%(criterion)s not met: %(justification)s")
                % {"criterion": criterion.label, "justification": check.justification}
            )
        elif check.finding == Finding.UNCLEAR and not check.override_reason:
            blocked.append(
                _(
                    "%(criterion)s is unclear: resolve it, or record why it does not block "
                    "the decision."
                )
                % {"criterion": criterion.label}
            )
    # Every criterion is settled first, even where one not met already decides: the
    # record then says how the candidate stood on each.
    if blocked:
        return Outcome(blocked=tuple(blocked))
    if not_met:
        return Outcome("screen_ineligible", "\n".join(not_met))
    return Outcome("screen_eligible")


def decide(nomination, *, actor):
    """Take the transition the findings support; returns the nomination in its new state.

    Raises TransitionError (conflict) naming what blocks the decision.
    """
    _refuse_unless_executive(actor)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().select_related("post").get(pk=nomination.pk)
        result = outcome(locked.post, locked.criterion_checks.all())
        if not result.decided:
            raise TransitionError(
                TransitionError.CONFLICT,
                _("The screening cannot be decided yet: %(why)s")
                % {"why": " ".join(result.blocked)},
                state=locked.status,
            )
        return transitions.apply(locked, result.transition, actor=actor, reason=result.reason)
