"""Proposing a shortlist and sending one back; approving it is the post's
approve_shortlist transition (effects.settle_shortlist).

Four eyes: the member who proposed a shortlist neither approves it (the transition's
actor condition, nominations/models/calls.py) nor sends it back (here). One proposal at
a time waits for a decision; once sent back, a new one can follow.
"""

from django.db import transaction
from django.utils import timezone

from nominations.models import Nomination, Post, ShortlistProposal

from . import audit, permissions
from .errors import TransitionError


def _locked_in_shortlisting(post):
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != Post.Status.SHORTLISTING:
        raise TransitionError(
            TransitionError.CONFLICT,
            f"cannot propose or decide a shortlist for a post that is {post.status}",
            state=post.status,
        )
    return post


def pending(post):
    """The proposal of ``post`` that waits for a decision, or None."""
    return post.shortlist_proposals.pending().first()


def propose_shortlist(post, *, actor, nominations, comment="", rationales=None):
    """``nominations``: those on the shortlist (eligible ones of ``post``).
    ``rationales``: {nomination id: why}, required for each shortlisted candidate and
    kept for the others where given (why they are not on it)."""
    if not permissions.is_executive(actor):
        raise TransitionError(
            TransitionError.FORBIDDEN, "only the executive office proposes a shortlist"
        )
    rationales = {int(pk): (text or "").strip() for pk, text in (rationales or {}).items()}
    with transaction.atomic():
        post = _locked_in_shortlisting(post)
        if pending(post) is not None:
            raise TransitionError(
                TransitionError.CONFLICT,
                "a proposed shortlist already waits for a decision: approve it or send it "
                "back first",
                state=post.status,
            )
        ids = {n.pk for n in nominations}
        eligible = set(
            post.nominations.filter(status=Nomination.Status.ELIGIBLE).values_list("pk", flat=True)
        )
        if ids - eligible:
            raise TransitionError(
                TransitionError.INVALID,
                "a shortlist holds only eligible nominations of this post",
                field_errors={"nominations": [str(pk) for pk in sorted(ids - eligible)]},
            )
        unexplained = sorted(pk for pk in ids if not rationales.get(pk))
        if unexplained:
            raise TransitionError(
                TransitionError.INVALID,
                "each candidate on the shortlist needs a rationale",
                field_errors={"rationales": [str(pk) for pk in unexplained]},
            )
        kept = {str(pk): text for pk, text in sorted(rationales.items()) if pk in eligible and text}
        proposal = ShortlistProposal.objects.create(
            post=post, proposed_by=actor, comment=comment, rationales=kept
        )
        proposal.nominations.set(ids)
        audit.record(
            "post.propose_shortlist",
            actor=actor,
            obj=post,
            from_state=post.status,
            to_state=post.status,
            reason=comment,
            details={"proposal": proposal.pk, "nominations": sorted(ids)},
        )
    return proposal


def send_back(post, *, actor, reason):
    """Another executive than the proposer returns the pending proposal, with a reason."""
    if not permissions.is_executive(actor):
        raise TransitionError(
            TransitionError.FORBIDDEN, "only the executive office decides on a shortlist"
        )
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(
            TransitionError.INVALID,
            "sending a shortlist back needs a reason",
            field_errors={"reason": ["This field is required."]},
        )
    with transaction.atomic():
        post = _locked_in_shortlisting(post)
        proposal = post.shortlist_proposals.select_for_update().pending().first()
        if proposal is None:
            raise TransitionError(
                TransitionError.CONFLICT, "no proposed shortlist waits for a decision"
            )
        if proposal.proposed_by_id == actor.pk:
            raise TransitionError(
                TransitionError.CONFLICT,
                "the shortlist must be decided by another executive than the one who proposed it",
            )
        proposal.status = ShortlistProposal.Status.SENT_BACK
        proposal.decided_by, proposal.decided_at = actor, timezone.now()
        proposal.send_back_reason = reason
        proposal.save(update_fields=["status", "decided_by", "decided_at", "send_back_reason"])
        audit.record(
            "post.send_back_shortlist",
            actor=actor,
            obj=post,
            from_state=post.status,
            to_state=post.status,
            reason=reason,
            details={"proposal": proposal.pk},
        )
    return proposal
