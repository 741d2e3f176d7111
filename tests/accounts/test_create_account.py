import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from rest_framework.authtoken.models import Token

from accounts.models import User


@pytest.mark.django_db
def test_creates_a_mission_account_bound_to_its_state(member_states, capsys):
    call_command(
        "create_account", "Desk@Mission-FRA.test", "--role", "mission",
        "--member-state", "fra", "--password", "s3cret-enough",
    )  # fmt: skip
    user = User.objects.get(email="desk@mission-fra.test")
    assert user.role == "mission"
    assert user.member_state.code == "FRA"
    assert user.check_password("s3cret-enough")
    assert "Created mission account desk@mission-fra.test" in capsys.readouterr().out


@pytest.mark.django_db
def test_prints_the_token_on_a_line_of_its_own(capsys):
    call_command("create_account", "ops@secretariat.test", "--role", "secretariat", "--api-token")
    lines = capsys.readouterr().out.splitlines()
    token_lines = [line for line in lines if "token" in line.lower()]
    assert len(token_lines) == 1
    key = Token.objects.get(user__email="ops@secretariat.test").key
    assert token_lines[0].split()[-1] == key
    # No password given: one was generated and printed.
    assert any(line.startswith("password: ") for line in lines)


@pytest.mark.django_db
def test_refuses_a_mission_account_without_a_member_state():
    with pytest.raises(CommandError, match="needs its member state"):
        call_command("create_account", "desk@mission.test", "--role", "mission")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_refuses_an_unknown_role():
    with pytest.raises(CommandError, match=r"Unknown role 'admin'\. Choose one of: secretariat"):
        call_command("create_account", "boss@org.test", "--role", "admin")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_refuses_an_unknown_member_state():
    with pytest.raises(CommandError, match="Unknown member state 'XYZ'"):
        call_command("create_account", "d@m.test", "--role", "mission", "--member-state", "XYZ")


@pytest.mark.django_db
def test_refuses_a_member_state_for_another_role(member_states):
    with pytest.raises(CommandError, match="speaks for no member state"):
        call_command("create_account", "e@o.test", "--role", "executive", "--member-state", "FRA")


@pytest.mark.django_db
def test_refuses_an_existing_account(secretariat):
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_account", secretariat.email, "--role", "auditor")


@pytest.mark.django_db
def test_the_account_signs_in_with_its_email(member_states):
    call_command("create_account", "a@o.test", "--role", "auditor", "--password", "pw-long-enough")
    request = RequestFactory().post("/admin/login/")
    assert authenticate(request, username="a@o.test", password="pw-long-enough") is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("1", "too short"),
        ("12345678901", "entirely numeric"),
        ("password123", "too common"),
        ("desk.officer@org.test", "too similar to the e-mail address"),
    ],
)
def test_refuses_a_weak_password_saying_why(password, why):
    with pytest.raises(CommandError, match=f"password is not accepted: .*{why}"):
        call_command(
            "create_account", "desk.officer@org.test", "--role", "auditor", "--password", password
        )
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_demo_password_passes_the_validators():
    call_command(
        "create_account", "demo@org.test", "--role", "auditor", "--password", "nomina-demo-2023"
    )
    assert User.objects.get(email="demo@org.test").check_password("nomina-demo-2023")


@pytest.mark.django_db
def test_roles_get_the_admin_permissions_they_need(secretariat, auditor, mission):
    assert secretariat.is_staff and secretariat.has_perm("nominations.change_nomination")
    assert secretariat.has_perm("workflows.view_auditevent")
    assert not secretariat.has_perm("workflows.change_auditevent")
    # Only the Secretariat works in the admin; the auditor reads the log through the API.
    assert not auditor.is_staff and not auditor.has_perm("workflows.view_auditevent")
    assert not mission.is_staff


@pytest.mark.django_db
def test_an_executive_account_records_its_nationality(member_states, capsys):
    call_command(
        "create_account", "member@eo.test", "--role", "executive", "--nationality", "ken",
        "--password", "s3cret-enough",
    )  # fmt: skip
    user = User.objects.get(email="member@eo.test")
    assert user.nationality.code == "KEN"
    assert user.member_state is None
    assert "Nationality: State KEN (KEN)." in capsys.readouterr().out


@pytest.mark.django_db
def test_refuses_a_nationality_for_another_role(member_states):
    with pytest.raises(CommandError, match="Only an executive account records a nationality"):
        call_command("create_account", "s@o.test", "--role", "secretariat", "--nationality", "FRA")
    with pytest.raises(CommandError, match="Unknown member state 'XYZ'"):
        call_command("create_account", "e@o.test", "--role", "executive", "--nationality", "XYZ")
    assert not User.objects.exists()
