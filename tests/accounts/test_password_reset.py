"""Password reset by e-mail: the same answer for every address, a mail through the outbox
in the account's language to active accounts only, a link that works once, the validators,
and a limit per address."""

import pytest
from django.core import mail
from django.test import Client

from tests import factories
from tests.accounts.conftest import link_in, path_of, queued
from tests.factories import PASSWORD
from workflows.models import AuditEvent

URL = "/accounts/password-reset/"
NEW_PASSWORD = "a brand new passphrase"


def ask(client, email, address="203.0.113.7"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=address)


def main_of(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.mark.django_db
def test_the_sign_in_page_links_to_it(client):
    html = client.get("/sign-in/").content.decode()

    assert f'href="{URL}">Forgot your password?</a>' in html


@pytest.mark.django_db
def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(client, mission):
    known = ask(client, mission.email)
    unknown = ask(client, "nobody@nowhere.test")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password-reset/sent/"
    page = client.get(known["Location"])
    assert "If the address you entered belongs to an active Nomina account" in main_of(page)
    assert [m.to for m in queued("password_reset")] == [[mission.email]]


@pytest.mark.django_db
def test_an_inactive_account_is_sent_nothing(client, mission, secretariat, member_states):
    from accounts import deactivation, invitations

    deactivation.deactivate(mission, actor=secretariat)
    invited = invitations.invite(
        email="new@mission-fra.test",
        member_state=member_states["FRA"],
        actor=secretariat,
        base_url="http://testserver/",
    ).invitation.user

    assert ask(client, mission.email).status_code == 302
    assert ask(client, invited.email).status_code == 302
    assert queued("password_reset") == []


@pytest.mark.django_db
def test_a_reset_end_to_end_the_link_works_once(client, mission, worker):
    with worker():
        ask(client, mission.email)
    (message,) = queued("password_reset")
    (sent,) = mail.outbox
    assert sent.to == [mission.email]
    # Sent, the outbox keeps the mail without its link (notifications/delivery.py).
    assert sent.body == message.body.replace(
        "[one-time link, removed from the outbox once sent]", link_in(message)
    )
    path = path_of(link_in(message))

    form = client.get(path, follow=True)
    assert "Choose a new password" in main_of(form)
    set_password_url = form.redirect_chain[-1][0]
    weak = client.post(set_password_url, {"new_password1": "1234", "new_password2": "1234"})
    assert weak.status_code == 200 and "This password is too short" in weak.content.decode()
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert done["Location"] == "/accounts/password-reset/done/"
    mission.refresh_from_db()
    assert mission.check_password(NEW_PASSWORD)
    again = Client().get(path, follow=True)
    assert "This link no longer works" in main_of(again)
    assert "Choose a new password" not in main_of(again)
    signed_in = Client().post("/sign-in/", {"username": mission.email, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("id"))
    assert actions[-2:] == ["account.password_reset_requested", "account.password_reset"]


@pytest.mark.django_db
def test_the_old_sessions_end_when_the_password_is_reset(client, mission):
    browser = Client()
    browser.post("/sign-in/", {"username": mission.email, "password": PASSWORD})
    ask(client, mission.email)
    path = path_of(link_in(queued("password_reset")[0]))
    form = client.get(path, follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert browser.get("/portal/")["Location"].startswith("/sign-in/")


@pytest.mark.django_db
def test_the_mail_is_in_the_accounts_language(client, mission, member_states):
    mission.language = "es"
    mission.save()
    french = factories.account("mission", member_state=member_states["FRA"])
    member_states["FRA"].language = "fr"
    member_states["FRA"].save()

    ask(client, mission.email)
    ask(client, french.email)

    spanish_mail, french_mail = queued("password_reset")
    assert (spanish_mail.language, spanish_mail.subject) == ("es", "Nueva contraseña de Nomina")
    assert spanish_mail.body.startswith("Estimada señora, estimado señor:")
    assert (french_mail.language, french_mail.subject) == ("fr", "Nouveau mot de passe Nomina")
    assert "Un nouveau mot de passe a été demandé pour le compte Nomina" in french_mail.body


@pytest.mark.django_db
def test_requests_are_limited_per_address_whether_or_not_it_has_an_account(
    client, mission, settings, clean_cache
):
    settings.NOMINA_PASSWORD_RESET_RATE = "2/hour"

    known = [ask(client, mission.email, address=f"198.51.100.{n}").status_code for n in range(3)]
    unknown = [ask(client, "no@one.test", address=f"192.0.2.{n}").status_code for n in range(3)]

    assert known == unknown == [302, 302, 429]
    assert len(queued("password_reset")) == 2
    assert ask(client, "other@one.test").status_code == 302


@pytest.mark.django_db
def test_requests_are_limited_per_client(client, settings, clean_cache):
    settings.NOMINA_ACCOUNT_FORMS_RATE = "3/hour"

    answers = [ask(client, f"person{n}@x.test").status_code for n in range(4)]

    assert answers == [302, 302, 302, 429]
    assert "Too many requests" in ask(client, "z@x.test").content.decode()
    assert ask(client, "person9@x.test", address="198.51.100.1").status_code == 302


@pytest.mark.django_db
def test_the_reset_and_invitation_links_are_limited_per_client(client, settings, clean_cache):
    settings.NOMINA_ACCOUNT_FORMS_RATE = "2/hour"

    answers = [client.get(f"/accounts/invitation/guess{n}/").status_code for n in range(3)]
    reset = client.get("/accounts/password-reset/MQ/guess-token/")

    assert answers == [404, 404, 429]
    assert reset.status_code == 429
