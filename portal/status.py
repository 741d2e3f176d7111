"""A nomination's status as its mission reads it.

The Secretariat's and the executive office's working states are not the mission's:
screening (eligible, ineligible) and shortlisting are "under review" until the
outcome is released to the missions.
"""

from django.utils.translation import gettext_lazy as _

from nominations.models import Nomination, Post

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


def outcome_released(post_status):
    """Whether the Secretariat has released the shortlisting outcome of a post to the
    missions. No release exists yet: the executive-office issue brings it and answers here
    (and only here) from its own record."""
    return False


def mission_status(status, post_status):
    """The mission's status of a nomination in ``status`` for a post in ``post_status``."""
    if status in OUTCOMES:
        return OUTCOMES[status] if outcome_released(post_status) else UNDER_REVIEW
    if status in (S.ELIGIBLE, S.INELIGIBLE):
        return UNDER_REVIEW
    if status == S.COMPLETE and post_status in REVIEW_POST_STATES:
        return UNDER_REVIEW
    return str(status)


def history_status(to_state, post_status):
    """The mission's status an event moved to. An event cannot know whether the post was
    in review then, so a complete nomination reads "complete" there."""
    if to_state in OUTCOMES or to_state in (S.ELIGIBLE, S.INELIGIBLE):
        return mission_status(to_state, post_status)
    return to_state
