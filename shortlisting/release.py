"""The Secretariat releases a post's shortlisting outcome to the missions that
nominated for it, one or all at once; each release is audited and sends its mission a
note verbale. From then that mission's portal shows shortlisted / not shortlisted
(portal/status.py); another mission's stays "under review"."""

from django.db import transaction

from nominations.models import MemberState, Post
from workflows import audit, permissions
from workflows.errors import TransitionError

from . import announce
from .models import OutcomeRelease


def nominating_states(post):
    """The member states with a settled (shortlisted / not shortlisted) nomination."""
    return MemberState.objects.filter(
        nominations__post=post,
        nominations__status__in=["shortlisted", "not_shortlisted"],
    ).distinct()


def release(post, *, actor, member_states=None):
    """Release the outcome of ``post`` to ``member_states`` (None: every nominating state
    not yet released to). Returns the OutcomeRelease rows written."""
    if not permissions.is_secretariat(actor):
        raise TransitionError(
            TransitionError.FORBIDDEN, "only the Secretariat releases an outcome to the missions"
        )
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.status != Post.Status.SHORTLISTED:
            raise TransitionError(
                TransitionError.CONFLICT,
                f"the outcome of a post that is {post.status} cannot be released",
                state=post.status,
            )
        candidates = nominating_states(post)
        if member_states is not None:
            wanted = {state.pk for state in member_states}
            candidates = candidates.filter(pk__in=wanted)
            if candidates.count() != len(wanted):
                raise TransitionError(
                    TransitionError.INVALID,
                    "the outcome is released only to a state that nominated for the post",
                )
        released = set(
            OutcomeRelease.objects.filter(post=post).values_list("member_state_id", flat=True)
        )
        states = [state for state in candidates.order_by("code") if state.pk not in released]
        if not states:
            return []
        rows = OutcomeRelease.objects.bulk_create(
            [OutcomeRelease(post=post, member_state=state, released_by=actor) for state in states]
        )
        # The notes lock the reference counter: the last row lock before the audit chain.
        announce.outcome_released(post, states)
        for state in states:
            audit.record(
                "post.release_outcome",
                actor=actor,
                obj=post,
                from_state=post.status,
                to_state=post.status,
                details={"member_state": state.code},
            )
    return rows
