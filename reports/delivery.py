"""The deadline report: expected when a post closes, built and sent by the close sweep
(workflows.tasks.close_due_posts) once every post of the call with that deadline has
closed. One report per call and deadline instant, whatever runs twice or at once:

- the DeadlineReport row is unique per (call, deadline) and written by the closing
  transaction, so no closing goes unreported, even if the sweep dies right after;
- a sweep builds it under a blocking row lock and marks it built in the same transaction:
  a second sweep waits, then finds it built; a sweep that finds a post still open leaves
  it, and the sweep that closes that post (after it, so it sees both) builds it;
- the e-mail's idempotency key ``report:deadline:<call>:<deadline>`` is unique in the
  outbox as well.
"""

import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from nominations.models import Document, Post
from notifications import outbox
from notifications.models import OutgoingMessage
from workflows import audit
from workflows.deadlines import seat_zone

from . import deadline as content
from . import pdf, xlsx
from .models import DeadlineReport

logger = logging.getLogger(__name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def expect(post):
    """In the transaction that closes ``post``: its call's report at its deadline is due."""
    DeadlineReport.objects.bulk_create(
        [DeadlineReport(call_id=post.call_id, deadline=post.deadline)], ignore_conflicts=True
    )


def recipients(call):
    """NOMINA_SECRETARIAT_EMAILS, else the call's enquiry address (the Secretariat's)."""
    return list(settings.NOMINA_SECRETARIAT_EMAILS) or (
        [call.enquiry_email] if call.enquiry_email else []
    )


def _store(data, name, content_type):
    return Document.objects.create(
        kind=Document.Kind.REPORT,
        file=ContentFile(data, name=name),
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _filename(report, extension):
    stem = f"deadline-report-{report.call.reference}-{report.deadline_date.isoformat()}"
    return "".join(c if c.isalnum() or c == "-" else "-" for c in stem) + f".{extension}"


def build(row, now):
    """The report of ``row`` as two stored documents and one queued e-mail."""
    with translation.override(settings.LANGUAGE_CODE):
        report = content.gather(row.call, row.deadline, now)
        if not report.posts:  # cancelled since they closed: nothing left to report
            row.built_at = now
            row.save(update_fields=["built_at"])
            _audit(row, [])
            return
        documents = [
            _store(
                pdf.render("reports/deadline_report.html", {"report": report}),
                _filename(report, "pdf"),
                "application/pdf",
            ),
            _store(xlsx.render(report), _filename(report, "xlsx"), XLSX_TYPE),
        ]
        text = render_to_string("reports/deadline_report_email.txt", {"report": report}).strip()
    subject, _, body = text.partition("\n")
    key = f"report:deadline:{row.call_id}:{row.deadline.astimezone(seat_zone()).isoformat()}"
    queued = outbox.queue(
        [
            OutgoingMessage(
                idempotency_key=key,
                kind="deadline_report",
                to=recipients(row.call),
                language=settings.LANGUAGE_CODE[:2],
                subject=subject.strip(),
                body=body.strip(),
            )
        ]
    )
    message = queued[0] if queued else None
    if message is not None:
        message.attachments.set(documents)
    elif not recipients(row.call):
        logger.warning(
            "Deadline report of %s kept but not sent: set NOMINA_SECRETARIAT_EMAILS", row.call
        )
    row.built_at, row.message = now, message
    row.save(update_fields=["built_at", "message"])
    row.documents.set(documents)
    _audit(row, documents)


def _audit(row, documents):
    # Also what moves the cached pages' version: the call's dashboard then lists the report.
    audit.record(
        "deadline_report.built",
        actor=None,
        obj=row,
        details={
            "call": row.call.reference,
            "deadline": row.deadline.isoformat(),
            "documents": [
                {"id": d.pk, "name": d.original_name, "sha256": d.sha256} for d in documents
            ],
        },
    )


def deliver_due(now=None):
    """Build every report whose posts have all closed; return their ids."""
    now = now or timezone.now()
    built = []
    waiting = DeadlineReport.objects.filter(built_at__isnull=True, deadline__lte=now)
    for pk in waiting.values_list("pk", flat=True):
        try:
            if _deliver(pk, now):
                built.append(pk)
        except Exception:
            # One report that cannot be built must not stop the others, nor the sweep.
            logger.exception("Deadline report %s not built; the next sweep tries again", pk)
    return built


def _deliver(pk, now):
    with transaction.atomic():
        row = (
            DeadlineReport.objects.select_for_update(of=("self",))
            .select_related("call")
            .filter(pk=pk, built_at__isnull=True)
            .first()
        )
        if row is None:
            return False  # built by another sweep while this one waited
        still_open = Post.objects.filter(
            call_id=row.call_id, deadline=row.deadline, status=Post.Status.OPEN
        )
        if still_open.exists():
            return False
        build(row, now)
        return True
