"""What the Secretariat is told when a shortlist is approved, and what a mission is
told when its outcome is released. Both run inside the transaction of the change;
messages leave after commit (notifications/outbox.py)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from nominations.models import Nomination, NoteVerbale
from notifications import outbox
from notifications.models import OutgoingMessage
from notifications.notes.outgoing import Draft, send
from reports.delivery import recipients


def shortlist_approved(post, proposal):
    """One e-mail to the Secretariat: the shortlist of ``post`` is approved, its outcome
    waits to be released to the missions (the workbench lists it as well)."""
    with translation.override(settings.LANGUAGE_CODE):
        shortlisted = proposal.nominations.count()
        subject = _("Shortlist approved: %(post)s (%(call)s)") % {
            "post": post.title,
            "call": post.call.reference,
        }
        body = _(
            "The executive office has approved the shortlist for %(post)s: %(count)s "
            "candidate(s) shortlisted. The outcome is not yet released to the missions; "
            "release it from the workbench: %(path)s"
        ) % {
            "post": post.title,
            "count": shortlisted,
            "path": reverse("outcomes:post", args=[post.pk]),
        }
    return outbox.queue(
        [
            OutgoingMessage(
                idempotency_key=f"shortlist:approved:{proposal.pk}",
                kind="shortlist_approved",
                to=recipients(post.call),
                language=settings.LANGUAGE_CODE[:2],
                subject=subject,
                body=body,
            )
        ]
    )


def outcome_released(post, member_states):
    """One note verbale per mission: the outcome for each candidate it nominated for
    ``post``. It names no reviewer, rating or rationale."""
    nominations = list(
        Nomination.objects.filter(
            post=post,
            member_state__in=member_states,
            status__in=[Nomination.Status.SHORTLISTED, Nomination.Status.NOT_SHORTLISTED],
        )
        .select_related("candidate")
        .order_by("candidate__full_name", "pk")
    )
    by_state = {}
    for nomination in nominations:
        by_state.setdefault(nomination.member_state_id, []).append(nomination)

    def context_for(rows):
        def context(language):
            return {
                "candidates": [
                    {
                        "name": row.candidate.full_name,
                        "shortlisted": row.status == Nomination.Status.SHORTLISTED,
                    }
                    for row in rows
                ],
            }

        return context

    drafts = [
        Draft(
            state,
            f"outcome:{post.pk}:{state.code}",
            posts=[post],
            context=context_for(by_state[state.pk]),
            nomination=by_state[state.pk][0] if len(by_state[state.pk]) == 1 else None,
        )
        for state in sorted(member_states, key=lambda state: state.code)
        if state.pk in by_state
    ]
    return send(NoteVerbale.Kind.OUTCOME, drafts, call=post.call)
