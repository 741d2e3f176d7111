"""The French mission in Chromium on the demo data: its home, its nomination, its notes
verbales and the acknowledgement's PDF, at desktop and phone width, under the CSP and
with nothing serious for axe."""

from notifications import tasks
from notifications.models import OutgoingMessage
from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_error,
    assert_no_csp_violation,
    save_screenshot,
    sign_in_as,
)

PHONE = {"width": 390, "height": 844}


def render_the_acknowledgement():
    # What the send task does once a worker takes the message: the note's PDF.
    message = OutgoingMessage.objects.get(member_state__code="FRA", kind="acknowledgement")
    tasks.send_message.apply(args=[message.pk])


def test_the_french_mission_follows_its_nomination(page, live_server, console, demo_data):
    render_the_acknowledgement()
    sign_in_as(page, live_server, "mission-fra@nomina.example")

    assert page.get_by_role("heading", name="France", level=1).is_visible()
    assert_accessible(page)
    save_screenshot(page, "portal-home")

    page.get_by_role("navigation").get_by_role("link", name="Nominations").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Claire Dubois").is_visible()
    assert page.get_by_text("Amina Wanjiru").count() == 0
    assert_accessible(page)
    save_screenshot(page, "portal-nominations")

    page.get_by_role("link", name="Claire Dubois").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="History").is_visible()
    assert_accessible(page)
    save_screenshot(page, "portal-nomination")

    page.get_by_role("navigation").get_by_role("link", name="Notes verbales").click()
    page.wait_for_load_state()
    assert_accessible(page)
    save_screenshot(page, "portal-notes")
    page.get_by_role("link", name="Acknowledgement of receipt").click()
    page.wait_for_load_state()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the note verbale (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")
    page.locator("h1").click()  # off the link, so the screenshot shows no focus
    assert_accessible(page)
    save_screenshot(page, "portal-note")

    assert_no_csp_violation(console)
    assert_no_console_error(console)

    page.set_viewport_size(PHONE)
    pages = [
        ("/portal/", "home"),
        ("/portal/nominations/", "nominations"),
        ("/portal/notes/", "notes"),
    ]
    for path, name in pages:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
        save_screenshot(page, f"portal-{name}-phone")


def test_an_open_post_counts_down_in_the_visitors_time(page, live_server, console, demo_data):
    from tests import factories

    call = factories.CallFactory(reference="EO/100/2026", title="Call for nominations: Director")
    factories.PostFactory(call=call, title="Director of Operations", status="open")
    sign_in_as(page, live_server, "mission-fra@nomina.example")
    page.get_by_role("link", name="Director of Operations", exact=True).click()
    page.wait_for_load_state()

    countdown = page.locator("[data-countdown]").first
    countdown.and_(page.locator("[data-countdown-ready=true]")).wait_for()
    assert countdown.inner_text().endswith(" left")
    assert "JavaScript" not in page.locator("time[data-local-time]").inner_text()
    assert page.get_by_role("heading", name="Terms of reference").is_visible()
    assert_accessible(page)
    assert_no_csp_violation(console)
    assert_no_console_error(console)
    save_screenshot(page, "portal-post", full_page=False)
    page.set_viewport_size(PHONE)
    page.reload()
    page.locator("[data-countdown-ready=true]").first.wait_for()
    save_screenshot(page, "portal-post-phone", full_page=False)
