"""The Secretariat's own wording of a note, edited in the admin: used for the notes numbered
after it, in its language only, and rendered in a sandbox that sees only the note's
values."""

import html

import pytest
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.urls import reverse
from django.utils.html import strip_tags

from nominations.models import NoteVerbale
from notifications.models import NoteTemplate
from notifications.notes import overrides
from tests import factories
from workflows import transitions
from workflows.models import AuditEvent

FRENCH_CALL = """{% extends "notes/base.fr.html" %}
{% block honour %}d’inviter la {{ mission }} à proposer des candidatures, avant le {{ deadline }}, pour {{ posts|length }} poste(s).{% endblock %}
{% block more %}<p>Texte revu par le Secrétariat.</p>{% endblock %}
"""


def _text(note):
    return " ".join(html.unescape(strip_tags(note.body)).split())


def _issue(secretariat):
    transitions.take(factories.PostFactory(status="draft"), "issue_call", actor=secretariat)
    return {note.member_state.code: note for note in NoteVerbale.objects.filter(kind="call")}


@pytest.fixture
def french_france(member_states):
    member_states["FRA"].language = "fr"
    member_states["FRA"].save()


@pytest.mark.django_db
def test_an_active_override_words_the_notes_of_its_kind_and_language(secretariat, french_france):
    NoteTemplate.objects.create(kind="call", language="fr", text=FRENCH_CALL)
    notes = _issue(secretariat)

    french = _text(notes["FRA"])
    assert "d’inviter la Mission permanente d’État FRA à proposer des candidatures" in french
    assert "pour 1 poste(s). Texte revu par le Secrétariat." in french
    # The base still gives the letterhead, the reference and the closing formula.
    assert notes["FRA"].reference in french
    assert "les assurances de sa très haute considération" in french
    # English notes keep the file's wording.
    assert "has the honour to request, under call for nominations" in _text(notes["KEN"])


@pytest.mark.django_db
def test_an_override_not_in_use_leaves_the_file_in_use(secretariat, french_france):
    NoteTemplate.objects.create(kind="call", language="fr", text=FRENCH_CALL, is_active=False)
    notes = _issue(secretariat)
    assert "a l’honneur de solliciter" in _text(notes["FRA"])


@pytest.mark.parametrize(
    "text,error",
    [
        ("{% load static %}{% static 'x' %}", TemplateSyntaxError),
        ('{% include "web/base.html" %}', TemplateDoesNotExist),
        ('{% extends "workbench/home.html" %}', TemplateDoesNotExist),
    ],
)
def test_the_sandbox_loads_no_tag_library_and_no_other_template(text, error):
    with pytest.raises(error):
        overrides.render(text, {})


def test_the_sandbox_cannot_change_what_it_is_given():
    organization = settings.NOMINA_ORGANIZATION["fr"]
    before = dict(organization)
    context = {"organization": organization, "posts": [{"title": "A"}]}
    overrides.render("{{ organization.clear }}{{ posts.pop }}", context)
    assert settings.NOMINA_ORGANIZATION["fr"] == before
    assert context["posts"] == [{"title": "A"}]


@pytest.mark.django_db
def test_the_secretariat_saves_a_wording_in_the_admin_tried_first_and_audited(client, secretariat):
    client.force_login(secretariat)
    url = reverse("admin:notifications_notetemplate_add")
    refused = client.post(
        url, {"kind": "call", "language": "fr", "text": "{% load i18n %}x", "is_active": "on"}
    )
    assert refused.status_code == 200
    assert "This wording cannot be used" in refused.content.decode()
    assert not NoteTemplate.objects.exists()

    saved = client.post(
        url, {"kind": "call", "language": "fr", "text": FRENCH_CALL, "is_active": "on"}
    )
    assert saved.status_code == 302
    template = NoteTemplate.objects.get()
    assert template.text.strip() == FRENCH_CALL.strip()
    assert (
        AuditEvent.objects.filter(
            action="admin.add", object_type="notifications.notetemplate"
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_a_wording_left_empty_starts_as_the_files(client, secretariat):
    client.force_login(secretariat)
    client.post(
        reverse("admin:notifications_notetemplate_add"),
        {"kind": "extension", "language": "es", "text": "", "is_active": ""},
    )
    template = NoteTemplate.objects.get()
    assert template.text == overrides.file_text("extension", "es")
    assert template.is_active is False
