"""DRF throttles: per account, per anonymous address, and wrong tokens per address."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

URL = "/api/v1/member-states/"


@pytest.fixture
def rates(monkeypatch):
    """Set throttle rates for one test (DRF binds the rates dict at import), on a clean cache."""
    cache.clear()
    yield lambda **scopes: [
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, rate)
        for scope, rate in scopes.items()
    ]
    cache.clear()


def get(client, token=None, address="203.0.113.7", url=URL):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    return client.get(url, REMOTE_ADDR=address, **headers)


@pytest.mark.django_db
def test_wrong_tokens_from_one_address_are_throttled_and_then_the_right_one_too(
    client, rates, auditor
):
    rates(token_failure="3/hour")
    right = Token.objects.create(user=auditor).key

    assert [get(client, f"wrong{n}").status_code for n in range(3)] == [401] * 3
    throttled = get(client, "wrong-again")
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert int(throttled["Retry-After"]) > 0
    assert get(client, right).status_code == 429
    assert get(client, right, address="198.51.100.9").status_code == 200


@pytest.mark.django_db
def test_an_account_is_throttled_at_its_rate(client, rates, auditor):
    rates(user="5/minute")
    token = Token.objects.create(user=auditor).key
    answers = [get(client, token).status_code for _ in range(7)]
    assert answers == [200] * 5 + [429] * 2


@pytest.mark.django_db
def test_anonymous_requests_are_throttled_per_address(client, rates):
    # The API's documentation is the part open to anonymous clients.
    rates(anon="3/minute")
    answers = [get(client, url="/api/v1/docs/").status_code for _ in range(4)]
    assert answers == [200] * 3 + [429]
    assert get(client, address="198.51.100.9", url="/api/v1/docs/").status_code == 200
