"""The Secretariat filters the nominations list in Chromium (htmx swapping the table), and
the auditor verifies the chain on the audit page; with the demo data, at desktop and phone
widths, no CSP violation, no serious or critical axe violation, screenshots saved."""

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_error,
    assert_no_csp_violation,
    save_screenshot,
    sign_in_as,
)

PHONE = {"width": 390, "height": 844}


def rows(page):
    return page.locator("#results tbody tr")


def test_the_secretariat_filters_the_nominations_list(page, live_server, console, demo_data):
    sign_in_as(page, live_server, "secretariat@nomina.example")
    page.get_by_role("link", name="Nominations", exact=True).click()
    page.wait_for_load_state()
    everything = rows(page).count()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert everything > 1
    assert_accessible(page)
    save_screenshot(page, "nominations-list")

    page.get_by_label("Late").select_option("yes")
    with page.expect_response(lambda r: "/workbench/nominations/" in r.url):
        page.get_by_role("button", name="Apply filters").click()
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length > 0")

    late = rows(page).count()
    assert 0 < late < everything
    assert "late=yes" in page.url  # htmx pushed the filtered address
    assert page.locator("#results").get_by_text("Late", exact=True).count() >= 1
    assert page.locator("h1").count() == 1  # only the table was swapped, not the page
    assert_no_csp_violation(console)
    assert_no_console_error(console)
    assert_accessible(page)
    save_screenshot(page, "nominations-list-late")

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/workbench/nominations/")
    # The wide table scrolls inside its region; the page itself does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    region = page.locator(".nomina-table-scroll")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert_accessible(page)
    save_screenshot(page, "nominations-list-phone")
    assert_no_csp_violation(console)


def test_the_notes_list_opens_with_the_demo_notes(page, live_server, console, demo_data):
    sign_in_as(page, live_server, "secretariat@nomina.example")
    page.goto(f"{live_server.url}/workbench/notes/")
    assert rows(page).count() > 1
    assert_accessible(page)
    assert_no_csp_violation(console)
    save_screenshot(page, "notes-list")


def test_the_auditor_verifies_the_chain(page, live_server, console, demo_data):
    sign_in_as(page, live_server, "auditor@nomina.example")
    assert page.url == f"{live_server.url}/audit/"

    page.get_by_role("button", name="Verify the chain").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    banner = page.locator(".govuk-notification-banner--success")
    assert "The audit chain is intact" in banner.inner_text()
    page.locator(".nomina-hash-details summary").first.click()
    assert page.locator(".nomina-hash").first.is_visible()
    assert_accessible(page)
    assert_no_csp_violation(console)
    assert_no_console_error(console)
    save_screenshot(page, "audit-log")

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/audit/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    save_screenshot(page, "audit-log-phone")
