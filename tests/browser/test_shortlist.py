"""The shortlist in Chromium on the demo data: a member proposes from the side by side,
another approves, the Secretariat releases the outcome to France, France's mission sees
it; the side by side is saved for the README; axe finds nothing serious or critical."""

import shutil
from pathlib import Path

import pytest

from shortlisting import demo as review_demo
from tests.browser.conftest import (
    DEMO_PASSWORD,
    assert_accessible,
    assert_no_console_error,
    assert_no_csp_violation,
    save_screenshot,
    sign_in_as,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def in_shortlisting(demo_data):
    return review_demo.seed(DEMO_PASSWORD, propose=False)["post"]


def _switch(page, live_server, email):
    page.context.clear_cookies()
    sign_in_as(page, live_server, email)


def test_propose_approve_release_and_the_mission_sees_it(
    page, live_server, console, in_shortlisting
):
    post = in_shortlisting
    page.set_viewport_size({"width": 1400, "height": 1800})
    sign_in_as(page, live_server, "executive@nomina.example")
    page.goto(f"{live_server.url}/review/posts/{post.pk}/side-by-side/")
    assert page.get_by_role("heading", name=f"Side by side: {post.title}").is_visible()
    assert page.locator("#side-by-side thead th[data-candidate]").count() >= 5
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-scope]')]"
        ".every(c => Boolean(window.Chart.getChart(c)))"
    )
    assert drawn
    assert_accessible(page)
    shot = save_screenshot(page, "side-by-side", full_page=False)
    if not (DOCS / "side-by-side.png").exists():
        shutil.copy(shot, DOCS / "side-by-side.png")

    page.get_by_role("link", name="Propose a shortlist").click()
    page.wait_for_load_state()
    assert_accessible(page)
    claire = post.nominations.get(candidate__full_name="Claire Dubois")
    page.locator(f"#shortlisted-{claire.pk}").check()
    page.locator(f"#rationale-{claire.pk}").fill("Strongest on leadership and teamwork")
    page.get_by_role("button", name="Propose the shortlist").click()
    page.wait_for_load_state()
    assert page.get_by_text("You proposed this shortlist").is_visible()

    _switch(page, live_server, "executive2@nomina.example")
    page.goto(f"{live_server.url}/review/posts/{post.pk}/side-by-side/")
    page.get_by_role("button", name="Approve the shortlist").click()
    page.wait_for_load_state()
    assert page.get_by_text("Shortlist approved").first.is_visible()

    _switch(page, live_server, "secretariat@nomina.example")
    assert page.get_by_text("waiting for its outcome to be released").is_visible()
    page.get_by_role("link", name=post.title).first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Release the outcome to France").click()
    page.wait_for_load_state()
    assert page.get_by_text("Outcome released to 1 mission").is_visible()

    _switch(page, live_server, "mission-fra@nomina.example")
    page.goto(f"{live_server.url}/portal/nominations/{claire.pk}/")
    assert page.get_by_text("Shortlisted", exact=True).first.is_visible()
    body = page.content()
    for secret in ("executive@nomina.example", "Strongest on leadership", "Teamwork"):
        assert secret not in body
    assert_no_csp_violation(console)
    assert_no_console_error(console)
