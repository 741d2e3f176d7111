"""The outbox page: the Secretariat only; every message newest first with its filters; the
messages stuck "sending" under "Needs a decision", each sent again or marked as sent on a
confirmed POST, on the audit log; a fixed number of queries."""

import datetime
import re
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications import tasks
from notifications.models import OutgoingMessage
from tests import factories
from tests.notifications.helpers import DyingWorkerESP, log_nomination
from tests.web.test_pages import assert_keeps_to_the_csp
from workflows.models import AuditEvent

Status = OutgoingMessage.Status
URL = "/workbench/outbox/"
ROW = re.compile(r'<tr class="govuk-table__row" data-message="(\d+)">')


def listed(response, section="messages"):
    """The message ids of one table of the page, in order."""
    html = response.content.decode()
    start = html.index(f'id="{section}-caption"')
    end = html.index("</table>", start)
    return [int(pk) for pk in ROW.findall(html[start:end])]


def message(key, *, state=None, kind="acknowledgement", status=Status.SENT, age=None, **fields):
    row = OutgoingMessage.objects.create(
        idempotency_key=key,
        kind=kind,
        to=list(state.contact_emails) if state else ["registry@nomina.test"],
        subject=f"Subject {key}",
        body="The body of the message, which the list does not show.",
        member_state=state,
        status=status,
        **fields,
    )
    if age is not None:
        OutgoingMessage.objects.filter(pk=row.pk).update(created_at=timezone.now() - age)
        row.refresh_from_db()
    return row


def stuck(key, state, minutes=30):
    """Claimed ``minutes`` ago by a worker that never came back."""
    return message(
        key,
        state=state,
        status=Status.SENDING,
        attempts=1,
        claimed_at=timezone.now() - datetime.timedelta(minutes=minutes),
    )


@pytest.fixture
def signed_in(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def outbox(member_states):
    fra, ken = member_states["FRA"], member_states["KEN"]
    days = datetime.timedelta(days=1)
    return {
        "old_call": message("call:1:FRA", state=fra, kind="call", age=10 * days),
        "ack_ken": message(
            "ack:2",
            state=ken,
            status=Status.FAILED,
            attempts=5,
            last_error="AnymailRequestsAPIError: Mailgun API response 503 (Service Unavailable)",
            age=2 * days,
        ),
        "ack_fra": message("ack:3", state=fra, status=Status.DELIVERED, age=days),
        "report": message("report:1", kind="report", status=Status.QUEUED),
    }


# --- who may open it ---------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_secretariat_opens_the_outbox_and_its_decisions(
    client, auditor, executive, mission, member_states
):
    row = stuck("ack:9", member_states["FRA"])
    pages = [
        URL,
        reverse("workbench:outbox_send_again", args=[row.pk]),
        reverse("workbench:outbox_mark_sent", args=[row.pk]),
    ]
    for url in pages:
        assert client.get(url)["Location"] == f"/sign-in/?next={url}"
    for user in (auditor, executive, mission):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 403
            assert client.post(url, {"note": "I know"}).status_code == 403
    row.refresh_from_db()
    assert row.status == Status.SENDING


# --- the list ----------------------------------------------------------------------------


def test_the_outbox_lists_every_message_newest_first_with_its_state(signed_in, outbox):
    response = signed_in.get(URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert listed(response) == [
        outbox[key].pk for key in ("report", "ack_fra", "ack_ken", "old_call")
    ]
    assert "4 messages" in html
    assert "Acknowledgement of receipt" in html and "Call for nominations" in html
    assert "State KEN" in html  # the mission's name, with its address
    assert "mission-ken@missions.test" in html
    assert '<strong class="govuk-tag govuk-tag--red">Failed</strong>' in html
    assert "Mailgun API response 503 (Service Unavailable)" in html
    assert "which the list does not show" not in html
    # A failed message can be sent again; a delivered one offers nothing.
    assert reverse("workbench:outbox_send_again", args=[outbox["ack_ken"].pk]) in html
    assert reverse("workbench:outbox_send_again", args=[outbox["ack_fra"].pk]) not in html
    assert reverse("workbench:outbox_mark_sent", args=[outbox["ack_ken"].pk]) not in html
    assert 'id="needs-decision"' not in html
    assert f'href="{URL}" aria-current="page"' in html  # "Outbox" in the navigation
    assert_keeps_to_the_csp(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "failed"}, ["ack_ken"]),
        ({"kind": "acknowledgement"}, ["ack_fra", "ack_ken"]),
        ({"member_state": "FRA"}, ["ack_fra", "old_call"]),
        ({"member_state": "FRA", "kind": "call"}, ["old_call"]),
        ({"status": "queued"}, ["report"]),
    ],
)
def test_the_outbox_filters_by_status_kind_and_member_state(signed_in, outbox, query, expected):
    assert listed(signed_in.get(URL, query)) == [outbox[key].pk for key in expected]


