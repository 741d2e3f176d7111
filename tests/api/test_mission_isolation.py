"""A mission's token reaches nothing of another member state, on every API endpoint.

The endpoints come from the API's own URL patterns (api/urls.py and its router): one
added later is covered at once, or this suite fails naming it. An endpoint with a
parameter needs an entry in THEIRS (how to name state B's objects with it); one without
is a list of A's own and is searched for anything of B's and anything internal.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, reverse

from api import urls as api_urls
from nominations.models import Nomination
from tests.api.conftest import client_for
from tests.isolation_world import (
    B_FILE_CONTENT,
    DECISION_REASONS,
    SCREENING_REASON,
    assert_holds_nothing_internal,
    assert_holds_nothing_of_b,
    build,
)

MISSING = 999_999


@pytest.fixture
def two_states(member_states, mission, other_mission):
    return build(member_states)


def _nominations(w, key="b_nominations"):
    return [({"pk": n.pk}, None) for n in w[key]]


# For every endpoint with a parameter: (kwargs naming state B's object, kwargs of the
# missing one to compare with; None: every parameter MISSING), and the status both give.
THEIRS = {
    "call-detail": (lambda w: [({"pk": w["sponsored"].pk}, None)], 404),
    "post-detail": (lambda w: [({"pk": w["b_post"].pk}, None)], 404),
    "post-transitions": (lambda w: [({"pk": w["b_post"].pk}, None)], 404),
    "nomination-detail": (_nominations, 404),
    "nomination-history": (_nominations, 404),
    "nomination-documents": (_nominations, 404),
    "nomination-transitions": (_nominations, 404),
    "nomination-document-download": (
        lambda w: [
            # B's document under B's nomination, and under A's own nomination.
            *[({"pk": w["b_own"].pk, "document_id": d.pk}, None) for d in w["b_documents"]],
            *[
                (
                    {"pk": w["a_own"].pk, "document_id": d.pk},
                    {"pk": w["a_own"].pk, "document_id": MISSING},
                )
                for d in w["b_documents"]
            ],
        ],
        404,
    ),
    "nomination-withdrawal-request": (_nominations, 404),
    # The executive office's acts are never a mission's: refused alike, B's or none.
    "nomination-screening": (_nominations, 403),
    "nomination-screening-decision": (_nominations, 403),
    "nomination-conflict": (_nominations, 403),
    "nomination-assessment": (_nominations, 403),
    # The audit log is never a mission's: refused alike for any event, B's or none.
    "audit-event-detail": (lambda w: [({"pk": _event_of(w["b_own"])}, None)], 403),
}
# Reference data every role reads whole (README, REST API): not a state's object.
PUBLIC = {"member-state-detail", "member-state-list"}


def _event_of(nomination):
    from workflows.models import AuditEvent

    return AuditEvent.objects.filter(object_id=str(nomination.pk)).order_by("id").first().pk


def api_patterns(patterns=None):
    """(name, parameter names without DRF's format suffix, methods) of every endpoint."""
    found = {}
    for entry in api_urls.urlpatterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            for name, found_entry in api_patterns(entry.url_patterns).items():
                found.setdefault(name, found_entry)
        elif isinstance(entry, URLPattern) and entry.name:
            params = sorted(set(entry.pattern.regex.groupindex) - {"format"})
            actions = getattr(entry.callback, "actions", None) or {"get": None}
            found.setdefault(entry.name, (params, sorted(actions)))
    return found


ENDPOINTS = api_patterns()
WITH_PARAMETERS = {name: e for name, e in ENDPOINTS.items() if e[0]}
WITHOUT_PARAMETERS = [name for name, e in ENDPOINTS.items() if not e[0]]
ATTEMPTS = [(name, method) for name, (_, methods) in WITH_PARAMETERS.items() for method in methods]


def test_every_endpoint_with_a_parameter_says_how_to_name_another_states_object():
    unnamed = [name for name in WITH_PARAMETERS if name not in THEIRS and name not in PUBLIC]
    assert not unnamed, (
        f"API endpoints {unnamed} take an id: add to THEIRS in {__file__} how to name "
        "state B's objects with them, so that the suite checks a mission gets a 404"
    )
    assert not [name for name in THEIRS if name not in WITH_PARAMETERS], "stale entries"


def comparable(response):
    body = response.content.decode(errors="replace").replace(response.request["PATH_INFO"], "<url>")
    headers = {k: v for k, v in response.headers.items() if k not in {"Set-Cookie", "Vary"}}
    return response.status_code, body, headers


@pytest.mark.django_db
@pytest.mark.parametrize("name, method", [a for a in ATTEMPTS if a[0] not in PUBLIC])
def test_another_states_object_answers_exactly_as_a_missing_one(mission, two_states, name, method):
    if name not in THEIRS:
        pytest.fail(f"no entry in THEIRS for api:{name}")
    api = client_for(mission)
    objects, expected = THEIRS[name]
    for kwargs, missing in objects(two_states):
        missing = missing or {key: MISSING for key in kwargs}
        theirs = getattr(api, method)(reverse(f"api:{name}", kwargs=kwargs), {})
        absent = getattr(api, method)(reverse(f"api:{name}", kwargs=missing), {})

        if method in {"get", "head"}:
            assert theirs.status_code == expected, (name, method, kwargs, theirs.content)
        assert comparable(theirs) == comparable(absent), (name, method, kwargs)
        assert_holds_nothing_of_b(theirs.content.decode(errors="replace"), f"api:{name}")
        assert not any(content in theirs.content for content in B_FILE_CONTENT)


@pytest.mark.django_db
def test_the_missions_own_objects_answer_on_the_same_endpoints(mission, two_states):
    """The 404s above are not every answer being a 404: A's own answer."""
    w, api = two_states, client_for(mission)
    own = [
        ("call-detail", {"pk": w["call"].pk}),
        ("post-detail", {"pk": w["open_post"].pk}),
        ("post-transitions", {"pk": w["open_post"].pk}),
        ("nomination-detail", {"pk": w["a_own"].pk}),
        ("nomination-history", {"pk": w["a_own"].pk}),
        ("nomination-documents", {"pk": w["a_own"].pk}),
        ("nomination-transitions", {"pk": w["a_own"].pk}),
        ("nomination-document-download", {"pk": w["a_own"].pk, "document_id": w["a_cv"].pk}),
    ]
    for name, kwargs in own:
        assert api.get(reverse(f"api:{name}", kwargs=kwargs)).status_code == 200, name


@pytest.mark.django_db
def test_withdrawing_or_uploading_to_another_states_nomination_changes_nothing(
    mission, two_states, pdf_bytes
):
    api, theirs = client_for(mission), two_states["b_own"]
    before = Nomination.objects.get(pk=theirs.pk).status

    def attempts(pk):
        withdraw = api.post(
            reverse("api:nomination-transitions", args=[pk]),
            {"transition": "withdraw", "reason": "Our candidate withdrew."},
            format="json",
        )
        upload = api.post(
            reverse("api:nomination-documents", args=[pk]),
            {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", pdf_bytes, "application/pdf")},
            format="multipart",
        )
        return [withdraw, upload]

    for on_theirs, on_none in zip(attempts(theirs.pk), attempts(MISSING), strict=True):
        assert on_theirs.status_code == 404
        assert comparable(on_theirs) == comparable(on_none)
    assert Nomination.objects.get(pk=theirs.pk).status == before
    assert theirs.documents.count() == 2  # its CV and its note's scan, nothing added


def list_answers(api, w):
    """Every endpoint without a parameter, and the lists filtered on B's objects."""
    answers = [
        (name, api.get(reverse(f"api:{name}"))) for name in WITHOUT_PARAMETERS if name not in PUBLIC
    ]
    filtered = {
        "member_state": w["b"].code,
        "post": w["b_post"].pk,
        "call": w["sponsored"].pk,
    }
    for resource in ["nomination-list", "post-list", "call-list"]:
        for key, value in filtered.items():
            url = reverse(f"api:{resource}")
            answers.append((f"{resource}?{key}={value}", api.get(url, {key: value})))
    return answers


@pytest.mark.django_db
def test_no_list_holds_anything_of_another_state(mission, two_states):
    api = client_for(mission)
    answers = list_answers(api, two_states)

    for label, response in answers:
        assert response.status_code in {200, 400, 403}, (label, response.status_code)
        assert_holds_nothing_of_b(response.content.decode(errors="replace"), f"api:{label}")
    listed = api.get(reverse("api:nomination-list"), {"page_size": 200}).json()
    assert listed["count"] == len(two_states["a_nominations"])
    assert {n["member_state"] for n in listed["results"]} == {"FRA"}


@pytest.mark.django_db
def test_from_the_cache_no_list_holds_anything_of_another_state(
    mission, other_mission, two_states, page_cache
):
    """Lists cached for state B's mission (asked first) are never served to A's."""
    from workflows import audit

    audit.record("test.seeded", actor=None)  # the cache's version follows the audit log
    list_answers(client_for(other_mission), two_states)

    for label, response in list_answers(client_for(mission), two_states):
        assert_holds_nothing_of_b(response.content.decode(errors="replace"), f"api:{label}")


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["post", "call"])
def test_filtering_on_another_states_post_or_call_is_a_400_as_a_missing_id(
    mission, two_states, key
):
    api = client_for(mission)
    theirs = {"post": two_states["b_post"].pk, "call": two_states["sponsored"].pk}[key]
    url = reverse("api:nomination-list")

    on_theirs, on_none = api.get(url, {key: theirs}), api.get(url, {key: MISSING})

    assert on_theirs.status_code == on_none.status_code == 400
    assert on_theirs.json() == json.loads(
        on_none.content.decode().replace(str(MISSING), str(theirs))
    )


@pytest.mark.django_db
def test_no_answer_names_a_reviewer_or_the_screening_reason(mission, two_states):
    """Screening's reason and every actor's name stay inside; the Secretariat's reasons
    for a late rejection or a withdrawal are the mission's to read (README, REST API)."""
    api, w = client_for(mission), two_states
    answers = [response for _, response in list_answers(api, w)]
    for nomination in w["a_nominations"]:
        for name in ["nomination-detail", "nomination-history", "nomination-documents"]:
            answers.append(api.get(reverse(f"api:{name}", args=[nomination.pk])))

    for response in answers:
        assert_holds_nothing_internal(
            response.content.decode(errors="replace"), response.request["PATH_INFO"], reasons=[]
        )
        assert SCREENING_REASON not in response.content.decode()
    # Before the release a screened nomination's history holds no screening event at all
    # (test_the_api_does_not_tell_a_mission_the_screening_outcome_before_it_is_released).
    decided = "".join(
        api.get(reverse("api:nomination-history", args=[n.pk])).content.decode()
        for n in w["a_nominations"]
    )
    assert all(reason in decided for reason in DECISION_REASONS)


@pytest.mark.django_db
def test_the_api_does_not_tell_a_mission_the_screening_outcome_before_it_is_released(
    mission, two_states
):
    """As the portal: a screened nomination reads ``complete`` until the Secretariat
    releases the outcome to the mission, in the answer, the history and the filter."""
    api, screened = client_for(mission), two_states["a_screened"]
    detail = api.get(reverse("api:nomination-detail", args=[screened.pk]))
    history = api.get(reverse("api:nomination-history", args=[screened.pk]))
    by_ineligible = api.get(reverse("api:nomination-list"), {"status": "ineligible"})
    by_complete = api.get(reverse("api:nomination-list"), {"status": "complete"})

    assert detail.json()["status"] == "complete"
    assert [event["to_state"] for event in history.json()] == []
    assert by_ineligible.json()["count"] == 0
    assert screened.pk in [row["id"] for row in by_complete.json()["results"]]
    for response in (detail, history, by_ineligible, by_complete):
        assert "ineligible" not in response.content.decode()


@pytest.mark.django_db
def test_once_released_the_api_gives_the_mission_its_outcome(mission, two_states):
    from nominations.models import Post
    from shortlisting.models import OutcomeRelease

    api, screened = client_for(mission), two_states["a_screened"]
    Post.objects.filter(pk=screened.post_id).update(status=Post.Status.SHORTLISTED)
    OutcomeRelease.objects.create(
        post_id=screened.post_id, member_state=screened.member_state, released_by=two_states["desk"]
    )

    assert api.get(reverse("api:nomination-detail", args=[screened.pk])).json()["status"] == (
        "ineligible"
    )
    history = api.get(reverse("api:nomination-history", args=[screened.pk])).json()
    assert [event["to_state"] for event in history] == ["ineligible"]
    assert history[0]["reason"] == ""
    listed = api.get(reverse("api:nomination-list"), {"status": "ineligible"}).json()
    assert [row["id"] for row in listed["results"]] == [screened.pk]
