"""Which notes verbales go to which missions, when: one call note per mission per call, one
acknowledgement per incoming note, closing notices, and the reminders the sweeps call."""

import datetime
import html

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy

from nominations.models import Call, NoteReferenceCounter, NoteVerbale
from notifications import notices
from notifications.models import OutgoingMessage
from notifications.notes import references
from tests import factories
from workflows import transitions
from workflows.call_issue import issue_call
from workflows.errors import TransitionError


def _text(note):
    return " ".join(html.unescape(strip_tags(note.body)).split())


def _counter():
    counter = NoteReferenceCounter.objects.first()
    return counter.last if counter else 0


@pytest.fixture
def call_of_two(member_states):
    call = factories.CallFactory(reference="EO/821/2026")
    posts = factories.PostFactory.create_batch(2, call=call, status="draft")
    return call, posts


@pytest.mark.django_db
def test_issuing_a_call_sends_one_note_per_mission_listing_all_its_posts(secretariat, call_of_two):
    call, posts = call_of_two
    issued = issue_call(call, actor=secretariat)

    assert issued == posts
    assert {post.status for post in call.posts.all()} == {"open"}
    notes = NoteVerbale.objects.filter(direction="outgoing", kind="call")
    assert sorted(notes.values_list("member_state__code", flat=True)) == ["FRA", "KEN", "MEX"]
    for note in notes:
        assert sorted(note.posts.values_list("pk", flat=True)) == [post.pk for post in posts]
        for post in posts:
            assert post.title in _text(note)
    keys = sorted(OutgoingMessage.objects.values_list("idempotency_key", flat=True))
    ids = f"{posts[0].pk}-{posts[1].pk}"
    assert keys == [f"call:{call.pk}:{code}:{ids}" for code in ("FRA", "KEN", "MEX")]


@pytest.mark.django_db
def test_issuing_the_same_posts_again_sends_nothing_and_uses_no_number(secretariat, call_of_two):
    call, posts = call_of_two
    issue_call(call, actor=secretariat)
    used = _counter()
    with transaction.atomic():
        assert notices.call_issued(call, posts) == []
    assert _counter() == used == 3
    assert OutgoingMessage.objects.count() == 3


@pytest.mark.django_db
def test_a_post_issued_on_its_own_gets_a_note_naming_only_it(secretariat, call_of_two):
    _call, (first, second) = call_of_two
    transitions.take(first, "issue_call", actor=secretariat)
    transitions.take(second, "issue_call", actor=secretariat)
    notes = NoteVerbale.objects.filter(kind="call", member_state__code="FRA").order_by("pk")
    assert [list(note.posts.all()) for note in notes] == [[first], [second]]


@pytest.mark.django_db
def test_a_call_with_a_post_that_cannot_be_issued_issues_none(secretariat, call_of_two):
    call, (_first, second) = call_of_two
    second.background = ""
    second.save()
    with pytest.raises(TransitionError) as refused:
        issue_call(call, actor=secretariat)
    assert str(refused.value) == (
        f"{second.title}: cannot issue_call: the terms of reference are incomplete "
        "(title, duty station, background and duties)"
    )
    assert set(call.posts.values_list("status", flat=True)) == {"draft"}
    assert not NoteVerbale.objects.filter(direction="outgoing").exists()
    assert _counter() == 0


@pytest.mark.django_db
def test_issuing_a_call_to_more_missions_takes_no_more_queries(
    secretariat, django_assert_max_num_queries
):
    def call_to(codes):
        call = factories.CallFactory(addressees=Call.Addressees.CHOSEN)
        call.addressed_states.set([factories.MemberStateFactory(code=code) for code in codes])
        factories.PostFactory.create_batch(2, call=call, status="draft")
        return call

    small, large = call_to(["AAA", "AAB"]), call_to([f"B{n:02d}" for n in range(12)])
    # This year's counter row exists (the year's first note creates it: three queries more).
    NoteReferenceCounter.objects.create(series="EO", year=references.note_date().year)
    with CaptureQueriesContext(connection) as queries:
        issue_call(small, actor=secretariat)
    # (The first also reads the actor's role, cached afterwards.)
    with django_assert_max_num_queries(len(queries)):
        issue_call(large, actor=secretariat)
    assert NoteVerbale.objects.filter(call=large).count() == 12


