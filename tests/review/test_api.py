"""The executive office's API: screening, conflicts and assessments."""

import pytest

from nominations.models import Nomination
from review.models import ConflictDeclaration
from tests import factories
from tests.api.conftest import client_for
from workflows.models import AuditEvent

from .helpers import eligible, rate

pytestmark = pytest.mark.django_db


def url(nomination, what):
    return f"/api/v1/nominations/{nomination.pk}/{what}/"


def test_screening_through_the_api(nomination, member):
    api = client_for(member)
    listed = api.get(url(nomination, "screening")).json()
    assert [c["criterion"] for c in listed["criteria"]] == [
        "degree", "experience", "language:en", "asset:language:fr",
    ]  # fmt: skip
    assert listed["decision"]["blocked"][0] == "Minimum degree is not screened yet."
    answer = api.post(
        url(nomination, "screening"),
        {"criterion": "degree", "finding": "not_met", "justification": "A BA only."},
        format="json",
    )
    assert answer.status_code == 201
    assert answer.json()["checked_by"] == "member@eo.test"
    for criterion in ("experience", "language:en"):
        api.post(
            url(nomination, "screening"),
            {"criterion": criterion, "finding": "met", "justification": "Yes."},
            format="json",
        )
    decided = api.post(url(nomination, "screening/decision"))
    assert decided.status_code == 200
    assert decided.json()["status"] == "ineligible"
    event = AuditEvent.objects.get(action="nomination.screen_ineligible")
    assert event.reason == "Minimum degree not met: A BA only."


def test_an_unclear_finding_blocks_the_api_decision_with_409(nomination, member):
    api = client_for(member)
    for criterion, finding in (
        ("degree", "met"),
        ("experience", "unclear"),
        ("language:en", "met"),
    ):
        api.post(
            url(nomination, "screening"),
            {"criterion": criterion, "finding": finding, "justification": "See CV."},
            format="json",
        )
    answer = api.post(url(nomination, "screening/decision"))
    assert answer.status_code == 409
    assert "Minimum years of experience is unclear" in answer.json()["message"]
    assert Nomination.objects.get(pk=nomination.pk).status == "complete"


def test_a_bad_check_is_a_400_with_field_errors(nomination, member):
    answer = client_for(member).post(
        url(nomination, "screening"),
        {"criterion": "doctorate", "finding": "met", "justification": "Yes."},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["errors"] == {"criterion": ["This post has no such criterion."]}


def test_ratings_are_hidden_from_peers_in_the_api_until_ones_own_is_submitted(
    nomination, member, peer, post
):
    eligible(nomination, member)
    rate(nomination, peer, scores=(2, 5))
    api = client_for(member)
    assert api.post(url(nomination, "conflict"), {"kind": "none"}, format="json").status_code == 201
    integrity, results = post.required_competencies.order_by("position")
    draft = {"ratings": [{"post_competency": integrity.pk, "score": 4, "comment": "Sound."}]}
    saved = api.put(url(nomination, "assessment"), draft, format="json")
    assert saved.status_code == 200
    body = saved.json()
    assert (body["peers_visible"], body["peers"], body["submitted_at"]) == (False, [], None)
    assert [r["score"] for r in body["ratings"]] == [4, None]
    incomplete = api.post(url(nomination, "assessment"), {}, format="json")
    assert incomplete.status_code == 400
    assert set(incomplete.json()["errors"]) == {str(results.pk)}
    rest = {"ratings": [{"post_competency": results.pk, "score": 3}]}
    submitted = api.post(url(nomination, "assessment"), rest, format="json")
    assert submitted.status_code == 200
    body = submitted.json()
    assert body["peers_visible"] is True
    assert body["peers"][0]["member"] == "peer@eo.test"
    assert [r["score"] for r in body["peers"][0]["ratings"]] == [2, 5]
    again = api.put(url(nomination, "assessment"), draft, format="json")
    assert again.status_code == 409


def test_an_excluded_member_gets_404_on_the_assessment(nomination, member, compatriot, peer):
    eligible(nomination, member)
    rate(nomination, member)
    api = client_for(compatriot)
    assert api.get(url(nomination, "assessment")).status_code == 404
    assert api.put(url(nomination, "assessment"), {}, format="json").status_code == 404
    assert api.post(url(nomination, "conflict"), {"kind": "none"}, format="json").status_code == 404
    assert ConflictDeclaration.objects.get(member=compatriot).kind == "same_nationality"
    # A declared conflict, through the API: then 404 too.
    peer_api = client_for(peer)
    declared = peer_api.post(
        url(nomination, "conflict"), {"kind": "other", "note": "My cousin."}, format="json"
    )
    assert declared.status_code == 201
    assert declared.json()["kind"] == "other"
    assert peer_api.get(url(nomination, "assessment")).status_code == 404


def test_other_roles_get_403_and_anonymous_401(nomination, member_states, secretariat):
    mission = factories.account("mission", member_state=member_states["KEN"])
    for user in (mission, secretariat, factories.account("auditor")):
        api = client_for(user)
        for what in ("screening", "assessment"):
            answer = api.get(url(nomination, what))
            assert answer.status_code == 403, (user.role, what)
            assert set(answer.json()) >= {"code", "message", "errors"}
    assert client_for(None).get(url(nomination, "screening")).status_code == 401


def test_a_nomination_outside_the_scope_is_a_404(post, member):
    received = factories.NominationFactory(post=post, status="received")
    assert client_for(member).get(url(received, "screening")).status_code == 404
    assert client_for(member).get("/api/v1/nominations/999999/assessment/").status_code == 404


def test_the_endpoints_are_in_the_schema(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    for path in ("screening", "screening/decision", "conflict", "assessment"):
        assert f"/api/v1/nominations/{{id}}/{path}/" in schema["paths"]
    assert set(schema["paths"]["/api/v1/nominations/{id}/assessment/"]) >= {"get", "put", "post"}
