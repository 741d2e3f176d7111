import logging

from celery import shared_task
from django.utils import timezone

from nominations.models import Post
from reports import delivery

from . import transitions
from .errors import TransitionError

logger = logging.getLogger(__name__)


@shared_task
def close_due_posts():
    """Close every open post whose deadline has passed, then send the Secretariat the
    deadline report of each call whose posts at that deadline have all closed
    (reports/delivery.py). Safe to run twice or on two workers: the transition locks the
    row and a post already closed is refused, not closed again; a report goes once."""
    closed = []
    now = timezone.now()
    due = Post.objects.filter(status=Post.Status.OPEN, deadline__lte=now)
    for post in due.only("pk"):
        try:
            transitions.take(post, "close_nominations", actor=None)
        except TransitionError as error:
            logger.info("Post %s not closed: %s", post.pk, error)
            continue
        closed.append(post.pk)
    delivery.deliver_due(now)
    return closed
