"""The Secretariat invites a mission's focal point: an inactive account bound to the state,
a one-time link by e-mail in the mission's language, a password chosen there, signed in."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation, User
from tests.accounts.conftest import link_in, path_of, queued
from workflows.models import AuditEvent

INVITE = "/workbench/focal-points/invite/"
NEW_PASSWORD = "a fresh and long passphrase"


def invite(client, email="claire.dubois@mission-fra.test", state="FRA", **extra):
    return client.post(
        INVITE, {"email": email, "member_state": state, "first_name": "Claire", **extra}
    )


def accept(client, path, password=NEW_PASSWORD, again=None):
    return client.post(path, {"new_password1": password, "new_password2": again or password})


@pytest.fixture
def desk(client, secretariat, member_states):
    client.force_login(secretariat)
    return client


@pytest.mark.django_db
def test_an_invitation_opens_an_inactive_account_bound_to_the_state_and_mails_a_link(
    desk, secretariat, member_states, worker
):
    with worker():
        response = invite(desk)

    assert response.status_code == 302
    assert response["Location"] == "/workbench/focal-points/?member_state=FRA"
    user = User.objects.get(email="claire.dubois@mission-fra.test")
    assert (user.is_active, user.has_usable_password(), user.role) == (False, False, "mission")
    assert user.member_state == member_states["FRA"]
    (message,) = queued("invitation")
    assert message.to == ["claire.dubois@mission-fra.test"]
    assert message.member_state == member_states["FRA"]
    link = link_in(message)
    assert path_of(link).startswith("/accounts/invitation/")
    token = path_of(link).split("/")[3]
    invitation = Invitation.objects.get(user=user)
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert invitation.invited_by == secretariat
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)
    assert [m.to for m in mail.outbox] == [["claire.dubois@mission-fra.test"]]
    (event,) = AuditEvent.objects.filter(action="account.invite")
    assert (event.actor, event.object_id, event.details["member_state"]) == (
        secretariat,
        str(user.pk),
        "FRA",
    )


@pytest.mark.django_db
def test_the_invitee_chooses_a_password_and_is_signed_in_on_the_portal(client, desk):
    invite(desk)
    path = path_of(link_in(queued("invitation")[0]))
    client.logout()

    page = client.get(path)
    assert page.status_code == 200
    assert "claire.dubois@mission-fra.test" in page.content.decode()
    response = accept(client, path)

    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    user = User.objects.get(email="claire.dubois@mission-fra.test")
    assert user.is_active and user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="account.accept_invitation", actor=user).count() == 1


@pytest.mark.django_db
def test_the_password_must_pass_the_validators(client, desk):
    invite(desk)
    path = path_of(link_in(queued("invitation")[0]))
    client.logout()

    short = accept(client, path, password="short")
    common = accept(client, path, password="password123")
    different = accept(client, path, again="another long passphrase")

    assert [r.status_code for r in (short, common, different)] == [400, 400, 400]
    assert "This password is too short" in short.content.decode()
    assert "This password is too common" in common.content.decode()
    assert "The two passwords are not the same." in different.content.decode()
    user = User.objects.get(email="claire.dubois@mission-fra.test")
    assert not user.is_active and not user.has_usable_password()
    assert Invitation.objects.get().used_at is None


@pytest.mark.django_db
def test_a_link_used_twice_says_so_and_changes_nothing(client, desk):
    invite(desk)
    path = path_of(link_in(queued("invitation")[0]))
    client.logout()
    accept(client, path)
    client.logout()

    page = client.get(path)
    again = accept(client, path, password="somebody else's passphrase")

    assert page.status_code == again.status_code == 410
    html = again.content.decode()
    assert "This invitation has already been used" in html
    assert "The Secretariat can send you a new invitation" in html
    user = User.objects.get(email="claire.dubois@mission-fra.test")
    assert user.check_password(NEW_PASSWORD)
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="account.accept_invitation").count() == 1


@pytest.mark.django_db
def test_an_expired_link_says_so_and_changes_nothing(client, desk):
    invite(desk)
    path = path_of(link_in(queued("invitation")[0]))
    client.logout()
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    page = client.get(path)
    response = accept(client, path)

    assert page.status_code == response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert "The Secretariat can send you a new invitation" in response.content.decode()
    user = User.objects.get(email="claire.dubois@mission-fra.test")
    assert not user.is_active and not user.has_usable_password()
    assert not AuditEvent.objects.filter(action="account.accept_invitation").exists()


@pytest.mark.django_db
def test_the_link_expires_after_the_configured_days(client, desk, settings):
    settings.NOMINA_INVITATION_DAYS = 2
    invite(desk)
    invitation = Invitation.objects.get()

    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=2)


@pytest.mark.django_db
def test_inviting_again_sends_a_new_link_and_voids_the_old(client, desk):
    invite(desk)
    old = path_of(link_in(queued("invitation")[0]))
    user = User.objects.get(email="claire.dubois@mission-fra.test")

    confirm = desk.get(f"/workbench/focal-points/{user.pk}/invite-again/")
    assert confirm.status_code == 200
    response = desk.post(f"/workbench/focal-points/{user.pk}/invite-again/")

    assert response.status_code == 302
    _first, second = queued("invitation")
    new = path_of(link_in(second))
    assert new != old
    client.logout()
    refused = accept(client, old)
    assert refused.status_code == 410
    assert "replaced by a newer one" in refused.content.decode()
    assert accept(client, new).status_code == 302
    assert AuditEvent.objects.filter(action="account.invite").count() == 2


@pytest.mark.django_db
def test_an_address_already_used_is_refused_with_a_clear_error(desk, mission):
    response = invite(desk, email=mission.email.upper())

    assert response.status_code == 400
    assert "An account for this e-mail address already exists." in response.content.decode()
    assert queued("invitation") == []
    assert not AuditEvent.objects.filter(action="account.invite").exists()


@pytest.mark.django_db
def test_an_unknown_link_answers_not_found_and_changes_nothing(client):
    response = client.get("/accounts/invitation/not-a-real-token/")

    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()


@pytest.mark.django_db
def test_the_mail_is_in_french_for_a_french_speaking_mission(desk, member_states, worker):
    france = member_states["FRA"]
    france.language = "fr"
    france.name_fr = "France"
    france.save()

    with worker():
        invite(desk)

    (message,) = queued("invitation")
    assert message.language == "fr"
    assert message.subject == "Votre compte Nomina – Mission permanente de la France"  # noqa: RUF001
    assert message.body.startswith("Madame, Monsieur,\n\nLe Secrétariat de l’Organisation")
    assert "en qualité de point focal de la Mission permanente de la France" in message.body
    assert "demeure valable 7 jours, soit jusqu’au" in message.body
    assert "l’expression de notre considération distinguée" in message.body
    (sent,) = mail.outbox
    link = link_in(message)
    assert sent.subject == message.subject
    assert sent.body == message.body.replace(
        "[one-time link, removed from the outbox once sent]", link
    )


@pytest.mark.django_db
def test_the_mail_is_in_spanish_for_a_spanish_speaking_mission(desk, member_states):
    mexico = member_states["MEX"]
    mexico.language = "es"
    mexico.name_es = "México"
    mexico.save()

    invite(desk, email="focal@mision-mex.test", state="MEX")

    (message,) = queued("invitation")
    assert message.language == "es"
    assert message.subject == "Su cuenta en Nomina – Misión Permanente de México"  # noqa: RUF001
    assert message.body.startswith("Estimada señora, estimado señor:")
    assert " horas (hora de Ginebra)" in message.body


@pytest.mark.django_db
def test_two_submissions_of_one_link_open_the_account_once(client, desk):
    from accounts import invitations

    invite(desk)
    token = path_of(link_in(queued("invitation")[0])).split("/")[3]

    first = invitations.accept(token, NEW_PASSWORD)
    second = invitations.accept(token, "another long passphrase")

    assert first[1] is None and second == (None, invitations.USED)
    assert User.objects.get(email="claire.dubois@mission-fra.test").check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_the_admin_never_shows_the_link_of_a_queued_invitation(desk, secretariat):
    invite(desk)
    message = queued("invitation")[0]
    token = path_of(link_in(message)).split("/")[3]

    page = desk.get(f"/admin/notifications/outgoingmessage/{message.pk}/change/")

    assert page.status_code == 200
    assert message.subject in page.content.decode()
    assert token not in page.content.decode()


@pytest.mark.django_db
def test_once_sent_the_outbox_keeps_no_usable_link(desk, client, worker):
    """The link then lives in the invitee's mailbox only: a copy of the database (a backup,
    a support dump) holds nothing that opens the account."""
    with worker():
        invite(desk)
    (message,) = queued("invitation")
    (sent,) = mail.outbox

    assert message.status == "sent"
    assert "https://" not in message.body and "http://" not in message.body
    assert "[one-time link, removed from the outbox once sent]" in message.body
    link = link_in(message)
    assert link in sent.body
    client.logout()
    assert accept(client, path_of(link)).status_code == 302  # the mailed link still works


@pytest.mark.django_db
def test_a_stuck_invitation_marked_as_sent_loses_its_link_too(desk, secretariat):
    from notifications.models import OutgoingMessage
    from workflows import message_decisions

    invite(desk)
    (message,) = queued("invitation")
    OutgoingMessage.objects.filter(pk=message.pk).update(
        status="sending", claimed_at=timezone.now() - datetime.timedelta(hours=2)
    )

    message_decisions.mark_sent(message, actor=secretariat, note="The mission confirmed it.")

    message.refresh_from_db()
    assert message.status == "sent" and "://" not in message.body