@pytest.mark.django_db
def test_closing_posts_together_sends_one_closing_notice_per_mission(
    secretariat, call_of_two, time_machine
):
    call, posts = call_of_two
    issue_call(call, actor=secretariat)
    time_machine.move_to(call.deadline + datetime.timedelta(minutes=1))
    with transaction.atomic(), notices.one_note_per_call():
        for post in posts:
            transitions.take(post, "close_nominations", actor=None)

    closings = NoteVerbale.objects.filter(kind="closing")
    assert closings.count() == 3
    note = closings.get(member_state__code="KEN")
    assert sorted(note.posts.values_list("pk", flat=True)) == [post.pk for post in posts]
    assert "has closed for the following positions" in _text(note)


@pytest.mark.django_db
def test_the_deadline_sweep_closes_a_calls_posts_with_one_closing_notice_per_mission(
    secretariat, call_of_two, time_machine
):
    from workflows.tasks import close_due_posts

    call, posts = call_of_two
    issue_call(call, actor=secretariat)
    time_machine.move_to(call.deadline + datetime.timedelta(minutes=1))
    assert sorted(close_due_posts()) == sorted(post.pk for post in posts)
    closings = NoteVerbale.objects.filter(kind="closing")
    assert closings.count() == 3
    for note in closings:
        assert sorted(note.posts.values_list("pk", flat=True)) == sorted(p.pk for p in posts)
    assert close_due_posts() == []
    assert NoteVerbale.objects.filter(kind="closing").count() == 3


@pytest.mark.django_db
def test_a_post_closed_alone_sends_its_own_closing_notice(secretariat, call_of_two, time_machine):
    call, (first, _second) = call_of_two
    issue_call(call, actor=secretariat)
    time_machine.move_to(call.deadline + datetime.timedelta(minutes=1))
    transitions.take(first, "close_nominations", actor=None)
    assert [list(n.posts.all()) for n in NoteVerbale.objects.filter(kind="closing")] == [
        [first]
    ] * 3


@pytest.mark.django_db
def test_reopening_tells_every_mission_the_new_deadline_without_the_reason(
    secretariat, call_of_two, time_machine
):
    call, (first, _second) = call_of_two
    issue_call(call, actor=secretariat)
    time_machine.move_to(call.deadline + datetime.timedelta(minutes=1))
    transitions.take(first, "close_nominations", actor=None)
    new_deadline = call.deadline_date + datetime.timedelta(days=21)
    transitions.take(
        first,
        "reopen",
        actor=secretariat,
        reason="internal: the board asked",
        deadline_date=new_deadline,
    )
    notes = NoteVerbale.objects.filter(kind="reopening")
    assert notes.count() == 3
    text = _text(notes.get(member_state__code="FRA"))
    assert "have been reopened" in text
    assert f"no later than {new_deadline.day} {new_deadline:%B %Y} at 23:59" in text
    assert "board" not in text
    assert all("board" not in m.body for m in OutgoingMessage.objects.filter(kind="reopening"))


@pytest.mark.django_db
def test_one_acknowledgement_for_a_note_carrying_several_nominations(secretariat, member_states):
    from workflows.intake import CandidateDetails, IncomingNote, log_nominations

    state = member_states["FRA"]
    state.language = "fr"
    state.save()
    first, second = factories.PostFactory.create_batch(2, call=factories.CallFactory())
    log_nominations(
        actor=secretariat,
        note=IncomingNote(
            member_state=state,
            channel="email",
            received_at=timezone.now() - datetime.timedelta(hours=1),
            reference="2026-0845612/DFRA",
            dated_on=datetime.date(2026, 11, 20),
        ),
        entries=[
            (CandidateDetails(full_name="Claire Dubois", nationality=state), [first, second]),
            (CandidateDetails(full_name="Louis Martin", nationality=state), [second]),
        ],
    )
    (message,) = OutgoingMessage.objects.filter(kind="acknowledgement")
    incoming = NoteVerbale.objects.get(direction="incoming")
    assert message.idempotency_key == f"acknowledgement:{incoming.pk}"
    text = _text(message.note_verbale)
    assert "d’accuser réception de sa note verbale no 2026-0845612/DFRA du 20 novembre 2026" in text
    assert f"Claire Dubois, aux postes de « {first.title} » et de « {second.title} »" in text
    assert f"Louis Martin, au poste de « {second.title} »" in text
    assert "Le Secrétariat examinera ces candidatures" in text


# --- the reminders the sweeps call -------------------------------------------------------


