import datetime
import io
import os

import pytest
from django.db import connection
from django.utils import timezone, translation

from tests import factories

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def needs_postgres():
    """Skip on SQLite, saying so; with REQUIRE_SERVICES=1 a missing PostgreSQL is a failure."""
    if connection.vendor == "postgresql":
        return
    message = "needs PostgreSQL (DATABASE_URL); this run is on " + connection.vendor
    if REQUIRE_SERVICES:
        pytest.fail(message + " but REQUIRE_SERVICES=1")
    pytest.skip(message)


@pytest.fixture(scope="session", autouse=True)
def anymail_test_backend(django_test_environment):
    """Django's test set-up replaces EMAIL_BACKEND with locmem; the suite sends through
    anymail's test backend (config/settings/test.py), which records the ESP's answer."""
    from django.conf import settings

    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"


@pytest.fixture(autouse=True)
def back_to_the_default_language():
    """A request through the test client leaves its language active in the thread (the
    LocaleMiddleware activates it and nothing deactivates it): any test whose requests read
    French or Spanish would leave the tests after it in that language."""
    yield
    translation.deactivate()


@pytest.fixture
def postgres(db):
    needs_postgres()


@pytest.fixture
def page_cache(settings):
    """The page cache on and empty. The suite runs without it (config/settings/test.py):
    its factories write without the audit events the cache's version follows."""
    from django.core.cache import caches

    settings.NOMINA_PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


@pytest.fixture
def member_states(db):
    return {code: factories.MemberStateFactory(code=code) for code in ("FRA", "KEN", "MEX")}


@pytest.fixture
def secretariat(db):
    return factories.account("secretariat")


@pytest.fixture
def executive(db):
    return factories.account("executive")


@pytest.fixture
def other_executive(db):
    return factories.account("executive")


@pytest.fixture
def auditor(db):
    return factories.account("auditor")


@pytest.fixture
def mission(member_states):
    return factories.account("mission", member_state=member_states["FRA"])


@pytest.fixture
def other_mission(member_states):
    return factories.account("mission", member_state=member_states["KEN"])


@pytest.fixture
def pdf_bytes():
    """A real one-page PDF, as a CV would be."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def world(member_states, mission, other_mission):
    """An open post with one nomination from France (own) and one from Kenya (other),
    and a post in shortlisting with a complete French nomination, each with a CV."""
    call = factories.CallFactory(reference="EO/821/2023")
    open_post = factories.PostFactory(call=call, title="DDG Operations", status="open")
    listed_post = factories.PostFactory(call=call, title="DDG Management", status="shortlisting")
    received = timezone.now() - datetime.timedelta(days=1)
    own = factories.NominationFactory(
        post=open_post,
        member_state=member_states["FRA"],
        candidate__full_name="Claire Dubois",
        note_verbale__received_at=received,
    )
    other = factories.NominationFactory(
        post=open_post,
        member_state=member_states["KEN"],
        candidate__full_name="Amina Wanjiru",
        candidate__email="amina@secret.ke",
        note_verbale__received_at=received,
    )
    screened = factories.NominationFactory(
        post=listed_post,
        member_state=member_states["FRA"],
        candidate__full_name="Louis Martin",
        status="complete",
    )
    documents = {
        "own": factories.add_document(own, content=b"%PDF-1.4 own cv"),
        "other": factories.add_document(other, content=b"%PDF-1.4 kenyan cv"),
        "screened": factories.add_document(screened, content=b"%PDF-1.4 screened cv"),
    }
    return {
        "call": call,
        "open_post": open_post,
        "listed_post": listed_post,
        "own": own,
        "other": other,
        "screened": screened,
        "documents": documents,
    }
