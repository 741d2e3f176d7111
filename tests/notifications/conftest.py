"""The ESP is outside the system: the fixtures that stand in for it (tests/notifications/
helpers.py), and an open post to nominate for."""

import pytest
import requests

from tests import factories
from tests.notifications.helpers import MAILGUN_BACKEND, MAILGUN_DOMAIN, MailgunAPI


@pytest.fixture
def mailgun(settings, monkeypatch):
    settings.EMAIL_BACKEND = MAILGUN_BACKEND
    settings.ANYMAIL = {
        **settings.ANYMAIL,
        "MAILGUN_API_KEY": "key-test-0000",
        "MAILGUN_SENDER_DOMAIN": MAILGUN_DOMAIN,
    }
    api = MailgunAPI()
    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", api.send)
    return api


@pytest.fixture
def open_post(member_states):
    return factories.PostFactory(status="open", deadline_date=factories.in_days(20))
