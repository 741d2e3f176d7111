"""Account tests: the outbox's messages of a kind, the link a message carries, and the
account pages' rate limits on a clean cache."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from notifications.models import OutgoingMessage

LINK = re.compile(r"https?://\S+")


def queued(kind):
    return list(OutgoingMessage.objects.filter(kind=kind).order_by("id"))


def link_in(message):
    """The one-time link ``message`` carries: in its body while it waits to be sent, then
    only in the e-mail sent (the outbox drops it once sent: notifications/delivery.py)."""
    message.refresh_from_db()
    body = message.body
    if message.status == OutgoingMessage.Status.SENT:
        (sent,) = [m for m in mail.outbox if m.subject == message.subject and m.to == message.to]
        body = sent.body
    (link,) = LINK.findall(body)
    return link


def path_of(link):
    return "/" + link.split("/", 3)[3]


@pytest.fixture
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def worker(monkeypatch, django_capture_on_commit_callbacks):
    """The outbox's send task run in place of the broker, when the change commits: use
    ``with worker(): ...`` and the mail is in django.core.mail.outbox afterwards."""
    from notifications import tasks

    monkeypatch.setattr(tasks.send_message, "delay", lambda pk: tasks.send_message.apply(args=[pk]))
    return lambda: django_capture_on_commit_callbacks(execute=True)
