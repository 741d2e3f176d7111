"""Whom a call's reminders go to.

A state "has nominated" when it has a nomination for one of the call's posts that is in
the running or late (waiting for a decision, or rejected): the roster's responses
Nominated and Late (workbench/dashboard_queries.py, whose grouping this reuses). A state
whose every nomination was withdrawn has no candidate left and is reminded like one that
never answered (the roster's Withdrawn and Not answered): it may still nominate someone.
"""

from nominations.models import MemberState
from workbench.dashboard_queries import Response, answers

REMINDED = {Response.NOT_ANSWERED, Response.WITHDRAWN}


def not_nominated(call):
    """The addressed states that have not nominated, by English name (4 queries, whatever
    the number of nominations)."""
    pks = [answer.state.pk for answer in answers(call) if answer.response in REMINDED]
    return list(MemberState.objects.filter(pk__in=pks).order_by("name_en"))
