"""Who may see what of a candidate's ratings.

The same-nationality rule is checked from the member's and the candidate's nationality
every time: the automatic declaration row is a record for the audit trail, never the
ground of the decision (a row may be missing, or the nationality changed since).
"""

from django.db.models import Exists, OuterRef, Q

from .models import Assessment, ConflictDeclaration


def is_excluded(member, nomination) -> bool:
    """Whether ``member`` may not rate nor see the ratings of ``nomination``."""
    if member.nationality_id is not None and (
        member.nationality_id == nomination.candidate.nationality_id
    ):
        return True
    return (
        ConflictDeclaration.objects.filter(nomination=nomination, member=member)
        .exclude(kind=ConflictDeclaration.Kind.NONE)
        .exists()
    )


def excluded_ids(member, nomination_ids) -> set[int]:
    """The ids among ``nomination_ids`` that ``member`` is excluded from (one query)."""
    from nominations.models import Nomination

    ids = list(nomination_ids)
    if not ids:
        return set()
    conflicted = ConflictDeclaration.objects.filter(
        nomination=OuterRef("pk"), member=member
    ).exclude(kind=ConflictDeclaration.Kind.NONE)
    same_nationality = (
        Q(candidate__nationality_id=member.nationality_id)
        if member.nationality_id is not None
        else Q(pk__in=[])
    )
    return set(
        Nomination.objects.filter(pk__in=ids)
        .filter(same_nationality | Q(Exists(conflicted)))
        .values_list("pk", flat=True)
    )


def peer_ratings_visible(member, nomination_ids) -> set[int]:
    """The ids among ``nomination_ids`` whose other members' ratings ``member`` may see.

    Not excluded, and the member's own assessment submitted. Two queries for any number
    of ids.
    """
    ids = list(nomination_ids)
    if not ids:
        return set()
    submitted = set(
        Assessment.objects.filter(
            member=member, nomination_id__in=ids, submitted_at__isnull=False
        ).values_list("nomination_id", flat=True)
    )
    if not submitted:
        return set()
    return submitted - excluded_ids(member, submitted)
