"""Bad input answers a 4xx in the one error shape, never a 500 or an HTML page.

Each case goes through the test client, so through the real middleware, parsers
and database (run on PostgreSQL and on SQLite).
"""

import datetime

import pytest
from django.utils import timezone

from nominations.models import Nomination
from tests import factories


def _payload(post, **candidate):
    return {
        "post": post.pk,
        "member_state": "FRA",
        "candidate": {
            "full_name": "Claire Dubois",
            "email": "claire.dubois@example.fr",
            "nationality": "FRA",
            **candidate,
        },
        "note_verbale": {
            "reference": "NV/FRA/2026/17",
            "received_at": (timezone.now() - datetime.timedelta(hours=3)).isoformat(),
        },
    }


@pytest.fixture
def open_post(member_states):
    return factories.PostFactory(status="open")


def _refused(response, status=400, field=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) >= {"code", "message", "errors"}, body
    if field is not None:
        assert field in body["errors"], body
    assert Nomination.objects.count() == 0
    return body


def _post_json(client, body):
    return client.post("/api/v1/nominations/", body, content_type="application/json")


@pytest.mark.django_db
def test_a_nul_byte_in_the_nationality_is_a_field_error(api, open_post):
    response = api["secretariat"].post(
        "/api/v1/nominations/", _payload(open_post, nationality="FR\x00A"), format="json"
    )
    _refused(response, field="candidate.nationality")


@pytest.mark.django_db
def test_a_nul_byte_in_the_member_state_is_a_field_error(api, open_post):
    payload = _payload(open_post)
    payload["member_state"] = "\x00"
    response = api["secretariat"].post("/api/v1/nominations/", payload, format="json")
    _refused(response, field="member_state")


@pytest.mark.django_db
def test_a_nul_byte_in_the_languages_is_a_field_error(api, open_post):
    response = api["secretariat"].post(
        "/api/v1/nominations/", _payload(open_post, languages=["f\x00r"]), format="json"
    )
    _refused(response, field="candidate.languages.0")


@pytest.mark.django_db
def test_a_post_id_beyond_any_float_is_refused(api, open_post):
    body = _payload(open_post)
    raw = '{"post": 1e400, ' + _json_tail(body)
    _refused(_post_json(api["secretariat"], raw))


@pytest.mark.django_db
def test_a_fractional_post_id_is_refused(api, open_post):
    body = _payload(open_post)
    body["post"] = open_post.pk + 0.5
    refused = _refused(api["secretariat"].post("/api/v1/nominations/", body, format="json"))
    assert refused["errors"]["post"] == ["Give the post's id, a whole number."]


@pytest.mark.django_db
def test_a_whole_float_post_id_is_refused_too(api, open_post):
    body = _payload(open_post)
    raw = f'{{"post": {open_post.pk}.0, ' + _json_tail(body)
    _refused(_post_json(api["secretariat"], raw), field="post")


def _json_tail(body):
    import json

    rest = {key: value for key, value in body.items() if key != "post"}
    return json.dumps(rest)[1:]


@pytest.mark.django_db
def test_a_fractional_call_id_for_a_new_post_is_refused(api, world):
    body = {"call": world["call"].pk + 0.25, "title": "DDG Science", "duty_station": "Geneva"}
    response = api["secretariat"].post("/api/v1/posts/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["call"] == ["Give the call's id, a whole number."]


@pytest.mark.django_db
def test_a_deeply_nested_body_is_a_400_in_the_error_shape(api):
    depth = 100_000
    response = _post_json(api["secretariat"], "[" * depth + "]" * depth)
    body = _refused(response)
    assert body["code"] == "parse_error"


@pytest.mark.django_db
@pytest.mark.parametrize("offset", ["+16:00", "-23:59", "+99:00"])
@pytest.mark.parametrize("name", ["created_after", "created_before"])
def test_an_offset_beyond_a_day_in_the_audit_filter_is_a_field_error(api, name, offset):
    response = api["auditor"].get("/api/v1/audit-events/", {name: f"2023-11-14T10:30:00{offset}"})
    _refused(response, field=name)


@pytest.mark.django_db
@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+15:00", "9999-12-31T23:59:59-15:00"])
def test_a_moment_at_the_ends_of_the_calendar_in_the_audit_filter_is_a_field_error(api, moment):
    response = api["auditor"].get("/api/v1/audit-events/", {"created_after": moment})
    _refused(response, field="created_after")


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["3.402823466e+38", "1e400", "99999999999999999999999", "-1"])
def test_a_huge_or_odd_call_filter_is_answered_not_crashed(api, world, value):
    for path in ("/api/v1/nominations/", "/api/v1/posts/"):
        response = api["secretariat"].get(path, {"call": value})
        assert response.status_code == 400, (path, response.content)
        assert "call" in response.json()["errors"]


