"""Member states are listed in the order of their names in the page's language, as its
readers sort them: in French, Égypte among the E and États-Unis before Éthiopie, not
after Zambie, as the database's byte order would put them."""

import re

import pytest
from django.urls import reverse

from nominations.models import Call
from nominations.models.member_states import sort_key, sorted_by_name
from tests import factories
from tests.conftest import needs_postgres

NAMES = [  # code, English, French, Spanish: the UN's short names
    ("ZMB", "Zambia", "Zambie", "Zambia"),
    ("USA", "United States of America", "États-Unis d’Amérique", "Estados Unidos de América"),
    ("TKM", "Turkmenistan", "Turkménistan", "Turkmenistán"),
    ("TUR", "Türkiye", "Türkiye", "Türkiye"),
    ("ESP", "Spain", "Espagne", "España"),
    ("EGY", "Egypt", "Égypte", "Egipto"),
    ("DNK", "Denmark", "Danemark", "Dinamarca"),
]
IN_ORDER = {
    "en": ["Denmark", "Egypt", "Spain", "Türkiye", "Turkmenistan", "United States of America",
           "Zambia"],
    "fr": ["Danemark", "Égypte", "Espagne", "États-Unis d’Amérique", "Türkiye", "Turkménistan",
           "Zambie"],
    "es": ["Dinamarca", "Egipto", "España", "Estados Unidos de América", "Türkiye",
           "Turkmenistán", "Zambia"],
}  # fmt: skip
COLUMN = {"en": 1, "fr": 2, "es": 3}


@pytest.fixture
def states(db):
    return [
        factories.MemberStateFactory(code=code, name_en=en, name_fr=fr, name_es=es)
        for code, en, fr, es in NAMES
    ]


@pytest.fixture
def reader(secretariat):
    def signed_in(client, language):
        secretariat.language = language
        secretariat.save(update_fields=["language"])
        client.force_login(secretariat)
        return client

    return signed_in


def in_page_order(html, names):
    """``names`` in the order the page first shows each."""
    return sorted(names, key=lambda name: html.index(name))


def test_the_key_sorts_by_letters_an_accent_breaking_ties_only():
    for language, column in COLUMN.items():
        names = [row[column] for row in NAMES]
        assert sorted(names, key=sort_key) == IN_ORDER[language]
    assert sorted(["Eté", "été", "Ete"], key=sort_key) == ["Ete", "Eté", "été"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_forms_offer_the_states_in_the_order_of_their_names(client, reader, states, language):
    page = reader(client, language).get(reverse("workbench:note_log")).content.decode()
    select = re.search(r'<select name="member_state".*?</select>', page, re.S).group(0)

    assert in_page_order(select, IN_ORDER[language]) == IN_ORDER[language]
    assert select.index('value=""') < select.index(IN_ORDER[language][0])


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_dashboards_roster_and_the_lists_filter_follow_the_same_order(
    client, reader, states, language
):
    call = factories.CallFactory(addressees=Call.Addressees.CHOSEN)
    call.addressed_states.set(states)
    factories.PostFactory(call=call)
    signed_in = reader(client, language)

    roster = signed_in.get(reverse("workbench:call_dashboard", args=[call.pk])).content.decode()
    listing = signed_in.get(reverse("workbench:nomination_list")).content.decode()
    state_filter = re.search(r'<select name="member_state".*?</select>', listing, re.S).group(0)

    roster = roster[roster.index('id="roster"') :]
    assert in_page_order(roster, IN_ORDER[language]) == IN_ORDER[language]
    assert in_page_order(state_filter, IN_ORDER[language]) == IN_ORDER[language]


@pytest.mark.django_db
def test_the_nominations_list_sorted_by_state_follows_the_pages_language(client, reader, states):
    """The list is paginated, so sorted by the database: by the language's ICU collation."""
    needs_postgres()
    for state in states:
        factories.NominationFactory(member_state=state, candidate__full_name=f"Of {state.code}")
    signed_in = reader(client, "fr")

    page = signed_in.get(reverse("workbench:nomination_list"), {"sort": "member_state"})
    rows = page.content.decode().split("<tbody", 1)[1]

    by_name = {row[2]: row[0] for row in NAMES}
    codes = [by_name[name] for name in IN_ORDER["fr"]]
    assert in_page_order(rows, [f"Of {code}" for code in codes]) == [f"Of {c}" for c in codes]


def test_sorted_by_name_takes_what_names_each_item():
    rows = [("b", "Égypte"), ("a", "Zambie")]
    assert sorted_by_name(rows, name=lambda row: row[1]) == [("b", "Égypte"), ("a", "Zambie")]
