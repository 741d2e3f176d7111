import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from reminders import sweep
from tests import factories
from workflows import transitions

GENEVA = ZoneInfo("Europe/Zurich")


def geneva(*args):
    return datetime.datetime(*args, tzinfo=GENEVA)


def at(moment):
    """The wall clock (outside the system) stopped at ``moment``."""
    return time_machine.travel(moment, tick=False)


def sweep_at(moment):
    with at(moment):
        return sweep.sweep()


@pytest.fixture
def states(db):
    """Four addressed member states in three languages, and one not addressed."""
    made = {
        code: factories.MemberStateFactory(code=code, language=language)
        for code, language in [("FRA", "fr"), ("MEX", "es"), ("KEN", "en"), ("JPN", "en")]
    }
    made["VAT"] = factories.MemberStateFactory(code="VAT", is_member=False)
    return made


def issue(secretariat, deadline_date, issued_at, **call):
    """A draft post issued through the transition service at ``issued_at``."""
    post = factories.PostFactory(
        status="draft",
        call__deadline_date=deadline_date,
        deadline_date=deadline_date,
        **{f"call__{key}": value for key, value in call.items()},
    )
    with at(issued_at):
        return transitions.take(post, "issue_call", actor=secretariat)
