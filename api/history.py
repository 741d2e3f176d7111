"""What a mission may read of its nomination's history.

Until the portal decides otherwise: the state changes only (no downloads, uploads
or refusals), and no internal reason — none on screening or shortlisting, none
given by the executive office. Actor names are never in the history serializer.
"""

from django.db.models import F

from accounts.roles import EXECUTIVE

INTERNAL_REASON_ACTIONS = {
    "nomination.screen_eligible",
    "nomination.screen_ineligible",
    "nomination.mark_shortlisted",
    "nomination.mark_not_shortlisted",
}


def mission_view_of(events):
    """The mission's events from ``events`` (a queryset), internal reasons blanked."""
    shown = []
    for event in events.exclude(from_state=F("to_state")).exclude(to_state=""):
        if event.action in INTERNAL_REASON_ACTIONS or event.actor_role == EXECUTIVE:
            event.reason = ""
        shown.append(event)
    return shown
