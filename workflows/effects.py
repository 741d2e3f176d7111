"""What a transition implies beyond its own row, run inside its transaction."""

from notifications import notices


def settle_shortlist(post, actor, event):
    """approve_shortlist: each eligible nomination becomes shortlisted or not, at once."""
    from . import transitions

    proposal = post.shortlist_proposals.order_by("-created_at", "-id").first()
    chosen = set(proposal.nominations.values_list("pk", flat=True))
    for nomination in post.nominations.select_for_update().filter(status="eligible").order_by("id"):
        name = "mark_shortlisted" if nomination.pk in chosen else "mark_not_shortlisted"
        transitions.apply(
            nomination, name, actor=actor, check_role=False, reason=f"shortlist #{proposal.pk}"
        )


HANDLERS = {
    ("post", "issue_call"): [lambda post, actor, event: notices.call_issued(post, event)],
    ("post", "extend_deadline"): [lambda post, actor, event: notices.deadline_moved(post, event)],
    ("post", "reopen"): [lambda post, actor, event: notices.deadline_moved(post, event)],
    ("post", "approve_shortlist"): [settle_shortlist],
}


def after_transition(obj, name, *, actor, event):
    for handler in HANDLERS.get((obj._meta.model_name, name), ()):
        handler(obj, actor, event)
