"""One sign-in page for every role: each lands on its home; failures are audited and
locked out by django-axes through this form as through the admin's."""

import pytest
from django.conf import settings

from tests.factories import PASSWORD
from workflows.models import AuditEvent

HOMES = {
    "secretariat": "/workbench/",
    "auditor": "/audit/",
    "executive": "/review/",
    "mission": "/portal/",
}


def sign_in(client, email, password, address="203.0.113.7", **extra):
    return client.post(
        "/sign-in/", {"username": email, "password": password, **extra}, REMOTE_ADDR=address
    )


@pytest.fixture
def users(secretariat, auditor, executive, mission):
    return {
        "secretariat": secretariat,
        "auditor": auditor,
        "executive": executive,
        "mission": mission,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", HOMES)
def test_each_role_signs_in_and_lands_on_its_home(client, users, role):
    response = sign_in(client, users[role].email, PASSWORD)

    assert response.status_code == 302
    home = client.get(response["Location"])
    assert home.status_code == 302 and home["Location"] == HOMES[role]
    assert client.get(HOMES[role]).status_code == 200


@pytest.mark.django_db
def test_sign_in_goes_back_to_next(client, secretariat):
    response = sign_in(client, secretariat.email, PASSWORD, next="/audit/")

    assert response["Location"] == "/audit/"


@pytest.mark.django_db
def test_sign_in_refuses_a_next_on_another_host(client, secretariat):
    response = sign_in(client, secretariat.email, PASSWORD, next="https://evil.example/")

    assert response["Location"] == "/"


@pytest.mark.django_db
@pytest.mark.parametrize("role", HOMES)
def test_the_door_sends_each_signed_in_role_home_and_a_visitor_to_sign_in(client, users, role):
    assert client.get("/")["Location"] == "/sign-in/"
    client.force_login(users[role])
    assert client.get("/")["Location"] == HOMES[role]


@pytest.mark.django_db
def test_a_wrong_password_shows_the_error_summary_and_is_audited(client, secretariat):
    response = sign_in(client, secretariat.email, "not the password")

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert '<a href="#id_username">The e-mail address or the password is not right.' in html
    assert "_auth_user_id" not in client.session
    failures = AuditEvent.objects.filter(action="sign_in.failed")
    assert [event.details for event in failures] == [
        {"username": secretariat.email, "ip_address": "203.0.113.7"}
    ]


@pytest.mark.django_db
def test_an_empty_form_links_each_error_to_its_field(client):
    html = client.post("/sign-in/", {"username": "", "password": ""}).content.decode()

    assert 'href="#id_username"' in html
    assert 'href="#id_password"' in html
    assert 'aria-describedby="id_username-error"' in html


@pytest.mark.django_db
def test_five_failures_lock_the_name_out_on_this_page_too(client, secretariat):
    limit = settings.AXES_FAILURE_LIMIT
    answers = [sign_in(client, secretariat.email, f"guess {n}").status_code for n in range(limit)]
    right = sign_in(client, secretariat.email, PASSWORD)

    assert limit == 5
    assert answers == [200] * (limit - 1) + [429]
    assert right.status_code == 429
    assert "Too many attempts to sign in" in right.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="sign_in.failed").count() == limit
    assert AuditEvent.objects.filter(action="sign_in.locked_out").count() == 1


@pytest.mark.django_db
def test_sign_out_is_a_post_and_ends_the_session(client, secretariat):
    client.force_login(secretariat)

    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/", follow=True)

    assert response.redirect_chain[0] == ("/sign-in/", 302)
    assert "You have signed out." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/workbench/")["Location"] == "/sign-in/?next=/workbench/"


@pytest.mark.django_db
def test_a_session_lasts_eight_hours_at_most_and_ends_with_the_browser(client, secretariat):
    sign_in(client, secretariat.email, PASSWORD)

    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert client.session.get_expire_at_browser_close()
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""  # a session cookie


@pytest.mark.django_db
def test_a_signed_in_user_asking_for_sign_in_goes_home(client, secretariat):
    client.force_login(secretariat)

    assert client.get("/sign-in/")["Location"] == "/"
