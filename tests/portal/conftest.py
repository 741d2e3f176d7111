import hashlib

import pytest
from django.core.files.base import ContentFile

from nominations.models import Call, Document, NoteVerbale
from tests import factories


def note_pdf(note, content=b"%PDF-1.4 note"):
    return Document.objects.create(
        note_verbale=note,
        kind=Document.Kind.NOTE_VERBALE,
        file=ContentFile(content, name="note.pdf"),
        original_name="note.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def outgoing(state, kind=NoteVerbale.Kind.ACKNOWLEDGEMENT, **kwargs):
    return factories.NoteVerbaleFactory(
        direction=NoteVerbale.Direction.OUTGOING,
        kind=kind,
        member_state=state,
        received_at=None,
        **kwargs,
    )


@pytest.fixture
def portal_world(world, member_states):
    """``world`` (tests/conftest.py) and: a sponsored call addressed to Kenya only, an
    acknowledgement to each mission with its PDF, one to France not rendered yet."""
    sponsored = factories.CallFactory(
        reference="EO/999/2026", addressees=Call.Addressees.CHOSEN, title="Sponsored"
    )
    sponsored.addressed_states.set([member_states["KEN"]])
    kenyan_post = factories.PostFactory(call=sponsored, title="Kenyan Only Post", status="open")
    own_note = outgoing(member_states["FRA"], reference="EO/001/2026", call=world["call"])
    other_note = outgoing(member_states["KEN"], reference="EO/002/2026", call=world["call"])
    pending_note = outgoing(
        member_states["FRA"], kind=NoteVerbale.Kind.REMINDER_INCOMPLETE, reference="EO/003/2026"
    )
    return {
        **world,
        "sponsored": sponsored,
        "kenyan_post": kenyan_post,
        "own_note": own_note,
        "own_pdf": note_pdf(own_note),
        "other_note": other_note,
        "other_pdf": note_pdf(other_note, b"%PDF-1.4 kenyan note"),
        "pending_note": pending_note,
    }
