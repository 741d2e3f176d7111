"""Writing outgoing notes verbales: numbered, worded from their templates, queued.

``send`` runs inside the transaction of the change that causes the notes. It numbers
them in the Secretariat's series, renders each note's text (HTML) and its short e-mail
from the templates of its kind in the mission's language, stores the NoteVerbale rows
and queues their messages. The PDF is rendered later, by the send task
(notes/documents.py), from the text stored here: a note says what it said when it was
numbered, whatever changes afterwards.
"""

import logging
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from nominations.models import NoteVerbale
from notifications import outbox
from notifications.models import OutgoingMessage

from . import overrides, references, wording

logger = logging.getLogger(__name__)


def _no_context(language):
    return {}


@dataclass
class Draft:
    """One note to one mission, before it has a number.

    ``context`` gives what the note's template needs beyond the common values, in the
    note's language (a function of the language code).
    """

    member_state: object
    key: str
    posts: list = field(default_factory=list)
    context: object = _no_context
    in_reply_to: object = None
    # The one nomination the note is about, if it is about one: its page lists the message.
    nomination: object = None


def post_values(post, language):
    """What a note says of a post, as plain text in ``language``."""
    return {
        "title": post.title,
        "duty_station": post.duty_station,
        "grade": post.grade,
        "deadline": wording.long_date(post.deadline_date, language) if post.deadline_date else "",
        "closes": wording.closing_time(post.deadline_date, language) if post.deadline_date else "",
    }


def cited_note(note, language):
    """How a note cites another (the mission's, or an earlier one of ours)."""
    if note is None:
        return {"reference": "", "dated": "", "received": ""}
    from workflows.deadlines import seat_zone

    received = note.received_at.astimezone(seat_zone()).date() if note.received_at else None
    return {
        "reference": note.reference,
        "dated": wording.long_date(note.dated_on, language) if note.dated_on else "",
        "received": wording.long_date(received, language) if received else "",
    }


def _context(kind, draft, *, call, reference, dated_on, language):
    organization = dict(wording.organization(language))
    posts = [post_values(post, language) for post in draft.posts]
    dates = {post.deadline_date for post in draft.posts}
    shared = dates.pop() if len(dates) == 1 else None
    context = {
        "kind": kind,
        "language": language,
        "reference": reference,
        "dated": wording.long_date(dated_on, language),
        "place_and_date": wording.place_and_date(dated_on, language),
        "organization": organization,
        "organization_name": organization["name"],
        "mission": wording.mission(draft.member_state, language),
        "call_reference": call.reference if call else "",
        "call_title": call.title if call else "",
        "enquiry_email": call.enquiry_email if call else "",
        "posts": posts,
        # The one closing time of all the posts, or "" when they close apart.
        "deadline": wording.closing_time(shared, language) if shared else "",
    }
    context.update(draft.context(language))
    return context


def render(kind, draft, *, call, reference, dated_on, overridden=None):
    """The note's text (HTML), its subject, and its e-mail's subject and body, in the
    mission's language; nothing is stored. ``overridden``: the Secretariat's own wording
    of this kind by language (overrides.active), read from the database if not given."""
    language = wording.language_of(draft.member_state.language)
    if overridden is None:
        overridden = overrides.active(kind)
    # Translatable strings a caller gives (what is missing) come out in this language.
    with translation.override(language):
        context = _context(
            kind, draft, call=call, reference=reference, dated_on=dated_on, language=language
        )
        return _words(kind, context, language, overridden.get(language))


def _words(kind, context, language, override=None):
    """The note's text (HTML), its subject, and its e-mail's subject and body."""
    subject = render_to_string(f"notes/subject.{language}.txt", context).strip()
    context = {**context, "subject": subject}
    if override:
        html = overrides.render(override, context)
    else:
        html = render_to_string(f"notes/{kind}.{language}.html", context)
    email = render_to_string(f"notes/email.{language}.txt", context).strip()
    email_subject, _, email_body = email.partition("\n")
    return html, subject, email_subject.strip(), email_body.strip()


def _render_later(note_ids):
    from notifications.tasks import render_note

    for note_id in note_ids:
        try:
            render_note.delay(note_id)
        except Exception:  # noqa: BLE001 - the broker being down must not undo the change
            logger.warning("Broker unavailable; note %s is rendered when next asked for", note_id)
            return


def send(kind, drafts, *, call, send_by=None, unaddressed=True):
    """Number, word and queue one outgoing note per draft; return the messages queued.

    A draft whose idempotency key is already in the outbox is dropped before numbering,
    so a repeated call neither sends twice nor uses a number. A mission without an
    e-mail address gets its note (to be delivered otherwise; its PDF is rendered all the
    same) unless ``unaddressed`` is False (a reminder nobody can receive is not written).
    """
    if not drafts:
        return []
    taken = set(
        OutgoingMessage.objects.filter(
            idempotency_key__in=[draft.key for draft in drafts]
        ).values_list("idempotency_key", flat=True)
    )
    drafts = [
        draft
        for draft in drafts
        if draft.key not in taken and (unaddressed or draft.member_state.contact_emails)
    ]
    if not drafts:
        return []
    dated_on = references.note_date()
    numbers = references.allocate(len(drafts), on=dated_on)
    overridden = overrides.active(kind)
    notes, emails = [], []
    for draft, reference in zip(drafts, numbers, strict=True):
        language = wording.language_of(draft.member_state.language)
        html, subject, email_subject, email_body = render(
            kind, draft, call=call, reference=reference, dated_on=dated_on, overridden=overridden
        )
        notes.append(
            NoteVerbale(
                direction=NoteVerbale.Direction.OUTGOING,
                kind=kind,
                member_state=draft.member_state,
                call=call,
                in_reply_to=draft.in_reply_to,
                reference=reference,
                dated_on=dated_on,
                channel=NoteVerbale.Channel.EMAIL,
                language=language,
                subject=subject[:200],
                body=html,
            )
        )
        emails.append((email_subject[:250], email_body))
    notes = NoteVerbale.objects.bulk_create(notes)
    NoteVerbale.posts.through.objects.bulk_create(
        [
            NoteVerbale.posts.through(noteverbale_id=note.pk, post_id=post.pk)
            for draft, note in zip(drafts, notes, strict=True)
            for post in draft.posts
        ]
    )
    messages = [
        OutgoingMessage(
            idempotency_key=draft.key,
            kind=kind,
            to=list(draft.member_state.contact_emails),
            language=note.language,
            subject=subject,
            body=body,
            member_state=draft.member_state,
            note_verbale=note,
            nomination=draft.nomination,
            send_by=send_by,
        )
        for draft, note, (subject, body) in zip(drafts, notes, emails, strict=True)
    ]
    queued = outbox.queue(messages)
    unsent = [
        note.pk
        for draft, note in zip(drafts, notes, strict=True)
        if not draft.member_state.contact_emails
    ]
    if unsent:
        transaction.on_commit(partial(_render_later, unsent))
    return queued
