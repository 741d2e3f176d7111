"""The shortlist's exports: the dossier (PDF) and the side by side (XLSX), built by a
Celery task (shortlisting/tasks.py) that moves its Export row queued → running → done
(or failed) and sets its progress; the page polls the row and offers the Document.

Built as the member who asked sees the post (their visibility of the ratings), so an
export never shows more than the page does.
"""

import hashlib
import io
import re

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nominations.models import Document
from reports import pdf
from reports.xlsx import Sheet
from workflows import audit

from .models import Export
from .side_by_side import gather

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def request(post, kind, *, actor):
    """Queue an export of ``post``; the task starts after commit."""
    from .tasks import build_export

    with transaction.atomic():
        export = Export.objects.create(post=post, kind=kind, requested_by=actor)
        audit.record(
            "post.request_export",
            actor=actor,
            obj=post,
            details={"export": export.pk, "kind": kind},
        )
        transaction.on_commit(lambda: build_export.delay(export.pk))
    return export


def _progress(export, value, status=Export.Status.RUNNING):
    Export.objects.filter(pk=export.pk).update(progress=value, status=status)


def build(export):
    """Build ``export``'s file and store it; mark the row done (or failed, with why)."""
    _progress(export, 5)
    try:
        grid = gather(export.post, export.requested_by, proposal=_proposal(export.post))
        _progress(export, 30)
        if export.kind == Export.Kind.DOSSIER:
            data = dossier_pdf(grid, on_progress=lambda p: _progress(export, 30 + p // 2))
            name, content_type = _name(export.post, "shortlist-dossier", "pdf"), "application/pdf"
        else:
            data = side_by_side_xlsx(grid)
            name, content_type = _name(export.post, "side-by-side", "xlsx"), XLSX_TYPE
        _progress(export, 90)
        with transaction.atomic():
            document = Document.objects.create(
                kind=Document.Kind.REPORT,
                post=export.post,
                file=ContentFile(data, name=name),
                original_name=name,
                content_type=content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                uploaded_by=export.requested_by,
            )
            Export.objects.filter(pk=export.pk).update(
                status=Export.Status.DONE,
                progress=100,
                document=document,
                finished_at=timezone.now(),
            )
    except Exception as error:
        Export.objects.filter(pk=export.pk).update(
            status=Export.Status.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        raise


def _proposal(post):
    return (
        post.shortlist_proposals.exclude(status="sent_back")
        .prefetch_related("nominations")
        .order_by("-created_at", "-id")
        .first()
    )


def _name(post, stem, extension):
    slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{stem}-{post.call.reference}-{post.title}").strip("-")
    return f"{slug.lower()}.{extension}"


def _mean(aggregate):
    return round(aggregate.mean, 2) if aggregate.mean is not None else None


def _sd(aggregate):
    return round(aggregate.sd, 2) if aggregate.sd is not None else None


def side_by_side_xlsx(grid):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = Sheet(book, _("Side by side"))
    columns = grid.columns
    sheet.append([_("Post"), grid.post.title, grid.post.call.reference])
    sheet.append([])
    sheet.append([_("Row")] + [column.candidate.full_name for column in columns])
    sheet.append([_("Nationality")] + [_code(column) for column in columns])
    sheet.append([_("Gender")] + [column.candidate.gender for column in columns])
    sheet.append(
        [_("First-tier")] + ["; ".join(r.text for r in column.first_tier) for column in columns]
    )
    sheet.append(
        [_("On the proposed shortlist")] + [_("yes") if c.proposed else "" for c in columns]
    )
    for key, label in grid.criteria:
        sheet.append(
            [label] + [getattr(column.findings.get(key), "finding", "") for column in columns]
        )
    for competency in grid.competencies:
        for member in grid.members_by_competency.get(competency.pk, []):
            sheet.append(
                [f"{competency.name} — {member.email}"]
                + [column.scores.get((competency.pk, member.pk)) for column in columns]
            )
        sheet.append(
            [_("%(competency)s — mean") % {"competency": competency.name}]
            + [_mean(column.aggregates[competency.pk]) for column in columns]
        )
        sheet.append(
            [_("%(competency)s — standard deviation") % {"competency": competency.name}]
            + [_sd(column.aggregates[competency.pk]) for column in columns]
        )
    sheet.append([_("Overall mean")] + [_mean(column.overall) for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _code(column):
    state = column.candidate.nationality
    return state.code if state else ""


def dossier_entries(grid):
    """Per candidate what the dossier prints, in the grid's order."""
    entries = []
    for column in grid.columns:
        entries.append(
            {
                "column": column,
                "checks": [
                    (label, column.findings[key])
                    for key, label in grid.criteria
                    if key in column.findings
                ],
                "competencies": [
                    {
                        "competency": competency,
                        "scores": [
                            (member, column.scores[(competency.pk, member.pk)])
                            for member in grid.members_by_competency.get(competency.pk, [])
                            if (competency.pk, member.pk) in column.scores
                        ],
                        "aggregate": column.aggregates[competency.pk],
                    }
                    for competency in grid.competencies
                ],
            }
        )
    return entries


def dossier_pdf(grid, on_progress=None):
    context = {
        "grid": grid,
        "entries": dossier_entries(grid),
        "shortlisted": [c for c in grid.columns if c.proposed],
        "generated_at": timezone.now(),
    }
    if on_progress:
        on_progress(10)
    return pdf.render("shortlisting/dossier.html", context)
