"""The issue's own journey: a Secretariat user logs a note verbale carrying a nomination
with its CV, in Chromium, lands on the nomination's page, confirms it complete and sees
it on the call dashboard's roster."""

import datetime

from django.utils import timezone

from nominations.models import Nomination
from tests import factories
from tests.browser.conftest import (
    assert_accessible,
    assert_no_csp_violation,
    save_screenshot,
    sign_in,
)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_a_note_verbale_with_a_nomination_and_its_cv(
    page, live_server, console, transactional_db, tmp_path, pdf_bytes
):
    secretariat = factories.account("secretariat")
    france = factories.MemberStateFactory(code="FRA", name_en="France")
    today = timezone.localdate()
    call = factories.CallFactory(
        reference="EO/821/2023",
        issued_on=today - datetime.timedelta(days=30),
        deadline_date=today + datetime.timedelta(days=15),
    )
    post = factories.PostFactory(call=call, title="Deputy Director General, Operations")
    cv = tmp_path / "cv-claire-dubois.pdf"
    cv.write_bytes(pdf_bytes)
    arrived = timezone.localtime() - datetime.timedelta(hours=3)

    sign_in(page, live_server, secretariat)
    page.get_by_role("link", name="Log a note").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Log a note verbale"

    # htmx adds the second nomination's fieldset without a page load; left empty, it is skipped.
    page.get_by_role("button", name="Add another nomination").click()
    page.get_by_role("heading", name="Nomination 2").wait_for()
    assert page.locator("[name=nominations-TOTAL_FORMS]").input_value() == "2"
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    save_screenshot(page, "log-note-phone")
    page.set_viewport_size(DESKTOP)

    # Sent empty: the error summary, focused by GOV.UK's script, links to each field.
    page.get_by_role("button", name="Log the note").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "Choose the member state that sent the note." in summary.inner_text()
    summary.get_by_role("link", name="Nomination 1: Enter the candidate's full name.").click()
    assert page.evaluate("document.activeElement.name") == "nominations-0-full_name"
    assert_accessible(page)
    save_screenshot(page, "log-note-errors")

    page.get_by_label("Member state").select_option(label="France")
    page.get_by_label("The mission's reference").fill("NV/2023/114")
    for name, value in zip(
        ("dated_on", "received_on"), (arrived.date(), arrived.date()), strict=True
    ):
        page.locator(f"[name={name}_0]").fill(str(value.day))
        page.locator(f"[name={name}_1]").fill(str(value.month))
        page.locator(f"[name={name}_2]").fill(str(value.year))
    page.get_by_label("Time it arrived, in Geneva time").fill(arrived.strftime("%H:%M"))
    page.get_by_label("By hand").check()
    page.locator("[name=nominations-0-full_name]").fill("Claire Dubois")
    page.locator("[name=nominations-0-nationality]").select_option(label="France")
    page.locator("#nomination-1").get_by_label("Female").check()
    page.locator("[name=nominations-0-email]").fill("claire.dubois@example.fr")
    page.locator("#nomination-1").get_by_label("French").check()
    page.locator("#nomination-1").get_by_label(post.title, exact=False).check()
    page.locator("[name=nominations-0-cv]").set_input_files(str(cv))
    save_screenshot(page, "log-note-desktop")
    assert_no_csp_violation(console)

    page.get_by_role("button", name="Log the note").click()
    page.wait_for_load_state()

    nomination = Nomination.objects.get()
    assert page.url == f"{live_server.url}/workbench/nominations/{nomination.pk}/"
    assert "The note verbale is logged with 1 nomination." in page.content()
    assert page.get_by_role("heading", level=1).inner_text() == "Claire Dubois"
    assert nomination.documents.get().kind == "cv"
    assert nomination.candidate.nationality == france
    assert nomination.note_verbale.channel == "hand"
    assert_no_csp_violation(console)
    assert_accessible(page)
    save_screenshot(page, "nomination-desktop")
    page.set_viewport_size(PHONE)
    save_screenshot(page, "nomination-phone")
    page.set_viewport_size(DESKTOP)

    # Complete: a CV and contact details are there, so the button needs nothing more.
    page.get_by_role("button", name="Confirm complete").click()
    page.wait_for_load_state()
    assert "Done: confirm complete." in page.content()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.COMPLETE

    # The call dashboard: France has answered, and the complete nomination is counted.
    page.goto(f"{live_server.url}/workbench/calls/{call.pk}/")
    row = page.locator("#roster tr[data-state=FRA]")
    assert row.get_attribute("data-response") == "nominated"
    assert "Nominated" in row.inner_text()
    assert post.title in row.inner_text()
    assert_no_csp_violation(console)
    assert_accessible(page)
    save_screenshot(page, "dashboard-after-logging")
