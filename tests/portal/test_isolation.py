"""A mission sees nothing of another member state, on every portal URL there is.

The URLs come from the portal's own urlpatterns: a URL added later is covered at once,
or this suite fails naming it. A URL with a parameter needs an entry in THEIRS (how to
name state B's objects with it); a URL without one is a page of A's own and is searched
for anything of B's and anything internal.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, reverse

from portal import urls as portal_urls
from tests.isolation_world import (
    B_FILE_CONTENT,
    B_NAMES,
    assert_holds_nothing_internal,
    assert_holds_nothing_of_b,
    build,
)

MISSING = 999_999


@pytest.fixture
def two_states(member_states, mission, other_mission):
    return build(member_states)


# For every portal URL with a parameter: the values that name state B's objects (or
# objects not addressed to A), each one of them a 404 exactly like MISSING's.
THEIRS = {
    "call_detail": lambda w: [{"pk": w["sponsored"].pk}],
    "post_detail": lambda w: [{"pk": w["b_post"].pk}],
    "nomination_detail": lambda w: [{"pk": n.pk} for n in w["b_nominations"]],
    "note_detail": lambda w: [{"pk": n.pk} for n in w["b_notes"]],
    "document_download": lambda w: [{"pk": d.pk} for d in w["b_documents"]],
    # Electronic submission: B's post, and a CV or a withdrawal for B's nominations.
    "nominate": lambda w: [{"pk": w["b_post"].pk}],
    "cv_upload": lambda w: [{"pk": n.pk} for n in w["b_nominations"]],
    "withdrawal_request": lambda w: [{"pk": n.pk} for n in w["b_nominations"]],
}
# Portal URLs without a parameter that are not pages to read (a form's POST-only target,
# say), each with why; every other one must answer the mission's GET with its page.
NOT_PAGES = {}
# Methods each URL is tried with: a form added to a detail URL is covered too.
METHODS = ["get", "head", "post", "options"]


def portal_patterns(patterns=None, prefix=""):
    """(name, parameter names) of every portal URL, included ones too."""
    found = []
    for entry in portal_urls.urlpatterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            found += portal_patterns(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern):
            found.append((entry.name, sorted(entry.pattern.converters)))
    return found


WITH_PARAMETERS = [(name, params) for name, params in portal_patterns() if params]
WITHOUT_PARAMETERS = [
    name for name, params in portal_patterns() if not params and name not in NOT_PAGES
]

# What differs on every response: the masked CSRF token and the CSP nonce.
FRESH = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"|\'nonce-[^\']+\'')


def comparable(response):
    """The answer without what differs on every response and the address asked for."""
    body = FRESH.sub("", response.content.decode(errors="replace"))
    body = body.replace(response.request["PATH_INFO"], "<url>")
    headers = {
        key: FRESH.sub("", value)
        for key, value in response.headers.items()
        if key not in {"Set-Cookie"}
    }
    return response.status_code, body, headers


def test_every_portal_url_with_a_parameter_says_how_to_name_another_states_object():
    unnamed = [name for name, _ in WITH_PARAMETERS if name not in THEIRS]
    assert not unnamed, (
        f"portal URLs {unnamed} take an id: add to THEIRS in {__file__} how to name state "
        "B's objects with them, so that the suite checks they answer 404 to state A"
    )
    assert not [name for name in THEIRS if name not in dict(WITH_PARAMETERS)], "stale entries"


@pytest.mark.django_db
@pytest.mark.parametrize("name", [name for name, _ in WITH_PARAMETERS])
@pytest.mark.parametrize("method", METHODS)
def test_another_states_object_answers_exactly_as_a_missing_one(
    client, mission, two_states, name, method
):
    if name not in THEIRS:
        pytest.fail(f"no entry in THEIRS for portal:{name}")
    client.force_login(mission)
    for kwargs in THEIRS[name](two_states):
        missing = {key: MISSING for key in kwargs}
        theirs = getattr(client, method)(reverse(f"portal:{name}", kwargs=kwargs))
        absent = getattr(client, method)(reverse(f"portal:{name}", kwargs=missing))

        if method in {"get", "head"}:
            assert theirs.status_code == 404, (name, kwargs)
        assert comparable(theirs) == comparable(absent), (name, method, kwargs)
        text = theirs.content.decode(errors="replace")
        assert_holds_nothing_of_b(text, f"{method.upper()} portal:{name} {kwargs}")
        assert not any(content in theirs.content for content in B_FILE_CONTENT)


@pytest.mark.django_db
def test_the_missions_own_objects_open_on_the_same_urls(client, mission, two_states):
    """The 404s above are not every answer being a 404: A's own open."""
    w = two_states
    own = {
        "call_detail": w["call"].pk,
        "post_detail": w["open_post"].pk,
        "nomination_detail": w["a_own"].pk,
        "note_detail": w["a_ack"].pk,
        "document_download": w["a_cv"].pk,
    }
    client.force_login(mission)
    for name, pk in own.items():
        assert client.get(reverse(f"portal:{name}", args=[pk])).status_code == 200, name


