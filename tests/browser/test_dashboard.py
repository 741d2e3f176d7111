"""The call dashboard in Chromium on the demo data: scripts run under the CSP, the
countdown and the local closing time are filled in, the charts are drawn, the roster
filters in place with htmx, and axe finds nothing serious."""

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_error,
    assert_no_csp_violation,
    save_screenshot,
    sign_in_as,
)


def open_dashboard(page, live_server):
    sign_in_as(page, live_server, "secretariat@nomina.example")
    page.get_by_role("link", name="Call for nominations: Deputy Directors General").click()
    page.wait_for_load_state()


def test_the_dashboard_of_the_demo_call(page, live_server, console, demo_data):
    page.set_viewport_size({"width": 1280, "height": 2600})
    open_dashboard(page, live_server)

    assert page.get_by_role(
        "heading", name="Call for nominations: Deputy Directors General"
    ).is_visible()
    countdown = page.locator("[data-countdown]").first
    countdown.and_(page.locator("[data-countdown-ready=true]")).wait_for()
    assert countdown.inner_text().startswith("Closed ")
    assert countdown.inner_text().endswith(" ago")
    local = page.locator("time[data-local-time]")
    # The script has replaced the server's Geneva-time fallback with the viewer's zone.
    assert "Geneva time" not in local.inner_text()
    assert "2023" in local.inner_text()
    for canvas in ("chart-per-day", "chart-regions", "chart-genders"):
        size = page.evaluate(
            """id => {
                const canvas = document.getElementById(id);
                return {drawn: Boolean(window.Chart.getChart(canvas)),
                        width: canvas.width, height: canvas.height};
            }""",
            canvas,
        )
        assert size["drawn"] and size["width"] > 100 and size["height"] > 100, (canvas, size)
    assert page.locator("#roster tbody tr").count() == 193
    assert page.locator('#roster tr[data-state="KEN"]').get_by_text("Nominated").is_visible()
    assert_no_csp_violation(console)
    assert_no_console_error(console)
    assert_accessible(page)
    save_screenshot(page, "dashboard", full_page=False)
    save_screenshot(page, "dashboard-full")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.locator("[data-countdown-ready=true]").first.wait_for()
    assert_accessible(page)
    save_screenshot(page, "dashboard-phone")


def test_the_roster_filters_in_place_with_htmx(page, live_server, console, demo_data):
    open_dashboard(page, live_server)
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Response", exact=True).select_option("not_answered")
    page.wait_for_url("**/workbench/calls/*/?response=not_answered*")
    page.locator("#roster-count", has_text="Showing 189 of 193").wait_for()

    assert page.evaluate("window.stillTheSamePage") is True  # swapped, not reloaded
    assert page.locator("#roster tbody tr").count() == 189
    assert page.locator('#roster tr[data-state="FRA"]').count() == 0

    page.get_by_label("Region", exact=True).select_option("Oceania")
    page.wait_for_url("**region=Oceania*")
    oceania = page.locator("#roster tbody tr")
    assert oceania.count() > 0
    assert oceania.count() == page.locator('#roster tr[data-response="not_answered"]').count()
    page.get_by_role("link", name="Member state").click()
    page.wait_for_url("**sort=name*")
    assert "response=not_answered" in page.url and "region=Oceania" in page.url
    assert page.evaluate("window.stillTheSamePage") is True
    assert_no_csp_violation(console)
    assert_no_console_error(console)
    assert_accessible(page)
