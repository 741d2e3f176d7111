"""The lists of nominations and notes verbales: who may open them, each filter, search and
sort, pagination, htmx swapping only the table, and a query count that does not grow."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests import factories
from tests.web.test_pages import assert_keeps_to_the_csp
from workbench.list_filters import NominationListFilter
from workbench.lists import nominations

LISTS = ["workbench:nomination_list", "workbench:note_list"]
EXPORTS = ["workbench:nomination_export", "workbench:note_export"]
ROLES = ["secretariat", "auditor", "executive", "mission"]
# A row's name, bare or as the link to its page.
ROW_NAME = re.compile(
    r'<th scope="row" class="govuk-table__header">(?:<a class="govuk-link" [^>]*>)?([^<]*)'
)


def names(response):
    return ROW_NAME.findall(response.content.decode())


def listed(client, params=None, name="workbench:nomination_list"):
    response = client.get(reverse(name), params or {})
    assert response.status_code == 200
    return names(response)


@pytest.fixture
def signed_in(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS + EXPORTS)
@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_opens_the_lists_and_their_exports(client, users, name, role):
    client.force_login(users[role])

    response = client.get(reverse(name))

    assert response.status_code == (200 if role == "secretariat" else 403)
    if name in LISTS:
        assert_keeps_to_the_csp(response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS + EXPORTS)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, name):
    url = reverse(name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={url}"


def test_the_nominations_list_shows_each_nomination_newest_logged_first(signed_in, listing):
    response = signed_in.get(reverse("workbench:nomination_list"))
    html = response.content.decode()

    assert names(response) == ["Brian Otieno", "José García", "Amina Wanjiru", "Claire Dubois"]
    assert "4 nominations" in html
    assert "Kenya" in html and "France" in html  # member states by their official names
    assert (
        '<time datetime="2023-05-09T12:00:00+02:00"><span class="nomina-nowrap">9 May 2023</span> <span class="nomina-nowrap">12:00</span></time>'
        in html
    )
    assert "govuk-tag--orange" in html  # late
    assert 'aria-current="page"' in html  # "Nominations" is the current navigation item
    assert_keeps_to_the_csp(response)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "dubois"}, ["Claire Dubois"]),
        ({"q": "Jose garcia"}, ["José García"]),  # accents and case do not matter
        ({"q": "KE-2023"}, ["Amina Wanjiru"]),  # the note's reference
        ({"q": "nobody"}, []),
        ({"status": "withdrawn"}, ["Brian Otieno"]),
        ({"member_state": "KEN"}, ["Brian Otieno", "Amina Wanjiru"]),
        ({"late": "yes"}, ["José García"]),
        ({"late": "no"}, ["Brian Otieno", "Amina Wanjiru", "Claire Dubois"]),
        ({"missing_cv": "yes"}, ["Amina Wanjiru"]),
        ({"missing_cv": "no"}, ["Brian Otieno", "José García", "Claire Dubois"]),
        ({"member_state": "KEN", "missing_cv": "no"}, ["Brian Otieno"]),
    ],
)
def test_each_filter_and_the_search_narrow_the_list(signed_in, listing, params, expected):
    assert listed(signed_in, params) == expected


def test_the_call_and_post_filters_narrow_the_list(signed_in, listing):
    call, post = listing["calls"]["other"], listing["posts"]["operations"]

    assert listed(signed_in, {"call": call.pk}) == ["Brian Otieno"]
    assert listed(signed_in, {"post": post.pk}) == ["José García", "Claire Dubois"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Brian Otieno", "José García", "Amina Wanjiru", "Claire Dubois"]),
        ("received", ["Amina Wanjiru", "Claire Dubois", "Brian Otieno", "José García"]),
        ("received_desc", ["José García", "Brian Otieno", "Claire Dubois", "Amina Wanjiru"]),
        ("candidate", ["Amina Wanjiru", "Brian Otieno", "Claire Dubois", "José García"]),
        ("member_state", ["Claire Dubois", "Amina Wanjiru", "Brian Otieno", "José García"]),
        ("post", ["Amina Wanjiru", "Claire Dubois", "José García", "Brian Otieno"]),
        ("status", ["Claire Dubois", "Amina Wanjiru", "José García", "Brian Otieno"]),
        # Not a key of the whitelist: the default order, never the raw value in order_by.
        ("candidate__email", ["Brian Otieno", "José García", "Amina Wanjiru", "Claire Dubois"]),
    ],
)
def test_each_sort_orders_the_list(signed_in, listing, sort, expected):
    assert listed(signed_in, {"sort": sort}) == expected


def test_the_sorted_column_says_so_to_assistive_technology(signed_in, listing):
    html = signed_in.get(reverse("workbench:nomination_list"), {"sort": "received_desc"})
    assert re.search(r'<th scope="col"[^>]*aria-sort="descending">Received<', html.text)


def test_a_missing_post_id_shows_an_error_and_no_rows(signed_in, listing):
    response = signed_in.get(reverse("workbench:nomination_list"), {"post": "999999"})
    html = response.content.decode()

    assert response.status_code == 200
    assert names(response) == []
    assert "govuk-error-summary" in html
    assert "Select a valid choice" in html
    assert "<title>Error: Nominations" in html


def _filter_errors(user, params):
    request = RequestFactory().get("/", params)
    request.user = user
    filterset = NominationListFilter(request.GET, queryset=nominations(), request=request)
    return filterset.is_valid(), filterset.errors, list(filterset.rows)


def test_an_out_of_scope_id_is_refused_exactly_as_a_missing_one(listing, executive):
    # The executive office does not see open posts: for it, the open post does not exist.
    hidden = listing["posts"]["officer"]

    out_of_scope = _filter_errors(executive, {"post": hidden.pk})
    missing = _filter_errors(executive, {"post": 999999})

    assert out_of_scope[0] is False
    assert out_of_scope == missing


def test_a_page_of_the_list_holds_fifty_and_the_next_the_rest(signed_in, db):
    post = factories.PostFactory()
    factories.NominationFactory.create_batch(53, post=post)

    first = signed_in.get(reverse("workbench:nomination_list"), {"member_state": "FRA"})
    second = signed_in.get(reverse("workbench:nomination_list"), {"member_state": "FRA", "page": 2})

    assert len(names(first)) == 50 and len(names(second)) == 3
    assert "?member_state=FRA&amp;page=2" in first.content.decode()  # keeps the filters
    assert set(names(first)).isdisjoint(names(second))


def test_htmx_swaps_only_the_table(signed_in, listing):
    response = signed_in.get(
        reverse("workbench:nomination_list"),
        {"member_state": "FRA"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    html = response.content.decode()

    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html and "<form" not in html
    assert names(response) == ["Claire Dubois"]
    assert "member_state=FRA&amp;format=csv" in html  # the downloads follow the filters


def test_htmx_with_a_bad_filter_swaps_the_main_column_with_its_errors(signed_in, listing):
    response = signed_in.get(
        reverse("workbench:nomination_list"),
        {"post": "nope"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )

    assert response["HX-Retarget"] == "main"
    assert response["HX-Reselect"] == "main"
    assert "govuk-error-summary" in response.content.decode()


def test_the_notes_list_shows_incoming_and_outgoing_notes(signed_in, listing):
    response = signed_in.get(reverse("workbench:note_list"))
    html = response.content.decode()

    assert names(response) == [
        "EO/821/2023/FR",
        "KE-2024-02",
        '=HYPERLINK("http://x")'.replace('"', "&quot;"),
        "KE-2023-77",
        "NV/FR/12",
    ]
    assert "5 notes verbales" in html
    assert_keeps_to_the_csp(response)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"direction": "outgoing"}, ["EO/821/2023/FR"]),
        ({"channel": "post"}, ["EO/821/2023/FR"]),
        ({"member_state": "KEN"}, ["KE-2024-02", "KE-2023-77"]),
        ({"q": "wanjiru"}, ["KE-2023-77"]),  # a candidate the note carries
        ({"q": "NV/FR"}, ["NV/FR/12"]),
        ({"sort": "reference"}, ["EO/821/2023/FR", "KE-2023-77", "KE-2024-02", "NV/FR/12"]),
        ({"sort": "received"}, ["KE-2023-77", "NV/FR/12", "KE-2024-02", "EO/821/2023/FR"]),
    ],
)
def test_each_notes_filter_narrows_the_list(signed_in, listing, params, expected):
    got = listed(signed_in, params, "workbench:note_list")
    # The note whose reference looks like a formula is left out of these comparisons.
    assert [name for name in got if not name.startswith("=")] == expected


def test_the_notes_call_filter_and_the_received_between_dates(signed_in, listing):
    other = listing["calls"]["other"]
    between = {
        "received_from_0": "2",
        "received_from_1": "5",
        "received_from_2": "2023",
        "received_to_0": "5",
        "received_to_1": "5",
        "received_to_2": "2023",
    }

    assert listed(signed_in, {"call": other.pk}, "workbench:note_list") == ["KE-2024-02"]
    assert listed(signed_in, between, "workbench:note_list") == ["KE-2024-02", "NV/FR/12"]


def test_a_half_typed_date_is_an_error_not_an_unfiltered_list(signed_in, listing):
    response = signed_in.get(
        reverse("workbench:note_list"), {"received_from_0": "2", "received_from_2": "2023"}
    )

    assert names(response) == []
    assert "Enter a real date" in response.content.decode()


def _nominations(count):
    states = [factories.MemberStateFactory(code=code) for code in ("FRA", "KEN", "MEX")]
    posts = factories.PostFactory.create_batch(3)
    for n in range(count):
        nomination = factories.NominationFactory(
            post=posts[n % 3], member_state=states[n % 3], note_verbale__call=posts[n % 3].call
        )
        if n % 2:
            factories.add_document(nomination)


# session, user with its role; the call, post and member state choices; count, page.
LIST_QUERIES = 7


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("count", [1, 200])
def test_the_lists_need_as_many_queries_for_200_nominations_as_for_one(
    signed_in, django_assert_num_queries, name, count
):
    _nominations(count)
    queries = LIST_QUERIES - (1 if name == "workbench:note_list" else 0)  # no post choice

    with django_assert_num_queries(queries):
        response = signed_in.get(reverse(name), {"sort": "candidate"})

    assert response.status_code == 200
    assert len(names(response)) == min(count, 50)


@pytest.mark.django_db
def test_each_nomination_row_links_to_its_page(client, secretariat, listing):
    client.force_login(secretariat)
    html = client.get(reverse("workbench:nomination_list")).content.decode()
    for nomination in listing["nominations"].values():
        assert reverse("workbench:nomination_detail", args=[nomination.pk]) in html


@pytest.mark.django_db
def test_a_person_nominated_by_two_states_is_flagged_and_filtered(signed_in, listing):
    """DESIGN §2: the same person nominated by two states is a case flagged to the
    Secretariat. Kenya nominates Claire Dubois, whom France nominated, for another post."""
    dubois = listing["nominations"]["dubois"].candidate
    factories.NominationFactory(
        post=listing["posts"]["management"],
        member_state=listing["states"]["KEN"],
        candidate__full_name=dubois.full_name,
        candidate__email=dubois.email,
        candidate__date_of_birth=dubois.date_of_birth,
    )
    html = signed_in.get(reverse("workbench:nomination_list")).content.decode()
    last_cell = {
        ROW_NAME.search(row).group(1): re.findall(r"<td [^>]*>([^<]*)</td>", row)[-1]
        for row in re.findall(r'<th scope="row".*?</tr>', html, re.S)
    }

    assert "Also by another state" in html
    assert (last_cell["Claire Dubois"], last_cell["Amina Wanjiru"]) == ("Yes", "No")
    assert listed(signed_in, {"other_states": "yes", "sort": "candidate"}) == [
        "Claire Dubois",
        "Claire Dubois",
    ]
    assert "Claire Dubois" not in listed(signed_in, {"other_states": "no"})
