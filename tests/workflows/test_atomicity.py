import pytest
from django.db import DatabaseError

from nominations.models import Nomination
from tests import factories
from workflows import effects, transitions
from workflows.models import AuditEvent


@pytest.mark.django_db
def test_a_failed_save_leaves_neither_state_change_nor_event(secretariat, monkeypatch):
    nomination = factories.NominationFactory(status="received")

    def failing_save(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Nomination, "save", failing_save)
    with pytest.raises(DatabaseError):
        transitions.take(nomination, "mark_incomplete", actor=secretariat, reason="no CV")
    monkeypatch.undo()
    nomination.refresh_from_db()
    assert nomination.status == "received"
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_failed_effect_rolls_back_the_state_change_and_its_event(secretariat, monkeypatch):
    post = factories.PostFactory(status="draft")

    def broken_effect(*args, **kwargs):
        raise DatabaseError("outbox unavailable")

    monkeypatch.setattr(effects, "after_transition", broken_effect)
    with pytest.raises(DatabaseError):
        transitions.take(post, "issue_call", actor=secretariat)
    post.refresh_from_db()
    assert post.status == "draft"
    assert not AuditEvent.objects.exists()
