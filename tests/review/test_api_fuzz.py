"""The executive office's endpoints fuzzed as an executive member (schemathesis): no
server error on any generated input, and every documented response matches the schema.
The whole API is fuzzed as the Secretariat and a mission in tests/api/test_schemathesis.py,
where these endpoints answer 403."""

import pytest
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api.test_schemathesis import keep_test_connection, schema  # noqa: F401

from .helpers import eligible

review_schema = schema.include(path_regex=r"/nominations/\{id\}/(screening|conflict|assessment)")


@pytest.fixture
def token(nomination, member, keep_test_connection):  # noqa: F811
    eligible(nomination, member)
    return Token.objects.get_or_create(user=member)[0].key


@pytest.mark.django_db
@review_schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_review_endpoints_keep_their_contract(case, token, nomination):
    case.path_parameters = {"id": nomination.pk}
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
