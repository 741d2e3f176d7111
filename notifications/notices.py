"""The messages that state changes cause, rendered in the mission's language."""

from django.template.loader import render_to_string
from django.utils import translation

from nominations.models import NoteVerbale

from . import outbox
from .models import OutgoingMessage


def _render(template, language, context):
    with translation.override(language):
        text = render_to_string(f"notifications/{template}.txt", context).strip()
    subject, _, body = text.partition("\n")
    return subject.strip(), body.strip()


def _to_every_mission(post, kind, template, context):
    """One outgoing note verbale (and its e-mail) per mission the post's call is addressed to."""
    states = list(post.call.addressee_states().order_by("code"))
    notes, messages = [], []
    for state in states:
        subject, body = _render(
            template, state.language, {**context, "post": post, "member_state": state}
        )
        notes.append(
            NoteVerbale(
                direction=NoteVerbale.Direction.OUTGOING,
                member_state=state,
                call=post.call,
                reference=f"{post.call.reference}/{kind.upper()}/{post.pk}/{state.code}",
                channel=NoteVerbale.Channel.EMAIL,
                language=state.language,
                subject=subject,
                body=body,
            )
        )
    notes = NoteVerbale.objects.bulk_create(notes)
    for state, note in zip(states, notes, strict=True):
        messages.append(
            OutgoingMessage(
                idempotency_key=f"{kind}:{context['event'].pk}:{state.code}",
                kind=kind,
                to=list(state.contact_emails),
                language=state.language,
                subject=note.subject,
                body=note.body,
                member_state=state,
                note_verbale=note,
            )
        )
    outbox.queue(messages)


def call_issued(post, event):
    _to_every_mission(post, "call", "call_issued", {"event": event, "call": post.call})


def deadline_moved(post, event):
    _to_every_mission(post, "deadline", "deadline_moved", {"event": event, "reason": event.reason})


def nomination_acknowledged(nomination, event):
    state = nomination.member_state
    subject, body = _render(
        "acknowledgement", state.language, {"nomination": nomination, "event": event}
    )
    outbox.queue(
        [
            OutgoingMessage(
                idempotency_key=f"ack:{nomination.pk}",
                kind="acknowledgement",
                to=list(state.contact_emails),
                language=state.language,
                subject=subject,
                body=body,
                member_state=state,
                note_verbale=nomination.note_verbale,
                nomination=nomination,
            )
        ]
    )
