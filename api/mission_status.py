"""The status a mission reads through the API: as on the portal, the outcome of screening
and shortlisting only once the Secretariat has released it to the mission. Until then a
screened or shortlisted nomination reads ``complete``, the last state the mission was
told, and the history holds no event past it. The value stays one of the state names of
the API contract."""

from django.db.models import Case, CharField, F, Value, When

from nominations.models import Nomination
from portal.status import released

S = Nomination.Status
# The states that are the executive office's judgement, withheld until the release.
WITHHELD = [S.ELIGIBLE, S.INELIGIBLE, S.SHORTLISTED, S.NOT_SHORTLISTED]
SHOWN_INSTEAD = S.COMPLETE


def with_shown_status(nominations):
    """``nominations`` with ``shown_status``, the status the mission may read (one EXISTS in
    the list's own query)."""
    return nominations.annotate(outcome_released=released()).annotate(
        shown_status=Case(
            When(status__in=WITHHELD, outcome_released=False, then=Value(SHOWN_INSTEAD)),
            default=F("status"),
            output_field=CharField(),
        )
    )


def events_shown(events, *, released):
    """The mission's events without those that moved into a withheld state, unless the
    outcome is released to it."""
    if released:
        return events
    return [event for event in events if event.to_state not in WITHHELD]
