"""Mailgun's tracking webhook, over HTTP with its real payloads and secrets: delivered and
bounced update the outbox row, the same event twice changes it once (also at once), a
status never moves back, and a bad signature or password is refused."""

import base64
import hashlib
import hmac
import json
import threading
from contextlib import contextmanager

import pytest
from anymail.signals import AnymailTrackingEvent
from django.db import connection

from notifications import tasks, tracking
from notifications.models import OutgoingMessage, TrackingEvent
from tests.config.test_anymail_urls import urls_for
from tests.notifications.helpers import MAILGUN_BACKEND, MAILGUN_DOMAIN, log_nomination

URL = "/anymail/mailgun/tracking/"
SECRET = "nomina-hook:7a1f3c9e5b2d4f60"
SIGNING_KEY = "mailgun-webhook-signing-key-0123456789"
Status = OutgoingMessage.Status


@contextmanager
def mailgun_webhook(settings):
    anymail = {
        **settings.ANYMAIL,
        "WEBHOOK_SECRET": SECRET,
        "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY,
    }
    with urls_for(EMAIL_BACKEND=MAILGUN_BACKEND, ANYMAIL=anymail):
        yield


@pytest.fixture
def webhook(mailgun, settings):
    with mailgun_webhook(settings):
        yield


@pytest.fixture
def sent(webhook, mailgun, secretariat, member_states, open_post):
    """The acknowledgement of a logged nomination, sent through Mailgun's API."""
    nomination = log_nomination(secretariat, member_states["FRA"], open_post)
    message = OutgoingMessage.objects.get(nomination=nomination)
    tasks.send_message.apply(args=[message.pk])
    message.refresh_from_db()
    assert (message.status, message.esp_message_id) == ("sent", f"<1.20231114@{MAILGUN_DOMAIN}>")
    return message


def signed(token, key=SIGNING_KEY, timestamp="1700000000"):
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256)
    return {"timestamp": timestamp, "token": token, "signature": signature.hexdigest()}


def mailgun_event(event, message, token, **event_data):
    """Mailgun's webhook body: the signature block and the event's data, as Mailgun posts."""
    return {
        "signature": signed(token),
        "event-data": {
            "event": event,
            "timestamp": 1700000100.25,
            "id": "CPgfbmQMTCKtHW6uIWtuVe",
            "log-level": "info",
            "recipient": "mission-fra@missions.test",
            "recipient-domain": "missions.test",
            "message": {
                "headers": {
                    "to": "mission-fra@missions.test",
                    # Mailgun leaves off the angle brackets its send answer had.
                    "message-id": message.esp_message_id.strip("<>"),
                    "from": "nominations@localhost",
                    "subject": message.subject,
                },
                "attachments": [],
                "size": 2048,
            },
            "tags": [],
            "user-variables": {},
            "flags": {"is-routed": False, "is-authenticated": True, "is-test-mode": False},
            **event_data,
        },
    }


DELIVERED = {"delivery-status": {"code": 250, "message": "OK", "description": ""}}
BOUNCED = {
    "severity": "permanent",
    "reason": "bounce",
    "delivery-status": {
        "code": 550,
        "message": "5.1.1 The email account that you tried to reach does not exist.",
        "description": "Not delivered",
    },
}
DEFERRED = {
    "severity": "temporary",
    "reason": "generic",
    "delivery-status": {"code": 421, "message": "4.4.2 Try again later", "description": ""},
}


def post(client, body, auth=SECRET):
    headers = {}
    if auth:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(auth.encode()).decode()
    return client.post(URL, json.dumps(body), content_type="application/json", **headers)


def status_of(message):
    message.refresh_from_db()
    return message.status


@pytest.mark.django_db
def test_a_delivered_event_marks_the_message_delivered(client, sent):
    assert (
        post(client, mailgun_event("delivered", sent, "token-delivered-1", **DELIVERED)).status_code
        == 200
    )

    assert status_of(sent) == Status.DELIVERED
    (event,) = sent.tracking_events.all()
    assert (event.esp_name, event.event_type, event.recipient) == (
        "Mailgun",
        "delivered",
        "mission-fra@missions.test",
    )


@pytest.mark.django_db
def test_a_bounce_marks_the_message_bounced_and_keeps_the_reason(client, sent):
    assert (
        post(client, mailgun_event("failed", sent, "token-bounce-1", **BOUNCED)).status_code == 200
    )

    assert status_of(sent) == Status.BOUNCED
    assert sent.last_error == (
        "Bounced: mission-fra@missions.test: bounced — Not delivered — "
        "5.1.1 The email account that you tried to reach does not exist."
    )


@pytest.mark.django_db
def test_a_rejection_marks_the_message_bounced(client, sent):
    rejected = {
        "reject": {"reason": "hardfail", "description": "Not delivering to suppressed address"}
    }

    assert (
        post(client, mailgun_event("rejected", sent, "token-reject-1", **rejected)).status_code
        == 200
    )

    assert status_of(sent) == Status.BOUNCED
    assert sent.last_error == "Bounced: mission-fra@missions.test: other — hardfail"


