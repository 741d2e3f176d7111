"""An id filter answers an out-of-scope id exactly as a missing one (issue 6, item 3)."""

import pytest

from tests import factories

MISSING = 999_999


@pytest.fixture
def hidden(world):
    """A draft post in a call of its own (hidden from all but the Secretariat), and the
    open post's call, which has nothing in shortlisting for the executive office."""
    draft_call = factories.CallFactory(reference="EO/999/2026")
    draft = factories.PostFactory(call=draft_call, status="draft")
    return {"draft": draft, "draft_call": draft_call}


def _same_as_missing(client, path, name, value):
    out_of_scope = client.get(path, {name: value})
    missing = client.get(path, {name: MISSING})
    assert out_of_scope.status_code == missing.status_code, (out_of_scope.content, path, name)
    assert out_of_scope.content == missing.content, (path, name)
    return missing


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/nominations/", "post"),
        ("/api/v1/nominations/", "call"),
        ("/api/v1/posts/", "call"),
    ],
)
def test_a_mission_cannot_tell_a_hidden_id_from_a_missing_one(api, world, hidden, path, name):
    value = hidden["draft"].pk if name == "post" else hidden["draft_call"].pk
    answer = _same_as_missing(api["mission"], path, name, value)
    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == [name]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/nominations/", "post"),
        ("/api/v1/nominations/", "call"),
        ("/api/v1/posts/", "call"),
    ],
)
def test_the_executive_office_cannot_tell_a_post_outside_shortlisting_from_a_missing_one(
    api, world, hidden, path, name
):
    # The open post's call also holds the shortlisting post, so use the draft's call.
    value = world["open_post"].pk if name == "post" else hidden["draft_call"].pk
    answer = _same_as_missing(api["executive"], path, name, value)
    assert answer.status_code == 400


@pytest.mark.django_db
def test_an_in_scope_id_still_filters(api, world, hidden):
    by_post = api["executive"].get("/api/v1/nominations/", {"post": world["listed_post"].pk})
    assert by_post.status_code == 200
    assert [n["id"] for n in by_post.json()["results"]] == [world["screened"].pk]
    by_call = api["mission"].get("/api/v1/posts/", {"call": world["call"].pk})
    assert by_call.status_code == 200
    assert {p["id"] for p in by_call.json()["results"]} == {
        world["open_post"].pk,
        world["listed_post"].pk,
    }


@pytest.mark.django_db
def test_the_secretariat_filters_by_a_draft_post(api, world, hidden):
    answer = api["secretariat"].get("/api/v1/posts/", {"call": hidden["draft_call"].pk})
    assert answer.status_code == 200
    assert [p["id"] for p in answer.json()["results"]] == [hidden["draft"].pk]
