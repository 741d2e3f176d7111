"""Data for the workbench pages: the intake pages' open and closed posts in an issued call
with the POST body of the note-logging form, and the lists' nominations over two calls."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests import factories

GENEVA_NOW = None


@pytest.fixture
def intake_world(member_states):
    today = timezone.localdate()
    call = factories.CallFactory(
        reference="EO/821/2023",
        issued_on=today - datetime.timedelta(days=40),
        deadline_date=today + datetime.timedelta(days=20),
    )
    open_post = factories.PostFactory(call=call, title="DDG Operations", status="open")
    other_post = factories.PostFactory(call=call, title="DDG Management", status="open")
    closed_call = factories.CallFactory(
        reference="EO/700/2023",
        issued_on=today - datetime.timedelta(days=60),
        deadline_date=today - datetime.timedelta(days=5),
    )
    closed_post = factories.PostFactory(call=closed_call, title="Chief of Staff", status="closed")
    draft_post = factories.PostFactory(
        call=factories.CallFactory(reference="EO/999/2024"), title="JPO Data", status="draft"
    )
    return {
        "call": call,
        "open": open_post,
        "other": other_post,
        "closed": closed_post,
        "draft": draft_post,
        "france": member_states["FRA"],
        "kenya": member_states["KEN"],
    }


def pdf_file(pdf_bytes, name="cv.pdf"):
    return SimpleUploadedFile(name, pdf_bytes, content_type="application/pdf")


def note_data(world, *, received=None, dated=None, nominations=1, **overrides):
    """The form's fields as a browser sends them; ``received`` is a Geneva wall time."""
    received = received or (timezone.localtime() - datetime.timedelta(hours=2)).replace(tzinfo=None)
    dated = dated or received.date()
    data = {
        "member_state": world["france"].pk,
        "reference": "NV/2023/114",
        "dated_on_0": dated.day,
        "dated_on_1": dated.month,
        "dated_on_2": dated.year,
        "received_on_0": received.day,
        "received_on_1": received.month,
        "received_on_2": received.year,
        "received_time": received.strftime("%H:%M"),
        "channel": "email",
        "nominations-TOTAL_FORMS": str(nominations),
        "nominations-INITIAL_FORMS": "0",
        "nominations-MIN_NUM_FORMS": "1",
        "nominations-MAX_NUM_FORMS": "20",
    }
    for index in range(nominations):
        data.update(candidate_data(index, world, name=f"Claire Dubois{index or ''}"))
    data.update(overrides)
    return data


def candidate_data(index, world, *, name="Claire Dubois", posts=None, email=None):
    prefix = f"nominations-{index}-"
    return {
        prefix + "full_name": name,
        prefix + "nationality": world["france"].pk,
        prefix + "gender": "female",
        prefix + "email": email or f"{name.split()[0].lower()}{index}@example.fr",
        prefix + "phone": "+33 1 00 00 00 00",
        prefix + "postal_address": "1 rue de la Paix\nParis",
        prefix + "date_of_birth_0": "3",
        prefix + "date_of_birth_1": "4",
        prefix + "date_of_birth_2": "1970",
        prefix + "languages": ["fr", "en"],
        prefix + "posts": [post.pk for post in (posts or [world["open"]])],
    }


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
