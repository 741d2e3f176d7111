"""The French and Spanish catalogues' state, and filling them from a translator's file.

    manage.py translations                 what is untranslated or fuzzy, per language
    manage.py translations --missing F     write F: a JSON skeleton of every message that
                                           needs a translation, to be filled in
    manage.py translations --fill F        put F's translations into the .po files

F maps each message to its translations: {"Deadline": {"fr": "Date limite", "es": "Plazo"}};
a plural message by its singular, with a list of forms ({"fr": [one, many], "es": [one,
many]}); a message with a context as "context\\u0004message". Filling keeps the
placeholders' check: a translation whose placeholders differ is refused, and a filled
entry loses its "fuzzy" flag. `make makemessages` extracts first (README, Translations).
"""

import dataclasses
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from web import catalogues


def _forms(value, count):
    """A plural message's forms for a catalogue of ``count`` forms: the last form given
    repeats (Spanish's third form, for millions, reads as its plural)."""
    forms = list(value) if isinstance(value, list | tuple) else [value]
    return (forms + [forms[-1]] * count)[:count]


class Command(BaseCommand):
    help = "Report on, export or fill the French and Spanish catalogues (locale/)."

    def add_arguments(self, parser):
        parser.add_argument("--missing", metavar="FILE", help="write the untranslated as JSON")
        parser.add_argument("--fill", metavar="FILE", help="fill the catalogues from JSON")

    def handle(self, *args, missing=None, fill=None, **options):
        if fill:
            self._fill(json.loads(Path(fill).read_text(encoding="utf-8")))
        if missing:
            self._export(Path(missing))
        self._report()

    def _fill(self, translations):
        refused = []
        for language in catalogues.LANGUAGES:
            entries = catalogues.load(language)
            count = catalogues.plural_count(entries)
            for entry in catalogues.messages(entries):
                given = translations.get(entry.key, {}).get(language)
                if not given:
                    continue
                if entry.msgid_plural is not None:
                    candidate = dataclass_copy(entry, plurals=_forms(given, count))
                else:
                    candidate = dataclass_copy(entry, msgstr=str(given))
                wrong = catalogues.problems([candidate], count)
                if wrong:
                    refused.extend(f"{language}: {problem}" for problem in wrong)
                    continue
                entry.msgstr, entry.plurals = candidate.msgstr, candidate.plurals
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
                # msgmerge's note of the message a fuzzy guess came from.
                entry.comments = [line for line in entry.comments if not line.startswith("#|")]
            catalogues.settle_header(entries, language)
            catalogues.path_of(language).write_text(catalogues.render(entries), encoding="utf-8")
        if refused:
            raise CommandError("Refused:\n" + "\n".join(refused))

    def _export(self, path):
        skeleton = {}
        for language in catalogues.LANGUAGES:
            for entry in catalogues.messages(catalogues.load(language)):
                if entry.fuzzy or not entry.translated:
                    item = skeleton.setdefault(entry.key, {})
                    item[language] = ["", ""] if entry.msgid_plural is not None else ""
        path.write_text(json.dumps(skeleton, ensure_ascii=False, indent=1), encoding="utf-8")
        self.stdout.write(f"{len(skeleton)} messages to translate written to {path}")

    def _report(self):
        for language in catalogues.LANGUAGES:
            entries = catalogues.load(language)
            problems = catalogues.problems(entries)
            total = len(catalogues.messages(entries))
            self.stdout.write(f"{language}: {total} messages, {len(problems)} problems")
            for problem in problems[:20]:
                self.stdout.write(f"  {problem}")


def dataclass_copy(entry, **changes):
    return dataclasses.replace(entry, flags=[], **changes)