def test_the_outbox_filters_by_the_day_written(signed_in, outbox):
    two_days_ago = timezone.localdate() - datetime.timedelta(days=2)
    day = {"_0": two_days_ago.day, "_1": two_days_ago.month, "_2": two_days_ago.year}
    query = {f"created_from{part}": value for part, value in day.items()}
    query.update({f"created_to{part}": value for part, value in day.items()})

    assert listed(signed_in.get(URL, query)) == [outbox["ack_ken"].pk]


def test_a_filter_that_does_not_validate_shows_its_error_and_no_rows(signed_in, outbox):
    response = signed_in.get(URL, {"member_state": "ZZZ"})

    assert listed(response) == []
    assert "govuk-error-summary" in response.content.decode()


# --- needs a decision --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_message_left_sending_by_a_killed_worker_shows_under_needs_a_decision(
    signed_in, settings, secretariat, member_states
):
    post = factories.PostFactory(status="open")
    log_nomination(secretariat, member_states["FRA"], post)
    row = OutgoingMessage.objects.get(kind="acknowledgement")
    # The ESP takes it; the worker is killed before it hears the answer.
    settings.EMAIL_BACKEND = f"{DyingWorkerESP.__module__}.DyingWorkerESP"
    with pytest.raises(SystemExit):
        tasks.send_message(row.pk)
    fresh = signed_in.get(URL)
    later = timezone.now() + datetime.timedelta(minutes=settings.NOMINA_OUTBOX_DECISION_MINUTES)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = signed_in.get(URL)
        only_stuck = signed_in.get(URL, {"status": "needs_decision"})

    # While a worker may still be on it: listed as sending, no decision offered.
    assert 'id="needs-decision"' not in fresh.content.decode()
    assert reverse("workbench:outbox_mark_sent", args=[row.pk]) not in fresh.content.decode()
    html = response.content.decode()
    assert listed(response, "decisions") == [row.pk]
    assert "may or may not have gone" in html
    assert reverse("workbench:outbox_send_again", args=[row.pk]) in html
    assert reverse("workbench:outbox_mark_sent", args=[row.pk]) in html
    assert listed(only_stuck) == [row.pk]


@pytest.mark.django_db
def test_send_again_asks_for_confirmation_then_queues_it_audited_and_a_worker_sends_it(
    signed_in, secretariat, member_states, monkeypatch, django_capture_on_commit_callbacks
):
    row = stuck("ack:7", member_states["FRA"])
    url = reverse("workbench:outbox_send_again", args=[row.pk])
    monkeypatch.setattr(tasks.send_message, "delay", lambda pk: tasks.send_message.apply(args=[pk]))

    page = signed_in.get(url)
    assert page.status_code == 200
    assert "the mission may receive it twice" in page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    assert_keeps_to_the_csp(page)
    row.refresh_from_db()
    assert row.status == Status.SENDING  # a GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url, {"note": "The mission has not received it."})

    assert response.status_code == 302 and response["Location"] == URL
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)
    event = AuditEvent.objects.get(action="message.send_again")
    assert (event.actor, event.object_type, event.object_id) == (
        secretariat,
        "notifications.outgoingmessage",
        str(row.pk),
    )
    assert (event.from_state, event.to_state, event.reason) == (
        "sending",
        "queued",
        "The mission has not received it.",
    )
    assert event.details["attempts"] == 1 and event.details["member_state"] == "FRA"
    assert "is queued to be sent again" in signed_in.get(URL).content.decode()


