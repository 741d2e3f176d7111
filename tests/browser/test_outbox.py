"""The outbox in Chromium on the demo data (its acknowledgements, some delivered, one
failed, one stuck sending): the Secretariat sees the message that needs a decision first,
sends it again through the confirmation page, at desktop and phone widths, with no CSP
violation and nothing serious for axe."""

import datetime
import re

from django.utils import timezone

from notifications.models import OutgoingMessage
from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_error,
    assert_no_csp_violation,
    save_screenshot,
    sign_in_as,
)

PHONE = {"width": 390, "height": 844}
Status = OutgoingMessage.Status


def spread_the_demo_messages():
    """As a day of sending would leave them; returns the stuck one."""
    rows = list(OutgoingMessage.objects.order_by("id"))
    assert len(rows) >= 4
    now = timezone.now()
    for row in rows[2:]:
        OutgoingMessage.objects.filter(pk=row.pk).update(
            status=Status.DELIVERED, attempts=1, sent_at=now
        )
    OutgoingMessage.objects.filter(pk=rows[1].pk).update(
        status=Status.FAILED,
        attempts=1,
        last_error=(
            "AnymailRequestsAPIError: Mailgun API response 400 (Bad Request): "
            '{ "message": "\'to\' parameter is not a valid address." }'
        ),
    )
    OutgoingMessage.objects.filter(pk=rows[0].pk).update(
        status=Status.SENDING, attempts=1, claimed_at=now - datetime.timedelta(minutes=42)
    )
    return rows[0]


def test_the_secretariat_decides_on_a_message_left_sending(page, live_server, console, demo_data):
    stuck = spread_the_demo_messages()
    sign_in_as(page, live_server, "secretariat@nomina.example")
    page.get_by_role("link", name="Outbox", exact=True).click()
    page.wait_for_load_state()

    section = page.locator("#needs-decision")
    assert section.get_by_role("heading", name="Needs a decision").is_visible()
    assert section.locator("tbody tr").count() == 1
    assert section.get_by_role("rowheader", name=stuck.subject).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert_accessible(page)
    assert_no_csp_violation(console)
    save_screenshot(page, "outbox")

    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    save_screenshot(page, "outbox-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    # The link names its message for a screen reader: "Send again: <subject>".
    link = section.get_by_role("link", name=re.compile(r"^Send again\s*:"))
    assert stuck.subject in link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert page.get_by_text("the mission may receive it twice").is_visible()
    assert_accessible(page)
    save_screenshot(page, "outbox-send-again")
    page.get_by_label("Note (optional)").fill("The mission has not received it.")
    page.get_by_role("button", name="Send again").click()
    page.wait_for_load_state()

    banner = page.locator(".govuk-notification-banner--success")
    assert "is queued to be sent again" in banner.inner_text()
    assert page.locator("#needs-decision").count() == 0
    stuck.refresh_from_db()
    assert stuck.status in (Status.QUEUED, Status.SENDING, Status.SENT)
    assert_no_csp_violation(console)
    assert_no_console_error(console)


def test_the_failed_messages_filter(page, live_server, console, demo_data):
    spread_the_demo_messages()
    sign_in_as(page, live_server, "secretariat@nomina.example")
    page.goto(f"{live_server.url}/workbench/outbox/")
    page.get_by_label("Status").select_option("failed")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()

    assert "status=failed" in page.url
    assert page.locator("#messages-count").inner_text() == "1 message"
    assert page.get_by_text("'to' parameter is not a valid address.").is_visible()
    assert_accessible(page)
    assert_no_csp_violation(console)
    save_screenshot(page, "outbox-failed")
