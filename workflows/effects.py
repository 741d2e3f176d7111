"""What a transition implies beyond its own row, run inside its transaction.

Rows an effect changes are locked by its ``LOCKS`` entry before the
transition records its first audit event (the lock order of workflows/audit.py).
"""

from notifications import notices
from reminders import schedule
from reports import delivery


def _eligible_nominations(post):
    return post.nominations.select_for_update().filter(status="eligible").order_by("id")


def _pending_proposal(post):
    return post.shortlist_proposals.select_for_update().pending().first()


def lock_shortlist(post):
    """approve_shortlist changes the pending proposal and the post's eligible nominations:
    lock them (the nominations in id order)."""
    _pending_proposal(post)
    list(_eligible_nominations(post).values_list("pk", flat=True))


def settle_shortlist(post, actor, event):
    """approve_shortlist: each eligible nomination becomes shortlisted or not, at once; the
    proposal is approved by ``actor``; the Secretariat is told (after commit)."""
    from django.utils import timezone

    from shortlisting import announce

    from . import transitions

    # Already locked by lock_shortlist; locking again does not wait.
    proposal = _pending_proposal(post)
    chosen = set(proposal.nominations.values_list("pk", flat=True))
    for nomination in _eligible_nominations(post):
        name = "mark_shortlisted" if nomination.pk in chosen else "mark_not_shortlisted"
        transitions.apply(
            nomination, name, actor=actor, check_role=False, reason=f"shortlist #{proposal.pk}"
        )
    proposal.status = "approved"
    proposal.decided_by, proposal.decided_at = actor, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    announce.shortlist_approved(post, proposal)


def lock_note_series(post):
    """Transitions that send notes verbales number them: the series' counter is locked
    now, the last row lock before the audit chain's."""
    notices.lock_series()


LOCKS = {
    ("post", "approve_shortlist"): lock_shortlist,
    ("post", "issue_call"): lock_note_series,
    ("post", "close_nominations"): lock_note_series,
    ("post", "extend_deadline"): lock_note_series,
    ("post", "reopen"): lock_note_series,
}


def schedule_reminders(post, actor, event):
    """The reminders before the post's (new) deadline; those for an old one lapse."""
    schedule.not_nominated(post)


HANDLERS = {
    ("post", "issue_call"): [
        lambda post, actor, event: notices.post_issued(post, event),
        schedule_reminders,
    ],
    ("post", "close_nominations"): [
        lambda post, actor, event: notices.post_closed(post, event),
        lambda post, actor, event: delivery.expect(post),
    ],
    ("post", "extend_deadline"): [
        lambda post, actor, event: notices.deadline_extended(post, event),
        schedule_reminders,
    ],
    ("post", "reopen"): [
        lambda post, actor, event: notices.nominations_reopened(post, event),
        schedule_reminders,
    ],
    ("post", "approve_shortlist"): [settle_shortlist],
    ("nomination", "mark_incomplete"): [
        lambda nomination, actor, event: schedule.incomplete(nomination)
    ],
    # The executive office's ratings of an eligible candidate fall due (reminders/kinds.py).
    ("nomination", "screen_eligible"): [
        lambda nomination, actor, event: schedule.assessments_due(nomination)
    ],
}


def after_transition(obj, name, *, actor, event):
    for handler in HANDLERS.get((obj._meta.model_name, name), ()):
        handler(obj, actor, event)


def before_transition(obj, name):
    """Lock what the transition's effects will change, before its audit event."""
    lock = LOCKS.get((obj._meta.model_name, name))
    if lock is not None:
        lock(obj)
