"""The Secretariat deactivates a focal point: no more sign-in, its open session and its API
token stop at once; reactivated, it signs in again with its password."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests import factories
from tests.factories import PASSWORD
from workflows.models import AuditEvent


def action(pk, name):
    return f"/workbench/focal-points/{pk}/{name}/"


@pytest.fixture
def desk(secretariat):
    client = Client()
    client.force_login(secretariat)
    return client


@pytest.mark.django_db
def test_deactivation_ends_a_live_session_and_a_token_at_once(desk, secretariat, mission):
    browser = Client()
    assert (
        browser.post("/sign-in/", {"username": mission.email, "password": PASSWORD}).status_code
        == 302
    )
    assert browser.get("/portal/").status_code == 200
    token = Token.objects.create(user=mission).key
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/nominations/").status_code == 200

    confirm = desk.get(action(mission.pk, "deactivate"))
    assert confirm.status_code == 200
    assert (
        "Its open sessions end and its API tokens are deleted at once" in confirm.content.decode()
    )
    response = desk.post(action(mission.pk, "deactivate"))

    assert response.status_code == 302
    assert browser.get("/portal/")["Location"].startswith("/sign-in/")
    assert api.get("/api/v1/nominations/").status_code == 401
    again = Client().post("/sign-in/", {"username": mission.email, "password": PASSWORD})
    assert again.status_code == 200 and "_auth_user_id" not in again.wsgi_request.session
    (event,) = AuditEvent.objects.filter(action="account.deactivate")
    assert (event.actor, event.object_id) == (secretariat, str(mission.pk))
    assert event.details["sessions_ended"] == 1 and event.details["tokens_deleted"] == 1


@pytest.mark.django_db
def test_a_reactivated_focal_point_signs_in_again_but_the_old_session_stays_ended(desk, mission):
    browser = Client()
    browser.post("/sign-in/", {"username": mission.email, "password": PASSWORD})
    desk.post(action(mission.pk, "deactivate"))

    assert desk.get(action(mission.pk, "reactivate")).status_code == 200
    assert desk.post(action(mission.pk, "reactivate")).status_code == 302

    assert browser.get("/portal/")["Location"].startswith("/sign-in/")
    fresh = Client()
    assert fresh.post("/sign-in/", {"username": mission.email, "password": PASSWORD})["Location"]
    assert fresh.get("/portal/").status_code == 200
    assert AuditEvent.objects.filter(action="account.reactivate").count() == 1


@pytest.mark.django_db
def test_the_portal_lists_only_the_active_focal_points(desk, client, mission, member_states):
    colleague = factories.account("mission", member_state=member_states["FRA"])
    desk.post(action(colleague.pk, "deactivate"))
    client.force_login(mission)

    html = client.get("/portal/focal-points/").content.decode()

    assert mission.email in html
    assert colleague.email not in html


@pytest.mark.django_db
def test_deactivation_is_a_post_with_csrf(mission, secretariat):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(secretariat)

    assert strict.post(action(mission.pk, "deactivate")).status_code == 403
    mission.refresh_from_db()
    assert mission.is_active


@pytest.mark.django_db
def test_only_mission_accounts_are_managed_there(desk, auditor):
    assert desk.get(action(auditor.pk, "deactivate")).status_code == 404
    assert desk.post(action(auditor.pk, "deactivate")).status_code == 404
    auditor.refresh_from_db()
    assert auditor.is_active


@pytest.mark.django_db
def test_a_deactivated_account_is_not_deactivated_twice(desk, mission):
    desk.post(action(mission.pk, "deactivate"))
    response = desk.post(action(mission.pk, "deactivate"), follow=True)

    assert "Nothing was changed" in response.content.decode()
    assert AuditEvent.objects.filter(action="account.deactivate").count() == 1
