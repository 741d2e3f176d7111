"""The application's database role may read and append to the audit log, nothing else."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from nominations.models import Post
from tests.workflows.test_audit import _history
from workflows import audit
from workflows.models import AuditEvent

REFUSED = {
    "update": "UPDATE workflows_auditevent SET reason = 'forged'",
    "delete": "DELETE FROM workflows_auditevent",
    "truncate": "TRUNCATE workflows_auditevent",
    "disable-trigger": "ALTER TABLE workflows_auditevent DISABLE TRIGGER ALL",
    "disable-append-only": (
        "ALTER TABLE workflows_auditevent DISABLE TRIGGER workflows_auditevent_append_only"
    ),
    "drop-trigger": "DROP TRIGGER workflows_auditevent_append_only ON workflows_auditevent",
    "replace-function": (
        "CREATE OR REPLACE FUNCTION workflows_auditevent_refuse_change() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$"
    ),
}


@pytest.fixture
def app_role(postgres):
    """A role made for this test, inside its transaction (rolled back with it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        name = f"{cursor.fetchone()[0]}_app"[:63]
        cursor.execute(f'CREATE ROLE "{name}" NOLOGIN')
    call_command("grant_app_role", name, "--apply")
    return name


def _as(role):
    return connection.cursor().execute(f'SET LOCAL ROLE "{role}"')


@pytest.mark.django_db
@pytest.mark.parametrize("statement", REFUSED.values(), ids=REFUSED.keys())
def test_the_application_role_cannot_change_the_audit_log(secretariat, app_role, statement):
    _history(secretariat, count=1)
    with transaction.atomic():
        _as(app_role)
        with (
            pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
        connection.cursor().execute("RESET ROLE")
    assert AuditEvent.objects.get().reason == "extension 0"


@pytest.mark.django_db
def test_the_application_role_appends_events_and_changes_other_tables(secretariat, app_role):
    events = _history(secretariat, count=1)
    with transaction.atomic():
        _as(app_role)
        audit.record("test.as_app_role", actor=secretariat)
        Post.objects.filter(pk=events[0].object_id).update(title="Renamed")
        connection.cursor().execute("RESET ROLE")
    assert AuditEvent.objects.count() == 2
    assert audit.first_broken_event() is None


@pytest.mark.django_db
def test_grant_app_role_prints_the_grants(app_role, capsys):
    call_command("grant_app_role", app_role)
    printed = capsys.readouterr().out
    assert f'GRANT SELECT, INSERT ON TABLE "workflows_auditevent" TO "{app_role}";' in printed
    assert f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "nominations_post" TO "{app_role}"' in (
        printed
    )
    assert "TRUNCATE" not in printed


@pytest.mark.django_db
def test_grant_app_role_refuses_a_role_that_could_alter_the_log(postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    with pytest.raises(CommandError, match=r"superuser|owns the audit table"):
        call_command("grant_app_role", owner)
    with pytest.raises(CommandError, match="there is no database role"):
        call_command("grant_app_role", "no_such_role_for_nomina")
