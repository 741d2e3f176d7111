"""When the reminders fall due: Geneva wall-clock days before the deadline, DST included."""

import datetime

import pytest
from django.urls import reverse

from reminders.models import DuePoint
from reminders.schedule import days_before
from tests.reminders.conftest import at, geneva, issue
from workflows import transitions

UTC = datetime.UTC


def due_times(call):
    return {
        point.label: point.due_at.astimezone(UTC)
        for point in DuePoint.objects.filter(call=call, kind="not_nominated")
    }


@pytest.mark.django_db
def test_issuing_a_post_schedules_its_calls_reminders_at_midnight_geneva_14_7_and_1_days_before(
    secretariat, states
):
    post = issue(secretariat, datetime.date(2024, 11, 15), geneva(2024, 10, 1, 9))
    # Closes at 16 November 00:00 in Geneva (CET, UTC+1).
    assert post.deadline == geneva(2024, 11, 16)
    assert due_times(post.call) == {
        "2024-11-15-14d": datetime.datetime(2024, 11, 1, 23, tzinfo=UTC),
        "2024-11-15-7d": datetime.datetime(2024, 11, 8, 23, tzinfo=UTC),
        "2024-11-15-1d": datetime.datetime(2024, 11, 14, 23, tzinfo=UTC),
    }
    assert set(DuePoint.objects.values_list("send_by", flat=True)) == {post.deadline}


@pytest.mark.django_db
def test_in_the_week_after_the_last_sunday_of_march_the_earlier_points_are_an_hour_later_in_utc(
    secretariat, states
):
    # Summer time starts on Sunday 31 March 2024: the deadline (3 April 00:00 CEST) is at
    # 22:00 UTC, the points before the change at 23:00 UTC.
    post = issue(secretariat, datetime.date(2024, 4, 2), geneva(2024, 3, 1, 9))
    assert post.deadline.astimezone(UTC) == datetime.datetime(2024, 4, 2, 22, tzinfo=UTC)
    assert due_times(post.call) == {
        "2024-04-02-14d": datetime.datetime(2024, 3, 19, 23, tzinfo=UTC),
        "2024-04-02-7d": datetime.datetime(2024, 3, 26, 23, tzinfo=UTC),
        "2024-04-02-1d": datetime.datetime(2024, 4, 1, 22, tzinfo=UTC),
    }
    # Seven Geneva days, but 6 days 23 hours of elapsed time.
    seven = due_times(post.call)["2024-04-02-7d"]
    assert post.deadline - seven == datetime.timedelta(days=6, hours=23)


@pytest.mark.django_db
def test_in_the_week_after_the_last_sunday_of_october_the_earlier_points_are_an_hour_earlier(
    secretariat, states
):
    # Winter time starts on Sunday 27 October 2024.
    post = issue(secretariat, datetime.date(2024, 10, 29), geneva(2024, 10, 1, 9))
    assert post.deadline.astimezone(UTC) == datetime.datetime(2024, 10, 29, 23, tzinfo=UTC)
    assert due_times(post.call) == {
        "2024-10-29-14d": datetime.datetime(2024, 10, 15, 22, tzinfo=UTC),
        "2024-10-29-7d": datetime.datetime(2024, 10, 22, 22, tzinfo=UTC),
        "2024-10-29-1d": datetime.datetime(2024, 10, 28, 23, tzinfo=UTC),
    }
    seven = due_times(post.call)["2024-10-29-7d"]
    assert post.deadline - seven == datetime.timedelta(days=7, hours=1)


def test_days_before_keeps_the_geneva_wall_clock_time():
    assert days_before(geneva(2024, 4, 3, 9, 30), 7) == geneva(2024, 3, 27, 9, 30)
    assert days_before(geneva(2024, 4, 3, 9, 30), 7).utcoffset() == datetime.timedelta(hours=1)


@pytest.mark.django_db
def test_the_calls_own_offsets_are_used_and_points_already_past_are_not_written(
    secretariat, states
):
    # Issued ten days before the deadline: the 14-day point has passed.
    post = issue(
        secretariat,
        datetime.date(2024, 11, 15),
        geneva(2024, 11, 6, 9),
        reminder_days=[21, 3, 2],
    )
    assert sorted(due_times(post.call)) == ["2024-11-15-2d", "2024-11-15-3d"]


@pytest.mark.django_db
def test_two_posts_of_a_call_at_one_deadline_share_its_points(secretariat, states):
    post = issue(secretariat, datetime.date(2024, 11, 15), geneva(2024, 10, 1, 9))
    from tests import factories

    second = factories.PostFactory(
        call=post.call, status="draft", deadline_date=datetime.date(2024, 11, 15)
    )
    with at(geneva(2024, 10, 1, 10)):
        transitions.take(second, "issue_call", actor=secretariat)
    assert DuePoint.objects.filter(call=post.call).count() == 3


@pytest.mark.django_db
def test_extending_the_deadline_schedules_the_points_of_the_new_one(secretariat, states):
    post = issue(secretariat, datetime.date(2024, 11, 15), geneva(2024, 10, 1, 9))
    with at(geneva(2024, 11, 10, 9)):
        transitions.take(
            post,
            "extend_deadline",
            actor=secretariat,
            reason="Few nominations",
            deadline_date=datetime.date(2024, 11, 29),
        )
    assert sorted(due_times(post.call)) == [
        "2024-11-15-14d",
        "2024-11-15-1d",
        "2024-11-15-7d",
        "2024-11-29-14d",
        "2024-11-29-1d",
        "2024-11-29-7d",
    ]


@pytest.mark.django_db
def test_new_reminder_days_on_an_issued_call_reschedule_its_points_to_come(
    client, secretariat, states
):
    post = issue(secretariat, datetime.date(2024, 11, 15), geneva(2024, 10, 1, 9))
    call = post.call
    data = {
        "reference": call.reference,
        "title": call.title,
        "place": "",
        "addressee_line": "",
        "enquiry_email": "",
        "addressees": "members",
        "reminder_days": "10, 3",
        "issued_on_0": "", "issued_on_1": "", "issued_on_2": "",
    }  # fmt: skip
    with at(geneva(2024, 11, 3, 9)):  # the 14-day point (2 November) has gone
        client.force_login(secretariat)
        DuePoint.objects.filter(label="2024-11-15-14d").update(done_at=geneva(2024, 11, 2))
        response = client.post(reverse("workbench:call_edit", args=[call.pk]), data)
    assert response.status_code == 302
    assert sorted(due_times(call)) == ["2024-11-15-10d", "2024-11-15-14d", "2024-11-15-3d"]
    assert due_times(call)["2024-11-15-3d"] == datetime.datetime(2024, 11, 12, 23, tzinfo=UTC)
