"""Reference data shipped with Nomina: the UN member states and the competency framework."""

import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from workflows import audit

from .models import Competency, MemberState

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
# The official UN short names in English, French and Spanish and the M49 regions
# (see reference/README.md). The organization's own membership is not in it.
UN_MEMBER_STATES = Path(__file__).resolve().parent / "reference" / "un-member-states.csv"
NAME_FIELDS = ("name_en", "name_fr", "name_es", "region")


def _reference_rows():
    with open(UN_MEMBER_STATES, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def reference_codes():
    return {row["alpha3"] for row in _reference_rows()}


@dataclass
class Loaded:
    total: int
    created: int = 0
    corrected: dict = field(default_factory=dict)  # code -> {field: [old, new]}


def load_member_states():
    """Create the UN member states where missing and give every one its official names.

    Names and regions that differ from the reference are corrected (a database loaded
    from an older catalogue); membership, missions and languages are left alone. Call
    inside a transaction: a change is audited in it."""
    rows = _reference_rows()
    existing = MemberState.objects.in_bulk(field_name="code")
    loaded = Loaded(total=len(rows))
    for row in rows:
        wanted = {
            "name_en": row["name_en"],
            "name_fr": row["name_fr"],
            "name_es": row["name_es"],
            "region": row["un_region"],
        }
        state = existing.get(row["alpha3"])
        if state is None:
            MemberState.objects.create(code=row["alpha3"], **wanted)
            loaded.created += 1
            continue
        diff = {
            name: [getattr(state, name), value]
            for name, value in wanted.items()
            if getattr(state, name) != value
        }
        if diff:
            for name, (_, value) in diff.items():
                setattr(state, name, value)
            state.save(update_fields=list(diff))
            loaded.corrected[state.code] = diff
    if loaded.created or loaded.corrected:
        audit.record(
            "member_states.reference",
            actor=None,
            details={
                "file": UN_MEMBER_STATES.name,
                "sha256": hashlib.sha256(UN_MEMBER_STATES.read_bytes()).hexdigest(),
                "created": loaded.created,
                "corrected": loaded.corrected,
            },
        )
    return loaded


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
