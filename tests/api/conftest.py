import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

ROLES = ["secretariat", "mission", "executive", "auditor"]


def client_for(user):
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api(secretariat, mission, other_mission, executive, auditor):
    """One API client per role, signed in with its token; `anonymous` has none."""
    return {
        "secretariat": client_for(secretariat),
        "mission": client_for(mission),
        "other_mission": client_for(other_mission),
        "executive": client_for(executive),
        "auditor": client_for(auditor),
        "anonymous": APIClient(),
    }
