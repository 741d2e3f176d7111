"""A person signs in on /sign-in/ in a real browser and lands on their role's home."""

import pytest

from tests.browser.conftest import (
    DEMO_PASSWORD,
    assert_accessible,
    assert_no_console_error,
    assert_no_csp_violation,
    save_screenshot,
    sign_in_as,
)


def test_the_secretariat_signs_in_and_sees_the_demo_call(page, live_server, console, demo_data):
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/sign-in/"
    assert_accessible(page)

    sign_in_as(page, live_server, "secretariat@nomina.example")

    assert page.url == f"{live_server.url}/workbench/"
    assert page.get_by_role("heading", name="Calls for nominations").is_visible()
    assert page.get_by_text("EO/821/2023", exact=True).is_visible()
    assert page.get_by_role("rowheader", name="Deputy Director General for Operations").count() == 1
    assert page.locator("body.govuk-frontend-supported").count() == 1  # GOV.UK's JS ran
    assert_no_csp_violation(console)
    assert_no_console_error(console)
    assert_accessible(page)
    save_screenshot(page, "workbench-home")


def test_a_wrong_password_is_summarised_and_focused(page, live_server, console, demo_data):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("E-mail address").fill("secretariat@nomina.example")
    page.get_by_label("Password").fill("not it")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    # GOV.UK's error summary takes the focus, so a screen reader announces it at once.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_no_csp_violation(console)
    assert_accessible(page)
    save_screenshot(page, "sign-in-error")


def test_a_mission_signs_in_and_lands_on_its_home(page, live_server, console, demo_data):
    sign_in_as(page, live_server, "mission-fra@nomina.example")

    assert page.url == f"{live_server.url}/portal/"
    assert page.get_by_role("heading", name="France").is_visible()
    assert_no_csp_violation(console)
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/sign-in/"
    assert page.get_by_text("You have signed out.").is_visible()


def test_the_csp_helper_sees_a_violation(page, live_server, console):
    """The console check can fail: an inline script under our policy is reported."""

    def inline(route):
        route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": "script-src 'self'"},
            body="<!DOCTYPE html><title>x</title><script>document.title = 'ran'</script>",
        )

    page.route(f"{live_server.url}/inline-probe/", inline)
    page.goto(f"{live_server.url}/inline-probe/")

    assert page.title() == "x"
    with pytest.raises(AssertionError):
        assert_no_csp_violation(console)


def test_the_admin_and_the_api_docs_work_under_the_csp(page, live_server, console, demo_data):
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("secretariat@nomina.example")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/admin/"

    page.goto(f"{live_server.url}/api/v1/docs/")
    page.locator(".swagger-ui .info").wait_for()

    assert page.get_by_role("heading", name="Nomina API").count() >= 1
    assert_no_csp_violation(console)
