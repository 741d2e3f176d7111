"""What every note says the same way: dates, deadlines, missions' names; and what rendering
may fetch."""

import csv
import datetime
import logging
from pathlib import Path

import pytest

from nominations.models import MemberState
from notifications.notes import wording
from notifications.notes.pdf import STYLESHEET, _fetcher_class, render_pdf

REFERENCE = Path(__file__).resolve().parents[2] / "nominations/reference/un-member-states.csv"


@pytest.mark.parametrize(
    "day,language,expected",
    [
        (datetime.date(2026, 12, 1), "en", "Geneva, 1 December 2026"),
        (datetime.date(2026, 12, 1), "fr", "Genève, le 1er décembre 2026"),
        (datetime.date(2026, 12, 1), "es", "Ginebra, 1 de diciembre de 2026"),
        (datetime.date(2023, 9, 28), "fr", "Genève, le 28 septembre 2023"),
    ],
)
def test_place_and_date_as_each_language_writes_them(day, language, expected):
    assert wording.place_and_date(day, language) == expected


@pytest.mark.parametrize(
    "day,language,expected",
    [
        (
            datetime.date(2023, 11, 15),
            "en",
            "15 November 2023 at 23:59 Geneva time (CET, UTC+01:00)",
        ),
        (datetime.date(2024, 6, 30), "en", "30 June 2024 at 23:59 Geneva time (CEST, UTC+02:00)"),
        (datetime.date(2024, 6, 1), "fr", "1er juin 2024 à 23 h 59, heure de Genève (UTC+02:00)"),
        (
            datetime.date(2023, 11, 15),
            "es",
            "15 de noviembre de 2023 a las 23.59 horas, hora de Ginebra (UTC+01:00)",
        ),
        # The last day of summer time: the offset of that day's last minute.
        (
            datetime.date(2024, 10, 27),
            "en",
            "27 October 2024 at 23:59 Geneva time (CET, UTC+01:00)",
        ),
    ],
)
def test_a_deadline_names_its_last_minute_in_geneva_time_and_zone(day, language, expected):
    assert wording.closing_time(day, language) == expected


def _reference_rows():
    with open(REFERENCE, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_un_member_state_has_its_mission_named_in_each_language_from_its_own_name():
    """The file of missions' names covers the reference list, and each form is built on the
    state's official short name in that language (a typo or a renamed state shows here)."""
    rows = {row["alpha3"]: row for row in _reference_rows()}
    assert set(wording._missions()) == set(rows)
    for code, row in rows.items():
        state = MemberState(
            code=code, name_en=row["name_en"], name_fr=row["name_fr"], name_es=row["name_es"]
        )
        for language in wording.LANGUAGES:
            name = row[f"name_{language}"].split(" (")[0]
            assert name in wording.mission_of(state, language), (code, language)
            assert wording.mission_of(state, language) == wording._missions()[code][language]


@pytest.mark.parametrize(
    "code,language,expected",
    [
        ("FRA", "fr", "Mission permanente de la France"),
        ("PHL", "en", "Permanent Mission of the Philippines"),
        ("PHL", "fr", "Mission permanente des Philippines"),
        ("PER", "es", "Misión Permanente del Perú"),
        ("BOL", "es", "Misión Permanente del Estado Plurinacional de Bolivia"),
        ("HTI", "fr", "Mission permanente d’Haïti"),
        ("KEN", "fr", "Mission permanente du Kenya"),
        ("DZA", "fr", "Mission permanente de l’Algérie"),
        ("USA", "es", "Misión Permanente de los Estados Unidos de América"),
    ],
)
def test_a_mission_is_named_as_a_diplomat_writes_it(code, language, expected):
    row = next(row for row in _reference_rows() if row["alpha3"] == code)
    state = MemberState(
        code=code, name_en=row["name_en"], name_fr=row["name_fr"], name_es=row["name_es"]
    )
    assert wording.mission(state, language) == expected


def test_a_state_not_in_the_file_or_renamed_is_named_from_its_own_name():
    state = MemberState(code="XAA", name_en="Atlantis", name_fr="Atlantide", name_es="Atlántida")
    assert wording.mission(state, "en") == "Permanent Mission of Atlantis"
    assert wording.mission(state, "fr") == "Mission permanente d’Atlantide"
    assert wording.mission(state, "es") == "Misión Permanente de Atlántida"
    renamed = MemberState(code="FRA", name_en="Gaul", name_fr="Gaule", name_es="Galia")
    assert wording.mission(renamed, "fr") == "Mission permanente de Gaule"


def test_post_titles_are_joined_and_quoted_as_each_language_does():
    titles = ["A", "B", "C"]
    assert wording.titles(titles, "en") == "A, B and C"
    assert (
        wording.titles(titles, "fr") == "«\u202fA\u202f», de «\u202fB\u202f» et de «\u202fC\u202f»"
    )
    assert wording.titles(titles[:2], "es") == "«A» y «B»"
    assert wording.titles(titles[:1], "en") == "A"


# --- what rendering may fetch ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/logo.png",
        "https://example.org/style.css",
        "file:///etc/passwd",
        f"file://{STYLESHEET.parent}/../../../config/settings/base.py",
        "data:text/css,body{color:red}",
        "ftp://example.org/x",
    ],
)
def test_the_fetcher_refuses_everything_but_the_notes_own_files(url):
    with pytest.raises(ValueError, match="Notes fetch only their own stylesheet"):
        _fetcher_class()().fetch(url)


def test_the_fetcher_reads_the_notes_stylesheet():
    response = _fetcher_class()().fetch(STYLESHEET.as_uri())
    try:
        assert b"@page" in response.read()
    finally:
        response.close()


def test_a_template_naming_an_outside_resource_renders_without_it(caplog):
    html = (
        '<html><head><link rel="stylesheet" href="file:///etc/passwd"></head>'
        '<body><img src="http://example.org/logo.png"><p>Text</p></body></html>'
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF-")
    refused = [r.getMessage() for r in caplog.records if "Notes fetch only" in r.getMessage()]
    assert len(refused) == 2
