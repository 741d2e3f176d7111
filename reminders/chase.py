"""The Secretariat's chase from the roster: one action reminds every addressed state that
has not nominated (reminders/recipients.py), once a day at most.

The chase's due point is ``chase-<Geneva date>``: the same chase again that day finds each
message's idempotency key taken and sends nothing more.
"""

import dataclasses
import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations.models import Call, MemberState, Post
from notifications import notices
from notifications.models import OutgoingMessage
from workflows import audit
from workflows.deadlines import seat_zone

from . import recipients

ACTION = "call.chase_not_nominated"


@dataclasses.dataclass
class Plan:
    """What a chase of ``call`` would do now."""

    call: Call
    due_point: str
    # The earliest deadline among the open posts: a chase arriving later is not sent.
    send_by: datetime.datetime | None
    open_posts: list
    to_remind: list[MemberState]
    already: list[MemberState]  # reminded by today's chase
    unreachable: list[MemberState]  # no mission address on file
    why_not: str = ""

    @property
    def offered(self):
        return not self.why_not


def due_point(now):
    return f"chase-{timezone.localdate(now, seat_zone()).isoformat()}"


def with_posts(calls):
    """Calls with their posts read once (a reminder lists the open ones)."""
    return calls.prefetch_related(Prefetch("posts", queryset=Post.objects.order_by("id")))


def why_not(posts, now):
    """Why no chase can go now, from the call's posts' (status, deadline); "" if it can."""
    open_deadlines = [deadline for status, deadline in posts if status == "open" and deadline]
    if not open_deadlines:
        return _("No post of this call is open for nominations, so no reminder can go.")
    if all(deadline <= now for deadline in open_deadlines):
        return _("The deadline has passed: the missions can no longer nominate.")
    return ""


def plan(call, now=None):
    """``call`` as with_posts() reads it."""
    now = now or timezone.now()
    point = due_point(now)
    posts = call.posts.all()
    ahead = [p for p in posts if p.status == "open" and p.deadline and p.deadline > now]
    states = recipients.not_nominated(call) if ahead else []
    taken = set(
        OutgoingMessage.objects.filter(
            idempotency_key__in=[notices.not_nominated_key(call, s, point) for s in states]
        ).values_list("idempotency_key", flat=True)
    )
    already = [s for s in states if notices.not_nominated_key(call, s, point) in taken]
    rest = [s for s in states if s not in already]
    return Plan(
        call=call,
        due_point=point,
        send_by=min((post.deadline for post in ahead), default=None),
        open_posts=ahead,
        to_remind=[s for s in rest if s.contact_emails],
        already=already,
        unreachable=[s for s in rest if not s.contact_emails],
        why_not=why_not([(post.status, post.deadline) for post in posts], now),
    )


@dataclasses.dataclass
class Result:
    sent: list[MemberState]
    plan: Plan


def chase(call, actor, confirmed_codes, now=None):
    """Remind the states of today's plan that the Secretariat confirmed (a state that has
    nominated since is left out); one audit event names them. Concurrent chases of one
    call queue one after the other (the call's row is locked first)."""
    with transaction.atomic():
        call = with_posts(Call.objects.select_for_update()).get(pk=call.pk)
        current = plan(call, now)
        sent = []
        for state in current.to_remind:
            if state.code not in confirmed_codes:
                continue
            message = notices.remind_not_nominated(
                call, state, due_point=current.due_point, send_by=current.send_by
            )
            if message is not None:
                sent.append(state)
        if sent:
            audit.record(
                ACTION,
                actor=actor,
                obj=call,
                details={
                    "due_point": current.due_point,
                    "count": len(sent),
                    "member_states": [state.code for state in sent],
                },
            )
    return Result(sent=sent, plan=current)