def own_pages(client, w):
    """Every portal page of A's: the lists (every URL without a parameter) and the
    details of its own objects, as (label, html)."""
    pages = [(name, client.get(reverse(f"portal:{name}"))) for name in WITHOUT_PARAMETERS]
    details = [
        ("call_detail", w["call"].pk),
        ("post_detail", w["open_post"].pk),
        ("post_detail", w["listed_post"].pk),
        *[("nomination_detail", n.pk) for n in w["a_nominations"]],
        ("note_detail", w["a_ack"].pk),
        ("note_detail", w["a_own"].note_verbale.pk),
    ]
    pages += [
        (f"{name} {pk}", client.get(reverse(f"portal:{name}", args=[pk]))) for name, pk in details
    ]
    for label, response in pages:
        assert response.status_code == 200, (
            f"portal:{label} answers {response.status_code}: if it is not a page to read, "
            f"add it to NOT_PAGES in {__file__} with why"
        )
    return [(label, response.content.decode()) for label, response in pages]


@pytest.mark.django_db
def test_no_page_of_the_mission_holds_anything_of_another_state(client, mission, two_states):
    client.force_login(mission)
    pages = own_pages(client, two_states)

    for label, html in pages:
        assert_holds_nothing_of_b(html, f"portal:{label}")
    everything = "".join(html for _, html in pages)
    assert "Claire Dubois" in everything  # the search looked at pages that show A's data
    assert B_NAMES["name_en"] not in everything


@pytest.mark.django_db
def test_from_the_page_cache_no_page_holds_anything_of_another_state(
    client, mission, other_mission, two_states, page_cache
):
    """Pages cached for state B's mission (visited first) are never served to A's."""
    from django.test import Client

    from workflows import audit

    audit.record("test.seeded", actor=None)  # the cache's version follows the audit log
    theirs = Client()
    theirs.force_login(other_mission)
    for name in WITHOUT_PARAMETERS:
        assert theirs.get(reverse(f"portal:{name}")).status_code == 200
    client.force_login(mission)

    for label, html in own_pages(client, two_states):
        assert_holds_nothing_of_b(html, f"portal:{label} (page cache on)")


@pytest.mark.django_db
def test_no_page_shows_a_reviewer_a_desk_officer_or_a_reason(client, mission, two_states):
    """Screening notes, the reviewers' and the Secretariat's names, and the reasons of
    the Secretariat's decisions (late rejection, withdrawal) stay inside: the portal's
    history lists the state changes only."""
    client.force_login(mission)
    for label, html in own_pages(client, two_states):
        assert_holds_nothing_internal(html, f"portal:{label}")


@pytest.mark.django_db
def test_the_history_folds_screening_into_under_review(client, mission, two_states):
    client.force_login(mission)
    url = reverse("portal:nomination_detail", args=[two_states["a_screened"].pk])
    html = client.get(url).content.decode()

    assert "Under review" in html
    assert "ineligible" not in html.lower()


@pytest.mark.django_db
def test_the_counts_are_of_the_missions_own_state(client, mission, two_states):
    own = len(two_states["a_nominations"])
    client.force_login(mission)

    home = client.get(reverse("portal:home")).content.decode()
    listed = client.get(reverse("portal:nomination_list"))

    assert f"See all {own} nominations" in home
    counted = re.findall(r'govuk-summary-list__value">(\d+)</dd>', home)
    assert sum(map(int, counted)) == own
    assert listed.context["paginator"].count == own
    assert f"{own} nominations, newest first" in listed.content.decode()


@pytest.mark.django_db
def test_a_post_page_counts_and_lists_the_missions_own_nominations_only(
    client, mission, two_states
):
    """The open post carries nominations of both states: A's page of it shows A's."""
    client.force_login(mission)
    response = client.get(reverse("portal:post_detail", args=[two_states["open_post"].pk]))

    shown = {n.pk for n in response.context["own_nominations"]}
    assert shown == {n.pk for n in two_states["a_nominations"] if n.post == two_states["open_post"]}


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["nomination_list", "note_list"])
def test_a_page_number_past_the_missions_own_is_a_404_like_any(client, mission, two_states, page):
    client.force_login(mission)
    assert client.get(reverse(f"portal:{page}"), {"page": 2}).status_code == 404
