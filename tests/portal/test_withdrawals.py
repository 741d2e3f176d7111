"""A mission asks to withdraw its nomination with its note verbale; the Secretariat sees
the request and completes it (the withdraw transition) or declines it with a reason."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from nominations.models import Nomination, NoteVerbale
from portal.models import WithdrawalRequest
from tests import factories
from workflows.models import AuditEvent


def request_data(pdf_bytes, **overrides):
    today = timezone.localdate()
    data = {
        "reference": "NV/2026/90",
        "dated_on_0": today.day,
        "dated_on_1": today.month,
        "dated_on_2": today.year,
        "scan": SimpleUploadedFile("note.pdf", pdf_bytes, content_type="application/pdf"),
        "message": "The candidate has accepted another position.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def asked(client, mission, world, pdf_bytes):
    """France's own nomination with a withdrawal request from its mission."""
    client.force_login(mission)
    url = reverse("portal:withdrawal_request", args=[world["own"].pk])
    response = client.post(url, request_data(pdf_bytes))
    assert response.status_code == 302
    return WithdrawalRequest.objects.get()


@pytest.mark.django_db
def test_a_mission_asks_to_withdraw_with_its_note(client, mission, world, pdf_bytes):
    nomination = world["own"]
    client.force_login(mission)
    detail = reverse("portal:nomination_detail", args=[nomination.pk])
    url = reverse("portal:withdrawal_request", args=[nomination.pk])
    assert url in client.get(detail).content.decode()
    assert "Ask to withdraw this nomination" in client.get(url).content.decode()

    before = timezone.now()
    response = client.post(url, request_data(pdf_bytes))

    assert response.status_code == 302 and response["Location"] == detail
    withdrawal = WithdrawalRequest.objects.get()
    assert withdrawal.nomination == nomination and withdrawal.status == "pending"
    assert withdrawal.requested_by == mission and withdrawal.requested_at >= before
    assert withdrawal.message == "The candidate has accepted another position."
    note = withdrawal.note_verbale
    assert note.direction == NoteVerbale.Direction.INCOMING
    assert note.channel == NoteVerbale.Channel.PORTAL
    assert note.member_state == nomination.member_state and note.reference == "NV/2026/90"
    assert withdrawal.scan.note_verbale == note and withdrawal.scan.nomination == nomination
    event = AuditEvent.objects.get(action="nomination.withdrawal_requested")
    assert event.object_id == str(nomination.pk) and event.actor == mission
    assert event.details["withdrawal_request"] == withdrawal.pk
    nomination.refresh_from_db()
    assert nomination.status == "received"  # the Secretariat withdraws it, not the request

    html = client.get(detail).content.decode()
    assert "Withdrawal requested" in html
    assert url not in html  # one request at a time
    listed = client.get(reverse("portal:nomination_list")).content.decode()
    assert "Withdrawal requested" in listed
    again = client.post(url, request_data(pdf_bytes))
    assert again.status_code == 409
    assert WithdrawalRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_request_needs_the_note_and_a_good_file(client, mission, world, pdf_bytes):
    client.force_login(mission)
    url = reverse("portal:withdrawal_request", args=[world["own"].pk])
    counts = (NoteVerbale.objects.count(), AuditEvent.objects.count())

    missing = client.post(url, {"message": "Please"})
    bad = client.post(
        url, request_data(pdf_bytes, scan=SimpleUploadedFile("note.pdf", b"MZ\x90\x00" * 20))
    )

    assert missing.status_code == 400
    html = missing.content.decode()
    assert "Enter the reference of your note verbale" in html
    assert "Choose the file of your note verbale" in html
    assert bad.status_code == 400 and 'href="#id_scan"' in bad.content.decode()
    assert not WithdrawalRequest.objects.exists()
    assert (NoteVerbale.objects.count(), AuditEvent.objects.count()) == counts


@pytest.mark.django_db
def test_a_nomination_out_of_the_running_cannot_be_asked_to_withdraw(
    client, mission, member_states, pdf_bytes
):
    nomination = factories.NominationFactory(member_state=member_states["FRA"], status="rejected")
    client.force_login(mission)
    url = reverse("portal:withdrawal_request", args=[nomination.pk])

    assert "no longer in the running" in client.get(url).content.decode()
    assert client.post(url, request_data(pdf_bytes)).status_code == 409
    assert not WithdrawalRequest.objects.exists()


