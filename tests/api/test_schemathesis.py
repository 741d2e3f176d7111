"""Property-based tests of the API against its own OpenAPI schema (schemathesis).

As the Secretariat and as a mission: no server error on any generated input, and
every documented response matches the schema. Derandomized, so that every run tries
the same examples and a landing never depends on luck; `make fuzz` runs a longer,
randomized search against a live server.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application

EXAMPLES = 30

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture
def keep_test_connection():
    """Requests go through the real WSGI handler, which closes the database connection
    at the end of each request; the test's transaction must outlive them (as Django's
    own test client arranges)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(world, secretariat, mission, keep_test_connection):
    return {
        role: Token.objects.get_or_create(user=user)[0].key
        for role, user in [("secretariat", secretariat), ("mission", mission)]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["secretariat", "mission"])
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_keeps_its_contract(case, role, tokens):
    case.call_and_validate(
        headers={"Authorization": f"Token {tokens[role]}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
