"""Read and write the project's gettext catalogues (locale/<language>/LC_MESSAGES/django.po).

Enough of the PO format for what `makemessages` writes: comments, flags, msgctxt, msgid,
msgid_plural and msgstr / msgstr[n], each possibly over several quoted lines. The
`translations` command fills catalogues with it and tests/i18n checks them with it; no
third-party package needed.
"""

import dataclasses
import re
from pathlib import Path

from django.conf import settings

LANGUAGES = ("fr", "es")

# %(name)s, %s, %d and {name} / {0}: what must come through a translation unchanged.
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdif]|%[sdif]|\{[A-Za-z0-9_]*\}")

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


@dataclasses.dataclass
class Entry:
    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    plurals: list = dataclasses.field(default_factory=list)  # msgstr[n]
    comments: list = dataclasses.field(default_factory=list)  # "#." "#:" "# " lines
    flags: list = dataclasses.field(default_factory=list)  # from "#, ..."
    obsolete: bool = False

    @property
    def key(self):
        """msgctxt + EOT + msgid, as gettext keys a message with a context."""
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid

    @property
    def fuzzy(self):
        return "fuzzy" in self.flags

    @property
    def translated(self):
        if self.msgid_plural is not None:
            return bool(self.plurals) and all(self.plurals)
        return bool(self.msgstr)

    def translations(self):
        return self.plurals if self.msgid_plural is not None else [self.msgstr]


def path_of(language):
    return Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"


def _unquote(text):
    text = text.strip()
    if not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"not a quoted PO string: {text!r}")
    body = text[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def _quote(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = escaped.split("\n")
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if len(parts) <= 1 and len(escaped) < 70:
        return f'"{parts[0] if parts else ""}"'
    return '""\n' + "\n".join(f'"{part}"' for part in parts)


def parse(text):
    """[Entry] of a PO file's text, the header (msgid "") first."""
    entries = []
    current = None
    field = None

    def finish():
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for raw in text.splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            field = None
            continue
        if line.startswith("#") and not obsolete:
            if current is not None and field is not None:
                finish()
                field = None
            if current is None:
                current = Entry(msgid="")
            if line.startswith("#,"):
                current.flags.extend(flag.strip() for flag in line[2:].split(",") if flag.strip())
            else:
                current.comments.append(raw)
            continue
        if current is None:
            current = Entry(msgid="")
        current.obsolete = current.obsolete or obsolete
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if match:
            keyword, index, value = match.groups()
            value = _unquote(value)
            if keyword == "msgid" and field is not None and field.startswith("msgstr"):
                # A new entry without a blank line between.
                finish()
                current = Entry(msgid="")
            if index is not None:
                index = int(index)
                while len(current.plurals) <= index:
                    current.plurals.append("")
                current.plurals[index] = value
                field = f"msgstr[{index}]"
            else:
                setattr(current, keyword, value)
                field = keyword
        elif line.startswith('"') and field is not None:
            value = _unquote(line)
            if field.startswith("msgstr["):
                current.plurals[int(field[7:-1])] += value
            else:
                setattr(current, field, (getattr(current, field) or "") + value)
        else:
            raise ValueError(f"cannot read PO line: {raw!r}")
    finish()
    return entries


def render(entries):
    """The PO text of ``entries``."""
    blocks = []
    for entry in entries:
        lines = list(entry.comments)
        if entry.flags:
            lines.append("#, " + ", ".join(entry.flags))
        if entry.msgctxt is not None:
            lines.append(f"msgctxt {_quote(entry.msgctxt)}")
        lines.append(f"msgid {_quote(entry.msgid)}")
        if entry.msgid_plural is not None:
            lines.append(f"msgid_plural {_quote(entry.msgid_plural)}")
            for index, form in enumerate(entry.plurals):
                lines.append(f"msgstr[{index}] {_quote(form)}")
        else:
            lines.append(f"msgstr {_quote(entry.msgstr)}")
        if entry.obsolete:
            lines = [f"#~ {line}" if not line.startswith("#") else line for line in lines]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def load(language):
    return parse(path_of(language).read_text(encoding="utf-8"))


def messages(entries):
    """The entries that are messages (not the header, not obsolete)."""
    return [entry for entry in entries if entry.msgid and not entry.obsolete]


def plural_count(entries):
    """nplurals of the catalogue's Plural-Forms header."""
    header = next((entry for entry in entries if entry.msgid == ""), None)
    match = re.search(r"nplurals\s*=\s*(\d+)", header.msgstr if header else "")
    return int(match.group(1)) if match else 2


def settle_header(entries, language):
    """makemessages writes a fuzzy header with blanks, which msgfmt would skip (and with it
    the plural forms): keep it, filled in, not fuzzy."""
    header = next((entry for entry in entries if entry.msgid == ""), None)
    if header is None:
        return
    header.flags = [flag for flag in header.flags if flag != "fuzzy"]
    values = {
        "Project-Id-Version": "Nomina",
        "Language": language,
        "Language-Team": {"fr": "French", "es": "Spanish"}.get(language, language),
        "Last-Translator": "Nomina <nomina@localhost>",
        "PO-Revision-Date": "2026-12-01 12:00+0100",
    }
    lines = []
    for line in header.msgstr.split("\n"):
        name = line.split(":", 1)[0]
        lines.append(f"{name}: {values[name]}" if name in values else line)
    header.msgstr = "\n".join(lines)
    header.comments = [c for c in header.comments if not c.startswith("# SOME DESCRIPTIVE")]


def placeholders(text):
    """The placeholders of ``text``, as a sorted list (order may change in a translation)."""
    return sorted(PLACEHOLDER.findall(text))


def problems(entries, count=None):
    """Why each message of a catalogue is not ready, as sentences: fuzzy, untranslated, or
    a translation whose placeholders differ from the English. ``count``: the plural forms
    (else the catalogue's header says)."""
    found = []
    count = count or plural_count(entries)
    for entry in messages(entries):
        label = repr(entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}|{entry.msgid}")
        if entry.fuzzy:
            found.append(f"{label} is fuzzy")
        if not entry.translated:
            found.append(f"{label} is not translated")
            continue
        if entry.msgid_plural is not None:
            if len(entry.plurals) != count:
                found.append(f"{label} has {len(entry.plurals)} plural forms, not {count}")
            # A singular form may say "one" instead of the number; no form adds any.
            allowed = set(placeholders(entry.msgid) + placeholders(entry.msgid_plural))
            plural = placeholders(entry.msgid_plural)
            for form in entry.plurals[1:]:
                if placeholders(form) != plural:
                    found.append(f"{label}: placeholders {placeholders(form)} ≠ {plural}")
            if not set(placeholders(entry.plurals[0])) <= allowed:
                found.append(f"{label}: the singular adds a placeholder")
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            found.append(
                f"{label}: placeholders {placeholders(entry.msgstr)} ≠ {placeholders(entry.msgid)}"
            )
    return found
