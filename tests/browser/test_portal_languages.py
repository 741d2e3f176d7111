"""The French mission's portal home in Chromium in each language the browser may ask for:
the page in that language, the state named as the reference data names it there, nothing
serious for axe. Its screenshots are the README's (`make docs-portal`)."""

import pytest

from tests.browser.conftest import (
    DEMO_PASSWORD,
    assert_accessible,
    assert_no_csp_violation,
    save_screenshot,
)

# What Chromium's Accept-Language asks for, what the page answers and calls France, and the
# sign-in button and a heading in that language.
LANGUAGES = {
    "en": ("en-GB", "France", "Sign in", "Posts open for nominations"),
    "fr": ("fr-FR", "France", "Se connecter", "Postes ouverts aux candidatures"),
    "es": ("es-ES", "Francia", "Iniciar sesión", "Puestos abiertos a candidaturas"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_portal_home_is_in_the_browsers_language(browser, live_server, demo_data, language):
    locale, state, button, heading = LANGUAGES[language]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    try:
        page.goto(f"{live_server.url}/sign-in/")
        assert page.locator("html").get_attribute("lang") == language
        page.locator("#id_username").fill("mission-fra@nomina.example")
        page.locator("#id_password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()

        assert page.locator("html").get_attribute("lang") == language
        assert page.get_by_role("heading", name=state, level=1).is_visible()
        assert page.get_by_role("heading", name=heading).is_visible()
        assert_accessible(page)
        save_screenshot(page, f"portal-{language}", full_page=False)
        assert_no_csp_violation(console)
    finally:
        context.close()
