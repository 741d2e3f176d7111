"""The audit log page: who may open it and verify, each filter, the event's states, reason
and hash, and the "verify the chain" action on an intact and on a tampered chain."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.web.test_pages import assert_keeps_to_the_csp
from tests.workflows.test_audit import trigger_disabled
from workflows import audit, transitions
from workflows.models import AuditEvent

ROLES = ["secretariat", "auditor", "executive", "mission"]
ACTION = re.compile(r'<th scope="row" class="govuk-table__header"><code>([^<]*)</code></th>')


def actions(response):
    return ACTION.findall(response.content.decode())


@pytest.fixture
def history(secretariat, auditor):
    """An extended post (two events with states and reasons), a failed sign-in, and a
    withdrawal a month ago."""
    post = factories.PostFactory(status="open", deadline_date=factories.in_days(10))
    post = transitions.take(
        post,
        "extend_deadline",
        actor=secretariat,
        reason="The missions asked for more time",
        deadline_date=factories.in_days(20),
    )
    audit.record_alone("account.login_failed", actor=None, details={"username": "x@y.test"})
    with transaction_at(timezone.now() - datetime.timedelta(days=30)):
        audit.record_alone("account.checked", actor=auditor)
    return {"post": post, "events": list(AuditEvent.objects.order_by("id"))}


class transaction_at:
    """Record with `created_at` set to a given moment (the clock, not the stored row)."""

    def __init__(self, moment):
        self.moment = moment

    def __enter__(self):
        from unittest import mock

        self.patch = mock.patch("workflows.audit.timezone.now", return_value=self.moment)
        self.patch.start()

    def __exit__(self, *exc):
        self.patch.stop()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_secretariat_and_the_auditor_open_the_page_and_may_verify(client, users, role):
    client.force_login(users[role])

    page = client.get(reverse("audit:log"))
    verify = client.post(reverse("audit:verify"))

    allowed = role in ("secretariat", "auditor")
    assert page.status_code == (200 if allowed else 403)
    assert verify.status_code == (302 if allowed else 403)
    if allowed:
        assert_keeps_to_the_csp(page)
        assert 'name="csrfmiddlewaretoken"' in page.content.decode()


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in_and_cannot_verify(client):
    assert client.get(reverse("audit:log"))["Location"] == "/sign-in/?next=/audit/"
    assert client.post(reverse("audit:verify"))["Location"] == "/sign-in/?next=/audit/verify/"


@pytest.mark.django_db
def test_verify_refuses_a_get(client, auditor):
    client.force_login(auditor)
    assert client.get(reverse("audit:verify")).status_code == 405


def test_each_event_shows_its_states_reason_and_hash(client, auditor, history):
    client.force_login(auditor)
    extended = next(e for e in history["events"] if e.action == "post.extend_deadline")

    html = client.get(reverse("audit:log")).content.decode()

    assert "The missions asked for more time" in html
    assert f"{extended.from_state} → {extended.to_state}" in html
    assert f"<code>{extended.hash[:10]}…</code>" in html
    assert f'<code class="nomina-hash">{extended.hash}</code>' in html  # inside <details>


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"action": "account.login_failed"}, ["account.login_failed"]),
        ({"actor_role": "auditor"}, ["account.checked"]),
        ({"object_type": "nominations.post"}, ["post.extend_deadline"]),
    ],
)
def test_each_filter_narrows_the_events(client, auditor, history, params, expected):
    client.force_login(auditor)
    assert actions(client.get(reverse("audit:log"), params)) == expected


def test_the_object_and_actor_filters(client, auditor, secretariat, history):
    client.force_login(auditor)
    post = history["post"]
    by_object = {"object_type": "nominations.post", "object_id": str(post.pk)}
    other_object = {"object_type": "nominations.post", "object_id": str(post.pk + 1000)}

    assert actions(client.get(reverse("audit:log"), by_object)) == ["post.extend_deadline"]
    assert actions(client.get(reverse("audit:log"), other_object)) == []
    by_actor = client.get(reverse("audit:log"), {"actor": secretariat.email.upper()})
    assert actions(by_actor) == ["post.extend_deadline"]


def test_the_date_range_is_by_day_in_geneva(client, auditor, history):
    client.force_login(auditor)
    today = timezone.localdate()
    since_yesterday = {"created_from_0": (today - datetime.timedelta(days=1)).day,
                       "created_from_1": (today - datetime.timedelta(days=1)).month,
                       "created_from_2": (today - datetime.timedelta(days=1)).year}  # fmt: skip
    old = today - datetime.timedelta(days=30)
    that_day = {"created_from_0": old.day, "created_from_1": old.month, "created_from_2": old.year,
                "created_to_0": old.day, "created_to_1": old.month, "created_to_2": old.year}  # fmt: skip

    assert "account.checked" not in actions(client.get(reverse("audit:log"), since_yesterday))
    assert actions(client.get(reverse("audit:log"), that_day)) == ["account.checked"]


def test_an_unknown_action_is_an_error_and_no_events(client, auditor, history):
    client.force_login(auditor)
    response = client.get(reverse("audit:log"), {"action": "nope"})
    assert actions(response) == []
    assert "govuk-error-summary" in response.content.decode()


def test_verifying_an_intact_chain_says_how_many_events_it_checked(client, auditor, history):
    client.force_login(auditor)

    response = client.post(reverse("audit:verify"), follow=True)
    html = response.content.decode()

    assert "govuk-notification-banner--success" in html
    count = AuditEvent.objects.count()
    assert f"The audit chain is intact: {count} events checked" in html
    assert "No checkpoint file is set up" in html


def test_verifying_a_tampered_chain_names_the_event_and_why(client, auditor, history):
    tampered = history["events"][1]
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE workflows_auditevent SET reason = %s WHERE id = %s",
            ["nothing to see here", tampered.pk],
        )
    client.force_login(auditor)

    html = client.post(reverse("audit:verify"), follow=True).content.decode()

    assert "govuk-notification-banner--success" not in html
    assert f"The audit chain is broken at event #{tampered.pk} ({tampered.action}" in html
    assert "its content does not match its hash" in html


def test_verifying_on_postgres_catches_a_removed_event(client, auditor, history, postgres):
    removed = history["events"][1]
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM workflows_auditevent WHERE id = %s", [removed.pk])
    client.force_login(auditor)

    html = client.post(reverse("audit:verify"), follow=True).content.decode()

    assert f"broken at event #{history['events'][2].pk}" in html
    assert "its previous hash does not match the event before it" in html


def test_with_a_checkpoint_file_removed_newest_events_are_caught(
    client, auditor, history, settings, tmp_path
):
    checkpoint = tmp_path / "checkpoints.jsonl"
    checkpoint.write_text(json.dumps(audit.take_checkpoint()) + "\n")
    settings.NOMINA_AUDIT_CHECKPOINT_FILE = str(checkpoint)
    client.force_login(auditor)

    intact = client.post(reverse("audit:verify"), follow=True).content.decode()
    newest = history["events"][-1]
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM workflows_auditevent WHERE id = %s", [newest.pk])
    broken = client.post(reverse("audit:verify"), follow=True).content.decode()

    assert "It still holds every event that 1 checkpoints saw." in intact
    assert f"event #{newest.pk} is missing" in broken


def _events(count, actor):
    for n in range(count):
        nomination = factories.NominationFactory()
        audit.record_alone("nomination.logged", actor=actor, obj=nomination, reason=f"#{n}")


# session, user with its role; object types, actions; count, page.
AUDIT_QUERIES = 6


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 200])
def test_the_page_needs_as_many_queries_for_200_events_as_for_one(
    client, secretariat, django_assert_num_queries, count
):
    _events(count, secretariat)
    client.force_login(secretariat)

    with django_assert_num_queries(AUDIT_QUERIES):
        response = client.get(reverse("audit:log"), {"actor_role": "secretariat"})

    assert len(actions(response)) == min(count, 50)
