"""Logging incoming nominations: the creation half of the nomination state machine."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nominations.models import Candidate, Nomination, NoteVerbale, Post
from nominations.models.candidates import identity_key
from notifications import notices

from . import audit, permissions
from .deadlines import in_the_future, is_on_time
from .errors import TransitionError

LOGGABLE = (Post.Status.OPEN, Post.Status.CLOSED)


@dataclass
class IncomingNote:
    member_state: object
    channel: str
    received_at: object = None
    reference: str = ""
    dated_on: object = None

    @property
    def member_state_id(self):
        return self.member_state.pk


@dataclass
class CandidateDetails:
    full_name: str
    nationality: object
    gender: str = Candidate.Gender.UNDISCLOSED
    email: str = ""
    phone: str = ""
    postal_address: str = ""
    date_of_birth: object = None
    languages: list = field(default_factory=list)

    @classmethod
    def from_form(cls, data):
        """From the cleaned data of the candidate's fields (the workbench's and the
        portal's forms share them)."""
        return cls(
            full_name=data["full_name"].strip(),
            nationality=data["nationality"],
            gender=data["gender"],
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            postal_address=data.get("postal_address", ""),
            date_of_birth=data.get("date_of_birth"),
            languages=list(data.get("languages") or []),
        )


def _check_actor(actor, note):
    if permissions.is_secretariat(actor):
        if note.received_at is None:
            raise TransitionError(
                TransitionError.INVALID,
                _("the date and time the note was received is required"),
                field_errors={"received_at": [_("This field is required.")]},
            )
        return
    if permissions.is_own_state(actor, note):
        # A mission's electronic submission: now, through the portal, to an open post.
        note.received_at = timezone.now()
        note.channel = NoteVerbale.Channel.PORTAL
        return
    raise TransitionError(
        TransitionError.FORBIDDEN, _("your role may not log a nomination"), transition="log"
    )


def _check_received_at(note, posts):
    if in_the_future(note.received_at):
        raise TransitionError(
            TransitionError.INVALID,
            _("a note cannot be received in the future"),
            field_errors={"received_at": [_("Cannot be in the future.")]},
        )
    received_on = timezone.localdate(note.received_at)
    for call in {post.call for post in posts}:
        if call.issued_on is not None and received_on < call.issued_on:
            issued = date_format(call.issued_on, "DATE_FORMAT")
            raise TransitionError(
                TransitionError.INVALID,
                _("the note cannot have been received before call %(call)s was issued on %(day)s")
                % {"call": call.reference, "day": issued},
                field_errors={
                    "received_at": [
                        _("Cannot be before the call was issued (%(day)s).") % {"day": issued}
                    ]
                },
            )


def _check_posts_take_nominations(actor, posts, received_at):
    if permissions.is_mission(actor):
        # A mission submits to an open post before its deadline, even when the sweep
        # that closes it has not run yet: the portal's form and the API agree here.
        closed = [
            post.title
            for post in posts
            if post.status != Post.Status.OPEN or not is_on_time(received_at, post.deadline)
        ]
        if closed:
            raise TransitionError(
                TransitionError.CONFLICT,
                _("nominations are not open for: %(posts)s") % {"posts": ", ".join(closed)},
                transition="log",
            )
    # A closed post still takes the notes that reached it in time (DESIGN §3); once
    # shortlisting has begun, a nomination would escape the screening.
    refused = [f"{post.title} ({post.status})" for post in posts if post.status not in LOGGABLE]
    if refused:
        raise TransitionError(
            TransitionError.CONFLICT,
            _("these posts take no nominations now: %(posts)s") % {"posts": ", ".join(refused)},
            transition="log",
        )


def _locked_posts(posts):
    """The posts, locked in the caller's transaction, in the order given.

    The post row is locked before anything else, as ``transitions.take`` does, so that
    a post cannot start shortlisting between this check and its new nominations.
    """
    ids = list(dict.fromkeys(post.pk for post in posts))
    locked = Post.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    by_id = {post.pk: post for post in locked.select_related("call")}
    return [by_id[pk] for pk in ids]


def _candidate_for(member_state, details):
    """This state's own record of the person, made on its first nomination of them.

    The unique constraint on (member state, identity) decides between simultaneous
    first nominations: the loser finds the winner's record.
    """
    identity = identity_key(details.full_name, details.email, details.date_of_birth)
    mine = Candidate.objects.filter(member_state=member_state, identity=identity)
    existing = mine.first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Candidate.objects.create(member_state=member_state, **vars(details))
    except IntegrityError:
        return mine.get()


