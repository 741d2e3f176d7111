"""Browser tests: pytest-playwright driving Debian's Chromium against pytest-django's
live server, offline.

Never `playwright install` (it downloads browsers): the project's set-up installs Debian's
`chromium`, and without it these tests skip, saying so (a failure under REQUIRE_SERVICES=1).

    @pytest.mark.browser
    def test_something(page, live_server, console, secretariat):
        sign_in(page, live_server, secretariat)
        ...
        assert_no_csp_violation(console)
        assert_accessible(page)
        save_screenshot(page, "something")
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import PASSWORD

# pytest-django's live server and Playwright's event loop share the thread: without this
# the ORM raises SynchronousOnlyOperation (playwright-pytest #29, #46).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("NOMINA_CHROMIUM", "/usr/bin/chromium"))
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test-artifacts"

# Keep Chromium off the network: no updates, no sync, no QUIC, no first-run calls home.
OFFLINE_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def needs_chromium():
    if CHROMIUM.exists():
        return
    message = f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
    if REQUIRE_SERVICES:
        pytest.fail(message + " but REQUIRE_SERVICES=1")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Every browser fixture starts here, before the browser is launched.
    needs_chromium()
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *OFFLINE_FLAGS],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}


@pytest.fixture
def console(page):
    """Every console message and page error of the test, as text."""
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    return messages


CSP_VIOLATION = re.compile(r"Content Security Policy|Content-Security-Policy", re.IGNORECASE)


def assert_no_csp_violation(console):
    violations = [message for message in console if CSP_VIOLATION.search(message)]
    assert violations == []


def assert_no_console_error(console):
    errors = [m for m in console if m.startswith(("error:", "pageerror:"))]
    assert errors == []


def assert_accessible(page, impacts=("serious", "critical")):
    """Runs axe-core (shipped in axe-playwright-python's wheel) on the page as it stands;
    fails naming each serious or critical violation and the elements it found."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(node["target"][0] for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v.get("impact") in impacts
    ]
    assert violations == []


def save_screenshot(page, name, full_page=True):
    """Saves var/test-artifacts/<name>.png (gitignored; CI keeps the folder)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def sign_in(page, live_server, user, password=PASSWORD):
    sign_in_as(page, live_server, user.email, password)


# The demo data (nominations.demo.seed): call EO/821/2023 and one account per role.
DEMO_PASSWORD = "browser-test-password"


@pytest.fixture
def demo_data(transactional_db):
    from nominations import demo

    return demo.seed(DEMO_PASSWORD)


def sign_in_as(page, live_server, email, password=DEMO_PASSWORD):
    """Through the sign-in page, as a person would; lands on the account's home."""
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
