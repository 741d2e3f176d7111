"""Reminders about an incomplete nomination, every few days until it is complete or its
post closes."""

import datetime

import pytest

from notifications.models import OutgoingMessage
from reminders.models import DuePoint
from tests import factories
from tests.reminders.conftest import at, geneva, issue, sweep_at
from workflows import transitions


def incomplete_reminders():
    return OutgoingMessage.objects.filter(
        kind__startswith="reminder", idempotency_key__startswith="reminder:incomplete:"
    ).order_by("id")


@pytest.fixture
def nomination(secretariat, states):
    """France's nomination without a CV, marked incomplete on 5 March at 10:00."""
    post = issue(secretariat, datetime.date(2024, 4, 2), geneva(2024, 3, 1, 9))
    nomination = factories.NominationFactory(
        post=post,
        member_state=states["FRA"],
        candidate__full_name="Claire Dubois",
        note_verbale__received_at=geneva(2024, 3, 4, 10),
    )
    with at(geneva(2024, 3, 5, 10)):
        return transitions.take(nomination, "mark_incomplete", actor=secretariat, reason="No CV")


@pytest.mark.django_db
def test_every_three_days_the_mission_is_told_what_is_missing_in_its_language(
    nomination, secretariat
):
    point = DuePoint.objects.get(kind="incomplete")
    assert point.due_at == geneva(2024, 3, 8, 10)
    assert point.send_by == nomination.post.deadline

    assert sweep_at(geneva(2024, 3, 8, 10) - datetime.timedelta(seconds=1)) == {}
    assert sweep_at(geneva(2024, 3, 8, 10)) == {"done": 1}
    message = incomplete_reminders().get()
    assert message.idempotency_key == f"reminder:incomplete:{nomination.pk}:2024-03-08"
    assert message.language == "fr"
    assert message.to == ["mission-fra@missions.test"]
    assert "Claire Dubois" in message.subject
    assert (
        "<li>un curriculum vitae du candidat ou de la candidate</li>" in message.note_verbale.body
    )
    assert "2 avril 2024" in message.note_verbale.body
    assert message.send_by == nomination.post.deadline
    # The next one is written, three Geneva days later; a second sweep sends nothing.
    assert sweep_at(geneva(2024, 3, 8, 10, 5)) == {}
    assert DuePoint.objects.filter(done_at__isnull=True).get(kind="incomplete").due_at == (
        geneva(2024, 3, 11, 10)
    )
    assert sweep_at(geneva(2024, 3, 11, 10)) == {"done": 1}
    assert incomplete_reminders().count() == 2


@pytest.mark.django_db
def test_once_complete_the_reminders_stop(nomination, secretariat):
    factories.add_document(nomination)
    with at(geneva(2024, 3, 6, 10)):
        transitions.take(nomination, "confirm_complete", actor=secretariat)
    assert sweep_at(geneva(2024, 3, 8, 10)) == {"moot": 1}
    assert incomplete_reminders().count() == 0
    assert not DuePoint.objects.filter(kind="incomplete", done_at__isnull=True).exists()


@pytest.mark.django_db
def test_what_came_since_is_for_the_secretariat_to_check_not_a_reminder(nomination):
    # The CV arrives; nothing the rule checks is missing, and the Secretariat's reason
    # ("No CV") is older than the upload: no reminder, but the next point still waits.
    with at(geneva(2024, 3, 7, 9)):
        factories.add_document(nomination)
    assert sweep_at(geneva(2024, 3, 8, 10)) == {"done": 1}
    assert incomplete_reminders().count() == 0
    assert DuePoint.objects.filter(kind="incomplete", done_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_a_reason_outside_the_rule_is_repeated_in_the_secretariats_words(secretariat, states):
    post = issue(secretariat, datetime.date(2024, 4, 2), geneva(2024, 3, 1, 9))
    nomination = factories.NominationFactory(post=post, member_state=states["KEN"])
    with at(geneva(2024, 3, 4, 10)):
        factories.add_document(nomination)
    with at(geneva(2024, 3, 5, 10)):
        transitions.take(
            nomination, "mark_incomplete", actor=secretariat, reason="The note is not signed."
        )
    sweep_at(geneva(2024, 3, 8, 10))
    assert "<li>The note is not signed.</li>" in incomplete_reminders().get().note_verbale.body


@pytest.mark.django_db
def test_no_reminder_falls_on_or_after_the_deadline(nomination):
    # Points every three days from 8 March: the last before 3 April 00:00 is 1 April.
    for day in range(8, 32, 3):
        sweep_at(geneva(2024, 3, day, 10))
    sweep_at(geneva(2024, 4, 1, 10))
    labels = [
        key.rsplit(":", 1)[1]
        for key in incomplete_reminders().values_list("idempotency_key", flat=True)
    ]
    assert labels == [
        "2024-03-08", "2024-03-11", "2024-03-14", "2024-03-17", "2024-03-20",
        "2024-03-23", "2024-03-26", "2024-03-29", "2024-04-01",
    ]  # fmt: skip
    # 31 March (summer time) changed nothing at 10:00 Geneva.
    assert DuePoint.objects.get(key__endswith=":2024-04-01").due_at == geneva(2024, 4, 1, 10)
    assert not DuePoint.objects.filter(kind="incomplete", done_at__isnull=True).exists()


@pytest.mark.django_db
def test_the_interval_is_a_setting(secretariat, states, settings):
    settings.NOMINA_INCOMPLETE_REMINDER_DAYS = 5
    post = issue(secretariat, datetime.date(2024, 4, 2), geneva(2024, 3, 1, 9))
    nomination = factories.NominationFactory(post=post, member_state=states["KEN"])
    with at(geneva(2024, 3, 5, 10)):
        transitions.take(nomination, "mark_incomplete", actor=secretariat, reason="No CV")
    assert DuePoint.objects.get(kind="incomplete").due_at == geneva(2024, 3, 10, 10)


@pytest.mark.django_db
def test_incomplete_reminders_cost_the_same_queries_whatever_else_the_post_holds(
    secretariat, states, django_assert_num_queries
):
    post = issue(secretariat, datetime.date(2024, 4, 2), geneva(2024, 3, 1, 9))
    marked = []
    for state in ("FRA", "KEN"):
        nomination = factories.NominationFactory(post=post, member_state=states[state])
        with at(geneva(2024, 3, 5, 10)):
            marked.append(
                transitions.take(nomination, "mark_incomplete", actor=secretariat, reason="CV")
            )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        sweep_at(geneva(2024, 3, 8, 10))
    factories.NominationFactory.create_batch(
        30, post=post, member_state=states["MEX"], note_verbale__member_state=states["MEX"]
    )
    with django_assert_num_queries(len(few)):
        sweep_at(geneva(2024, 3, 11, 10))
    assert incomplete_reminders().count() == 4
