"""The deadline rule of DESIGN §3.

"By 15 November 2023" closes at the end of that day in the time zone of the
Secretariat's seat, so the exclusive closing instant is the next midnight
there. Comparing ``received_at < closes_at`` avoids 23:59:59.999 questions.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def seat_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def closing_instant(deadline_date: datetime.date) -> datetime.datetime:
    """The first instant at which nominations for ``deadline_date`` are late."""
    next_day = deadline_date + datetime.timedelta(days=1)
    # Midnight exists on every day in Europe/Zurich (DST changes happen at 02:00/03:00).
    return datetime.datetime.combine(next_day, datetime.time.min, tzinfo=seat_zone())


def is_on_time(received_at: datetime.datetime, closes_at: datetime.datetime) -> bool:
    return received_at < closes_at


def in_the_future(moment: datetime.datetime) -> bool:
    return moment > timezone.now()
