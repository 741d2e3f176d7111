"""Only the configured ESP's tracking webhook is mounted, and only with its secret."""

import base64
import importlib
import json
import re
from contextlib import contextmanager

import pytest
from anymail import urls as anymail_urls
from django.test import override_settings
from django.urls import clear_url_caches

import config.urls

SECRET = "nomina-hook:7a1f3c9e5b2d4f60"
POSTMARK = "anymail.backends.postmark.EmailBackend"
EVERY_ANYMAIL_URL = sorted(
    "/anymail/" + re.sub(r"\(.*?\)\?", "", str(pattern.pattern)).strip("^$")
    for pattern in anymail_urls.urlpatterns
)
DELIVERY = {
    "RecordType": "Delivery",
    "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
    "Recipient": "mission-fra@missions.test",
    "DeliveredAt": "2023-11-14T10:30:00Z",
    "Details": "Test delivery",
    "Tag": "",
    "ServerID": 23,
}


@contextmanager
def urls_for(**overrides):
    with override_settings(**overrides):
        clear_url_caches()
        importlib.reload(config.urls)
        try:
            yield
        finally:
            clear_url_caches()
            importlib.reload(config.urls)
    clear_url_caches()
    importlib.reload(config.urls)


def post(client, url, auth=None):
    headers = {}
    if auth:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(auth.encode()).decode()
    return client.post(url, json.dumps(DELIVERY), content_type="application/json", **headers)


def test_there_are_many_anymail_urls_to_check():
    assert len(EVERY_ANYMAIL_URL) >= 24


@pytest.mark.django_db
def test_no_anymail_url_exists_by_default(client):
    with urls_for():
        assert {url: post(client, url).status_code for url in EVERY_ANYMAIL_URL} == {
            url: 404 for url in EVERY_ANYMAIL_URL
        }


@pytest.mark.django_db
def test_no_anymail_url_exists_for_an_esp_without_its_secret(client):
    with urls_for(EMAIL_BACKEND=POSTMARK, ANYMAIL={"WEBHOOK_SECRET": ""}):
        assert post(client, "/anymail/postmark/tracking/").status_code == 404


@pytest.mark.django_db
def test_the_configured_esps_tracking_webhook_takes_only_its_secret(client):
    tracking = "/anymail/postmark/tracking/"
    with urls_for(EMAIL_BACKEND=POSTMARK, ANYMAIL={"WEBHOOK_SECRET": SECRET}):
        anonymous = post(client, tracking)
        assert anonymous.status_code == 401
        assert anonymous["WWW-Authenticate"].startswith("Basic ")
        assert post(client, tracking, auth="nomina-hook:wrong").status_code == 401
        assert post(client, tracking, auth=SECRET).status_code == 200
        others = [url for url in EVERY_ANYMAIL_URL if url != tracking]
        assert {url: post(client, url, auth=SECRET).status_code for url in others} == {
            url: 404 for url in others
        }
