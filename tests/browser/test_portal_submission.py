"""A mission's focal point submits a nomination with its CV on an open post in Chromium,
sees it received, and, once the send task has run, the acknowledgement listed with its
PDF downloadable. The demo's posts are closed: the open post is made here."""

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext

from nominations.models import Nomination
from notifications import tasks
from notifications.models import OutgoingMessage
from tests import factories
from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_error,
    assert_no_csp_violation,
    save_screenshot,
    sign_in,
)


def test_a_mission_submits_a_nomination_with_a_cv(
    page, live_server, console, transactional_db, tmp_path, pdf_bytes
):
    france = factories.MemberStateFactory(code="FRA", name_en="France")
    mission = factories.account("mission", member_state=france)
    today = timezone.localdate()
    call = factories.CallFactory(
        reference="EO/300/2026",
        issued_on=today - datetime.timedelta(days=5),
        deadline_date=today + datetime.timedelta(days=25),
    )
    post = factories.PostFactory(call=call, title="Director of Operations")
    note_file, cv_file = tmp_path / "nv-2026-41.pdf", tmp_path / "cv-claire-dubois.pdf"
    note_file.write_bytes(pdf_bytes)
    cv_file.write_bytes(pdf_bytes)

    sign_in(page, live_server, mission)
    page.get_by_role("link", name="Nominate a candidate for Director of Operations").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Nominate a candidate for Director of Operations"
    )
    assert_accessible(page)

    # Sent empty: the error summary says what is needed.
    page.get_by_role("button", name="Send the nomination").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "Enter the reference of your note verbale." in summary.inner_text()
    assert "Enter the candidate's full name." in summary.inner_text()
    assert_accessible(page)
    save_screenshot(page, "portal-submit-errors")
    # The refused form answers 400, which Chromium logs as a failed resource: expected.
    assert all("status of 400" in m for m in console if m.startswith("error:"))
    console.clear()

    page.get_by_label("Your note verbale's reference").fill("NV/2026/41")
    page.locator("[name=dated_on_0]").fill(str(today.day))
    page.locator("[name=dated_on_1]").fill(str(today.month))
    page.locator("[name=dated_on_2]").fill(str(today.year))
    page.get_by_label("The signed note verbale (PDF)").set_input_files(str(note_file))
    page.get_by_label("Full name").fill("Claire Dubois")
    page.get_by_label("Nationality").select_option(label="France")
    page.get_by_label("Female").check()
    page.get_by_label("The candidate's e-mail address (optional)").fill("claire@example.fr")
    page.get_by_label("Telephone (optional)").fill("+33 1 00 00 00 00")
    page.get_by_label("French").check()
    page.get_by_label("The candidate's CV (optional)").set_input_files(str(cv_file))
    save_screenshot(page, "portal-submit")
    page.get_by_role("button", name="Send the nomination").click()
    page.wait_for_load_state()

    nomination = Nomination.objects.get()
    assert nomination.post == post and nomination.note_verbale.channel == "portal"
    assert page.get_by_text("Your nomination was received").is_visible()
    assert page.get_by_role("heading", name="Claire Dubois", level=1).is_visible()
    assert page.locator(".govuk-summary-list").get_by_text("Received").first.is_visible()
    assert page.get_by_text("What is missing").count() == 0
    assert page.get_by_text("its PDF is being prepared").is_visible()
    assert_accessible(page)
    save_screenshot(page, "portal-submitted")

    # What a worker does with the queued acknowledgement: send it, rendering its PDF.
    message = OutgoingMessage.objects.get(kind="acknowledgement")
    tasks.send_message.apply(args=[message.pk])
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the acknowledgement (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.get_by_role("navigation").get_by_role("link", name="Notes verbales").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Acknowledgement of receipt").click()
    page.wait_for_load_state()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the note verbale (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.locator("h1").click()
    assert_accessible(page)
    save_screenshot(page, "portal-acknowledgement")
    assert_no_csp_violation(console)
    assert_no_console_error(console)


def fr(message, **values):
    """``message`` as the French catalogue gives it: the test follows the catalogue's words."""
    with translation.override("fr"):
        return gettext(message) % values if values else gettext(message)


def test_a_french_mission_switches_to_french_submits_and_downloads_the_acknowledgement(
    page, live_server, console, transactional_db, tmp_path, pdf_bytes
):
    france = factories.MemberStateFactory(code="FRA", name_en="France", name_fr="France")
    mission = factories.account("mission", member_state=france)
    today = timezone.localdate()
    call = factories.CallFactory(
        reference="EO/301/2026",
        issued_on=today - datetime.timedelta(days=5),
        deadline_date=today + datetime.timedelta(days=25),
    )
    factories.PostFactory(call=call, title="Director of Operations")
    note_file, cv_file = tmp_path / "nv-2026-42.pdf", tmp_path / "cv-claire-dubois.pdf"
    note_file.write_bytes(pdf_bytes)
    cv_file.write_bytes(pdf_bytes)

    sign_in(page, live_server, mission)
    page.get_by_role("button", name="Français").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    mission.refresh_from_db()
    assert mission.language == "fr"  # kept on the account, for every browser

    title = fr("Nominate a candidate for %(title)s", title="Director of Operations")
    page.get_by_role("link", name=title).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == title
    page.get_by_label(fr("Your note verbale's reference")).fill("NV/2026/42")
    page.locator("[name=dated_on_0]").fill(str(today.day))
    page.locator("[name=dated_on_1]").fill(str(today.month))
    page.locator("[name=dated_on_2]").fill(str(today.year))
    page.get_by_label(fr("The signed note verbale (PDF)")).set_input_files(str(note_file))
    page.get_by_label(fr("Full name")).fill("Claire Dubois")
    page.get_by_label(fr("Nationality")).select_option(label="France")
    page.get_by_label(fr("Female"), exact=True).check()
    page.get_by_label(fr("The candidate's CV (optional)")).set_input_files(str(cv_file))
    save_screenshot(page, "portal-submit-fr")
    page.get_by_role("button", name=fr("Send the nomination")).click()
    page.wait_for_load_state()

    nomination = Nomination.objects.get()
    assert nomination.note_verbale.channel == "portal"
    assert page.get_by_role("heading", name="Claire Dubois", level=1).is_visible()
    assert page.get_by_text(fr("its PDF is being prepared")).is_visible()
    assert_accessible(page)

    message = OutgoingMessage.objects.get(kind="acknowledgement")
    tasks.send_message.apply(args=[message.pk])
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name=fr("Download the acknowledgement (PDF)")).click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert_accessible(page)
    save_screenshot(page, "portal-acknowledged-fr")
    assert_no_csp_violation(console)
    assert_no_console_error(console)
