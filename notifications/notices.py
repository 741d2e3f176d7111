"""The notes verbales that changes send to the missions, one function per occasion.

Each runs inside the transaction of its change and writes, per mission, an outgoing
NoteVerbale numbered in the Secretariat's series (notes/references.py) with its text in
the mission's language, and the e-mail that carries it (notes/outgoing.py); the note's
PDF is attached by the send task (notes/documents.py). Every message has an idempotency
key, so a repeated call sends nothing twice.

A call note lists every post of the call issued in the same transaction when the
posts are issued inside ``one_note_per_call()`` (the workbench's "Issue the call"), and
so does a closing notice for posts closed together.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

from nominations.models import NoteVerbale, Post

from .notes import references, wording
from .notes.outgoing import Draft, cited_note, send

_batch = ContextVar("notes_batch", default=None)


def _post_keys(posts):
    return "-".join(str(pk) for pk in sorted(post.pk for post in posts))


def _addressed(call):
    return list(call.addressee_states().order_by("code"))


# --- the call and its closing: one note per mission for the posts of one transaction --


@contextmanager
def one_note_per_call():
    """Within it (inside a transaction), posts of one call issued or closed together get
    one call note (or closing notice) per mission listing them all, written as the block
    ends. Outside it, each post's transition writes its own."""
    if _batch.get() is not None:
        yield
        return
    pending = {}
    token = _batch.set(pending)
    try:
        yield
    finally:
        _batch.reset(token)
    for (kind, _call_id), posts in pending.items():
        SENDERS[kind](posts[0].call, posts)


def _now_or_later(kind, post):
    pending = _batch.get()
    if pending is None:
        SENDERS[kind](post.call, [post])
    else:
        pending.setdefault((kind, post.call_id), []).append(post)


def post_issued(post, event):
    """issue_call's effect."""
    _now_or_later(NoteVerbale.Kind.CALL, post)


def post_closed(post, event):
    """close_nominations' effect."""
    _now_or_later(NoteVerbale.Kind.CLOSING, post)


def call_issued(call, posts):
    """The call note to every addressed mission, listing ``posts`` with their terms of
    reference enclosed. Keyed by call, mission and the set of posts."""
    posts = sorted(posts, key=lambda post: post.pk)
    drafts = [
        Draft(state, f"call:{call.pk}:{state.code}:{_post_keys(posts)}", posts=posts)
        for state in _addressed(call)
    ]
    return send(NoteVerbale.Kind.CALL, drafts, call=call)


def nominations_closed(call, posts):
    """The closing notice to every addressed mission: nominations for ``posts`` closed."""
    posts = sorted(posts, key=lambda post: post.pk)
    drafts = [
        Draft(state, f"closing:{call.pk}:{state.code}:{_post_keys(posts)}", posts=posts)
        for state in _addressed(call)
    ]
    return send(NoteVerbale.Kind.CLOSING, drafts, call=call)


SENDERS = {NoteVerbale.Kind.CALL: call_issued, NoteVerbale.Kind.CLOSING: nominations_closed}


# --- a post's deadline moved --------------------------------------------------------


def _deadline_moved(kind, post, event):
    # The reason is the Secretariat's, for the audit log (DESIGN §3): the note says
    # only what changed for the mission.
    drafts = [
        Draft(state, f"{kind}:{event.pk}:{state.code}", posts=[post])
        for state in _addressed(post.call)
    ]
    return send(kind, drafts, call=post.call)


def deadline_extended(post, event):
    """extend_deadline's effect: the new deadline, to every addressed mission."""
    return _deadline_moved(NoteVerbale.Kind.EXTENSION, post, event)


def nominations_reopened(post, event):
    """reopen's effect: nominations open again until the new deadline."""
    return _deadline_moved(NoteVerbale.Kind.REOPENING, post, event)


# --- an incoming note answered --------------------------------------------------------


def _candidates(nominations, language):
    by_person = {}
    for nomination in nominations:
        by_person.setdefault(nomination.candidate_id, []).append(nomination)
    return [
        {
            "name": rows[0].candidate.full_name,
            "posts": wording.titles([row.post.title for row in rows], language),
            "many": len(rows) > 1,
        }
        for rows in by_person.values()
    ]


