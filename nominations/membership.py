"""The organization's membership, read from a CSV file and applied all or nothing.

One row per member state: ``alpha3, is_member, is_represented, mission_emails,
language``. Every row is checked before anything is written; a file with any row
that cannot be read changes nothing.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from workflows import audit

from .models import MemberState
from .models.choices import Language
from .reference_data import load_member_states, reference_codes

COLUMNS = ("alpha3", "is_member", "is_represented", "mission_emails", "language")
TRUE = {"true", "yes", "1"}
FALSE = {"false", "no", "0"}
FIELDS = ("is_member", "is_represented", "contact_emails", "language")


class MembershipFileError(Exception):
    """The file cannot be imported; ``errors`` lists every problem, by line and column."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Row:
    line: int
    code: str
    values: dict = field(default_factory=dict)


@dataclass
class Result:
    rows: int
    changes: dict  # code -> {field: [old, new]}
    created: int = 0

    @property
    def changed(self):
        return len(self.changes)

    @property
    def unchanged(self):
        return self.rows - self.changed


def _boolean(text):
    value = text.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValueError(f"{text.strip()!r} is not one of true/false, yes/no, 1/0")


def _emails(text):
    addresses = []
    for address in re.split(r"[;\s]+", text.strip()):
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            raise ValueError(f"{address!r} is not an e-mail address") from None
        if address not in addresses:
            addresses.append(address)
    return addresses


def _language(text):
    value = text.strip().lower()
    if value not in Language.values:
        raise ValueError(f"{text.strip()!r} is not one of {', '.join(Language.values)}")
    return value


PARSERS = {
    "is_member": ("is_member", _boolean),
    "is_represented": ("is_represented", _boolean),
    "mission_emails": ("contact_emails", _emails),
    "language": ("language", _language),
}


def _check_row(line, cells, header, index, known_codes, seen, errors, rows):
    if not any(cell.strip() for cell in cells):
        return
    if len(cells) != len(header):
        errors.append(f"line {line}: {len(cells)} fields, the header has {len(header)}")
        return
    code = cells[index["alpha3"]].strip().upper()
    row = Row(line=line, code=code)
    if code not in known_codes:
        errors.append(f"line {line}, column alpha3: {code!r} is not a UN member state's code")
    elif code in seen:
        errors.append(f"line {line}, column alpha3: {code} is already on line {seen[code]}")
    else:
        seen[code] = line
    for column, (attribute, parser) in PARSERS.items():
        try:
            row.values[attribute] = parser(cells[index[column]])
        except ValueError as problem:
            errors.append(f"line {line}, column {column}: {problem}")
    rows.append(row)


def parse(content: bytes, known_codes):
    """The rows of a membership file, or MembershipFileError listing every problem."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MembershipFileError(["the file is not UTF-8 text"]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise MembershipFileError(
            [f"line 1: the header lacks the column(s) {', '.join(missing)}"
             f" (expected {','.join(COLUMNS)})"]
        )  # fmt: skip
    repeated = sorted({name for name in header if name in COLUMNS and header.count(name) > 1})
    if repeated:
        raise MembershipFileError([f"line 1: the header repeats {', '.join(repeated)}"])
    index = {name: header.index(name) for name in COLUMNS}
    errors, rows, seen = [], [], {}
    try:
        for cells in reader:
            _check_row(reader.line_num, cells, header, index, known_codes, seen, errors, rows)
    except csv.Error as problem:
        errors.append(f"line {reader.line_num}: {problem}")
    if errors:
        raise MembershipFileError(errors)
    return rows


def apply(rows, *, source, content, action="member_states.import", actor=None):
    """Write the rows' membership and audit it; returns a Result.

    Call inside a transaction: the changes and their audit event are one."""
    states = MemberState.objects.select_for_update().in_bulk(
        [row.code for row in rows], field_name="code"
    )
    changes = {}
    for row in rows:
        state = states[row.code]
        diff = {
            name: [getattr(state, name), row.values[name]]
            for name in FIELDS
            if getattr(state, name) != row.values[name]
        }
        if diff:
            for name, (_, new) in diff.items():
                setattr(state, name, new)
            state.save(update_fields=list(diff))
            changes[row.code] = diff
    result = Result(rows=len(rows), changes=changes)
    audit.record(
        action,
        actor=actor,
        details={
            "file": source,
            "sha256": hashlib.sha256(content).hexdigest(),
            "rows": result.rows,
            "changed": result.changed,
            "unchanged": result.unchanged,
            "changes": changes,
        },
    )
    return result


def import_file(content: bytes, *, source, **options):
    """Parse, then (only if every row is good) apply in one transaction.

    The UN member states are created first where missing, so that a new database can
    take the organization's file directly."""
    rows = parse(content, reference_codes())
    with transaction.atomic():
        created = load_member_states().created
        result = apply(rows, source=source, content=content, **options)
        result.created = created
    return result
