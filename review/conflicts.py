"""Conflicts of interest: a member's declaration per candidate, and the automatic
same-nationality exclusion put on the record when first seen.

Whether a member is excluded is always decided by review/visibility.py from the
nationalities and the declarations; the automatic row is the audit trail of it.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nominations.models import Nomination
from workflows import audit
from workflows.errors import TransitionError
from workflows.permissions import is_executive

from .models import Assessment, ConflictDeclaration

Kind = ConflictDeclaration.Kind
# What a member declares; same nationality is the system's to record.
DECLARABLE = (Kind.NONE, Kind.WORKED_WITH, Kind.OTHER)


def same_nationality(member, nomination):
    return member.nationality_id is not None and (
        member.nationality_id == nomination.candidate.nationality_id
    )


def declare(nomination, *, member, kind, note=""):
    """Record ``member``'s declaration on ``nomination``; returns it.

    A declared conflict stands: it can be explained further (another conflict kind, a
    new note) but not withdrawn back to "none". Declared after the member has rated the
    candidate, it voids that assessment (its scores kept in the event's details).
    Audited as ``review.conflict_declared``.
    """
    if not is_executive(member):
        raise TransitionError(
            TransitionError.FORBIDDEN, _("Only executive office members declare conflicts.")
        )
    note = (note or "").strip()
    errors = {}
    if kind not in DECLARABLE:
        errors["kind"] = [_("Choose no conflict, worked for or with the candidate, or other.")]
    elif kind != Kind.NONE and not note:
        errors["note"] = [_("Say what the conflict is.")]
    if errors:
        raise TransitionError(
            TransitionError.INVALID, _("The declaration is incomplete."), field_errors=errors
        )
    with transaction.atomic():
        locked = (
            Nomination.objects.select_for_update().select_related("candidate").get(pk=nomination.pk)
        )
        existing = ConflictDeclaration.objects.filter(nomination=locked, member=member).first()
        if existing is not None and existing.kind != Kind.NONE and kind == Kind.NONE:
            raise TransitionError(
                TransitionError.CONFLICT,
                _("A declared conflict cannot be withdrawn."),
                field_errors={"kind": [_("A declared conflict cannot be withdrawn.")]},
            )
        if same_nationality(member, locked):
            raise TransitionError(
                TransitionError.CONFLICT,
                _("You share the candidate's nationality: you are excluded from rating them."),
            )
        # A conflict found after rating voids the ratings: no aggregate, and no peer,
        # may count them. The audit event says which assessment went.
        voided = None
        if kind != Kind.NONE:
            earlier = Assessment.objects.filter(nomination=locked, member=member).first()
            if earlier is not None:
                voided = {
                    "assessment": earlier.pk,
                    "submitted": earlier.submitted_at is not None,
                    "scores": dict(
                        (str(pc), score)
                        for pc, score in earlier.ratings.values_list("post_competency_id", "score")
                    ),
                }
                earlier.delete()
        declaration, _created = ConflictDeclaration.objects.update_or_create(
            nomination=locked,
            member=member,
            defaults={
                "kind": kind,
                "note": note,
                "automatic": False,
                "declared_at": timezone.now(),
            },
        )
        audit.record(
            "review.conflict_declared",
            actor=member,
            obj=locked,
            details={"kind": kind, "note": note, **({"voided": voided} if voided else {})},
        )
    return declaration


def note_exclusions(member, nominations):
    """Put on the record each same-nationality exclusion of ``member`` among
    ``nominations`` not recorded yet: an automatic declaration and a
    ``review.conflict_excluded`` event. Returns the number recorded; costs one query
    when there is nothing new."""
    if not is_executive(member) or member.nationality_id is None:
        return 0
    candidates = [n for n in nominations if same_nationality(member, n)]
    if not candidates:
        return 0
    recorded = set(
        ConflictDeclaration.objects.filter(
            member=member,
            kind=Kind.SAME_NATIONALITY,
            nomination_id__in=[n.pk for n in candidates],
        ).values_list("nomination_id", flat=True)
    )
    new = sorted({n.pk for n in candidates} - recorded)
    if not new:
        return 0
    with transaction.atomic():
        locked = list(Nomination.objects.select_for_update().filter(pk__in=new).order_by("pk"))
        now = timezone.now()
        for nomination in locked:
            ConflictDeclaration.objects.update_or_create(
                nomination=nomination,
                member=member,
                defaults={
                    "kind": Kind.SAME_NATIONALITY,
                    "note": "",
                    "automatic": True,
                    "declared_at": now,
                },
            )
        for nomination in locked:
            audit.record(
                "review.conflict_excluded",
                actor=member,
                obj=nomination,
                details={
                    "kind": Kind.SAME_NATIONALITY,
                    "automatic": True,
                    "nationality": member.nationality.code,
                },
            )
    return len(locked)
