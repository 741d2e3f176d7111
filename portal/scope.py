"""What one mission may see, each a queryset scoped at its source: outside it, a 404
exactly like a missing id.

A mission sees its own state's nominations and notes verbales, and the calls addressed
to its state (a call to all member states, or a sponsored call naming it) once issued.
"""

from django.db.models import Q

from accounts import roles
from accounts.models import User
from nominations.models import Call, Document, Nomination, NoteVerbale, Post


def posts(user):
    """Issued posts of the calls addressed to the user's state (Post.objects.for_user)."""
    return Post.objects.for_user(user)


def calls(user):
    return Call.objects.filter(pk__in=posts(user).values("call_id"))


def nominations(user):
    return Nomination.objects.for_user(user)


def notes(user):
    return NoteVerbale.objects.filter(member_state_id=user.member_state_id)


# What the mission sent with its nominations: its notes verbales' scans and the CVs.
SENT_KINDS = [Document.Kind.CV, Document.Kind.NOTE_VERBALE]


def documents(user):
    """The documents the mission may download: those it sent for its nominations, the
    PDFs of the Secretariat's notes to it, and the terms of reference of its posts."""
    own = Q(nomination__in=nominations(user).values("pk"), kind__in=SENT_KINDS)
    outgoing = Q(
        nomination__isnull=True,
        kind=Document.Kind.NOTE_VERBALE,
        note_verbale__in=notes(user).filter(direction=NoteVerbale.Direction.OUTGOING).values("pk"),
    )
    terms = Q(kind=Document.Kind.TERMS_OF_REFERENCE, post__in=posts(user).values("pk"))
    return Document.objects.filter(own | outgoing | terms)


def focal_points(user):
    return User.objects.filter(
        member_state_id=user.member_state_id, is_active=True, groups__name=roles.MISSION
    ).order_by("last_name", "first_name", "email")


def nominable_posts(user):
    """The posts the user's state may nominate for: those of the calls addressed to it,
    not those it sees only because it nominated for them once."""
    state = user.member_state
    addressed = Q(
        call__in=Call.addressed_states.through.objects.filter(memberstate_id=state.pk).values(
            "call_id"
        )
    )
    if state.is_member:
        addressed |= Q(call__addressees=Call.Addressees.MEMBERS)
    return posts(user).filter(addressed)


def withdrawal_requests(user):
    from .models import WithdrawalRequest

    return WithdrawalRequest.objects.filter(nomination__in=nominations(user).values("pk"))
