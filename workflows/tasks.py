import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from nominations.models import Post
from notifications import notices
from reports import delivery

from . import transitions
from .errors import TransitionError

logger = logging.getLogger(__name__)


@shared_task
def close_due_posts():
    """Close every open post whose deadline has passed, then send the Secretariat the
    deadline report of each call whose posts at that deadline have all closed
    (reports/delivery.py). Safe to run twice or on two workers: the transition locks the
    row and a post already closed is refused, not closed again; a report goes once.

    A call's due posts close in one transaction, so each mission gets one closing notice
    listing them all (notices.one_note_per_call), not one per post."""
    closed = []
    now = timezone.now()
    due = Post.objects.filter(status=Post.Status.OPEN, deadline__lte=now)
    for call_id in sorted(set(due.values_list("call_id", flat=True))):
        closed += _close_call_posts(call_id, now)
    delivery.deliver_due(now)
    return closed


def _close_call_posts(call_id, now):
    closed = []
    with transaction.atomic():
        # Every row lock first, in id order, before the counter's and the audit chain's
        # (workflows/audit.py); a post another sweep holds is that sweep's to close.
        posts = list(
            Post.objects.select_for_update(skip_locked=True)
            .filter(call_id=call_id, status=Post.Status.OPEN, deadline__lte=now)
            .order_by("pk")
        )
        with notices.one_note_per_call():
            for post in posts:
                try:
                    transitions.take(post, "close_nominations", actor=None)
                except TransitionError as error:
                    logger.info("Post %s not closed: %s", post.pk, error)
                    continue
                closed.append(post.pk)
    return closed
