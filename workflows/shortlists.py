"""Proposing a shortlist; approving it is the post's approve_shortlist transition."""

from django.db import transaction

from nominations.models import Nomination, Post, ShortlistProposal

from . import audit, permissions
from .errors import TransitionError


def propose_shortlist(post, *, actor, nominations, comment=""):
    if not permissions.is_executive(actor):
        raise TransitionError(
            TransitionError.FORBIDDEN, "only the executive office proposes a shortlist"
        )
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.status != Post.Status.SHORTLISTING:
            raise TransitionError(
                TransitionError.CONFLICT,
                f"cannot propose a shortlist for a post that is {post.status}",
                state=post.status,
            )
        ids = {n.pk for n in nominations}
        eligible = set(
            post.nominations.filter(pk__in=ids, status=Nomination.Status.ELIGIBLE).values_list(
                "pk", flat=True
            )
        )
        if ids - eligible:
            raise TransitionError(
                TransitionError.INVALID,
                "a shortlist holds only eligible nominations of this post",
                field_errors={"nominations": [str(pk) for pk in sorted(ids - eligible)]},
            )
        proposal = ShortlistProposal.objects.create(post=post, proposed_by=actor, comment=comment)
        proposal.nominations.set(eligible)
        audit.record(
            "post.propose_shortlist",
            actor=actor,
            obj=post,
            from_state=post.status,
            to_state=post.status,
            reason=comment,
            details={"proposal": proposal.pk, "nominations": sorted(eligible)},
        )
    return proposal
