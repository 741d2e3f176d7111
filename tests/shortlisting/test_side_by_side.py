import statistics

import pytest
from django.urls import reverse

from review.models import ConflictDeclaration
from shortlisting import diversity
from shortlisting.side_by_side import gather
from tests import factories

from . import helpers


def _column(grid, nomination):
    return next(c for c in grid.columns if c.nomination.pk == nomination.pk)


@pytest.mark.django_db
def test_aggregates_are_mean_and_population_sd_of_the_visible_scores(field, panel):
    grid = gather(field["post"], panel[0])
    claire = _column(grid, field["claire"])
    integrity, teamwork, leadership = grid.competencies

    assert claire.aggregates[integrity.pk].scores == [4, 4, 5]
    assert claire.aggregates[integrity.pk].mean == pytest.approx(13 / 3)
    assert claire.aggregates[integrity.pk].sd == pytest.approx(statistics.pstdev([4, 4, 5]))
    assert claire.aggregates[teamwork.pk].mean == pytest.approx(8 / 3)
    assert (claire.aggregates[leadership.pk].low, claire.aggregates[leadership.pk].high) == (3, 5)
    assert claire.aggregates[leadership.pk].sd == pytest.approx(0.8164966)
    assert claire.overall.mean == pytest.approx(33 / 9)
    juan = _column(grid, field["juan"])
    assert juan.aggregates[teamwork.pk].sd == 0
    assert _column(grid, field["jonas"]).overall.mean is None


@pytest.mark.django_db
def test_sorting_by_a_competency_row_orders_the_candidates_best_first(field, panel):
    integrity = field["post"].required_competencies.order_by("position").first()
    grid = gather(field["post"], panel[0], sort=f"c{integrity.pk}")
    names = [c.candidate.full_name for c in grid.columns]
    # Amina 5, Claire 4.33, Juan 3, Jonas unrated last.
    assert names == ["Amina Wanjiru", "Claire Dubois", "Juan Pérez", "Jonas Berg"]
    by_name = [c.candidate.full_name for c in gather(field["post"], panel[0]).columns]
    assert by_name == ["Amina Wanjiru", "Claire Dubois", "Jonas Berg", "Juan Pérez"]


@pytest.mark.django_db
def test_a_member_who_has_not_submitted_sees_only_their_own_ratings(field, panel):
    newcomer = factories.account("executive", email="newcomer@nomina.test")
    helpers.rate(newcomer, field["claire"], [1, 1, 1], submitted=False)
    grid = gather(field["post"], newcomer)
    claire = _column(grid, field["claire"])
    assert not claire.visible
    assert list(claire.scores.values()) == [1, 1, 1]
    assert claire.overall.scores == [1, 1, 1]
    assert _column(grid, field["juan"]).overall.scores == []
    # And the submitted members do not see the newcomer's draft.
    assert 1 not in _column(gather(field["post"], panel[1]), field["claire"]).overall.scores


@pytest.mark.django_db
def test_an_excluded_member_sees_no_rating_of_that_candidate(field, panel):
    french = factories.account("executive", email="french@nomina.test")
    french.nationality = field["states"]["FRA"]
    french.save()
    helpers.rate(french, field["juan"], [3, 3, 3])
    ConflictDeclaration.objects.create(
        nomination=field["amina"],
        member=panel[1],
        kind="worked_with",
        note="Same unit 2015-2018",
        declared_at=field["amina"].created_at,
    )
    grid = gather(field["post"], french)
    claire = _column(grid, field["claire"])
    assert claire.excluded and claire.scores == {} and claire.overall.scores == []
    assert len(_column(grid, field["juan"]).overall.scores) == 12

    declared = gather(field["post"], panel[1])
    assert _column(declared, field["amina"]).scores == {}


@pytest.mark.django_db
def test_first_tier_flags_with_their_rule(field, settings):
    post = field["post"]
    rules = {
        key: [r.code for r in diversity.first_tier_rules(field[key], post)]
        for key in ("claire", "juan", "amina", "jonas")
    }
    assert rules == {
        "claire": [diversity.WOMAN_UNDER_REPRESENTED],
        "juan": [diversity.NON_REPRESENTED],
        "amina": [diversity.NON_REPRESENTED, diversity.WOMAN_UNDER_REPRESENTED],
        "jonas": [],
    }
    # Below P4 a woman is not first-tier by gender; the grades are the Secretariat's data.
    post.grade = "P-3"
    assert [r.code for r in diversity.first_tier_rules(field["claire"], post)] == []
    settings.NOMINA_WOMEN_UNDER_REPRESENTED_GRADES = ["P3"]
    assert [r.code for r in diversity.first_tier_rules(field["claire"], post)] == [
        diversity.WOMAN_UNDER_REPRESENTED
    ]
    facts = diversity.facts([field[k] for k in ("claire", "juan", "amina", "jonas")], field["post"])
    assert facts.gender.rows == [("female", "Female", 2), ("male", "Male", 2)]
    assert dict((v, n) for v, _, n in facts.region.rows) == {
        "Europe": 2,
        "Americas": 1,
        "Africa": 1,
    }
    assert facts.first_tier == 3


@pytest.mark.django_db
def test_the_page_shows_the_grid_diversity_and_rules(client, field, panel):
    client.force_login(panel[0])
    response = client.get(reverse("shortlisting:side_by_side", args=[field["post"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("Claire Dubois", "Juan Pérez", "Amina Wanjiru", "Jonas Berg"):
        assert name in html
    assert "Minimum degree" in html and "Teamwork" in html
    assert "4.33" in html  # Claire's integrity mean
    assert "National of a non-represented member state (State MEX)" in html
    assert 'id="chart-field-gender"' in html and 'id="table-field-nationality"' in html
    assert "member2@nomina.test" in html


@pytest.mark.django_db
def test_the_side_by_side_is_for_the_executive_office_only(client, field, secretariat, mission):
    url = reverse("shortlisting:side_by_side", args=[field["post"].pk])
    for user in (mission,):
        client.force_login(user)
        assert client.get(url).status_code == 403


def _field_of(n, panel):
    post = helpers.post_in_shortlisting()
    states = [helpers.state(code) for code in ("FRA", "DEU", "ITA", "ESP")]
    for i in range(n):
        nomination = helpers.eligible(post, f"Candidate {i:02d}", states[i % 4])
        for member in panel:
            helpers.rate(member, nomination, [3, 4, 5])
    return post


@pytest.mark.django_db
@pytest.mark.parametrize("n", [2, 40])
def test_the_page_takes_the_same_queries_for_2_and_40_candidates(
    client, panel, n, django_assert_num_queries
):
    post = _field_of(n, panel)
    client.force_login(panel[0])
    url = reverse("shortlisting:side_by_side", args=[post.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert response.content.decode().count("data-candidate=") >= n


QUERIES = 13
