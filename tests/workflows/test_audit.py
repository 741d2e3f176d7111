import contextlib
import datetime
import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction

from tests import factories
from workflows import audit, transitions
from workflows.models import AppendOnlyError, AuditEvent


@contextlib.contextmanager
def trigger_disabled():
    """What the table's owner can do; on SQLite there is no trigger to disable."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        # ALTER TABLE waits for no deferred foreign-key check of this transaction.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE workflows_auditevent DISABLE TRIGGER workflows_auditevent_append_only"
        )
        yield
        cursor.execute(
            "ALTER TABLE workflows_auditevent ENABLE TRIGGER workflows_auditevent_append_only"
        )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


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
        pytest.raises(DatabaseError, match="append-only"),
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
    event = AuditEvent.objects.get(action="sign_in.failed")
    assert event.details == {"username": secretariat.email, "ip_address": "127.0.0.1"}
    assert "wrong guess" not in str(event.details)


def _forge(event, **values):
    """Rewrite a stored event behind the application's back, as its table's owner could."""
    with trigger_disabled():
        models.QuerySet.update(AuditEvent.objects.filter(pk=event.pk), **values)


STORED_FIELDS = {f.attname for f in AuditEvent._meta.concrete_fields} - {"id", "hash"}

# One forgery per stored field; the test below fails if a field is added and not listed here.
TAMPERS = {
    "created_at": lambda e, other: e.created_at + datetime.timedelta(microseconds=1),
    "actor_id": lambda e, other: other.pk,
    "actor_label": lambda e, other: other.email,
    "actor_role": lambda e, other: "executive",
    "object_type": lambda e, other: "nominations.nomination",
    "object_id": lambda e, other: e.object_id + "0",
    "action": lambda e, other: "post.reopen",
    "from_state": lambda e, other: "closed",
    "to_state": lambda e, other: "cancelled",
    "reason": lambda e, other: "nothing to see here",
    "details": lambda e, other: {**e.details, "deadline_date": "2099-12-31"},
    "prev_hash": lambda e, other: "f" * 64,
}


def test_every_stored_field_is_hashed_and_tampered_with_below():
    assert set(audit.HASHED_FIELDS) == STORED_FIELDS
    assert set(TAMPERS) == STORED_FIELDS


@pytest.mark.django_db
@pytest.mark.parametrize("field", sorted(TAMPERS))
def test_tampering_with_any_hashed_field_breaks_the_chain_at_that_event(
    secretariat, auditor, field
):
    events = _history(secretariat)
    tampered = events[1]
    _forge(tampered, **{field: TAMPERS[field](tampered, auditor)})
    assert getattr(AuditEvent.objects.get(pk=tampered.pk), field) != getattr(tampered, field)
    broken, _ = audit.first_broken_event()
    assert broken.pk == tampered.pk
    with pytest.raises(CommandError, match=f"event #{tampered.pk} "):
        call_command("verify_audit")


@pytest.mark.django_db
def test_a_change_of_the_details_alone_is_caught(secretariat):
    events = _history(secretariat)
    tampered = events[0]
    _forge(tampered, details={"deadline_date": "2099-12-31"})
    with pytest.raises(CommandError, match=f"event #{tampered.pk} .*content does not match"):
        call_command("verify_audit")


def _unkeyed_hash(event):
    """The scheme before the key: plain SHA-256, which anyone can recompute."""
    payload = {name: getattr(event, name) for name in audit.HASHED_FIELDS}
    payload["created_at"] = event.created_at.isoformat()
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rehash",
    [
        pytest.param(_unkeyed_hash, id="unkeyed-sha256"),
        pytest.param(lambda e: audit.compute_hash(e, key="a guessed key"), id="wrong-key"),
    ],
)
def test_a_chain_recomputed_without_the_key_is_caught(secretariat, rehash):
    events = _history(secretariat)
    previous = audit.GENESIS_HASH
    for event in events:
        event.reason = "rewritten"
        event.prev_hash = previous
        event.hash = previous = rehash(event)
        _forge(event, reason=event.reason, prev_hash=event.prev_hash, hash=event.hash)
    broken, why = audit.first_broken_event()
    assert broken.pk == events[0].pk
    assert "content" in why


@pytest.mark.django_db
def test_an_appended_event_with_a_recomputed_hash_is_caught(secretariat):
    last = _history(secretariat)[-1]
    forged = AuditEvent(
        created_at=last.created_at,
        actor_label="system",
        action="post.cancel",
        details={},
        prev_hash=last.hash,
    )
    forged.hash = _unkeyed_hash(forged)
    forged.save(force_insert=True)
    with pytest.raises(CommandError, match=f"event #{forged.pk} "):
        call_command("verify_audit")


ROUND_TRIP = {
    "tenth": 0.1,
    "large": 1e20,
    "small": 1e-7,
    "whole": 1.0,
    "negative_zero": -0.0,
    "precise": 2.718281828459045,
    "huge_integer": 2**70,
    "flags": [True, False, None],
    "nested": {"list": [1, 2.5, {"ünïcødé": "Genève ✓ 日本語 \U0001f30d"}], "empty": {}},
    "date": datetime.date(2023, 11, 15),
}


@pytest.mark.django_db
def test_details_verify_as_the_database_hands_them_back(secretariat):
    with transaction.atomic():
        written = audit.record("test.round_trip", actor=secretariat, details=ROUND_TRIP)
    stored = AuditEvent.objects.get(pk=written.pk)
    assert stored.details["nested"]["list"][2] == {"ünïcødé": "Genève ✓ 日本語 \U0001f30d"}
    assert stored.details["date"] == "2023-11-15"
    assert audit.first_broken_event() is None


@pytest.mark.django_db
def test_postgres_hands_floats_back_in_another_form(postgres, secretariat):
    """Why numbers are hashed by value: jsonb keeps 1e20's value but not its type."""
    test_details_verify_as_the_database_hands_them_back(secretariat)
    stored = AuditEvent.objects.get(action="test.round_trip")
    assert type(stored.details["large"]) is int


@pytest.mark.django_db
@pytest.mark.parametrize("number", [float("nan"), float("inf"), -float("inf")])
def test_a_number_the_database_cannot_hold_is_refused(secretariat, number):
    with pytest.raises(ValueError, match="finite"), transaction.atomic():
        audit.record("test.nan", actor=secretariat, details={"value": number})
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_setting_pgtrigger_ignore_no_longer_lets_an_update_through(postgres, secretariat):
    _history(secretariat, count=1)
    names = (
        "workflows_auditevent:workflows_auditevent_append_only",
        "workflows_auditevent_append_only",
        "workflows_auditevent:pgtrigger_audit_event_append_only_e03b9",
        "pgtrigger_audit_event_append_only_e03b9",
    )
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(names) + "}"]
        )
        cursor.execute("UPDATE workflows_auditevent SET reason = 'forged'")
    assert AuditEvent.objects.get().reason == "extension 0"