def nominations_acknowledged(note, nominations):
    """One acknowledgement of receipt for an incoming note and all the nominations it
    carries: it cites the mission's note (its reference and date), the candidates and
    their posts, and says which arrived late."""
    nominations = sorted(nominations, key=lambda nomination: nomination.pk)
    posts = list({nomination.post_id: nomination.post for nomination in nominations}.values())
    late = [nomination for nomination in nominations if nomination.is_late]

    def context(language):
        late_titles = list(dict.fromkeys(nomination.post.title for nomination in late))
        return {
            "cited": cited_note(note, language),
            "candidates": _candidates(nominations, language),
            "count": len(nominations),
            "late": {
                "posts": wording.titles(late_titles, language),
                "many": len(late_titles) > 1,
                "count": len(late),
            }
            if late
            else None,
        }

    draft = Draft(
        note.member_state,
        f"acknowledgement:{note.pk}",
        posts=posts,
        context=context,
        in_reply_to=note,
        nomination=nominations[0] if len(nominations) == 1 else None,
    )
    return send(NoteVerbale.Kind.ACKNOWLEDGEMENT, [draft], call=posts[0].call)


# --- reminders (called by the sweeps) ---------------------------------------------------
# Call them inside the sweep's transaction: they lock the reference counter, which must
# be the last row lock before any audit event of that transaction (workflows/audit.py).


def remind_not_nominated(call, member_state, *, due_point, send_by):
    """A reminder to the mission of an addressed state that has not nominated: the
    call's posts still open, by when. It cites the call note this mission was sent.

    Returns the OutgoingMessage, or None when its key
    ``reminder:not_nominated:{call.pk}:{member_state.code}:{due_point}`` is taken (or
    the call has no open post, or the mission no e-mail address: nothing is written).
    """
    posts = list(
        call.posts.filter(status=Post.Status.OPEN, deadline__gt=timezone.now()).order_by("pk")
    )
    if not posts:
        return None
    call_note = (
        NoteVerbale.objects.filter(
            direction=NoteVerbale.Direction.OUTGOING,
            kind=NoteVerbale.Kind.CALL,
            call=call,
            member_state=member_state,
        )
        .order_by("created_at", "pk")
        .first()
    )

    def context(language):
        if call_note is not None:
            return {"cited": cited_note(call_note, language)}
        dated = wording.long_date(call.issued_on, language) if call.issued_on else ""
        return {"cited": {"reference": "", "dated": dated, "received": ""}}

    draft = Draft(
        member_state,
        not_nominated_key(call, member_state, due_point),
        posts=posts,
        context=context,
    )
    queued = send(
        NoteVerbale.Kind.REMINDER_NOT_NOMINATED,
        [draft],
        call=call,
        send_by=send_by,
        unaddressed=False,
    )
    return queued[0] if queued else None


def remind_incomplete(nomination, *, due_point, send_by, missing):
    """To the nomination's mission: the nomination is incomplete, and what is missing
    (``missing``: translatable strings, given in the mission's language). It cites the
    mission's note that carried the nomination.

    Returns the OutgoingMessage, or None when its key
    ``reminder:incomplete:{nomination.pk}:{due_point}`` is taken (or the mission has no
    e-mail address).
    """
    post = nomination.post
    state = nomination.member_state

    def context(language):
        open_ = post.status == Post.Status.OPEN and post.deadline and post.deadline > timezone.now()
        return {
            "cited": cited_note(nomination.note_verbale, language),
            "candidate": nomination.candidate.full_name,
            "missing": [str(item) for item in missing],
            "closes": wording.closing_time(post.deadline_date, language) if open_ else "",
        }

    draft = Draft(
        state,
        incomplete_key(nomination, due_point),
        posts=[post],
        context=context,
        in_reply_to=nomination.note_verbale,
        nomination=nomination,
    )
    queued = send(
        NoteVerbale.Kind.REMINDER_INCOMPLETE,
        [draft],
        call=post.call,
        send_by=send_by,
        unaddressed=False,
    )
    return queued[0] if queued else None


def not_nominated_key(call, member_state, due_point):
    return f"reminder:not_nominated:{call.pk}:{member_state.code}:{due_point}"


def incomplete_key(nomination, due_point):
    return f"reminder:incomplete:{nomination.pk}:{due_point}"


def lock_series():
    """Take the reference counter's lock before a transition's first audit event."""
    references.lock()
