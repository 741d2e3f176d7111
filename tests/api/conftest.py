import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories

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
