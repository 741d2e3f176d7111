"""The Secretariat issues a call from its home page in Chromium: it sees what will go out,
issues it, and the mission's note verbale is written."""

import datetime

from django.utils import timezone

from nominations.models import Call, NoteVerbale
from tests.browser.conftest import (
    assert_accessible,
    assert_no_csp_violation,
    save_screenshot,
    sign_in_as,
)

PHONE = {"width": 390, "height": 844}


def test_the_secretariat_issues_the_jpo_call_to_germany(page, live_server, console, demo_data):
    call = Call.objects.get(reference="JPO/GMDAC/2024")
    call.deadline_date = timezone.localdate() + datetime.timedelta(days=30)
    call.save()
    sign_in_as(page, live_server, "secretariat@nomina.example")

    page.get_by_role("link", name="Issue the call (JPO/GMDAC/2024)").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Issue the call").is_visible()
    body = page.locator("main").inner_text()
    assert "One note verbale goes to the mission of the addressed member state" in body
    assert "Each in its mission's language: English 1" in body
    assert_accessible(page)
    assert_no_csp_violation(console)
    save_screenshot(page, "call-issue")
    page.set_viewport_size(PHONE)
    save_screenshot(page, "call-issue-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Issue the call").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/workbench/calls/{call.pk}/"
    assert "Call JPO/GMDAC/2024 issued: 1 post;" in page.locator("main").inner_text()
    (note,) = NoteVerbale.objects.filter(direction="outgoing", call=call)
    assert (note.kind, note.member_state.code) == ("call", "DEU")
    assert "Permanent Mission of Germany" in note.body
