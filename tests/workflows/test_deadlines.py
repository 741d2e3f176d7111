import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from nominations.models import Call
from tests import factories
from workflows import transitions
from workflows.deadlines import closing_instant
from workflows.errors import TransitionError
from workflows.intake import CandidateDetails, IncomingNote, log_nomination

GENEVA = ZoneInfo("Europe/Zurich")
fromisoformat = datetime.datetime.fromisoformat


def test_by_15_november_closes_at_midnight_geneva_time():
    closes = closing_instant(datetime.date(2023, 11, 15))
    assert closes.isoformat() == "2023-11-16T00:00:00+01:00"


def test_a_deadline_in_the_week_of_a_dst_change_closes_at_local_midnight():
    # 31 March 2024 has 23 hours in Zurich: the clocks go from 02:00 to 03:00.
    closes = closing_instant(datetime.date(2024, 3, 31))
    assert closes.isoformat() == "2024-04-01T00:00:00+02:00"
    before = closing_instant(datetime.date(2024, 3, 30))
    assert before.isoformat() == "2024-03-31T00:00:00+01:00"
    # Same-zone subtraction in Python is wall-clock arithmetic: compare in UTC.
    elapsed = closes.astimezone(datetime.UTC) - before.astimezone(datetime.UTC)
    assert elapsed == datetime.timedelta(hours=23)


def _log(secretariat, post, state, received_at, name="Ana Pereira"):
    return log_nomination(
        actor=secretariat,
        note=IncomingNote(member_state=state, channel="email", received_at=received_at),
        candidate=CandidateDetails(full_name=name, nationality=state, email=f"{name[:3]}@x.test"),
        posts=[post],
    )[0]


@pytest.fixture
def eo_821_post(member_states):
    call = factories.CallFactory(reference="EO/821/2023", deadline_date=datetime.date(2023, 11, 15))
    return factories.PostFactory(call=call, status="closed")


@pytest.mark.django_db
def test_the_call_stores_the_exclusive_instant(eo_821_post):
    call = Call.objects.get(reference="EO/821/2023")
    assert call.deadline == datetime.datetime(2023, 11, 16, tzinfo=GENEVA)
    assert eo_821_post.deadline == call.deadline


@pytest.mark.django_db
def test_a_minute_before_midnight_is_on_time(secretariat, member_states, eo_821_post):
    received = datetime.datetime.fromisoformat("2023-11-15T23:59:00+01:00")
    nomination = _log(secretariat, eo_821_post, member_states["FRA"], received)
    assert (nomination.status, nomination.is_late) == ("received", False)


@pytest.mark.django_db
def test_a_second_after_midnight_is_late(secretariat, member_states, eo_821_post):
    received = datetime.datetime.fromisoformat("2023-11-16T00:00:01+01:00")
    nomination = _log(secretariat, eo_821_post, member_states["FRA"], received)
    assert (nomination.status, nomination.is_late) == ("late", True)


@pytest.mark.django_db
def test_midnight_itself_is_late(secretariat, member_states, eo_821_post):
    received = datetime.datetime.fromisoformat("2023-11-16T00:00:00+01:00")
    assert _log(secretariat, eo_821_post, member_states["FRA"], received).status == "late"


@pytest.mark.django_db
def test_dst_week_deadline_classifies_by_local_midnight(secretariat, member_states):
    call = factories.CallFactory(deadline_date=datetime.date(2024, 3, 31))
    post = factories.PostFactory(call=call, status="closed")
    state = member_states["KEN"]
    on_time = datetime.datetime(2024, 3, 31, 23, 59, 59, tzinfo=GENEVA)
    late = datetime.datetime.fromisoformat("2024-03-31T22:00:00+00:00")  # 00:00 CEST
    assert _log(secretariat, post, state, on_time, "Early Bird").status == "received"
    assert _log(secretariat, post, state, late, "Late Comer").status == "late"


