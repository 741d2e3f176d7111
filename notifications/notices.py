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


# --- Reminders, called by the sweeps (reminders/) and the roster's chase ------------------
# Plain text for now; the note-verbale versions keep these signatures and keys.


def not_nominated_key(call, member_state, due_point):
    return f"reminder:not_nominated:{call.pk}:{member_state.code}:{due_point}"


def incomplete_key(nomination, due_point):
    return f"reminder:incomplete:{nomination.pk}:{due_point}"


def _queue_one(message):
    created = outbox.queue([message])
    return created[0] if created else None


def remind_not_nominated(call, member_state, *, due_point, send_by):
    """Remind a mission that its state has not nominated; None if already sent (or the
    mission has no address). ``call.posts`` may come prefetched."""
    language = member_state.language
    posts = [post for post in call.posts.all() if post.status == "open"]
    subject, body = _render(
        "reminder_not_nominated",
        language,
        {"call": call, "posts": posts, "state_name": member_state.name_in(language)},
    )
    return _queue_one(
        OutgoingMessage(
            idempotency_key=not_nominated_key(call, member_state, due_point),
            kind="reminder",
            to=list(member_state.contact_emails),
            language=language,
            subject=subject,
            body=body,
            member_state=member_state,
            send_by=send_by,
        )
    )


def remind_incomplete(nomination, *, due_point, send_by, missing):
    """Remind a mission of what its incomplete nomination still lacks (``missing``:
    translatable strings); None if already sent."""
    state = nomination.member_state
    subject, body = _render(
        "reminder_incomplete",
        state.language,
        {"nomination": nomination, "missing": missing},
    )
    return _queue_one(
        OutgoingMessage(
            idempotency_key=incomplete_key(nomination, due_point),
            kind="reminder",
            to=list(state.contact_emails),
            language=state.language,
            subject=subject,
            body=body,
            member_state=state,
            send_by=send_by,
        )
    )
