"""The French and Spanish catalogues: complete, not fuzzy, placeholders intact, and holding
every message the code and templates mark (a fresh extraction finds nothing new)."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from web import catalogues

IGNORE = [".venv", "node_modules", "var"]


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_the_catalogue_has_no_fuzzy_untranslated_or_broken_message(language):
    entries = catalogues.load(language)
    assert len(catalogues.messages(entries)) > 500
    assert catalogues.problems(entries) == []


def test_the_check_finds_a_fuzzy_an_empty_and_a_broken_translation():
    text = r"""msgid ""
msgstr ""
"Plural-Forms: nplurals=2; plural=(n > 1);\n"

#, fuzzy, python-format
msgid "Call %(reference)s"
msgstr "Appel %(reference)s"

msgid "Deadline"
msgstr ""

msgid "By %(date)s"
msgstr "Au plus tard le %(day)s"

msgid "%(n)s note"
msgid_plural "%(n)s notes"
msgstr[0] "%(n)s note"
msgstr[1] ""

msgid "Fine"
msgstr "Bien"
"""
    found = catalogues.problems(catalogues.parse(text))
    assert found == [
        "'Call %(reference)s' is fuzzy",
        "'Deadline' is not translated",
        "'By %(date)s': placeholders ['%(day)s'] ≠ ['%(date)s']",
        "'%(n)s note' is not translated",
    ]


def test_a_catalogue_reads_back_as_it_was_written():
    for language in catalogues.LANGUAGES:
        entries = catalogues.load(language)
        again = catalogues.parse(catalogues.render(entries))
        assert [(e.key, e.msgstr, e.plurals, e.flags) for e in again] == [
            (e.key, e.msgstr, e.plurals, e.flags) for e in entries
        ]


@pytest.fixture
def extracted():
    """The messages marked in the source today, extracted as `make makemessages` does but
    into an empty catalogue, the committed ones untouched. makemessages writes a file's
    messages to the first locale directory whose parent holds the file, so the scratch one
    sits at the top of the project, just for the extraction."""
    if shutil.which("xgettext") is None:
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail("xgettext (GNU gettext) is missing: apt-get install gettext")
        pytest.skip("xgettext (GNU gettext) is missing")
    scratch = Path(tempfile.mkdtemp(prefix=".i18n-extract-", dir=settings.BASE_DIR))
    cwd = Path.cwd()
    os.chdir(settings.BASE_DIR)
    try:
        with override_settings(LOCALE_PATHS=[scratch]):
            call_command(
                "makemessages",
                locale=["fr"],
                # The committed catalogues' directory would take the messages otherwise.
                ignore_patterns=[*IGNORE, scratch.name, "locale"],
                no_obsolete=True,
                verbosity=0,
            )
        text = (scratch / "fr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    finally:
        os.chdir(cwd)
        shutil.rmtree(scratch)
    return {entry.key for entry in catalogues.messages(catalogues.parse(text))}


def test_every_marked_message_is_in_both_catalogues_and_nothing_stale(extracted):
    assert len(extracted) > 500
    for language in catalogues.LANGUAGES:
        committed = {entry.key for entry in catalogues.messages(catalogues.load(language))}
        new = sorted(extracted - committed)
        assert new == [], f"{language}: not in the catalogue (run `make makemessages`): {new}"
        stale = sorted(committed - extracted)
        assert stale == [], f"{language}: no longer in the source (`make makemessages`): {stale}"
