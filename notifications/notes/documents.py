"""The PDFs an outgoing note's e-mail carries, rendered once and kept as Documents.

Rendered by the send task before it claims the message (``prepare``), never in the
transaction of the change: a call to 175 missions would hold it for half a minute. Each
PDF is rendered under a lock on the row it belongs to (the note; the post for its terms
of reference), and a unique constraint keeps one Document per note and per post even
where rows are not locked (SQLite): a second run, or a second worker, reuses it. The
Secretariat and the mission find them later through the document download paths
(workflows/documents.py, ``download_response``).
"""

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from nominations.models import Document, NoteVerbale, Post
from nominations.models.choices import POST_LANGUAGES
from nominations.models.competencies import Competency
from nominations.uploads import clean_original_name
from notifications.models import OutgoingMessage
from workflows import audit

from . import wording
from .pdf import render_pdf

NOTE_LABEL = {"en": "Note verbale", "fr": "Note verbale", "es": "Nota verbal"}
COMPETENCY_HEADINGS = [
    (Competency.Kind.VALUE, "Values"),
    (Competency.Kind.CORE, "Core competencies"),
    (Competency.Kind.MANAGERIAL, "Managerial competencies"),
]


def _store(content, *, name, find, audit_obj, **fields):
    """Store ``content`` as a new Document, or return the one ``find`` finds if another
    run stored it first."""
    document = Document(
        original_name=clean_original_name(name),
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        **fields,
    )
    document.file.save("note.pdf", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.save(force_insert=True)
            audit.record(
                "document.generate",
                actor=None,
                obj=audit_obj,
                details={
                    "document": document.pk,
                    "kind": document.kind,
                    "sha256": document.sha256,
                    "size": document.size,
                },
            )
    except IntegrityError:
        document.file.storage.delete(document.file.name)
        return find()
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


def _outgoing_pdf(note):
    return Document.objects.filter(
        note_verbale=note, nomination__isnull=True, kind=Document.Kind.NOTE_VERBALE
    ).first()


def note_pdf(note):
    """The note's PDF, rendered from its stored text the first time it is asked for."""
    with transaction.atomic():
        list(NoteVerbale.objects.select_for_update().filter(pk=note.pk).values_list("pk"))
        existing = _outgoing_pdf(note)
        if existing is not None:
            return existing
        label = NOTE_LABEL.get(note.language, NOTE_LABEL["en"])
        return _store(
            render_pdf(note.body),
            name=f"{label} {note.reference.replace('/', '-')}.pdf",
            find=lambda: _outgoing_pdf(note),
            audit_obj=note,
            kind=Document.Kind.NOTE_VERBALE,
            note_verbale=note,
        )


def _terms(post):
    return Document.objects.filter(post=post, kind=Document.Kind.TERMS_OF_REFERENCE).first()


def terms_context(post):
    names = dict(POST_LANGUAGES)
    groups = {kind: [] for kind, _heading in COMPETENCY_HEADINGS}
    for row in post.required_competencies.order_by("position", "id"):
        groups.setdefault(row.kind, []).append(
            {"name": row.name, "level": row.level or "", "description": row.description}
        )
    organization = wording.organization("en")
    return {
        "organization": organization,
        "call_reference": post.call.reference,
        "competency_groups": [
            {"heading": heading, "rows": groups[kind]}
            for kind, heading in COMPETENCY_HEADINGS
            if groups[kind]
        ],
        "post": {
            "title": post.title,
            "duty_station": post.duty_station,
            "grade": post.grade,
            "organizational_unit": post.organizational_unit,
            "reports_to": post.reports_to,
            "closes": wording.closing_time(post.deadline_date, "en") if post.deadline_date else "",
            "background": post.background,
            "duties_intro": post.duties_intro,
            "duties": list(post.duties),
            "other_requirements": post.other_requirements,
            "min_degree": post.get_min_degree_display(),
            "education": post.education,
            "min_years_experience": post.min_years_experience,
            "experience": post.experience,
            "required_languages": ", ".join(str(names.get(c, c)) for c in post.required_languages),
            "asset_languages": ", ".join(str(names.get(c, c)) for c in post.asset_languages),
            "languages_text": post.languages_text,
        },
    }


def terms_of_reference(post):
    """The post's terms of reference as a PDF, rendered once, enclosed with its call note."""
    from django.template.loader import render_to_string

    with transaction.atomic():
        list(Post.objects.select_for_update().filter(pk=post.pk).values_list("pk"))
        existing = _terms(post)
        if existing is not None:
            return existing
        post = Post.objects.select_related("call").get(pk=post.pk)
        html = render_to_string("notes/terms_of_reference.html", terms_context(post))
        return _store(
            render_pdf(html),
            name=f"Terms of reference - {post.title}.pdf",
            find=lambda: _terms(post),
            audit_obj=post,
            kind=Document.Kind.TERMS_OF_REFERENCE,
            post=post,
        )


def attach(message):
    """Render (once) and attach what the message's note carries: the note's PDF and, for
    a call, each post's terms of reference."""
    note = message.note_verbale
    if note is None or note.direction != NoteVerbale.Direction.OUTGOING or not note.kind:
        return []
    documents = [note_pdf(note)]
    if note.kind == NoteVerbale.Kind.CALL:
        documents += [terms_of_reference(post) for post in note.posts.order_by("pk")]
    for document in documents:  # one by one: the e-mail lists them in this order
        message.attachments.add(document)
    return documents


def prepare(message_id):
    """Attach the PDFs of a queued message before the send task claims it.

    A worker killed while rendering leaves the row ``queued``: the sweep hands it to a
    worker again, which finds what was stored and renders only what is missing.
    """
    message = (
        OutgoingMessage.objects.select_related("note_verbale")
        .filter(pk=message_id, status=OutgoingMessage.Status.QUEUED)
        .first()
    )
    if message is None:
        return []
    return attach(message)
