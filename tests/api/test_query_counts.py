import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories


def _count_queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["secretariat", "mission"])
def test_the_nominations_list_costs_the_same_for_1_and_50(api, member_states, role):
    post = factories.PostFactory()
    factories.NominationFactory(post=post, member_state=member_states["FRA"])
    one, body = _count_queries(api[role], "/api/v1/nominations/")
    assert body["count"] == 1
    factories.NominationFactory.create_batch(49, post=post, member_state=member_states["FRA"])
    fifty, body = _count_queries(api[role], "/api/v1/nominations/")
    assert body["count"] == 50
    assert fifty == one


def _spread(count, member_states, posts):
    """``count`` nominations over the states and posts, every second one with a CV."""
    states = list(member_states.values())
    for number in range(count):
        nomination = factories.NominationFactory(
            post=posts[number % len(posts)], member_state=states[number % len(states)]
        )
        if number % 2 == 0:
            factories.add_document(nomination)


# What one page of the list costs, whatever the number of nominations: the token with its
# user and the user's role in one query, the count, the page.
LIST_QUERIES = 3


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["secretariat", "mission"])
def test_the_nominations_list_costs_the_same_at_10_and_200(
    api, member_states, role, django_assert_num_queries
):
    posts = [factories.PostFactory(), factories.PostFactory(status="closed")]
    _spread(10, member_states, posts)
    with django_assert_num_queries(LIST_QUERIES):
        small = api[role].get("/api/v1/nominations/?page_size=200")
    _spread(190, member_states, posts)
    with django_assert_num_queries(LIST_QUERIES):
        large = api[role].get("/api/v1/nominations/?page_size=200")
    expected = {"secretariat": (10, 200), "mission": (4, 68)}[role]
    assert (small.json()["count"], large.json()["count"]) == expected
    assert len(large.json()["results"]) == expected[1]


@pytest.mark.django_db
def test_the_nominations_list_query_count_is_pinned(api, member_states, django_assert_num_queries):
    factories.NominationFactory.create_batch(3, member_state=member_states["FRA"])
    with django_assert_num_queries(LIST_QUERIES):
        api["secretariat"].get("/api/v1/nominations/")


@pytest.mark.django_db
def test_a_signed_in_session_reads_its_role_with_its_user(
    client, mission, member_states, django_assert_num_queries
):
    factories.NominationFactory.create_batch(3, member_state=member_states["FRA"])
    client.force_login(mission)
    # session + user with its role + count + page
    with django_assert_num_queries(4):
        response = client.get("/api/v1/nominations/")
    assert response.json()["count"] == 3


@pytest.mark.django_db
def test_posts_and_calls_lists_do_not_grow_with_rows(api, member_states):
    call = factories.CallFactory()
    factories.PostFactory(call=call)
    posts_one, _ = _count_queries(api["secretariat"], "/api/v1/posts/")
    calls_one, _ = _count_queries(api["secretariat"], "/api/v1/calls/")
    for _ in range(10):
        factories.PostFactory(call=factories.CallFactory())
    posts_many, _ = _count_queries(api["secretariat"], "/api/v1/posts/")
    calls_many, _ = _count_queries(api["secretariat"], "/api/v1/calls/")
    assert (posts_many, calls_many) == (posts_one, calls_one)


@pytest.mark.django_db
def test_the_audit_log_list_is_pinned(api, world, secretariat, django_assert_num_queries):
    from workflows import transitions

    transitions.take(world["own"], "withdraw", actor=secretariat, reason="declined")
    transitions.take(world["other"], "withdraw", actor=secretariat, reason="declined")
    # token with user and role + count + page
    with django_assert_num_queries(3):
        api["auditor"].get("/api/v1/audit-events/")