@pytest.mark.django_db
def test_a_temporary_failure_changes_nothing(client, sent):
    assert (
        post(client, mailgun_event("failed", sent, "token-deferred-1", **DEFERRED)).status_code
        == 200
    )

    assert status_of(sent) == Status.SENT
    assert sent.tracking_events.get().event_type == "deferred"


@pytest.mark.django_db
def test_the_same_event_twice_is_kept_and_applied_once(client, sent):
    bounce = mailgun_event("failed", sent, "token-bounce-2", **BOUNCED)
    assert post(client, bounce).status_code == 200
    OutgoingMessage.objects.filter(pk=sent.pk).update(last_error="read by the Secretariat")

    # The ESP did not hear our 200 and sends it again: answered 200, changes nothing.
    assert post(client, bounce).status_code == 200

    assert status_of(sent) == Status.BOUNCED
    assert sent.last_error == "read by the Secretariat"
    assert TrackingEvent.objects.count() == 1


@pytest.mark.django_db
def test_a_status_never_moves_back(client, sent):
    post(client, mailgun_event("failed", sent, "token-bounce-3", **BOUNCED))
    # Out of order: the delivery of the same message, reported after its bounce.
    post(client, mailgun_event("delivered", sent, "token-delivered-3", **DELIVERED))
    assert status_of(sent) == Status.BOUNCED

    OutgoingMessage.objects.filter(pk=sent.pk).update(status=Status.DELIVERED)
    # A late "accepted" (queued at the ESP) after the delivery.
    post(client, mailgun_event("accepted", sent, "token-accepted-3"))
    assert status_of(sent) == Status.DELIVERED
    assert sent.tracking_events.count() == 3


@pytest.mark.django_db
def test_an_event_before_the_answer_is_recorded_is_applied_when_it_is(
    client, webhook, mailgun, secretariat, member_states, open_post
):
    nomination = log_nomination(secretariat, member_states["FRA"], open_post)
    message = OutgoingMessage.objects.get(nomination=nomination)
    answers = []

    def delivered_at_once(esp_message_id):
        # The ESP delivers it and says so before its answer to the send reaches the worker.
        early = OutgoingMessage(subject=message.subject, esp_message_id=esp_message_id)
        answers.append(post(client, mailgun_event("delivered", early, "token-early", **DELIVERED)))
        answers.append(status_of(message))

    mailgun.before_answer = delivered_at_once
    tasks.send_message.apply(args=[message.pk])

    assert [answers[0].status_code, answers[1]] == [200, Status.SENDING]
    assert status_of(message) == Status.DELIVERED
    assert message.tracking_events.get().event_type == "delivered"


@pytest.mark.django_db
def test_an_event_for_mail_that_is_not_ours_is_answered_and_changes_nothing(client, sent):
    stranger = OutgoingMessage(subject="Other", esp_message_id="<9@elsewhere.test>")

    assert (
        post(
            client, mailgun_event("delivered", stranger, "token-stranger", **DELIVERED)
        ).status_code
        == 200
    )

    assert status_of(sent) == Status.SENT
    assert TrackingEvent.objects.get().message is None


@pytest.mark.django_db
def test_a_bad_signature_is_refused_and_changes_nothing(client, sent):
    forged = mailgun_event("delivered", sent, "token-forged", **DELIVERED)
    forged["signature"] = signed("token-forged", key="not-the-signing-key")

    response = post(client, forged)

    assert response.status_code == 401
    assert status_of(sent) == Status.SENT
    assert TrackingEvent.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("auth", [None, "nomina-hook:wrong"], ids=["no password", "wrong password"])
def test_a_request_without_the_webhook_secret_is_refused(client, sent, auth):
    response = post(client, mailgun_event("delivered", sent, "token-x", **DELIVERED), auth=auth)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic ")
    assert status_of(sent) == Status.SENT
    assert TrackingEvent.objects.count() == 0


def _event(message, event_id, event_type="bounced"):
    return AnymailTrackingEvent(
        event_type=event_type,
        event_id=event_id,
        message_id=message.esp_message_id,
        recipient="mission-fra@missions.test",
        description="Not delivered",
    )


@pytest.mark.django_db
def test_an_event_without_an_id_is_known_again_by_its_content(sent):
    """Postmark's deliveries carry no event id."""
    assert tracking.record_event(_event(sent, None, "delivered"), "Postmark") is True
    assert tracking.record_event(_event(sent, None, "delivered"), "Postmark") is False
    assert TrackingEvent.objects.get().event_id.startswith("derived:")


@pytest.mark.django_db(transaction=True)
def test_the_same_event_twice_at_once_changes_the_row_once(
    postgres, settings, mailgun, secretariat, member_states, open_post
):
    with mailgun_webhook(settings):
        nomination = log_nomination(secretariat, member_states["FRA"], open_post)
        message = OutgoingMessage.objects.get(nomination=nomination)
        tasks.send_message.apply(args=[message.pk])
        message.refresh_from_db()
        barrier = threading.Barrier(2)
        changed = []

        def deliver():
            try:
                barrier.wait()
                changed.append(tracking.record_event(_event(message, "same-token"), "Mailgun"))
            finally:
                connection.close()

        threads = [threading.Thread(target=deliver) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(changed) == [False, True]
    assert status_of(message) == Status.BOUNCED
    assert TrackingEvent.objects.count() == 1