@pytest.mark.django_db
def test_the_secretariat_sees_the_request_and_completes_it(
    client, asked, secretariat, world, mission
):
    nomination = world["own"]
    client.force_login(secretariat)
    listed = client.get(reverse("workbench:withdrawal_list")).content.decode()
    assert "Claire Dubois" in listed and "NV/2026/90" in listed
    home = client.get(reverse("workbench:home")).content.decode()
    assert reverse("workbench:withdrawal_list") in home
    page = client.get(reverse("workbench:nomination_detail", args=[nomination.pk])).content
    page = page.decode()
    complete_url = reverse("workbench:withdrawal_complete", args=[asked.pk])
    assert "Withdrawal requested" in page and complete_url in page

    response = client.post(complete_url)

    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.WITHDRAWN
    asked.refresh_from_db()
    assert asked.status == "completed" and asked.decided_by == secretariat
    event = AuditEvent.objects.get(action="nomination.withdraw")
    assert event.actor == secretariat and event.to_state == "withdrawn"
    assert "NV/2026/90" in event.reason
    client.get(response["Location"])  # the message shown
    after = client.get(reverse("workbench:withdrawal_list")).content.decode()
    assert "No request to withdraw a nomination is waiting" in after
    # Once only.
    assert client.post(complete_url).status_code == 302
    assert AuditEvent.objects.filter(action="nomination.withdraw").count() == 1

    client.force_login(mission)
    html = client.get(reverse("portal:nomination_detail", args=[nomination.pk])).content.decode()
    assert "Withdrawn" in html and "at your mission&#x27;s request" in html


@pytest.mark.django_db
def test_the_secretariat_declines_it_with_a_reason(client, asked, secretariat, world, mission):
    nomination = world["own"]
    client.force_login(secretariat)
    decline_url = reverse("workbench:withdrawal_decline", args=[asked.pk])

    without = client.post(decline_url, {"reason": " "})
    response = client.post(decline_url, {"reason": "The note is not signed."})

    assert without.status_code == 400
    assert "Say why the request is declined" in without.content.decode()
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == "declined" and asked.reason == "The note is not signed."
    nomination.refresh_from_db()
    assert nomination.status == "received"
    event = AuditEvent.objects.get(action="nomination.withdrawal_declined")
    assert event.actor == secretariat and event.reason == "The note is not signed."
    assert event.object_id == str(nomination.pk)

    client.force_login(mission)
    html = client.get(reverse("portal:nomination_detail", args=[nomination.pk])).content.decode()
    assert "The note is not signed." in html
    # It may ask again.
    assert reverse("portal:withdrawal_request", args=[nomination.pk]) in html


@pytest.mark.django_db
def test_only_the_secretariat_decides(client, asked, mission, executive):
    for user in (mission, executive):
        client.force_login(user)
        assert client.get(reverse("workbench:withdrawal_list")).status_code == 403
        complete = reverse("workbench:withdrawal_complete", args=[asked.pk])
        assert client.post(complete).status_code == 403
        decline = reverse("workbench:withdrawal_decline", args=[asked.pk])
        assert client.post(decline, {"reason": "no"}).status_code == 403
    asked.refresh_from_db()
    assert asked.status == "pending"


@pytest.mark.django_db
def test_the_list_reads_a_fixed_number_of_queries(
    client, secretariat, member_states, pdf_bytes, django_assert_max_num_queries
):
    from portal import withdrawals

    for number in range(6):
        state = member_states["FRA"] if number % 2 else member_states["KEN"]
        user = factories.account("mission", member_state=state)
        nomination = factories.NominationFactory(member_state=state)
        withdrawals.request_withdrawal(
            actor=user,
            nomination=nomination,
            note=withdrawals.WithdrawalNote(
                reference=f"NV/{number}",
                dated_on=timezone.localdate(),
                scan=SimpleUploadedFile("n.pdf", pdf_bytes, content_type="application/pdf"),
            ),
        )
    client.force_login(secretariat)
    url = reverse("workbench:withdrawal_list")
    client.get(url)

    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count("NV/") == 6
