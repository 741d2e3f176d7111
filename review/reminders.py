"""Who has assessments due, and the reminder e-mail each is sent (reminders/kinds.py's
``assessments_due`` kind calls these inside the sweep's transaction)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts import roles
from accounts.models import User
from notifications import outbox
from notifications.models import OutgoingMessage

from .models import Assessment, ConflictDeclaration

KIND = "reminder_assessments_due"


def members():
    return list(
        User.objects.filter(groups__name=roles.EXECUTIVE, is_active=True)
        .exclude(email="")
        .order_by("email")
    )


def due_by_member(nominations):
    """{member: [nominations they have still to assess]}, leaving out those a member is
    excluded from (same nationality, a declared conflict) and those submitted. Three
    queries for any number of nominations and members."""
    ids = [n.pk for n in nominations]
    submitted = set(
        Assessment.objects.filter(nomination_id__in=ids, submitted_at__isnull=False).values_list(
            "member_id", "nomination_id"
        )
    )
    conflicted = set(
        ConflictDeclaration.objects.filter(nomination_id__in=ids)
        .exclude(kind=ConflictDeclaration.Kind.NONE)
        .values_list("member_id", "nomination_id")
    )
    due = {}
    for member in members():
        pending = [
            n
            for n in nominations
            if (member.pk, n.pk) not in submitted
            and (member.pk, n.pk) not in conflicted
            and not (
                member.nationality_id is not None
                and member.nationality_id == n.candidate.nationality_id
            )
        ]
        if pending:
            due[member] = pending
    return due


def key(post, member, label):
    return f"reminder:assessments_due:{post.pk}:{member.pk}:{label}"


def remind(post, member, nominations, *, label, send_by):
    """Queue the reminder to ``member``; None when its key is taken."""
    with translation.override(member.language or settings.LANGUAGE_CODE):
        text = render_to_string(
            "review/email/assessments_due.txt",
            {
                "post": post,
                "nominations": sorted(nominations, key=lambda n: n.candidate.full_name),
                "send_by": send_by,
                "path": reverse("review:post", args=[post.pk]),
            },
        ).strip()
        language = translation.get_language()[:2]
    subject, _, body = text.partition("\n")
    queued = outbox.queue(
        [
            OutgoingMessage(
                idempotency_key=key(post, member, label),
                kind=KIND,
                to=[member.email],
                language=language,
                subject=subject.strip(),
                body=body.strip(),
                send_by=send_by,
            )
        ]
    )
    return queued[0] if queued else None
