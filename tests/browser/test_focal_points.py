"""The Secretariat invites a focal point from the workbench in a real browser and sees it
listed as invited, with what can be done next."""

from accounts.models import User
from tests.browser.conftest import (
    assert_accessible,
    assert_no_csp_violation,
    save_screenshot,
    sign_in,
)


def test_the_secretariat_invites_a_focal_point(
    transactional_db, page, live_server, console, member_states, secretariat
):
    sign_in(page, live_server, secretariat)
    page.get_by_role("link", name="Focal points").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="The missions' focal points").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Invite a focal point").click()
    page.wait_for_load_state()
    page.get_by_label("E-mail address").fill("focal@mission-ken.test")
    page.get_by_label("Member state").select_option(label="State KEN")
    page.get_by_label("Last name (optional)").fill("Wanjiru")
    assert_accessible(page)
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/workbench/focal-points/?member_state=KEN"
    assert page.get_by_text("An invitation is on its way to focal@mission-ken.test").is_visible()
    row = page.get_by_role("row", name="Wanjiru")
    assert row.get_by_text("Invited", exact=True).is_visible()
    assert row.get_by_role("link", name="Send a new invitation").is_visible()
    assert User.objects.get(email="focal@mission-ken.test").member_state == member_states["KEN"]
    assert_no_csp_violation(console)
    assert_accessible(page)
    save_screenshot(page, "workbench-focal-points")
