"""A mission sees only the calls addressed to its state, through the API as in the portal."""

import pytest

from nominations.models import Call
from tests import factories


@pytest.fixture
def sponsored_post(member_states):
    """An open post of a call addressed to Kenya only."""
    post = factories.PostFactory(status="open")
    post.call.addressees = Call.Addressees.CHOSEN
    post.call.save()
    post.call.addressed_states.set([member_states["KEN"]])
    return post


@pytest.mark.django_db
def test_a_call_not_addressed_to_the_state_answers_like_a_missing_one(api, sponsored_post):
    french = api["mission"]
    missing = french.get("/api/v1/posts/999999/")
    refused = french.get(f"/api/v1/posts/{sponsored_post.pk}/")
    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content
    listed = french.get("/api/v1/posts/").json()["results"]
    assert sponsored_post.pk not in [row["id"] for row in listed]
    assert french.get(f"/api/v1/calls/{sponsored_post.call_id}/").status_code == 404


@pytest.mark.django_db
def test_the_addressed_state_sees_it_and_the_secretariat_too(api, sponsored_post):
    for role in ("other_mission", "secretariat"):
        assert api[role].get(f"/api/v1/posts/{sponsored_post.pk}/").status_code == 200
        assert api[role].get(f"/api/v1/calls/{sponsored_post.call_id}/").status_code == 200