@pytest.mark.django_db
def test_a_not_nominated_reminder_cites_the_call_note_and_lists_the_open_posts(
    secretariat, call_of_two, member_states
):
    call, posts = call_of_two
    issue_call(call, actor=secretariat)
    call_note = NoteVerbale.objects.get(kind="call", member_state__code="KEN")
    send_by = call.deadline - datetime.timedelta(hours=1)
    with transaction.atomic():
        message = notices.remind_not_nominated(
            call, member_states["KEN"], due_point="14d", send_by=send_by
        )

    assert message.idempotency_key == f"reminder:not_nominated:{call.pk}:KEN:14d"
    assert (message.kind, message.send_by, message.to) == (
        "reminder_not_nominated",
        send_by,
        ["mission-ken@missions.test"],
    )
    note = message.note_verbale
    assert note.reference == f"EO/004/{timezone.localdate().year}"
    text = _text(note)
    assert f"its note verbale No. {call_note.reference} of " in text
    for post in posts:
        assert post.title in text


@pytest.mark.django_db
def test_a_not_nominated_reminder_is_written_once_per_due_point(
    secretariat, call_of_two, member_states
):
    call, _posts = call_of_two
    issue_call(call, actor=secretariat)
    state = member_states["MEX"]
    with transaction.atomic():
        first = notices.remind_not_nominated(call, state, due_point="7d", send_by=call.deadline)
        again = notices.remind_not_nominated(call, state, due_point="7d", send_by=call.deadline)
        other = notices.remind_not_nominated(call, state, due_point="1d", send_by=call.deadline)
    assert first is not None and other is not None
    assert again is None
    assert NoteVerbale.objects.filter(kind="reminder_not_nominated").count() == 2
    assert _counter() == 5  # three call notes, two reminders: the repeat took no number


@pytest.mark.django_db
def test_no_reminder_for_a_call_without_open_posts_nor_to_a_mission_without_an_address(
    secretariat, call_of_two, member_states, time_machine
):
    call, _posts = call_of_two
    issue_call(call, actor=secretariat)
    member_states["FRA"].contact_emails = []
    member_states["FRA"].save()
    with transaction.atomic():
        assert (
            notices.remind_not_nominated(
                call, member_states["FRA"], due_point="7d", send_by=call.deadline
            )
            is None
        )
    time_machine.move_to(call.deadline + datetime.timedelta(minutes=1))
    with transaction.atomic():
        assert (
            notices.remind_not_nominated(
                call, member_states["KEN"], due_point="late", send_by=call.deadline
            )
            is None
        )
    assert not NoteVerbale.objects.filter(kind="reminder_not_nominated").exists()


@pytest.mark.django_db
def test_an_incomplete_reminder_says_what_is_missing_in_the_missions_language(
    member_states,
):
    state = member_states["MEX"]
    state.language = "es"
    state.save()
    nomination = factories.NominationFactory(
        member_state=state,
        status="incomplete",
        candidate__full_name="Javier Morales",
        note_verbale__reference="OGE-02817",
        note_verbale__dated_on=datetime.date(2026, 11, 14),
    )
    send_by = nomination.post.deadline
    missing = [gettext_lazy("A detailed curriculum vitae"), gettext_lazy("Contact information")]
    with transaction.atomic():
        message = notices.remind_incomplete(
            nomination, due_point="2026-12-01", send_by=send_by, missing=missing
        )
        again = notices.remind_incomplete(
            nomination, due_point="2026-12-01", send_by=send_by, missing=missing
        )

    assert again is None
    assert message.idempotency_key == f"reminder:incomplete:{nomination.pk}:2026-12-01"
    assert (message.kind, message.language, message.send_by) == (
        "reminder_incomplete",
        "es",
        send_by,
    )
    assert message.subject.startswith("Nota verbal EO/001/")
    assert message.subject.endswith(
        f"Candidatura incompleta: Javier Morales («{nomination.post.title}»)"
    )
    note = message.note_verbale
    assert note.in_reply_to == nomination.note_verbale
    assert list(note.posts.all()) == [nomination.post]
    text = _text(note)
    assert "de referirse a su nota verbal núm. OGE-02817 de fecha 14 de noviembre de 2026" in text
    assert "mediante la cual presentaba la candidatura de Javier Morales" in text
    # What is missing, as the catalogue says it in Spanish.
    assert "Un currículum vítae detallado" in text
    assert "Datos de contacto" in text
