import io
import os

import pytest
from django.db import connection

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


@pytest.fixture
def postgres(db):
    needs_postgres()


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
