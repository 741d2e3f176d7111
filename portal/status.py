"""A nomination's status as its mission reads it.

The Secretariat's and the executive office's working states are not the mission's:
screening (eligible, ineligible) and shortlisting are "under review" until the
outcome is released to the missions.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from nominations.models import Nomination, Post
from shortlisting.models import OutcomeRelease

S = Nomination.Status

RECEIVED = "received"
INCOMPLETE = "incomplete"
COMPLETE = "complete"
LATE = "late"
UNDER_REVIEW = "under_review"
WITHDRAWN = "withdrawn"
REJECTED = "rejected"
SHORTLISTED = "shortlisted"
NOT_SHORTLISTED = "not_shortlisted"

LABELS = {
    RECEIVED: _("Received"),
    INCOMPLETE: _("Incomplete"),
    COMPLETE: _("Complete"),
    LATE: _("Late"),
    UNDER_REVIEW: _("Under review"),
    WITHDRAWN: _("Withdrawn"),
    REJECTED: _("Rejected"),
    SHORTLISTED: _("Shortlisted"),
    NOT_SHORTLISTED: _("Not shortlisted"),
}

# What each status means for the mission, in a sentence.
MEANINGS = {
    RECEIVED: _("The Secretariat has received the nomination and is checking that it is complete."),
    INCOMPLETE: _(
        "The nomination lacks something the call requires; the Secretariat waits for it."
    ),
    COMPLETE: _(
        "The nomination is complete: it will be considered for the post with the others "
        "received by the deadline."
    ),
    LATE: _(
        "The nomination reached the Secretariat after the deadline. The Secretariat decides "
        "whether to accept it."
    ),
    UNDER_REVIEW: _("The nomination is being reviewed. Your mission will be told the outcome."),
    WITHDRAWN: _("The nomination was withdrawn at your mission's request."),
    REJECTED: _(
        "The nomination reached the Secretariat after the deadline and was not accepted: "
        "it will not be considered for this post."
    ),
    SHORTLISTED: _("The candidate is on the shortlist for the post."),
    NOT_SHORTLISTED: _("The candidate is not on the shortlist for the post."),
}

# The tag colours of web's status_tag, by mission status.
COLOURS = {
    RECEIVED: "light-blue",
    INCOMPLETE: "yellow",
    COMPLETE: "green",
    LATE: "orange",
    UNDER_REVIEW: "blue",
    WITHDRAWN: "grey",
    REJECTED: "red",
    SHORTLISTED: "purple",
    NOT_SHORTLISTED: "grey",
}

# Listed in this order on the home page.
ORDER = list(LABELS)

REVIEW_POST_STATES = {Post.Status.SHORTLISTING, Post.Status.SHORTLISTED}
OUTCOMES = {S.SHORTLISTED: SHORTLISTED, S.NOT_SHORTLISTED: NOT_SHORTLISTED}


def released(post="post_id", member_state="member_state_id"):
    """Whether the Secretariat has released the outcome of the nomination's post to its
    member state's mission, as an annotation of a nominations queryset (one EXISTS in
    the list's own query: the lists stay flat)."""
    return Exists(
        OutcomeRelease.objects.filter(
            post_id=OuterRef(post), member_state_id=OuterRef(member_state)
        )
    )


def outcome_released(post, member_state):
    """Whether the outcome of ``post`` is released to ``member_state``'s mission: an
    OutcomeRelease row (shortlisting/release.py) and the post's shortlist approved."""
    return (
        post.status == Post.Status.SHORTLISTED
        and OutcomeRelease.objects.filter(post=post, member_state=member_state).exists()
    )


def mission_status(status, post_status, released=False):
    """The mission's status of a nomination in ``status`` for a post in ``post_status``;
    ``released``: whether the outcome is released to this mission (``released()``)."""
    if status in OUTCOMES:
        return OUTCOMES[status] if released else UNDER_REVIEW
    if status == S.INELIGIBLE and released:
        # Released, a candidate found ineligible is off the shortlist: the mission learns
        # that much, never the screening behind it.
        return NOT_SHORTLISTED
    if status in (S.ELIGIBLE, S.INELIGIBLE):
        return UNDER_REVIEW
    if status == S.COMPLETE and post_status in REVIEW_POST_STATES:
        return UNDER_REVIEW
    return str(status)


def history_status(to_state, post_status, released=False):
    """The mission's status an event moved to. An event cannot know whether the post was
    in review then, so a complete nomination reads "complete" there."""
    if to_state in OUTCOMES or to_state in (S.ELIGIBLE, S.INELIGIBLE):
        return mission_status(to_state, post_status, released)
    return to_state
