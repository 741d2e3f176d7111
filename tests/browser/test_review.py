"""An executive office member in Chromium: screens a nomination eligible, declares no
conflict and rates the candidate, under the CSP and with nothing serious for axe on the
screening and assessment pages."""

from nominations.models import Nomination
from review.models import Assessment
from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_error,
    assert_no_csp_violation,
    save_screenshot,
    sign_in,
)
from tests.review.conftest import framework, member, nomination, post  # noqa: F401


def test_a_member_screens_a_nomination_eligible_and_rates_it(
    page,
    live_server,
    console,
    member,  # noqa: F811
    nomination,  # noqa: F811
    post,  # noqa: F811
):
    sign_in(page, live_server, member)
    assert page.get_by_role("heading", name="Executive office", level=1).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Deputy Director General for Operations").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name="Screen (0 of 3 criteria marked) of Amina Wanjiru").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Amina Wanjiru", level=1).is_visible()
    assert page.get_by_role("link", name="Download the CV (version 1").is_visible()
    assert_accessible(page)
    save_screenshot(page, "review-screening")

    for prefix, why in (
        ("degree", "MA in international law, Geneva, 2001."),
        ("experience", "Twenty years, 2004 to date."),
        ("language-en", "Working language for twenty years."),
    ):
        page.locator(f"#criterion-{prefix}").get_by_label("Met", exact=True).check()
        page.locator(f"#id_{prefix}-justification").fill(why)
        page.locator(f"#id_{prefix}-cv_reference").fill("Page 1")
    page.get_by_role("button", name="Save and decide").click()
    page.wait_for_load_state()
    assert page.get_by_text("Screened as eligible.").is_visible()
    assert Nomination.objects.get(pk=nomination.pk).status == "eligible"
    assert_accessible(page)

    page.get_by_role("link", name="Rate the candidate").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("No conflict of interest").check()
    page.get_by_role("button", name="Declare").click()
    page.wait_for_load_state()

    assert page.get_by_text(
        "Challenges self and team to deliver high quality results."
    ).is_visible()
    integrity = post.required_competencies.get(position=1)
    page.locator(f"#pc-{integrity.pk}-title").scroll_into_view_if_needed()
    page.get_by_role("group", name="Your rating: Integrity").get_by_label("4: ").check()
    page.get_by_label("Comment on Integrity").fill("Clear record of ethical leadership.")
    page.get_by_role("group", name="Your rating: Delivering results").get_by_label("3: ").check()
    assert_accessible(page)
    save_screenshot(page, "review-assessment")
    page.get_by_role("button", name="Submit my assessment").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your assessment is submitted.").is_visible()
    assessment = Assessment.objects.get(member=member)
    assert assessment.submitted_at is not None
    assert sorted(assessment.ratings.values_list("score", flat=True)) == [3, 4]
    assert_accessible(page)
    save_screenshot(page, "review-assessment-submitted")

    assert_no_csp_violation(console)
    assert_no_console_error(console)
