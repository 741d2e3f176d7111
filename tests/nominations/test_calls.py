"""A call, once issued, takes no new post: the missions were sent its posts."""

import pytest
from django.core.exceptions import ValidationError

from nominations.models import Post
from tests import factories
from tests.api.conftest import client_for

REFUSAL = (
    "Call EO/821/2023 has already been issued, so no post can be added to it; "
    "put the new post in a new call."
)


def _new_post(call):
    return Post(
        call=call,
        title="Deputy Director General for Partnerships",
        duty_station="Geneva",
        background="b",
        duties=["d"],
    )


@pytest.fixture
def issued_call(db):
    call = factories.CallFactory(reference="EO/821/2023")
    factories.PostFactory(call=call, status="open")
    factories.PostFactory(call=call, status="draft")
    return call


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["open", "closed", "shortlisting", "cancelled"])
def test_a_post_cannot_join_a_call_one_of_whose_posts_has_left_draft(status):
    # Post.clean() is what the admin's forms (full_clean) and the API serializer apply.
    call = factories.CallFactory(reference="EO/821/2023")
    factories.PostFactory(call=call, status=status)
    with pytest.raises(ValidationError) as refused:
        _new_post(call).clean()
    assert refused.value.messages == [REFUSAL]


@pytest.mark.django_db
def test_a_draft_call_takes_posts_and_its_posts_stay_editable(issued_call):
    draft_call = factories.CallFactory()
    factories.PostFactory(call=draft_call, status="draft")
    _new_post(draft_call).clean()
    # A post already in the issued call may still be corrected.
    existing = issued_call.posts.get(status="open")
    existing.grade = "D-2"
    existing.clean()


@pytest.mark.django_db
def test_a_draft_post_cannot_move_into_an_issued_call(issued_call):
    elsewhere = factories.PostFactory(status="draft")
    elsewhere.call = issued_call
    with pytest.raises(ValidationError) as refused:
        elsewhere.clean()
    assert refused.value.messages == [REFUSAL]


@pytest.mark.django_db
def test_the_api_refuses_a_post_for_an_issued_call_saying_why(secretariat, issued_call):
    body = {"call": issued_call.pk, "title": "DDG Partnerships", "duty_station": "Geneva"}
    client = client_for(secretariat)
    response = client.post("/api/v1/posts/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"call": [REFUSAL]}
    assert issued_call.posts.count() == 2
    draft_call = factories.CallFactory()
    body["call"] = draft_call.pk
    assert client.post("/api/v1/posts/", body, format="json").status_code == 201