def _already_nominated(person, post, duplicate, error=None):
    state = person.member_state.code
    message = _("%(state)s has already nominated %(name)s for %(post)s") % {
        "state": state,
        "name": person.full_name,
        "post": post.title,
    }
    if duplicate is not None:
        message += " " + _("(nomination %(id)s)") % {"id": duplicate.pk}
    return TransitionError(
        TransitionError.CONFLICT,
        message,
        transition="log",
        field_errors={"existing_nomination": [str(duplicate.pk)]} if duplicate else None,
    )


def _create(post, person, note_row, status, on_time):
    try:
        with transaction.atomic():
            return Nomination.objects.create(
                post=post,
                member_state=note_row.member_state,
                candidate=person,
                note_verbale=note_row,
                is_late=not on_time,
                status=status,
                logged_by=note_row.logged_by,
            )
    except IntegrityError as error:
        # A simultaneous request nominated the same person first: the constraint decides.
        duplicate = Nomination.objects.filter(post=post, candidate=person).first()
        raise _already_nominated(person, post, duplicate) from error


def _flag_other_states(actor, person, created):
    """The same person nominated by another state: the Secretariat's case, in the log
    (on the candidate, not in the nomination's history that its mission reads)."""
    others = (
        Nomination.objects.filter(candidate__identity=person.identity)
        .exclude(member_state_id=person.member_state_id)
        .select_related("member_state")
        .order_by("id")
    )
    others = list(others)
    if not others:
        return
    audit.record(
        "candidate.cross_state_match",
        actor=actor,
        obj=person,
        details={
            "nominations": [n.pk for n in created],
            "member_state": person.member_state.code,
            "matches": [n.pk for n in others],
            "other_member_states": sorted({n.member_state.code for n in others}),
        },
    )


def log_nomination(*, actor, note, candidate, posts):
    """Log one incoming note verbale nominating ``candidate`` for each of ``posts``.

    Each nomination is ``received`` when the note reached the Secretariat before
    the post's deadline, ``late`` otherwise, whatever the post's state now.
    The candidate's details are the sending state's own (README, "Duplicates").
    Returns the nominations created.
    """
    return log_nominations(actor=actor, note=note, entries=[(candidate, posts)])[0]


def log_nominations(*, actor, note, entries):
    """Log one incoming note verbale carrying several nominations, in one transaction.

    ``entries`` is a list of ``(CandidateDetails, posts)``; the note row is created
    once and carries them all. Every post of every entry is locked before the first
    audit event (the lock order of ``workflows.audit``). Returns, per entry, the
    nominations created for it.
    """
    entries = [(candidate, list(posts)) for candidate, posts in entries]
    if not entries or any(not posts for _, posts in entries):
        raise TransitionError(
            TransitionError.INVALID,
            _("a nomination needs at least one post"),
            field_errors={"post": [_("This field is required.")]},
        )
    _check_actor(actor, note)
    with transaction.atomic():
        locked = _locked_posts([post for _, posts in entries for post in posts])
        by_id = {post.pk: post for post in locked}
        entries = [(candidate, [by_id[post.pk] for post in posts]) for candidate, posts in entries]
        _check_received_at(note, locked)
        _check_posts_take_nominations(actor, locked, note.received_at)
        # The acknowledgement is numbered: the series' counter is the last row lock,
        # before the first audit event (workflows/audit.py).
        notices.lock_series()
        note_row = NoteVerbale.objects.create(
            direction=NoteVerbale.Direction.INCOMING,
            member_state=note.member_state,
            call=locked[0].call,
            reference=note.reference,
            dated_on=note.dated_on,
            received_at=note.received_at,
            channel=note.channel,
            language=note.member_state.language,
            logged_by=actor if actor is not None and actor.is_authenticated else None,
        )
        created = [
            _log_candidate(actor, note, note_row, candidate, posts) for candidate, posts in entries
        ]
        # One acknowledgement for the note, whatever number of nominations it carries.
        notices.nominations_acknowledged(note_row, [n for rows in created for n in rows])
        return created


def _log_candidate(actor, note, note_row, candidate, posts):
    person = _candidate_for(note.member_state, candidate)
    created = []
    for post in posts:
        duplicate = Nomination.objects.filter(post=post, candidate=person).first()
        if duplicate is not None:
            raise _already_nominated(person, post, duplicate)
        on_time = is_on_time(note.received_at, post.deadline)
        status = Nomination.Status.RECEIVED if on_time else Nomination.Status.LATE
        nomination = _create(post, person, note_row, status, on_time)
        audit.record(
            "nomination.log",
            actor=actor,
            obj=nomination,
            to_state=status,
            details={
                "post": post.pk,
                "member_state": note.member_state.code,
                "received_at": note.received_at,
                "channel": note.channel,
                "deadline": post.deadline,
            },
        )
        created.append(nomination)
    _flag_other_states(actor, person, created)
    return created
