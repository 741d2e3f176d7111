"""The Secretariat's own wording of a note (NoteTemplate, edited in the admin), rendered
in a sandbox.

The sandbox is a template engine of its own: it loads no tag library (``{% load %}``
fails) and knows no template but the notes' bases (``{% extends "notes/base.fr.html"
%}``), and it renders a deep copy of the note's values (strings, lists and dicts of
them), so a template cannot reach the database, the settings or another page, nor change
what other notes are given.
"""

import copy
from functools import cache
from pathlib import Path

from django.template import Context, Engine

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "notes"
BASES = ("base.html", "base.en.html", "base.fr.html", "base.es.html")


@cache
def engine():
    sources = {f"notes/{name}": (TEMPLATES / name).read_text(encoding="utf-8") for name in BASES}
    return Engine(
        loaders=[("django.template.loaders.locmem.Loader", sources)],
        libraries={},
        autoescape=True,
    )


def file_text(kind, language):
    """The wording of the template file an override replaces."""
    return (TEMPLATES / f"{kind}.{language}.html").read_text(encoding="utf-8")


def compile_text(text):
    """The override's template; TemplateSyntaxError (or TemplateDoesNotExist) if invalid."""
    return engine().from_string(text)


def active(kind):
    """The active overrides of ``kind``, by language (one query)."""
    from notifications.models import NoteTemplate

    return dict(
        NoteTemplate.objects.filter(kind=kind, is_active=True).values_list("language", "text")
    )


def render(text, context):
    return compile_text(text).render(Context(copy.deepcopy(context)))
