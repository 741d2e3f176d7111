"""Sign-in throttling (django-axes): repeated failures lock a name out from one address,
and the audit log keeps the failures up to the lockout and the lockout once."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings

from tests.factories import PASSWORD
from workflows.models import AuditEvent

LOGIN = "/admin/login/"


def sign_in(client, email, password, address="203.0.113.7"):
    return client.post(
        LOGIN, {"username": email, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_two_hundred_wrong_passwords_lock_the_account_out(client, secretariat):
    answers = [sign_in(client, secretariat.email, f"guess {n}").status_code for n in range(200)]

    limit = settings.AXES_FAILURE_LIMIT
    assert answers[: limit - 1] == [200] * (limit - 1)  # the form again, with its error
    assert set(answers[limit - 1 :]) == {429}
    right = sign_in(client, secretariat.email, PASSWORD)
    assert right.status_code == 429
    assert not signed_in(client)
    assert "too many" in right.content.decode().lower()
    assert AuditEvent.objects.filter(action="sign_in.failed").count() == limit
    lockouts = AuditEvent.objects.filter(action="sign_in.locked_out")
    assert [event.details for event in lockouts] == [
        {"username": secretariat.email, "ip_address": "203.0.113.7", "failures": limit}
    ]


@pytest.mark.django_db
def test_a_lockout_holds_for_one_name_from_one_address(client, secretariat, auditor):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, secretariat.email, f"guess {n}")

    assert sign_in(client, secretariat.email, PASSWORD, address="198.51.100.9").status_code == 302
    client.logout()
    assert sign_in(client, auditor.email, PASSWORD).status_code in (200, 302)
    assert sign_in(client, secretariat.email, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_the_lockout_ends_after_the_cool_off(client, secretariat):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, secretariat.email, f"guess {n}")
    assert sign_in(client, secretariat.email, PASSWORD).status_code == 429

    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time
        - settings.AXES_COOLOFF_TIME
        - datetime.timedelta(seconds=1)
    )
    assert sign_in(client, secretariat.email, PASSWORD).status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_a_failure_below_the_limit_is_recorded_without_the_password(client, secretariat):
    sign_in(client, secretariat.email, "wrong guess")
    event = AuditEvent.objects.get(action="sign_in.failed")
    assert event.details == {"username": secretariat.email, "ip_address": "203.0.113.7"}
    assert not AuditEvent.objects.filter(action="sign_in.locked_out").exists()


@pytest.mark.django_db
def test_the_sign_in_page_audits_each_failure_and_the_lockout_never_the_password(client, mission):
    limit = settings.AXES_FAILURE_LIMIT
    for n in range(limit + 3):
        client.post(
            "/sign-in/",
            {"username": mission.email.upper(), "password": f"secret guess {n}"},
            REMOTE_ADDR="198.51.100.23",
        )

    failures = AuditEvent.objects.filter(action="sign_in.failed")
    assert [event.details for event in failures] == [
        {"username": mission.email, "ip_address": "198.51.100.23"}
    ] * limit
    (lockout,) = AuditEvent.objects.filter(action="sign_in.locked_out")
    assert lockout.details["username"] == mission.email
    assert lockout.details["ip_address"] == "198.51.100.23"
    everything = " ".join(str(e.details) for e in AuditEvent.objects.all())
    assert "secret guess" not in everything


@pytest.mark.django_db
def test_the_lockout_page_offers_the_password_reset(client, secretariat):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in/", {"username": secretariat.email, "password": f"guess {n}"})

    locked = client.post("/sign-in/", {"username": secretariat.email, "password": PASSWORD})

    assert locked.status_code == 429
    assert 'href="/accounts/password-reset/">Forgot your password?</a>' in locked.content.decode()
