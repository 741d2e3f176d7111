"""The API's nominations list from the page cache (workflows/data_version.py): the same
bytes as without it, each user's own scope, never stale after a change."""

import pytest
from django.test import Client

from tests import factories
from workflows import transitions

LIST = "/api/v1/nominations/"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["secretariat", "mission", "other_mission", "executive"])
@pytest.mark.parametrize(
    "query",
    ["", "?page_size=1", "?page_size=1&page=2", "?status=received", "?member_state=ken"],
)
def test_a_cached_list_is_the_same_bytes(api, world, settings, page_cache, role, query):
    settings.NOMINA_PAGE_CACHE_SECONDS = 0
    uncached = api[role].get(LIST + query)
    settings.NOMINA_PAGE_CACHE_SECONDS = 600

    first, second = api[role].get(LIST + query), api[role].get(LIST + query)

    # A page past the last is a 404, cached or not.
    assert uncached.status_code == first.status_code == second.status_code
    assert first.content == second.content == uncached.content
    for header in ("Content-Type", "Vary", "Allow", "Content-Length"):
        assert first.get(header) == second.get(header) == uncached.get(header)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "accept", ["application/json; indent=2", "text/html", "application/json", "*/*"]
)
def test_every_rendering_of_a_cached_list_is_drfs_own(api, world, settings, page_cache, accept):
    settings.NOMINA_PAGE_CACHE_SECONDS = 0
    uncached = api["secretariat"].get(LIST, HTTP_ACCEPT=accept)
    settings.NOMINA_PAGE_CACHE_SECONDS = 600

    first = api["secretariat"].get(LIST, HTTP_ACCEPT=accept)
    second = api["secretariat"].get(LIST, HTTP_ACCEPT=accept)

    assert uncached["Content-Type"] == first["Content-Type"] == second["Content-Type"]
    if accept != "text/html":  # the browsable API draws a CSRF token of its own each time
        assert first.content == second.content == uncached.content


@pytest.mark.django_db
def test_each_user_gets_the_list_of_its_own_scope(api, world, page_cache):
    """The Secretariat's list is cached first; a mission asking the same URL still gets
    its own state's only, and another state's mission its own."""
    everything = api["secretariat"].get(LIST).json()
    france = api["mission"].get(LIST).json()
    kenya = api["other_mission"].get(LIST).json()
    executive = api["executive"].get(LIST).json()

    assert everything["count"] == 3
    assert {n["member_state"] for n in france["results"]} == {"FRA"}
    assert [n["candidate"]["full_name"] for n in kenya["results"]] == ["Amina Wanjiru"]
    assert "amina@secret.ke" not in str(france) + str(executive)
    assert france["count"] == 2 and kenya["count"] == 1
    # The executive office: the complete nomination of the post in shortlisting only.
    assert [n["candidate"]["full_name"] for n in executive["results"]] == ["Louis Martin"]
    assert api["secretariat"].get(LIST).json() == everything


@pytest.mark.django_db
def test_a_mission_session_never_gets_the_secretariats_list(
    secretariat, mission, world, page_cache
):
    by_session = {}
    for user in (secretariat, mission):
        client = Client()
        client.force_login(user)
        by_session[user.role] = client.get(LIST).json()

    assert by_session["secretariat"]["count"] == 3
    assert by_session["mission"]["count"] == 2
    assert "Amina Wanjiru" not in str(by_session["mission"])


@pytest.mark.django_db
def test_a_transition_shows_in_the_list_at_once(api, world, secretariat, page_cache):
    def status_of_own():
        rows = api["mission"].get(LIST).json()["results"]
        return next(n["status"] for n in rows if n["id"] == world["own"].pk)

    assert status_of_own() == "received"

    transitions.take(world["own"], "withdraw", actor=secretariat, reason="Declined")

    assert status_of_own() == "withdrawn"


@pytest.mark.django_db
def test_a_cached_page_is_asked_for_with_its_own_links(api, world, page_cache):
    """The links to the next page are absolute: another host name is another page."""
    here = api["secretariat"].get(LIST + "?page_size=1").json()
    there = api["secretariat"].get(LIST + "?page_size=1", HTTP_HOST="localhost").json()

    assert here["next"].startswith("http://testserver/")
    assert there["next"].startswith("http://localhost/")


@pytest.mark.django_db
def test_a_refused_filter_is_not_cached(api, world, page_cache):
    other_post = factories.PostFactory()
    assert api["mission"].get(f"{LIST}?post=999999").status_code == 400
    assert api["mission"].get(f"{LIST}?post={other_post.pk}").json()["count"] == 0


@pytest.mark.django_db
def test_a_cached_list_costs_one_query(api, world, page_cache, django_assert_num_queries):
    api["mission"].get(LIST)

    # the token with its user, the user's role and the data's version
    with django_assert_num_queries(1):
        response = api["mission"].get(LIST)

    assert response.json()["count"] == 2
