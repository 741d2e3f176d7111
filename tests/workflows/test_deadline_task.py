import datetime
import logging
import threading
import time
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import OperationalError, connection

from config.celery import app
from nominations.models import Post
from tests import factories
from workflows import tasks
from workflows.models import AuditEvent

ONE_MICROSECOND = datetime.timedelta(microseconds=1)


@pytest.mark.django_db
def test_the_sweep_closes_only_open_posts_past_their_deadline(member_states):
    due = factories.PostFactory(status="open", deadline_date=factories.in_days(-1))
    not_yet = factories.PostFactory(status="open", deadline_date=factories.in_days(1))
    draft = factories.PostFactory(status="draft", deadline_date=factories.in_days(-1))

    assert tasks.close_due_posts() == [due.pk]
    assert tasks.close_due_posts() == []

    statuses = dict(Post.objects.values_list("pk", "status"))
    assert statuses == {due.pk: "closed", not_yet.pk: "open", draft.pk: "draft"}
    event = AuditEvent.objects.get(action="post.close_nominations")
    assert (event.actor, event.actor_role, event.actor_label) == (None, "system", "system")


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_close_once(postgres, member_states):
    factories.PostFactory.create_batch(3, status="open", deadline_date=factories.in_days(-1))
    barrier = threading.Barrier(2)
    results = []

    def sweep():
        try:
            barrier.wait()
            results.append(tasks.close_due_posts())
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(pk for closed in results for pk in closed) == sorted(
        Post.objects.values_list("pk", flat=True)
    )
    assert AuditEvent.objects.filter(action="post.close_nominations").count() == 3


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_deadline_sweep(member_states):
    post = factories.PostFactory(status="open", deadline_date=factories.in_days(-1))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        tasks.close_due_posts.delay()
        for _ in range(150):
            try:
                post.refresh_from_db()
            except OperationalError:
                # SQLite's shared in-memory test database refuses a read of a table
                # another connection is writing (the worker, closing and writing the
                # closing notices): ask again.
                time.sleep(0.1)
                continue
            if post.status == "closed":
                break
            time.sleep(0.1)
    assert post.status == "closed"


@pytest.mark.django_db
def test_the_sweep_closes_at_the_deadline_instant_and_not_one_microsecond_before(
    member_states, caplog
):
    post = factories.PostFactory(status="open", deadline_date=datetime.date(2026, 11, 15))
    closes = datetime.datetime(2026, 11, 16, tzinfo=ZoneInfo("Europe/Zurich"))
    assert post.deadline == closes
    caplog.set_level(logging.INFO, logger="workflows.tasks")
    # The wall clock is outside the system: stop it one microsecond before, then at.
    with mock.patch("django.utils.timezone.now", return_value=closes - ONE_MICROSECOND):
        assert tasks.close_due_posts() == []
    # Not even tried: the post was not due.
    assert [r.message for r in caplog.records if r.name == "workflows.tasks"] == []
    post.refresh_from_db()
    assert post.status == "open"
    with mock.patch("django.utils.timezone.now", return_value=closes):
        assert tasks.close_due_posts() == [post.pk]
    post.refresh_from_db()
    assert post.status == "closed"
