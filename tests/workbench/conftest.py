import datetime

import pytest
from django.utils import timezone

from tests import factories


def received(day):
    """Noon in Geneva on 2023-05-<day>."""
    return timezone.make_aware(datetime.datetime(2023, 5, day, 12, 0))


@pytest.fixture
def listing(db):
    """Four nominations over two calls, three posts and three member states: one late, one
    without a CV, one withdrawn; and an outgoing note carrying none."""
    states = {}
    for code, name in (("FRA", "France"), ("KEN", "Kenya"), ("MEX", "Mexico")):
        # get_or_create: the user fixtures may have made the state already, named "State X".
        state = factories.MemberStateFactory(code=code)
        state.name_en = name
        state.save()
        states[code] = state
    call = factories.CallFactory(reference="EO/821/2023")
    other_call = factories.CallFactory(reference="EO/900/2024")
    operations = factories.PostFactory(call=call, title="DDG Operations", status="closed")
    management = factories.PostFactory(call=call, title="DDG Management", status="closed")
    officer = factories.PostFactory(call=other_call, title="Data Officer", status="open")

    def nominate(state, name, post, day, reference, **extra):
        nomination = factories.NominationFactory(
            post=post,
            member_state=states[state],
            candidate__full_name=name,
            note_verbale__reference=reference,
            note_verbale__received_at=received(day),
            note_verbale__call=post.call,
            **extra,
        )
        return nomination

    nominations = {
        "dubois": nominate("FRA", "Claire Dubois", operations, 3, "NV/FR/12"),
        "wanjiru": nominate("KEN", "Amina Wanjiru", management, 1, "KE-2023-77"),
        "garcia": nominate(
            "MEX",
            "José García",
            operations,
            9,
            '=HYPERLINK("http://x")',
            is_late=True,
            status="late",
        ),
        "otieno": nominate("KEN", "Brian Otieno", officer, 5, "KE-2024-02", status="withdrawn"),
    }
    for key in ("dubois", "garcia", "otieno"):
        factories.add_document(nominations[key])
    outgoing = factories.NoteVerbaleFactory(
        direction="outgoing",
        member_state=states["FRA"],
        reference="EO/821/2023/FR",
        received_at=None,
        channel="post",
        call=call,
    )
    return {
        "states": states,
        "calls": {"main": call, "other": other_call},
        "posts": {"operations": operations, "management": management, "officer": officer},
        "nominations": nominations,
        "outgoing": outgoing,
    }


@pytest.fixture
def users(secretariat, auditor, executive, mission):
    return {
        "secretariat": secretariat,
        "auditor": auditor,
        "executive": executive,
        "mission": mission,
    }
