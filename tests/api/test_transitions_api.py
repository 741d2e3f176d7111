import pytest

from tests import factories
from workflows.models import AuditEvent


def _take(client, kind, obj, transition, **body):
    return client.post(
        f"/api/v1/{kind}/{obj.pk}/transitions/", {"transition": transition, **body}, format="json"
    )


@pytest.mark.django_db
def test_get_lists_only_what_this_user_may_take_now(api, world):
    own = world["own"]
    listing = api["secretariat"].get(f"/api/v1/nominations/{own.pk}/transitions/").json()
    assert [t["name"] for t in listing] == ["mark_incomplete", "confirm_complete", "withdraw"]
    assert listing[0] == {
        "name": "mark_incomplete",
        "target": "incomplete",
        "needs_reason": True,
        "params": [],
    }
    mission = api["mission"].get(f"/api/v1/nominations/{own.pk}/transitions/").json()
    assert [t["name"] for t in mission] == ["withdraw"]


@pytest.mark.django_db
def test_a_legal_transition_answers_the_object_with_its_new_status(api, world):
    response = _take(api["secretariat"], "nominations", world["own"], "confirm_complete")
    assert response.status_code == 200
    assert response.json()["status"] == "complete"
    event = AuditEvent.objects.get(action="nomination.confirm_complete")
    assert (event.from_state, event.to_state, event.actor_role) == (
        "received",
        "complete",
        "secretariat",
    )


@pytest.mark.django_db
def test_not_from_this_state_is_409_saying_why(api, world):
    response = _take(api["secretariat"], "nominations", world["own"], "accept_late", reason="ok")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert body["message"] == "cannot accept_late a nomination that is received"
    assert (body["transition"], body["state"]) == ("accept_late", "received")
    assert not AuditEvent.objects.filter(action__startswith="nomination.").exists()


@pytest.mark.django_db
def test_a_role_that_may_never_is_403_and_on_record(api, world):
    response = _take(api["mission"], "nominations", world["own"], "confirm_complete")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    refusal = AuditEvent.objects.get(action="permission.denied")
    assert (refusal.actor_role, refusal.details) == ("mission", {"transition": "confirm_complete"})


@pytest.mark.django_db
def test_an_unknown_transition_is_400(api, world):
    response = _take(api["secretariat"], "nominations", world["own"], "teleport")
    assert response.status_code == 400
    assert "transition" in response.json()["errors"]


@pytest.mark.django_db
def test_a_missing_reason_is_400_with_a_field_error(api, world):
    response = _take(api["secretariat"], "nominations", world["own"], "withdraw")
    assert response.status_code == 400
    assert response.json()["errors"] == {"reason": ["This field is required."]}


@pytest.mark.django_db
def test_extend_deadline_through_the_api(api, world):
    post = world["open_post"]
    new_date = factories.in_days(45).isoformat()
    response = _take(
        api["secretariat"], "posts", post, "extend_deadline", reason="few nominations",
        deadline_date=new_date,
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["deadline_date"] == new_date
    assert response.json()["status"] == "open"
    bad = _take(
        api["secretariat"], "posts", post, "extend_deadline", reason="x", deadline_date="soon"
    )
    assert bad.status_code == 400
    assert "deadline_date" in bad.json()["errors"]


@pytest.mark.django_db
def test_the_executive_office_screens_and_approves_with_four_eyes(
    api, world, executive, other_executive
):
    from tests.api.conftest import client_for
    from workflows.shortlists import propose_shortlist

    screened = world["screened"]
    response = _take(api["executive"], "nominations", screened, "screen_eligible")
    assert response.json()["status"] == "eligible"
    propose_shortlist(
        world["listed_post"],
        actor=executive,
        nominations=[screened],
        rationales={screened.pk: "Strongest field record"},
    )
    own_approval = _take(api["executive"], "posts", world["listed_post"], "approve_shortlist")
    assert own_approval.status_code == 409
    assert "another executive" in own_approval.json()["message"]
    approval = _take(
        client_for(other_executive), "posts", world["listed_post"], "approve_shortlist"
    )
    assert approval.status_code == 200
    assert approval.json()["status"] == "shortlisted"
    screened.refresh_from_db()
    assert screened.status == "shortlisted"


@pytest.mark.django_db
def test_shortlisting_outcomes_are_not_offered_by_name(api, world):
    response = _take(api["secretariat"], "nominations", world["own"], "mark_shortlisted")
    assert response.status_code == 400
    assert "mark_shortlisted" not in response.json()["errors"]["transition"][0]
