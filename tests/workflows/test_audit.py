import contextlib

import pgtrigger
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from tests import factories
from workflows import audit, transitions
from workflows.models import AppendOnlyError, AuditEvent


def trigger_disabled():
    """What an attacker with database rights does; on SQLite there is no trigger to disable."""
    if connection.vendor != "postgresql":
        return contextlib.nullcontext()
    return pgtrigger.ignore("workflows.AuditEvent:audit_event_append_only")


def _history(secretariat, count=3):
    post = factories.PostFactory(status="open", deadline_date=factories.in_days(10))
    for days in range(count):
        post = transitions.take(
            post,
            "extend_deadline",
            actor=secretariat,
            reason=f"extension {days}",
            deadline_date=factories.in_days(11 + days),
        )
    return list(AuditEvent.objects.order_by("id"))


@pytest.mark.django_db
def test_events_form_a_chain(secretariat):
    events = _history(secretariat)
    assert events[0].prev_hash == audit.GENESIS_HASH
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert audit.first_broken_event() is None


@pytest.mark.django_db
def test_verify_audit_reports_an_intact_chain(secretariat, capsys):
    _history(secretariat)
    call_command("verify_audit")
    assert "3 events, intact" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_application_cannot_change_or_delete_an_event(secretariat):
    event = _history(secretariat, count=1)[0]
    event.reason = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_an_event_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit.record("test.action", actor=None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE workflows_auditevent SET reason = 'forged'",
        "DELETE FROM workflows_auditevent",
    ],
)
def test_postgres_refuses_update_and_delete(postgres, secretariat, statement):
    _history(secretariat, count=1)
    with (
        pytest.raises(DatabaseError, match="Cannot"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.get().reason == "extension 0"


@pytest.mark.django_db
def test_a_tampered_payload_breaks_the_chain_at_that_event(secretariat):
    events = _history(secretariat)
    tampered = events[1]
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE workflows_auditevent SET reason = %s WHERE id = %s",
            ["nothing to see here", tampered.pk],
        )
    broken, why = audit.first_broken_event()
    assert broken.pk == tampered.pk
    assert "content" in why
    with pytest.raises(CommandError, match=f"event #{tampered.pk} "):
        call_command("verify_audit")


@pytest.mark.django_db
def test_a_removed_event_breaks_the_chain_at_its_successor(secretariat):
    events = _history(secretariat)
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM workflows_auditevent WHERE id = %s", [events[1].pk])
    broken, why = audit.first_broken_event()
    assert broken.pk == events[2].pk
    assert "previous hash" in why


@pytest.mark.django_db
def test_a_failed_login_is_recorded_without_the_password(client, secretariat):
    client.post("/admin/login/", {"username": secretariat.email, "password": "wrong guess"})
    event = AuditEvent.objects.get(action="account.login_failed")
    assert event.details == {"username": secretariat.email}
    assert "wrong guess" not in str(event.details)
