"""Reminders to the missions of addressed states that have not nominated."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import tasks as outbox_tasks
from notifications.models import OutgoingMessage
from reminders.models import DuePoint
from tests import factories
from tests.reminders.conftest import at, geneva, issue, sweep_at
from workflows import transitions

DEADLINE = datetime.date(2024, 4, 2)  # the week after summer time starts (31 March 2024)
ONE_SECOND = datetime.timedelta(seconds=1)


def reminders():
    return OutgoingMessage.objects.filter(kind__startswith="reminder").order_by(
        "member_state__code"
    )


def reminded(label=None):
    messages = reminders()
    if label:
        messages = messages.filter(idempotency_key__endswith=f":{label}")
    return list(messages.values_list("member_state__code", flat=True))


@pytest.fixture
def post(secretariat, states):
    """Issued on 1 March; Kenya nominated, Japan nominated and withdrew."""
    post = issue(secretariat, DEADLINE, geneva(2024, 3, 1, 9))
    factories.NominationFactory(
        post=post,
        member_state=states["KEN"],
        note_verbale__received_at=geneva(2024, 3, 4, 10),
    )
    factories.NominationFactory(
        post=post,
        member_state=states["JPN"],
        status="withdrawn",
        note_verbale__received_at=geneva(2024, 3, 4, 11),
    )
    return post


@pytest.mark.django_db
def test_each_offset_reminds_exactly_the_states_that_have_not_nominated_in_their_language(post):
    # 14 days before: 20 March 00:00 Geneva (CET) — not a second earlier.
    assert sweep_at(geneva(2024, 3, 20) - ONE_SECOND) == {}
    assert reminders().count() == 0
    assert sweep_at(geneva(2024, 3, 20)) == {"done": 1}
    # Japan's only nomination was withdrawn: it has no candidate and is reminded.
    assert reminded("2024-04-02-14d") == ["FRA", "JPN", "MEX"]

    french = reminders().get(member_state__code="FRA")
    assert french.language == "fr"
    assert french.to == ["mission-fra@missions.test"]
    assert "État FRA" in french.note_verbale.body
    assert "2 avril 2024" in french.note_verbale.body  # the date in French
    assert french.send_by == post.deadline
    assert "2 de abril de 2024" in reminders().get(member_state__code="MEX").note_verbale.body
    assert "2 April 2024" in reminders().get(member_state__code="JPN").note_verbale.body

    # Mexico nominates before the 7-day point (27 March 00:00 CET).
    factories.NominationFactory(
        post=post,
        member_state=post.call.addressee_states().get(code="MEX"),
        note_verbale__received_at=geneva(2024, 3, 21, 10),
    )
    assert sweep_at(geneva(2024, 3, 27)) == {"done": 1}
    assert reminded("2024-04-02-7d") == ["FRA", "JPN"]
    # 1 day before, after the change to summer time: 2 April 00:00 CEST (1 April 22:00 UTC).
    assert sweep_at(geneva(2024, 4, 2) - ONE_SECOND) == {}
    assert sweep_at(geneva(2024, 4, 2)) == {"done": 1}
    assert reminded("2024-04-02-1d") == ["FRA", "JPN"]
    assert reminders().count() == 3 + 2 + 2


@pytest.mark.django_db
def test_a_second_sweep_sends_nothing_and_a_replayed_point_neither(post):
    sweep_at(geneva(2024, 3, 20, 0, 1))
    assert reminders().count() == 3
    assert sweep_at(geneva(2024, 3, 20, 0, 2)) == {}
    # A sweep that handled the point again (a retried task) finds every key taken.
    DuePoint.objects.update(done_at=None, outcome="", sent=0)
    DuePoint.objects.exclude(label="2024-04-02-14d").delete()
    assert sweep_at(geneva(2024, 3, 20, 0, 3)) == {"done": 1}
    assert reminders().count() == 3
    assert DuePoint.objects.get().sent == 0


@pytest.mark.django_db
def test_no_reminder_after_the_deadline(post):
    # The sweep did not run for the whole three weeks (beat stopped): at the deadline,
    # every point has expired unsent.
    assert sweep_at(geneva(2024, 4, 3)) == {"expired": 3}
    assert reminders().count() == 0


@pytest.mark.django_db
def test_points_missed_while_beat_was_down_send_one_reminder_not_three(post):
    # Beat back on 1 April at noon: the 14-day and 7-day points are both due (the 1-day
    # one not yet). The 7-day one goes; the 14-day one is superseded by it.
    assert sweep_at(geneva(2024, 4, 1, 12)) == {"done": 1, "superseded": 1}
    assert reminded() == ["FRA", "JPN", "MEX"]
    assert {
        key.rsplit(":", 1)[1] for key in reminders().values_list("idempotency_key", flat=True)
    } == {"2024-04-02-7d"}


@pytest.mark.django_db
def test_a_queued_reminder_that_would_arrive_after_the_deadline_is_cancelled(post):
    sweep_at(geneva(2024, 4, 2, 0, 0, 30))
    message = reminders().first()
    with at(geneva(2024, 4, 3, 0, 0, 1)):
        outbox_tasks.send_message.apply(args=[message.pk])
    message.refresh_from_db()
    assert message.status == "cancelled"
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_deadline_that_moved_reminds_for_the_new_one_only(post, secretariat):
    with at(geneva(2024, 3, 10, 9)):
        transitions.take(
            post,
            "extend_deadline",
            actor=secretariat,
            reason="Few nominations",
            deadline_date=datetime.date(2024, 4, 30),
        )
    # The old 14-day point (20 March) lapses; the new one is 17 April.
    assert sweep_at(geneva(2024, 3, 20, 0, 1)) == {"moot": 1}
    assert reminders().count() == 0
    # The old 7-day and 1-day points were never swept: by now their deadline has passed.
    assert sweep_at(geneva(2024, 4, 17, 0, 1)) == {"expired": 2, "done": 1}
    assert reminded("2024-04-30-14d") == ["FRA", "JPN", "MEX"]


@pytest.mark.django_db
def test_a_closed_or_cancelled_post_reminds_nobody(post, secretariat):
    with at(geneva(2024, 3, 10, 9)):
        transitions.take(post, "cancel", actor=secretariat, reason="Post frozen")
    assert sweep_at(geneva(2024, 3, 20, 0, 1)) == {"moot": 1}
    assert reminders().count() == 0


@pytest.mark.django_db
def test_the_sweeps_queries_do_not_grow_with_the_number_of_nominations(
    secretariat, states, django_assert_num_queries
):
    """Kenya nominates 2 candidates to one call and 40 to another: the same reminders go
    (France, Japan, Mexico) with the same number of queries."""
    small = issue(secretariat, datetime.date(2024, 4, 2), geneva(2024, 3, 1, 9))
    large = issue(secretariat, datetime.date(2024, 6, 4), geneva(2024, 3, 1, 9))
    for post, n in [(small, 2), (large, 40)]:
        factories.NominationFactory.create_batch(
            n, post=post, member_state=states["KEN"], note_verbale__member_state=states["KEN"]
        )
    fourteen = datetime.timedelta(days=14)
    with CaptureQueriesContext(connection) as on_small:
        sweep_at(small.deadline - fourteen)
    sweep_at(small.deadline)  # its other points expire
    with CaptureQueriesContext(connection) as on_large:
        sweep_at(large.deadline - fourteen)
    assert reminded("2024-04-02-14d") == reminded("2024-06-04-14d") == ["FRA", "JPN", "MEX"]
    assert len(on_small) == len(on_large)
    with django_assert_num_queries(len(on_small)):
        sweep_at(large.deadline - datetime.timedelta(days=7))
    assert reminded("2024-06-04-7d") == ["FRA", "JPN", "MEX"]


@pytest.mark.django_db
def test_in_the_week_after_winter_time_starts_each_point_goes_at_geneva_midnight(
    secretariat, states
):
    # Winter time starts on Sunday 27 October 2024; the deadline is the 29th.
    issue(secretariat, datetime.date(2024, 10, 29), geneva(2024, 10, 1, 9))
    seven_days = geneva(2024, 10, 23)  # CEST: 22 October 22:00 UTC
    one_day = geneva(2024, 10, 29)  # CET: 28 October 23:00 UTC
    assert seven_days.utcoffset() == datetime.timedelta(hours=2)
    assert one_day.utcoffset() == datetime.timedelta(hours=1)
    sweep_at(geneva(2024, 10, 16, 0, 1))  # the 14-day point
    assert sweep_at(seven_days - ONE_SECOND) == {}
    assert sweep_at(seven_days) == {"done": 1}
    assert sweep_at(one_day - ONE_SECOND) == {}
    assert sweep_at(one_day) == {"done": 1}
    assert reminded("2024-10-29-1d") == ["FRA", "JPN", "KEN", "MEX"]
    assert sweep_at(geneva(2024, 10, 30)) == {}  # closed at midnight: nothing more
    assert reminders().count() == 3 * 4
