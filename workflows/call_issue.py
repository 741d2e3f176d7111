"""Issuing a whole call at once: every draft post, one call note per mission."""

from django.db import transaction
from django.utils.translation import gettext as _

from nominations.models import Post
from notifications import notices

from . import audit, transitions
from .errors import TransitionError


def issue_call(call, *, actor):
    """Take ``issue_call`` on every draft post of ``call`` in one transaction, so each
    addressed mission gets one note verbale listing them all. All or nothing: a post
    that cannot be issued refuses the whole (TransitionError naming it).

    Returns the posts issued.
    """
    try:
        with transaction.atomic():
            # Row locks first, in ascending id (workflows/audit.py): every post, then
            # (by the transition's effects) the reference counter, then the audit chain.
            drafts = list(
                Post.objects.select_for_update()
                .filter(call=call, status=Post.Status.DRAFT)
                .order_by("pk")
            )
            if not drafts:
                raise TransitionError(
                    TransitionError.CONFLICT,
                    _("call %(call)s has no draft post to issue") % {"call": call.reference},
                    transition="issue_call",
                )
            with notices.one_note_per_call():
                for post in drafts:
                    try:
                        transitions.apply(post, "issue_call", actor=actor)
                    except TransitionError as error:
                        if error.kind == TransitionError.FORBIDDEN:
                            raise
                        raise TransitionError(
                            error.kind,
                            f"{post.title}: {error.message}",
                            transition="issue_call",
                            state=error.state,
                            field_errors=error.field_errors,
                        ) from error
            return drafts
    except TransitionError as error:
        if error.kind == TransitionError.FORBIDDEN:
            audit.record_alone(
                "permission.denied", actor=actor, obj=call, details={"transition": "issue_call"}
            )
        raise
