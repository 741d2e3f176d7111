"""A call goes to all member states or to a chosen set, and names its addressees and enquiry
address as the note words them; a draft may state no deadline yet, an issued call must."""

import io

import pytest
from django.core.management import call_command

from nominations.models import Call, NoteVerbale, Post
from notifications.models import OutgoingMessage
from tests import factories
from workflows import transitions
from workflows.errors import TransitionError


def _issue(post, secretariat):
    return transitions.take(post, "issue_call", actor=secretariat)


def _notified():
    notes = NoteVerbale.objects.filter(direction="outgoing", call__isnull=False)
    messages = OutgoingMessage.objects.filter(kind="call")
    return (
        sorted(notes.values_list("member_state__code", flat=True)),
        sorted(messages.values_list("member_state__code", flat=True)),
    )


@pytest.mark.django_db
def test_a_call_to_chosen_states_notifies_only_them(secretariat, member_states):
    call = factories.CallFactory(addressees=Call.Addressees.CHOSEN)
    call.addressed_states.set([member_states["KEN"]])
    _issue(factories.PostFactory(call=call, status="draft"), secretariat)
    assert _notified() == (["KEN"], ["KEN"])


@pytest.mark.django_db
def test_a_call_to_all_member_states_skips_states_that_are_not_members(secretariat, member_states):
    member_states["MEX"].is_member = False
    member_states["MEX"].save()
    _issue(factories.PostFactory(status="draft"), secretariat)
    assert _notified() == (["FRA", "KEN"], ["FRA", "KEN"])


@pytest.mark.django_db
def test_a_deadline_extension_goes_to_the_same_addressees(secretariat, member_states):
    call = factories.CallFactory(addressees=Call.Addressees.CHOSEN)
    call.addressed_states.set([member_states["FRA"]])
    post = _issue(factories.PostFactory(call=call, status="draft"), secretariat)
    transitions.take(
        post,
        "extend_deadline",
        actor=secretariat,
        reason="few nominations",
        deadline_date=factories.in_days(60),
    )
    moved = OutgoingMessage.objects.filter(kind="extension")
    assert list(moved.values_list("member_state__code", flat=True)) == ["FRA"]


@pytest.mark.django_db
def test_a_call_to_chosen_states_that_names_none_cannot_be_issued(secretariat, member_states):
    call = factories.CallFactory(addressees=Call.Addressees.CHOSEN)
    post = factories.PostFactory(call=call, status="draft")
    with pytest.raises(TransitionError) as refused:
        _issue(post, secretariat)
    assert str(refused.value) == "cannot issue_call: the call is addressed to no member state"
    assert _notified() == ([], [])


@pytest.mark.django_db
def test_a_draft_states_no_deadline_until_its_call_does(secretariat, member_states):
    call = factories.CallFactory(deadline_date=None)
    post = factories.PostFactory(call=call, status="draft", deadline_date=None)
    assert (call.deadline, post.deadline_date, post.deadline) == (None, None, None)
    with pytest.raises(TransitionError) as refused:
        _issue(post, secretariat)
    assert str(refused.value) == "cannot issue_call: no deadline is stated yet"

    call.deadline_date = factories.in_days(20)
    call.save()
    post.refresh_from_db()
    assert post.deadline_date == factories.in_days(20)
    assert post.deadline == call.deadline
    assert _issue(post, secretariat).status == "open"


@pytest.mark.django_db
def test_a_post_with_its_own_deadline_keeps_it_when_the_call_states_one(member_states):
    call = factories.CallFactory(deadline_date=None)
    post = factories.PostFactory(call=call, status="draft", deadline_date=factories.in_days(40))
    call.deadline_date = factories.in_days(20)
    call.save()
    post.refresh_from_db()
    assert post.deadline_date == factories.in_days(40)


@pytest.mark.django_db
def test_the_demo_calls_state_their_addressees_as_their_sources_do():
    call_command("seed_demo", stdout=io.StringIO())
    ddg = Call.objects.get(reference="EO/821/2023")
    # Seed 001: "To: Permanent Representatives of Member States / of the International
    # Organization for Migration", queries to the IOM Secretariat (iomcr@iom.int).
    assert ddg.addressee_line == (
        "To: Permanent Representatives of Member States of the International Organization for "
        "Migration"
    )
    assert ddg.enquiry_email == "iomcr@iom.int"
    assert ddg.addressees == Call.Addressees.MEMBERS
    assert ddg.addressee_states().count() == 193

    jpo = Post.objects.exclude(call=ddg).get().call
    assert jpo.addressees == Call.Addressees.CHOSEN
    assert list(jpo.addressee_states().values_list("code", flat=True)) == ["DEU"]
    # Seed 003 states no addressee line and no enquiry e-mail (only www.bfio.de).
    assert (jpo.addressee_line, jpo.enquiry_email) == ("", "")
