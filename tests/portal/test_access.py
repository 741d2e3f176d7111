"""Every portal page is the mission's; for it, another state's anything answers exactly
as a missing id does."""

import re

import pytest
from django.urls import reverse

from tests.web.test_pages import assert_keeps_to_the_csp

LISTS = [
    "portal:home",
    "portal:call_list",
    "portal:nomination_list",
    "portal:note_list",
    "portal:focal_points",
]


def detail_urls(w):
    return [
        reverse("portal:call_detail", args=[w["call"].pk]),
        reverse("portal:post_detail", args=[w["open_post"].pk]),
        reverse("portal:nomination_detail", args=[w["own"].pk]),
        reverse("portal:note_detail", args=[w["own_note"].pk]),
        reverse("portal:document_download", args=[w["own_pdf"].pk]),
    ]


@pytest.fixture
def urls(portal_world):
    return [reverse(name) for name in LISTS] + detail_urls(portal_world)


@pytest.mark.django_db
def test_every_page_opens_for_the_mission(client, mission, urls):
    client.force_login(mission)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if "download" not in url:
            assert_keeps_to_the_csp(response)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["secretariat", "auditor", "executive"])
def test_other_roles_are_refused(client, request, urls, role):
    client.force_login(request.getfixturevalue(role))
    for url in urls:
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(f"{reverse('web:sign-in')}?next=")


MISSING = 999_999
# What differs on every response: the masked CSRF token and the CSP nonce.
FRESH = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"|\'nonce-[^\']+\'')


def comparable(response):
    """The page and its headers without what differs on every response and the address
    asked for."""
    html = FRESH.sub("", response.content.decode())
    headers = {key: FRESH.sub("", value) for key, value in response.headers.items()}
    return html.replace(response.request["PATH_INFO"], "<url>"), headers


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, key",
    [
        ("portal:call_detail", "sponsored"),
        ("portal:post_detail", "kenyan_post"),
        ("portal:nomination_detail", "other"),
        ("portal:note_detail", "other_note"),
        ("portal:document_download", "other_pdf"),
        ("portal:document_download", "other_cv"),
    ],
)
def test_another_states_object_is_a_404_like_a_missing_one(
    client, mission, portal_world, name, key
):
    portal_world["other_cv"] = portal_world["documents"]["other"]
    client.force_login(mission)

    theirs = client.get(reverse(name, args=[portal_world[key].pk]))
    missing = client.get(reverse(name, args=[MISSING]))

    assert theirs.status_code == missing.status_code == 404
    assert comparable(theirs) == comparable(missing)


@pytest.mark.django_db
def test_a_draft_post_is_a_404(client, mission, portal_world):
    from tests import factories

    draft = factories.PostFactory(call=portal_world["call"], status="draft")
    client.force_login(mission)
    assert client.get(reverse("portal:post_detail", args=[draft.pk])).status_code == 404


@pytest.mark.django_db
def test_the_lists_hold_nothing_of_another_state(client, mission, portal_world):
    client.force_login(mission)
    pages = "".join(client.get(reverse(name)).content.decode() for name in LISTS)
    for url in detail_urls(portal_world)[:-1]:
        pages += client.get(url).content.decode()

    assert "Claire Dubois" in pages
    for theirs in ["Amina Wanjiru", "amina@secret.ke", "EO/002/2026", "Kenyan Only Post", "EO/999"]:
        assert theirs not in pages
    assert "State KEN" not in pages
