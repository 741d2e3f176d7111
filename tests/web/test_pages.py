"""Every page of the foundation, for each role: who may open it, who is refused, and that
what it sends keeps to the Content-Security-Policy (no inline script, no style attribute)."""

import re

import pytest
from django.urls import reverse

from tests import factories

PAGES = {
    "workbench:home": {"secretariat"},
    "audit:log": {"secretariat", "auditor"},
    "portal:home": {"mission"},
    "review:home": {"executive"},
}
ROLES = ["secretariat", "auditor", "executive", "mission"]

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
# json_script's data blocks: never executed, so the CSP lets them be.
DATA_BLOCK = re.compile(r'<script id="[\w-]+" type="application/json">.*?</script>', re.S)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def assert_keeps_to_the_csp(response):
    html = DATA_BLOCK.sub("", response.content.decode())
    assert INLINE_SCRIPT.findall(html) == []
    assert STYLE_ATTRIBUTE.findall(html) == []
    assert STYLE_ELEMENT.findall(html) == []


@pytest.fixture
def users(secretariat, auditor, executive, mission):
    return {
        "secretariat": secretariat,
        "auditor": auditor,
        "executive": executive,
        "mission": mission,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_each_page_opens_for_its_roles_only(client, users, name, role):
    client.force_login(users[role])

    response = client.get(reverse(name))

    if role in PAGES[name]:
        assert response.status_code == 200
        assert_keeps_to_the_csp(response)
    else:
        assert response.status_code == 403
        assert "You cannot open this page" in response.content.decode()
        assert_keeps_to_the_csp(response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in_with_next(client, name):
    url = reverse(name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={url}"


@pytest.mark.django_db
def test_the_sign_in_page_keeps_to_the_csp_and_sends_the_security_headers(client):
    response = client.get("/sign-in/")

    assert response.status_code == 200
    assert_keeps_to_the_csp(response)
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


@pytest.mark.django_db
def test_the_workbench_home_lists_each_call_with_its_posts(client, secretariat):
    call = factories.CallFactory(reference="EO/821/2023", title="Deputy Directors General")
    factories.PostFactory(call=call, title="DDG Operations", status="open")
    client.force_login(secretariat)

    html = client.get(reverse("workbench:home")).content.decode()

    assert "EO/821/2023" in html
    assert "Deputy Directors General" in html
    assert "DDG Operations" in html
    assert "govuk-tag--green" in html  # open
    assert 'aria-current="page"' in html  # "Calls" is the current navigation item


def _calls(count):
    for n in range(count):
        call = factories.CallFactory(reference=f"EO/{n}/2023")
        factories.PostFactory.create_batch(2, call=call)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_the_workbench_home_needs_as_many_queries_for_three_calls_as_for_one(
    client, secretariat, django_assert_num_queries, count
):
    _calls(count)
    client.force_login(secretariat)
    # session, user with its role, calls, their posts, the pending withdrawal requests,
    # approved shortlists awaiting release
    with django_assert_num_queries(6):
        response = client.get(reverse("workbench:home"))
    assert response.status_code == 200
    assert (
        response.content.decode().count("govuk-table__row") == 3 * count
    )  # a head row and two posts per call


@pytest.mark.django_db
def test_the_mission_home_says_which_state_and_counts_its_own_nominations(client, world, mission):
    client.force_login(mission)

    html = client.get(reverse("portal:home")).content.decode()

    assert "State FRA" in html or str(mission.member_state) in html
    assert "See all 2 nominations" in html  # France's two, not Kenya's


@pytest.mark.django_db
def test_the_audit_page_shows_the_latest_events(client, auditor, secretariat):
    from workflows import audit

    audit.record_alone("account.login_failed", actor=None, details={"username": "x@y.test"})
    client.force_login(auditor)

    html = client.get(reverse("audit:log")).content.decode()

    assert "<code>account.login_failed</code>" in html


@pytest.mark.django_db
def test_an_unknown_page_is_styled_and_an_unknown_api_path_answers_json(client, secretariat):
    client.force_login(secretariat)

    page = client.get("/no-such-page/")
    api = client.get("/api/v1/no-such-thing/")

    assert page.status_code == 404
    assert "Page not found" in page.content.decode()
    assert_keeps_to_the_csp(page)
    assert api.status_code == 404
    assert api.json()["code"] == "not_found"


@pytest.mark.django_db
def test_the_admin_login_and_the_api_docs_still_load(client, secretariat):
    assert client.get("/admin/login/").status_code == 200
    client.force_login(secretariat)
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert "swagger" in docs.content.decode().lower()
    assert_keeps_to_the_csp(docs)
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


def test_the_csp_check_lets_data_blocks_be_and_catches_inline_script():
    from django.http import HttpResponse

    data = '<script id="chart-data" type="application/json">{"a": 1}</script>'
    assert_keeps_to_the_csp(HttpResponse(data))
    with pytest.raises(AssertionError):
        assert_keeps_to_the_csp(HttpResponse(data + "<script>alert(1)</script>"))
    with pytest.raises(AssertionError):
        assert_keeps_to_the_csp(HttpResponse('<p style="color: red">'))
