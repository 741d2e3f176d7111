"""What the admin cannot do to the system of record even for a superuser: a note's
arrival, a post's call once issued, and the deletion of what only a transition may end."""

import pytest
from django.urls import reverse

from tests import factories
from tests.admin.test_audit import _change, _events


@pytest.mark.django_db
def test_a_notes_arrival_and_sender_cannot_be_changed(admin_client, member_states):
    nomination = factories.NominationFactory(member_state=member_states["FRA"])
    note = nomination.note_verbale
    before = (note.received_at, note.member_state_id, note.channel, note.direction)
    response = _change(
        admin_client,
        note,
        received_at_0="2023-01-01",
        received_at_1="10:00:00",
        member_state=str(member_states["KEN"].pk),
        channel="hand",
        reference="NV/CHANGED",
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.received_at, note.member_state_id, note.channel, note.direction) == before
    # What may be corrected is corrected, and audited.
    assert note.reference == "NV/CHANGED"
    [event] = _events("admin.change")
    assert set(event.details["fields"]) == {"reference"}


@pytest.mark.django_db
def test_an_issued_posts_call_cannot_be_changed(admin_client, member_states):
    post = factories.PostFactory(status="open")
    other_call = factories.CallFactory()
    _change(admin_client, post, call=str(other_call.pk))
    post.refresh_from_db()
    assert post.call_id != other_call.pk


@pytest.mark.django_db
@pytest.mark.parametrize("status, deletable", [("draft", True), ("open", False), ("closed", False)])
def test_only_a_draft_post_can_be_deleted(admin_client, member_states, status, deletable):
    post = factories.PostFactory(status=status)
    url = reverse("admin:nominations_post_delete", args=[post.pk])
    assert (admin_client.get(url).status_code == 200) is deletable


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["nomination", "noteverbale", "candidate", "document"])
def test_records_of_a_nomination_cannot_be_deleted_or_added(admin_client, world, model):
    nomination = world["own"]
    obj = {
        "nomination": nomination,
        "noteverbale": nomination.note_verbale,
        "candidate": nomination.candidate,
        "document": world["documents"]["own"],
    }[model]
    delete = reverse(f"admin:nominations_{model}_delete", args=[obj.pk])
    add = reverse(f"admin:nominations_{model}_add")
    assert admin_client.get(delete).status_code == 403
    assert admin_client.get(add).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()
