"""Logging incoming nominations: the creation half of the nomination state machine."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from nominations.models import Candidate, Nomination, NoteVerbale, Post
from nominations.models.candidates import normalise_name
from notifications import notices

from . import audit, permissions
from .deadlines import in_the_future, is_on_time
from .errors import TransitionError


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


def _check_actor(actor, note, posts):
    if permissions.is_secretariat(actor):
        if note.received_at is None:
            raise TransitionError(
                TransitionError.INVALID,
                "the date and time the note was received is required",
                field_errors={"received_at": ["This field is required."]},
            )
        return
    if permissions.is_own_state(actor, note):
        # A mission's electronic submission: now, through the portal, to an open post.
        note.received_at = timezone.now()
        note.channel = NoteVerbale.Channel.PORTAL
        closed = [post.title for post in posts if post.status != Post.Status.OPEN]
        if closed:
            raise TransitionError(
                TransitionError.CONFLICT,
                f"nominations are not open for: {', '.join(closed)}",
                transition="log",
            )
        return
    raise TransitionError(
        TransitionError.FORBIDDEN, "your role may not log a nomination", transition="log"
    )


def _find_or_create_candidate(details):
    existing = Candidate.objects.filter(
        normalised_name=normalise_name(details.full_name),
        email=(details.email or "").strip().lower(),
    ).first()
    if existing is not None:
        return existing
    return Candidate.objects.create(**vars(details))


def log_nomination(*, actor, note, candidate, posts):
    """Log one incoming note verbale nominating ``candidate`` for each of ``posts``.

    Each nomination is ``received`` when the note reached the Secretariat before
    the post's deadline, ``late`` otherwise, whatever the post's state now.
    Returns the nominations created.
    """
    posts = list(posts)
    if not posts:
        raise TransitionError(
            TransitionError.INVALID,
            "a nomination needs at least one post",
            field_errors={"post": ["This field is required."]},
        )
    _check_actor(actor, note, posts)
    if in_the_future(note.received_at):
        raise TransitionError(
            TransitionError.INVALID,
            "a note cannot be received in the future",
            field_errors={"received_at": ["Cannot be in the future."]},
        )
    refused = [p.title for p in posts if p.status in (Post.Status.DRAFT, Post.Status.CANCELLED)]
    if refused:
        raise TransitionError(
            TransitionError.CONFLICT,
            f"these posts take no nominations: {', '.join(refused)}",
            transition="log",
        )
    with transaction.atomic():
        note_row = NoteVerbale.objects.create(
            direction=NoteVerbale.Direction.INCOMING,
            member_state=note.member_state,
            call=posts[0].call,
            reference=note.reference,
            dated_on=note.dated_on,
            received_at=note.received_at,
            channel=note.channel,
            language=note.member_state.language,
            logged_by=actor if actor is not None and actor.is_authenticated else None,
        )
        person = _find_or_create_candidate(candidate)
        created = []
        for post in posts:
            duplicate = Nomination.objects.filter(post=post, candidate=person).first()
            if duplicate is not None:
                raise TransitionError(
                    TransitionError.CONFLICT,
                    f"{person.full_name} is already nominated for {post.title} "
                    f"(nomination {duplicate.pk})",
                    transition="log",
                    field_errors={"existing_nomination": [str(duplicate.pk)]},
                )
            on_time = is_on_time(note.received_at, post.deadline)
            status = Nomination.Status.RECEIVED if on_time else Nomination.Status.LATE
            try:
                with transaction.atomic():
                    nomination = Nomination.objects.create(
                        post=post,
                        member_state=note.member_state,
                        candidate=person,
                        note_verbale=note_row,
                        is_late=not on_time,
                        status=status,
                        logged_by=note_row.logged_by,
                    )
            except IntegrityError as error:
                raise TransitionError(
                    TransitionError.CONFLICT,
                    f"{person.full_name} is already nominated for {post.title}",
                    transition="log",
                ) from error
            event = audit.record(
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
            notices.nomination_acknowledged(nomination, event)
            created.append(nomination)
    return created
