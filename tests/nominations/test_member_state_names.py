"""Member states are named as the UN names them, in English, French and Spanish."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from django_countries import countries

from nominations.models import MemberState
from tests.api.conftest import client_for
from workflows.models import AuditEvent

REFERENCE = Path(__file__).resolve().parents[2] / "nominations/reference/un-member-states.csv"
# The names the issue found wrong, or the ones a diplomat would notice first.
CHECKED = [
    "KOR",
    "PRK",
    "CIV",
    "TUR",
    "GBR",
    "BOL",
    "IRN",
    "VEN",
    "GUY",
    "NRU",
    "CAF",
    "TTO",
    "CZE",
    "MKD",
    "SWZ",
]
LANGUAGES = ("en", "fr", "es")


def _reference():
    with open(REFERENCE, newline="", encoding="utf-8") as handle:
        return {row["alpha3"]: row for row in csv.DictReader(handle)}


def _names(state):
    return {lang: getattr(state, f"name_{lang}") for lang in LANGUAGES}


def _expected(row):
    return {lang: row[f"name_{lang}"] for lang in LANGUAGES}


@pytest.mark.django_db
def test_seeded_states_carry_the_un_names_in_three_languages():
    reference = _reference()
    call_command("seed_demo", stdout=io.StringIO())

    for code in CHECKED:
        state = MemberState.objects.get(code=code)
        assert _names(state) == _expected(reference[code]), code
        assert str(state) == reference[code]["name_en"]
        for lang in LANGUAGES:
            assert state.name_in(lang) == reference[code][f"name_{lang}"]
    # Every state, not only the checked ones, and its M49 region.
    stored = {state.code: state for state in MemberState.objects.all()}
    assert set(stored) == set(reference)
    wrong = [
        code
        for code, row in reference.items()
        if _names(stored[code]) != _expected(row) or stored[code].region != row["un_region"]
    ]
    assert wrong == []


@pytest.mark.django_db
def test_api_names_a_member_state_as_the_un_does(secretariat):
    reference = _reference()
    call_command("seed_demo", stdout=io.StringIO())
    api = client_for(secretariat)

    for code in CHECKED:
        response = api.get(f"/api/v1/member-states/{code}/")
        assert response.status_code == 200
        body = response.json()
        row = reference[code]
        assert (body["name"], body["name_fr"], body["name_es"]) == (
            row["name_en"],
            row["name_fr"],
            row["name_es"],
        ), code


def _old_seed():
    """The member states as the previous loader left them: django-countries' names."""
    for code, row in _reference().items():
        alpha2 = countries.alpha2(code)
        names = {}
        for lang in LANGUAGES:
            with translation.override(lang):
                names[lang] = str(countries.name(alpha2))
        MemberState.objects.create(
            code=code,
            name_en=names["en"],
            name_fr=names["fr"],
            name_es=names["es"],
            region=row["un_region"],
            contact_emails=[f"mission-{code.lower()}@missions.example"],
        )


def _snapshot():
    return {
        "states": list(MemberState.objects.order_by("code").values()),
        "events": AuditEvent.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo_corrects_the_names_of_a_database_seeded_by_the_old_code():
    _old_seed()
    reference = _reference()
    assert MemberState.objects.get(code="KOR").name_en == "South Korea"

    call_command("seed_demo", stdout=io.StringIO())
    stored = {state.code: state for state in MemberState.objects.all()}
    assert len(stored) == 193
    assert [code for code, row in reference.items() if _names(stored[code]) != _expected(row)] == []

    after_first = _snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert _snapshot() == after_first
