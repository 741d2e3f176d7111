"""Reference data shipped with Nomina: the member states and the competency framework."""

import csv
import json
from pathlib import Path

from django.utils import translation
from django_countries import countries

from .models import Competency, MemberState

DATA_DIR = Path(__file__).resolve().parent / "demo_data"

# The working language a mission is written to in, of the organization's three (seed 002).
# Everyone else is written to in English; the Secretariat can change it per state.
SPANISH_SPEAKING = {
    "ARG",
    "BOL",
    "CHL",
    "COL",
    "CRI",
    "CUB",
    "DOM",
    "ECU",
    "ESP",
    "GNQ",
    "GTM",
    "HND",
    "MEX",
    "NIC",
    "PAN",
    "PER",
    "PRY",
    "SLV",
    "URY",
    "VEN",
}
FRENCH_SPEAKING = {
    "BDI",
    "BEL",
    "BEN",
    "BFA",
    "CAF",
    "CHE",
    "CIV",
    "CMR",
    "COD",
    "COG",
    "COM",
    "DJI",
    "DZA",
    "FRA",
    "GAB",
    "GIN",
    "HTI",
    "LUX",
    "MAR",
    "MCO",
    "MDG",
    "MLI",
    "MRT",
    "NER",
    "RWA",
    "SEN",
    "SYC",
    "TCD",
    "TGO",
    "TUN",
}


def working_language(code):
    if code in SPANISH_SPEAKING:
        return "es"
    if code in FRENCH_SPEAKING:
        return "fr"
    return "en"


def _name(alpha2, language):
    with translation.override(language):
        return str(countries.name(alpha2))


def load_member_states():
    """Create or update the UN member states; names in English, French and Spanish."""
    with open(DATA_DIR / "member_states.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    existing = {state.code: state for state in MemberState.objects.all()}
    created = 0
    for row in rows:
        code = row["alpha3"]
        alpha2 = countries.alpha2(code)
        names = {lang: _name(alpha2, lang) for lang in ("en", "fr", "es")}
        state = existing.get(code)
        if state is None:
            MemberState.objects.create(
                code=code,
                name_en=names["en"],
                name_fr=names["fr"],
                name_es=names["es"],
                region=row["region"],
                language=working_language(code),
            )
            created += 1
    return created, len(rows)


def load_competency_framework():
    with open(DATA_DIR / "competency_framework.json") as handle:
        entries = json.load(handle)["competencies"]
    for position, entry in enumerate(entries):
        Competency.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "kind": entry["kind"],
                "description": entry.get("description", ""),
                "indicators": entry.get("indicators", {}),
                "position": position,
            },
        )
    return len(entries)
