"""Every portal page in English, French and Spanish, in Chromium on the demo data: no
serious or critical axe-core violation, `<html lang>` the language asked for, and a
screenshot at desktop and phone width of each (var/test-artifacts/portal-a11y-*.png).

The language is asked for as each of Django's ways reads it: the `django_language`
cookie (the language switcher's), the browser's Accept-Language, and the account's own
language; the pages may still read in English until the catalogues are complete.
"""

import pytest

from tests.browser.conftest import (
    assert_accessible,
    assert_no_console_error,
    assert_no_csp_violation,
    save_screenshot,
    sign_in_as,
)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LANGUAGES = {"en": "en-GB,en", "fr": "fr-FR,fr", "es": "es-ES,es"}
MISSION = "mission-fra@nomina.example"


def portal_pages():
    """(name, path) of every portal page of France's mission on the demo data."""
    from nominations.models import Call, Nomination, NoteVerbale

    call = Call.objects.get(reference="EO/821/2023")
    post = call.posts.order_by("id").first()
    nomination = Nomination.objects.filter(member_state__code="FRA").order_by("id").first()
    note = NoteVerbale.objects.filter(member_state__code="FRA").order_by("id").first()
    return [
        ("home", "/portal/"),
        ("calls", "/portal/calls/"),
        ("call", f"/portal/calls/{call.pk}/"),
        ("post", f"/portal/posts/{post.pk}/"),
        ("nominations", "/portal/nominations/"),
        ("nomination", f"/portal/nominations/{nomination.pk}/"),
        ("notes", "/portal/notes/"),
        ("note", f"/portal/notes/{note.pk}/"),
        ("focal-points", "/portal/focal-points/"),
    ]


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_portal_page_is_accessible_in_each_language(
    page, live_server, console, demo_data, language
):
    from accounts.models import User

    sign_in_as(page, live_server, MISSION)
    User.objects.filter(email=MISSION).update(language=language)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.set_extra_http_headers({"Accept-Language": LANGUAGES[language]})

    for name, path in portal_pages():
        for width, viewport in [("desktop", DESKTOP), ("phone", PHONE)]:
            page.set_viewport_size(viewport)
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            assert page.locator("html").get_attribute("lang") == language, path
            assert_accessible(page)
            save_screenshot(page, f"portal-a11y-{name}-{language}-{width}")

    assert_no_csp_violation(console)
    assert_no_console_error(console)
