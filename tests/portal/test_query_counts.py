"""The portal's nominations page costs as many queries for a busy state as for a quiet
one (issue 10's target, measured under load by `make bench-portal`): at 10 and at 120
nominations of the mission's state among other states', with incomplete ones or none,
from the page cache and without it."""

import pytest
from django.urls import reverse

from nominations.models import Nomination
from tests import factories

# Without the page cache (the suite's default): the session, the user (with its role, its
# state's names for the layout and the data's version), the count and the page.
WITHOUT_CACHE = 4
# From the cache: the session and the user, as the bare signed-in view of bench/urls.py.
FROM_CACHE = 2


def _season(states, own, others):
    """``own`` nominations of France, every fifth incomplete, and ``others`` of Kenya and
    Mexico, over two posts."""
    posts = [factories.PostFactory(), factories.PostFactory()]
    for number in range(own):
        factories.NominationFactory(
            post=posts[number % 2],
            member_state=states["FRA"],
            status=Nomination.Status.INCOMPLETE if number % 5 == 4 else "received",
        )
    for number in range(others):
        factories.NominationFactory(
            post=posts[number % 2], member_state=states["KEN" if number % 2 else "MEX"]
        )


@pytest.mark.django_db
@pytest.mark.parametrize("own, others", [(4, 6), (120, 60)], ids=["10", "180"])
def test_the_same_queries_at_10_and_180_nominations(
    client, mission, member_states, django_assert_num_queries, own, others
):
    _season(member_states, own, others)
    client.force_login(mission)
    client.get(reverse("portal:home"))

    with django_assert_num_queries(WITHOUT_CACHE):
        response = client.get(reverse("portal:nomination_list"))

    assert response.status_code == 200
    assert len(response.context["nominations"]) == min(own, 25)


@pytest.mark.django_db
@pytest.mark.parametrize("own, others", [(4, 6), (120, 60)], ids=["10", "180"])
def test_from_the_page_cache_as_many_queries_as_a_bare_signed_in_view(
    client, mission, member_states, django_assert_num_queries, page_cache, own, others
):
    from workflows import audit

    _season(member_states, own, others)
    audit.record("test.seeded", actor=None)  # the cache's version follows the audit log
    client.force_login(mission)
    first = client.get(reverse("portal:nomination_list"))

    with django_assert_num_queries(FROM_CACHE):
        again = client.get(reverse("portal:nomination_list"))

    assert again.status_code == 200
    assert again.content.count(b"govuk-table__row") == first.content.count(b"govuk-table__row")


@pytest.mark.django_db
def test_a_change_shows_at_once_though_the_page_was_cached(
    client, mission, member_states, secretariat, page_cache
):
    from workflows import audit
    from workflows.transitions import take

    post = factories.PostFactory()
    nomination = factories.NominationFactory(post=post, member_state=member_states["FRA"])
    factories.add_document(nomination)  # a CV: what is missing is then the Secretariat's word
    audit.record("test.seeded", actor=None)
    client.force_login(mission)
    assert b"Incomplete" not in client.get(reverse("portal:nomination_list")).content

    take(nomination, "mark_incomplete", actor=secretariat, reason="The signed note, please.")

    page = client.get(reverse("portal:nomination_list")).content.decode()
    assert "Incomplete" in page
    assert "The signed note, please." in page


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 10_000])
def test_the_same_queries_on_the_benchmarks_data_at_10_and_10000(
    client, django_assert_num_queries, size
):
    """bench/portal.py's season (175 member states, France a busy one), as it measures."""
    from bench.portal import BUSY_SHARE
    from bench.seed import Season, Seeder

    season = Season(busy_share=BUSY_SHARE)
    Seeder(season).add(size)
    client.force_login(factories.account("mission", member_state=season.states[0]))
    client.get(reverse("portal:home"))

    with django_assert_num_queries(WITHOUT_CACHE):
        response = client.get(reverse("portal:nomination_list"))

    assert response.status_code == 200
    assert len(response.context["nominations"]) == min(
        Nomination.objects.filter(member_state=season.states[0]).count(), 25
    )