@pytest.mark.django_db
def test_a_received_at_in_the_future_is_refused(secretariat, member_states, eo_821_post):
    future = datetime.datetime.now(GENEVA) + datetime.timedelta(minutes=5)
    with pytest.raises(TransitionError) as refused:
        _log(secretariat, eo_821_post, member_states["FRA"], future)
    assert refused.value.kind == TransitionError.INVALID
    assert "received_at" in refused.value.field_errors
    assert not eo_821_post.nominations.exists()


@pytest.mark.django_db
def test_classification_ignores_when_it_was_logged_or_the_post_closed(secretariat, member_states):
    # The post is still open (the scheduler has not run), yet a note received after
    # the deadline is late; on a closed post a note received before it is on time.
    past = factories.CallFactory(deadline_date=factories.in_days(-3))
    open_post = factories.PostFactory(call=past, status="open")
    yesterday = datetime.datetime.now(GENEVA) - datetime.timedelta(days=1)
    assert _log(secretariat, open_post, member_states["FRA"], yesterday).status == "late"
    closed_post = factories.PostFactory(call=past, status="closed")
    long_ago = datetime.datetime.now(GENEVA) - datetime.timedelta(days=10)
    assert _log(secretariat, closed_post, member_states["MEX"], long_ago, "B").status == "received"


def _clock_at(moment):
    """The wall clock, which is outside the system, stopped at ``moment``."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


ONE_MICROSECOND = datetime.timedelta(microseconds=1)


@pytest.mark.django_db
def test_the_post_closes_at_its_deadline_instant_and_not_one_microsecond_before(secretariat):
    post = factories.PostFactory(status="open", deadline_date=datetime.date(2026, 11, 15))
    closes = datetime.datetime(2026, 11, 16, tzinfo=GENEVA)
    assert post.deadline == closes
    with _clock_at(closes - ONE_MICROSECOND), pytest.raises(TransitionError) as refused:
        transitions.take(post, "close_nominations", actor=secretariat)
    assert str(refused.value) == "cannot close_nominations: the deadline has not passed yet"
    with _clock_at(closes):
        assert transitions.take(post, "close_nominations", actor=secretariat).status == "closed"


# A note before its call was issued (EO/821/2023 was issued on 28 September 2023).


@pytest.fixture
def issued_eo_821_post(member_states):
    call = factories.CallFactory(
        reference="EO/821/2023",
        issued_on=datetime.date(2023, 9, 28),
        deadline_date=datetime.date(2023, 11, 15),
    )
    return factories.PostFactory(call=call, status="closed")


@pytest.mark.django_db
@pytest.mark.parametrize("received", ["2023-09-01T10:00:00+02:00", "1990-01-01T10:00:00+01:00"])
def test_a_note_received_before_the_call_was_issued_is_refused(
    secretariat, member_states, issued_eo_821_post, received
):
    with pytest.raises(TransitionError) as refused:
        _log(secretariat, issued_eo_821_post, member_states["FRA"], fromisoformat(received))
    assert refused.value.kind == TransitionError.INVALID
    assert str(refused.value) == (
        "the note cannot have been received before call EO/821/2023 was issued on 28 September 2023"
    )
    assert refused.value.field_errors == {
        "received_at": ["Cannot be before the call was issued (28 September 2023)."]
    }
    assert not issued_eo_821_post.nominations.exists()


@pytest.mark.django_db
def test_the_issue_day_counts_in_geneva_time(secretariat, member_states, issued_eo_821_post):
    # 27 September 22:30 UTC is already 28 September, 00:30, in Geneva.
    late_evening_utc = fromisoformat("2023-09-27T22:30:00+00:00")
    nomination = _log(secretariat, issued_eo_821_post, member_states["FRA"], late_evening_utc)
    assert nomination.status == "received"
    with pytest.raises(TransitionError):
        _log(
            secretariat,
            issued_eo_821_post,
            member_states["KEN"],
            late_evening_utc.replace(hour=21, minute=59),
            "Early Bird",
        )
