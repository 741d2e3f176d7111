"""The API carries a call's addressees and a post's competencies as the call words them,
and refuses a level the competency framework does not give that kind of competency."""

import pytest

from nominations.models import Competency, PostCompetency
from tests import factories

LEADERSHIP = {"kind": "managerial", "name": "Leadership", "description": "Provides direction."}


@pytest.fixture
def framework(db):
    return {
        "leadership": Competency.objects.create(
            code="leadership", name="Leadership", kind="managerial"
        ),
        "empowering_trust": Competency.objects.create(
            code="empowering_trust", name="Empowering others & building trust", kind="managerial"
        ),
    }


def _post(api, call, competencies):
    body = {
        "call": call.pk,
        "title": "Deputy Director General for Operations",
        "duty_station": "Geneva, Switzerland",
        "duties_intro": "In particular, she/he will:",
        "competencies": competencies,
    }
    return api["secretariat"].post("/api/v1/posts/", body, format="json")


@pytest.mark.django_db
def test_a_post_keeps_its_competencies_as_stated_and_in_order(api, framework):
    call = factories.CallFactory()
    stated = [
        {"kind": "value", "name": "Courage", "description": "Takes a stand."},
        {**LEADERSHIP, "level": 3, "framework_entry": "leadership"},
        {"kind": "managerial", "name": "Empowering others", "level": 3,
         "framework_entry": "empowering_trust"},
        {"kind": "managerial", "name": "Building Trust", "level": 3,
         "framework_entry": "empowering_trust"},
        {"kind": "core", "name": "Teamwork"},
    ]  # fmt: skip
    response = _post(api, call, stated)
    assert response.status_code == 201, response.json()

    shown = api["secretariat"].get(f"/api/v1/posts/{response.json()['id']}/").json()
    assert shown["duties_intro"] == "In particular, she/he will:"
    assert [
        (c["position"], c["kind"], c["name"], c["level"], c["framework_entry"])
        for c in shown["competencies"]
    ] == [
        (0, "value", "Courage", None, None),
        (1, "managerial", "Leadership", 3, "leadership"),
        (2, "managerial", "Empowering others", 3, "empowering_trust"),
        (3, "managerial", "Building Trust", 3, "empowering_trust"),
        (4, "core", "Teamwork", None, None),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("competency", "field", "message"),
    [
        ({**LEADERSHIP, "level": 1}, "level",
         "A managerial competency takes level 2 or 3, not 1."),
        ({"kind": "value", "name": "Empathy", "level": 2}, "level",
         "A value is not levelled: leave its level empty."),
        ({"kind": "core", "name": "Teamwork", "level": 4}, "level",
         "A core competency takes level 1, 2 or 3, not 4."),
        ({"kind": "core", "name": "Leadership", "level": 3, "framework_entry": "leadership"},
         "framework_entry",
         "Leadership is a managerial competency in the framework, not a core competency."),
    ],
)  # fmt: skip
def test_a_competency_the_framework_does_not_allow_is_refused(
    api, framework, competency, field, message
):
    response = _post(api, factories.CallFactory(), [LEADERSHIP, competency])
    assert response.status_code == 400
    assert response.json()["errors"] == {f"competencies.1.{field}": [message]}
    assert not PostCompetency.objects.exists()


@pytest.mark.django_db
def test_a_call_states_its_addressees_and_may_leave_its_deadline_unstated(api, member_states):
    body = {
        "reference": "JPO/2027/1",
        "addressees": "chosen",
        "addressed_states": ["KEN"],
        "addressee_line": "To: the Permanent Mission of Kenya",
        "enquiry_email": "jpo@secretariat.example",
    }
    response = api["secretariat"].post("/api/v1/calls/", body, format="json")
    assert response.status_code == 201, response.json()
    shown = api["secretariat"].get(f"/api/v1/calls/{response.json()['id']}/").json()
    assert {key: shown[key] for key in [*body, "title", "place", "deadline_date", "deadline"]} == {
        **body,
        "title": "",
        "place": "",
        "deadline_date": None,
        "deadline": None,
    }


@pytest.mark.django_db
def test_a_call_to_all_member_states_names_no_states(api, member_states):
    body = {"reference": "EO/1/2027", "addressees": "members", "addressed_states": ["KEN"]}
    response = api["secretariat"].post("/api/v1/calls/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "addressed_states": ["Name states only for a call to chosen member states."]
    }
