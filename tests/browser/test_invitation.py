"""A focal point follows the invitation's link in a real browser, chooses a password, lands
on the portal and switches it to French."""

import re

from accounts import invitations
from notifications.models import OutgoingMessage
from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_error,
    assert_no_csp_violation,
    save_screenshot,
)


def test_an_invited_focal_point_sets_a_password_and_reads_the_portal_in_french(
    transactional_db, page, live_server, console, member_states, secretariat
):
    invitations.invite(
        email="claire.dubois@mission-fra.test",
        member_state=member_states["FRA"],
        first_name="Claire",
        actor=secretariat,
        base_url=live_server.url,
    )
    (link,) = re.findall(r"https?://\S+", OutgoingMessage.objects.get(kind="invitation").body)

    page.goto(link)
    assert page.get_by_role("heading", name="Choose your password").is_visible()
    assert_accessible(page)
    save_screenshot(page, "invitation-choose-password")
    page.get_by_label("New password", exact=True).fill("a fresh and long passphrase")
    page.get_by_label("The new password again", exact=True).fill("a fresh and long passphrase")
    page.get_by_role("button", name="Activate my account").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/portal/"
    assert page.get_by_text("claire.dubois@mission-fra.test").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    switcher = page.get_by_role("form", name="Language")
    assert switcher.locator("[aria-current=true]").inner_text() == "English"

    switcher.get_by_role("button", name="Français").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/portal/"
    assert page.locator("html").get_attribute("lang") == "fr"
    # The switcher is labelled in the page's language too.
    switcher = page.get_by_role("form", name="Langue")
    assert switcher.locator("[aria-current=true]").inner_text() == "Français"
    assert switcher.get_by_role("button", name="English").is_visible()
    page.reload()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_no_csp_violation(console)
    assert_no_console_error(console)
    assert_accessible(page)
    save_screenshot(page, "portal-after-invitation-fr")

    # Used once: the link says so, in the language the browser now keeps (its cookie).
    page.goto(link)
    assert page.get_by_role("heading", name="Ce lien n'est plus valable").is_visible()
