"""The roster's chase in Chromium: from the dashboard's button to the confirmation page,
sent, then the page says it went today."""

import datetime

from django.utils import timezone

from nominations.models import MemberState
from notifications.models import OutgoingMessage
from tests import factories
from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_error,
    assert_no_csp_violation,
    save_screenshot,
    sign_in_as,
)


def test_the_secretariat_chases_the_states_that_have_not_nominated(
    page, live_server, console, demo_data
):
    call = factories.CallFactory(
        reference="EO/902/2026",
        title="Director, Department of Operations",
        deadline_date=timezone.localdate() + datetime.timedelta(days=12),
    )
    post = factories.PostFactory(call=call, title="Director of Operations", status="open")
    for code in ("FRA", "KEN", "MEX"):
        factories.NominationFactory(post=post, member_state=MemberState.objects.get(code=code))
    addressed = MemberState.objects.filter(is_member=True).count()
    reachable = MemberState.objects.filter(is_member=True).exclude(contact_emails=[]).count()

    sign_in_as(page, live_server, "secretariat@nomina.example")
    page.goto(f"{live_server.url}/workbench/calls/{call.pk}/")
    button = page.get_by_role(
        "link", name=f"Remind the {addressed - 3} member states that have not nominated"
    )
    button.scroll_into_view_if_needed()
    save_screenshot(page, "chase-roster", full_page=False)
    button.click()
    page.wait_for_load_state()
    notes = reachable - 3
    assert page.get_by_role("heading", name=f"{notes} notes will go").is_visible()
    assert page.locator("#to-remind tbody tr").count() == notes
    assert page.locator('#to-remind tr[data-state="FRA"]').count() == 0
    assert_no_csp_violation(console)
    assert_accessible(page)
    save_screenshot(page, "chase-confirm", full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    save_screenshot(page, "chase-confirm-phone", full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name=f"Send {notes} reminders").click()
    page.wait_for_load_state()
    assert page.get_by_text(
        f"Reminders are on their way to the missions of {notes} member states."
    ).is_visible()
    assert page.get_by_role(
        "heading", name=f"Already reminded today: {notes} member states"
    ).is_visible()
    assert page.get_by_role("button", name="Send").count() == 0
    assert OutgoingMessage.objects.filter(kind__startswith="reminder").count() == notes
    assert_no_console_error(console)
    assert_accessible(page)
    save_screenshot(page, "chase-sent", full_page=False)
