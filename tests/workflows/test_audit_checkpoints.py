"""Signed checkpoints of the audit log's head, kept outside the database."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, models

from tests.workflows.test_audit import _history, trigger_disabled
from workflows import audit
from workflows.models import AuditEvent


@pytest.fixture
def checkpoints(tmp_path):
    return tmp_path / "audit-checkpoints.jsonl"


def _checkpoint(path):
    call_command("audit_checkpoint", "--output", str(path))


def _verify(path):
    call_command("verify_audit", "--checkpoint", str(path))


def _remove(events):
    with trigger_disabled():
        models.QuerySet.delete(AuditEvent.objects.filter(pk__in=[e.pk for e in events]))


@pytest.mark.django_db
def test_a_log_that_holds_what_its_checkpoints_saw_verifies(secretariat, checkpoints, capsys):
    _checkpoint(checkpoints)  # of the empty log
    _history(secretariat, count=2)
    _checkpoint(checkpoints)
    _history(secretariat, count=1)
    _checkpoint(checkpoints)
    _verify(checkpoints)
    assert "3 events, intact, holding all that 3 checkpoints saw" in capsys.readouterr().out
    lines = [json.loads(line) for line in checkpoints.read_text().splitlines()]
    assert [c["count"] for c in lines] == [0, 2, 3]
    assert lines[-1]["hash"] == AuditEvent.objects.order_by("id").last().hash


@pytest.mark.django_db
def test_audit_checkpoint_prints_a_signed_checkpoint(secretariat, capsys):
    events = _history(secretariat, count=1)
    call_command("audit_checkpoint")
    printed = json.loads(capsys.readouterr().out)
    assert printed["event_id"] == events[-1].pk
    assert printed["count"] == 1
    assert audit.checkpoint_is_signed(printed)


@pytest.mark.django_db
def test_removed_newest_events_are_caught_by_the_checkpoint(secretariat, checkpoints):
    events = _history(secretariat)
    _checkpoint(checkpoints)
    _remove(events[-2:])
    call_command("verify_audit")  # the chain alone cannot tell a shorter log from a longer one
    with pytest.raises(CommandError, match=f"event #{events[-1].pk} is missing: the log ends at"):
        _verify(checkpoints)


@pytest.mark.django_db
def test_an_emptied_log_is_caught_by_the_checkpoint(secretariat, checkpoints):
    events = _history(secretariat)
    _checkpoint(checkpoints)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE workflows_auditevent")
    else:
        _remove(events)
    call_command("verify_audit")
    with pytest.raises(CommandError, match=f"event #{events[-1].pk} is missing: the log is empty"):
        _verify(checkpoints)


@pytest.mark.django_db
def test_a_head_replaced_by_a_recomputed_tail_is_caught(secretariat, checkpoints):
    events = _history(secretariat)
    _checkpoint(checkpoints)
    forged = events[-1]
    # Even with the key, history the checkpoint saw cannot be rewritten unseen.
    forged.reason = "rewritten"
    forged.hash = audit.compute_hash(forged)
    with trigger_disabled():
        models.QuerySet.update(
            AuditEvent.objects.filter(pk=forged.pk), reason=forged.reason, hash=forged.hash
        )
    call_command("verify_audit")
    with pytest.raises(CommandError, match=f"event #{forged.pk}: its hash is not the one"):
        _verify(checkpoints)


@pytest.mark.django_db
def test_a_removed_event_before_the_head_is_caught(secretariat, checkpoints):
    events = _history(secretariat)
    _checkpoint(checkpoints)
    _remove(events[:1])
    with pytest.raises(CommandError, match=f"event #{events[1].pk} "):
        _verify(checkpoints)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda c: {**c, "count": c["count"] - 1}, id="count-lowered"),
        pytest.param(lambda c: {**c, "signature": "0" * 64}, id="signature-replaced"),
        pytest.param(
            lambda c: {**c, "signature": audit.sign_checkpoint(c, key="a guessed key")},
            id="signed-with-another-key",
        ),
        pytest.param(lambda c: {k: v for k, v in c.items() if k != "signature"}, id="unsigned"),
    ],
)
def test_a_forged_checkpoint_is_refused(secretariat, checkpoints, forge):
    _history(secretariat, count=1)
    genuine = audit.take_checkpoint()
    forged = forge(genuine)
    checkpoints.write_text(json.dumps(genuine) + "\n" + json.dumps(forged) + "\n")
    with pytest.raises(CommandError, match=r"Line 2 of .* is not a checkpoint signed"):
        _verify(checkpoints)


@pytest.mark.django_db
def test_a_missing_or_garbled_checkpoint_file_is_an_error(checkpoints):
    with pytest.raises(CommandError, match="Cannot read the checkpoint file"):
        _verify(checkpoints)
    checkpoints.write_text("not json\n")
    with pytest.raises(CommandError, match="Line 1 of"):
        _verify(checkpoints)