@pytest.mark.django_db
def test_a_huge_id_in_the_path_is_a_404(api, world):
    response = api["secretariat"].get("/api/v1/nominations/99999999999999999999999/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_a_naive_received_at_is_refused_asking_for_the_offset(api, open_post):
    body = _payload(open_post)
    body["note_verbale"]["received_at"] = "2023-11-14T10:30:00"
    refused = _refused(api["secretariat"].post("/api/v1/nominations/", body, format="json"))
    assert refused["errors"]["note_verbale.received_at"] == [
        "Give the time zone offset, e.g. 2023-11-14T10:30:00+01:00."
    ]


@pytest.mark.django_db
def test_a_date_of_birth_in_the_future_is_refused(api, open_post):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = api["secretariat"].post(
        "/api/v1/nominations/", _payload(open_post, date_of_birth=str(tomorrow)), format="json"
    )
    _refused(response, field="candidate.date_of_birth")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "limit"),
    [("postal_address", 1000), ("phone", 40), ("full_name", 200), ("email", 254)],
)
def test_an_overlong_free_text_field_is_refused(api, open_post, field, limit):
    value = "x" * (limit + 1) if field != "email" else "x" * limit + "@example.org"
    response = api["secretariat"].post(
        "/api/v1/nominations/", _payload(open_post, **{field: value}), format="json"
    )
    _refused(response, field=f"candidate.{field}")


@pytest.mark.django_db
def test_a_one_megabyte_address_is_refused(api, open_post):
    response = api["secretariat"].post(
        "/api/v1/nominations/", _payload(open_post, postal_address="x" * 1_000_000), format="json"
    )
    _refused(response, field="candidate.postal_address")


@pytest.mark.django_db
def test_an_overlong_note_reference_is_refused(api, open_post):
    body = _payload(open_post)
    body["note_verbale"]["reference"] = "x" * 81
    _refused(
        api["secretariat"].post("/api/v1/nominations/", body, format="json"),
        field="note_verbale.reference",
    )


@pytest.mark.django_db
def test_a_thirty_megabyte_body_is_a_json_413(api, open_post):
    body = _payload(open_post, postal_address="x" * 30_000_000)
    body = _refused(api["secretariat"].post("/api/v1/nominations/", body, format="json"), 413)
    assert body["code"] == "too_large"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nominations/abc/",
        "/api/v1/posts/1x/transitions/",
        "/api/v1/nominations/1x/history/",
        "/api/v1/calls/%00/",
        "/api/v1/member-states/FRAN/",
        "/api/v1/no-such-thing/",
    ],
)
def test_a_path_under_the_api_that_matches_nothing_is_a_json_404(api, world, path):
    missing = api["secretariat"].get("/api/v1/nominations/999999/")
    response = api["secretariat"].get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.content == missing.content


@pytest.mark.django_db
def test_an_anonymous_request_to_an_unmatched_api_path_is_a_401_like_any_other(api):
    missing = api["anonymous"].get("/api/v1/nominations/999999/")
    response = api["anonymous"].get("/api/v1/nominations/abc/")
    assert (response.status_code, response.content) == (missing.status_code, missing.content)
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_path_outside_the_api_keeps_the_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
