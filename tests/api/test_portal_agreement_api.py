"""The mission API and the portal submit through the same service and agree: the same
record for a submission, the same refusal after the deadline; and the API's withdrawal
request is the portal's."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from nominations.models import Nomination, NoteVerbale
from notifications.models import OutgoingMessage
from portal.models import WithdrawalRequest
from tests import factories
from tests.api.test_nominations_api import _payload
from tests.portal.test_submission import form_data
from workflows.models import AuditEvent


def _mission_payload(post, name):
    payload = _payload(post)
    del payload["member_state"]
    payload["candidate"]["full_name"] = name
    payload["candidate"]["email"] = f"{name.split()[0].lower()}@example.fr"
    return payload


def _record(nomination):
    note = nomination.note_verbale
    events = AuditEvent.objects.filter(
        object_type="nominations.nomination", object_id=str(nomination.pk), action="nomination.log"
    ).values_list("details", flat=True)
    return {
        "status": nomination.status,
        "member_state": nomination.member_state.code,
        "channel": note.channel,
        "logged_by": note.logged_by_id,
        "log_channel": [details["channel"] for details in events],
        "acknowledged": OutgoingMessage.objects.filter(
            kind="acknowledgement", note_verbale__in_reply_to=note
        ).count(),
    }


@pytest.mark.django_db
def test_an_api_submission_and_a_portal_one_make_the_same_record(
    api, client, mission, member_states, pdf_bytes
):
    post = factories.PostFactory(status="open")
    by_api = api["mission"].post(
        "/api/v1/nominations/", _mission_payload(post, "Anne Api"), format="json"
    )
    client.force_login(mission)
    by_portal = client.post(
        reverse("portal:nominate", args=[post.pk]),
        form_data(pdf_bytes, member_states, full_name="Paule Portal", email="paule@example.fr"),
    )

    assert by_api.status_code == 201 and by_portal.status_code == 302
    api_row = Nomination.objects.get(candidate__full_name="Anne Api")
    portal_row = Nomination.objects.get(candidate__full_name="Paule Portal")
    assert (
        _record(api_row)
        == _record(portal_row)
        == {
            "status": "received",
            "member_state": "FRA",
            "channel": "portal",
            "logged_by": mission.pk,
            "log_channel": ["portal"],
            "acknowledged": 1,
        }
    )


@pytest.mark.django_db
def test_after_the_deadline_the_api_refuses_as_the_portal_does(api, member_states):
    """The sweep that closes the post has not run: the deadline decides, in the service."""
    call = factories.CallFactory(deadline_date=timezone.localdate() - datetime.timedelta(days=1))
    post = factories.PostFactory(call=call, status="open")

    response = api["mission"].post(
        "/api/v1/nominations/", _mission_payload(post, "Anne Api"), format="json"
    )

    assert response.status_code == 409
    assert "not open" in response.json()["message"]
    assert not Nomination.objects.exists() and not NoteVerbale.objects.exists()


def _scan(pdf_bytes):
    return SimpleUploadedFile("note.pdf", pdf_bytes, content_type="application/pdf")


@pytest.mark.django_db
def test_a_mission_asks_to_withdraw_through_the_api(api, world, pdf_bytes):
    url = f"/api/v1/nominations/{world['own'].pk}/withdrawal-request/"
    body = {"reference": "NV/2026/5", "dated_on": str(timezone.localdate())}

    response = api["mission"].post(url, {**body, "scan": _scan(pdf_bytes)}, format="multipart")
    again = api["mission"].post(url, {**body, "scan": _scan(pdf_bytes)}, format="multipart")
    theirs = api["mission"].post(
        f"/api/v1/nominations/{world['other'].pk}/withdrawal-request/",
        {**body, "scan": _scan(pdf_bytes)},
        format="multipart",
    )
    bad = api["other_mission"].post(
        f"/api/v1/nominations/{world['other'].pk}/withdrawal-request/",
        {**body, "scan": SimpleUploadedFile("note.pdf", b"plain text")},
        format="multipart",
    )

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    assert response.json()["reference"] == "NV/2026/5"
    request = WithdrawalRequest.objects.get()
    assert request.note_verbale.channel == "portal"
    assert AuditEvent.objects.filter(action="nomination.withdrawal_requested").count() == 1
    assert again.status_code == 409
    assert theirs.status_code == 404
    assert bad.status_code == 415  # as for any upload the API refuses by content
    assert WithdrawalRequest.objects.count() == 1
