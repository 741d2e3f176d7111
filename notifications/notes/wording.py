"""What a note says the same way every time, in English, French and Spanish: dates, the
closing time of a deadline, the name of a mission and of the organization."""

import csv
import datetime
from functools import cache
from pathlib import Path

from django.conf import settings

from workflows.deadlines import closing_instant

LANGUAGES = ("en", "fr", "es")
MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
}
# "Permanent Mission ..." as each language names a state's mission: "of the Philippines",
# "des Philippines", "de Filipinas". One row per UN member state, by alpha-3 code.
MISSIONS_FILE = Path(__file__).resolve().parent / "missions.csv"
MISSION = {"en": "Permanent Mission", "fr": "Mission permanente", "es": "Misión Permanente"}
VOWELS = "AEIOUYÀÂÉÈÊËÎÏÔÖÙÛÜH"


def language_of(code):
    return code if code in LANGUAGES else "en"


def long_date(day, language):
    """1 December 2026, 1er décembre 2026, 1 de diciembre de 2026."""
    month = MONTHS[language][day.month - 1]
    if language == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    if language == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{day.day} {month} {day.year}"


def place_and_date(day, language):
    """Geneva, 1 December 2026 / Genève, le 1er décembre 2026 / Ginebra, 1 de diciembre de 2026."""
    seat = organization(language)["seat"]
    if language == "fr":
        return f"{seat}, le {long_date(day, language)}"
    return f"{seat}, {long_date(day, language)}"


def _offset(moment):
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def closing_time(deadline_date, language):
    """The last minute of a deadline's day at the seat, with its time zone named:
    "15 November 2023 at 23:59 Geneva time (CET, UTC+01:00)"."""
    last_minute = closing_instant(deadline_date) - datetime.timedelta(minutes=1)
    seat = organization(language)["seat"]
    day = long_date(deadline_date, language)
    offset = _offset(last_minute)
    if language == "fr":
        return f"{day} à 23 h 59, heure de {seat} ({offset})"
    if language == "es":
        return f"{day} a las 23.59 horas, hora de {seat} ({offset})"
    return f"{day} at 23:59 {seat} time ({last_minute.tzname()}, {offset})"


@cache
def _missions():
    with open(MISSIONS_FILE, newline="", encoding="utf-8") as handle:
        return {row["alpha3"]: row for row in csv.DictReader(handle)}


def mission_of(member_state, language):
    """What follows "Permanent Mission" for this state: "of France", "de la France"."""
    name = member_state.name_in(language)
    row = _missions().get(member_state.code)
    # The file's wording is for the UN's name of the state: a state named otherwise here
    # (renamed since) is worded from its own name.
    if row is not None and name.split(" (")[0] in row[language]:
        return row[language]
    if language == "fr":
        return f"d’{name}" if name[:1].upper() in VOWELS else f"de {name}"
    if language == "es":
        return f"de {name}"
    return f"of {name}"


def mission(member_state, language):
    """The Permanent Mission of France / la Mission permanente de la France (no article)."""
    return f"{MISSION[language]} {mission_of(member_state, language)}"


def organization(language):
    names = settings.NOMINA_ORGANIZATION
    return names.get(language) or names["en"]


def titles(names, language):
    """Post titles in a sentence after "of"/"de": "A and B", "« A » et de « B »",
    "«A» y «B»" (titles stay in the language the post is written in)."""
    if language == "fr":
        quoted = [f"«\u202f{name}\u202f»" for name in names]
        joiner, last = ", de ", " et de "
    elif language == "es":
        quoted = [f"«{name}»" for name in names]
        joiner, last = ", ", " y "
    else:
        quoted = list(names)
        joiner, last = ", ", " and "
    if len(quoted) <= 1:
        return "".join(quoted)
    return joiner.join(quoted[:-1]) + last + quoted[-1]