@pytest.mark.django_db
def test_mark_as_sent_needs_a_note_and_is_audited(signed_in, secretariat, member_states):
    row = stuck("ack:8", member_states["FRA"])
    url = reverse("workbench:outbox_mark_sent", args=[row.pk])

    refused = signed_in.post(url, {"note": "  "})
    assert refused.status_code == 400
    assert "Say how you know the message was sent." in refused.content.decode()
    row.refresh_from_db()
    assert row.status == Status.SENDING

    response = signed_in.post(url, {"note": "The mission confirmed receipt by telephone."})

    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)
    assert row.sent_at is not None
    event = AuditEvent.objects.get(action="message.mark_sent")
    assert (event.actor, event.from_state, event.to_state, event.reason) == (
        secretariat,
        "sending",
        "sent",
        "The mission confirmed receipt by telephone.",
    )


@pytest.mark.django_db
def test_a_message_a_worker_may_still_be_sending_takes_no_decision(
    signed_in, member_states, outbox
):
    fresh = stuck("ack:10", member_states["FRA"], minutes=1)

    for name, target in (
        ("workbench:outbox_send_again", fresh),
        ("workbench:outbox_mark_sent", fresh),
        ("workbench:outbox_mark_sent", outbox["ack_ken"]),  # failed: sent again, not marked
        ("workbench:outbox_send_again", outbox["ack_fra"]),  # delivered
    ):
        url = reverse(name, args=[target.pk])
        assert "needs no decision now" in signed_in.get(url).content.decode()
        response = signed_in.post(url, {"note": "Sure"}, follow=True)
        assert "Nothing was changed" in response.content.decode()

    statuses = dict(OutgoingMessage.objects.values_list("pk", "status"))
    assert statuses[fresh.pk] == Status.SENDING
    assert statuses[outbox["ack_ken"].pk] == Status.FAILED
    assert statuses[outbox["ack_fra"].pk] == Status.DELIVERED
    assert not AuditEvent.objects.filter(action__startswith="message.").exists()


@pytest.mark.django_db
def test_a_decision_without_the_csrf_token_is_refused(secretariat, member_states):
    row = stuck("ack:11", member_states["FRA"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)

    response = client.post(reverse("workbench:outbox_mark_sent", args=[row.pk]), {"note": "x"})

    assert response.status_code == 403
    row.refresh_from_db()
    assert row.status == Status.SENDING


# --- the nomination's and the mission's messages -----------------------------------------


@pytest.mark.django_db
def test_a_nomination_page_shows_its_messages_and_links_to_its_missions(
    signed_in, secretariat, member_states
):
    post = factories.PostFactory(status="open")
    nomination = log_nomination(secretariat, member_states["FRA"], post)
    other = log_nomination(secretariat, member_states["FRA"], post, name="Louis Martin")
    tasks.send_message.apply(args=[nomination.messages.get().pk])

    html = signed_in.get(
        reverse("workbench:nomination_detail", args=[nomination.pk])
    ).content.decode()

    ack = nomination.messages.get()
    assert ack.subject in html
    assert '<strong class="govuk-tag govuk-tag--blue">Sent</strong>' in html
    assert other.messages.get().pk != ack.pk
    # Its own acknowledgement, not the other nomination's of the same note.
    assert html.count('<td class="govuk-table__cell">Acknowledgement of receipt</td>') == 1
    mission_url = f"{URL}?member_state=FRA"
    assert f'href="{mission_url}"' in html
    assert listed(signed_in.get(mission_url)) == [other.messages.get().pk, ack.pk]


# --- queries -----------------------------------------------------------------------------

# session, user with its role; the kinds and member states to filter by; the messages
# needing a decision; the count and the page of messages.
OUTBOX_QUERIES = 7


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 50])
def test_the_outbox_needs_as_many_queries_for_50_messages_as_for_one(
    signed_in, member_states, django_assert_num_queries, count
):
    states = list(member_states.values())
    stuck("stuck:1", states[0])
    for number in range(count):
        message(
            f"m:{number}", state=states[number % 3], kind=("call", "acknowledgement")[number % 2]
        )

    with django_assert_num_queries(OUTBOX_QUERIES):
        response = signed_in.get(URL)

    assert response.status_code == 200
    assert len(listed(response)) == min(count + 1, 50)
