import io
import time
from unittest import mock

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from config.celery import app
from shortlisting import exports
from shortlisting.models import Export
from shortlisting.tasks import build_export
from workflows import transitions
from workflows.models import AuditEvent
from workflows.shortlists import propose_shortlist


def _request(client, member, post, kind, capture):
    client.force_login(member)
    with capture(execute=False) as callbacks:
        response = client.post(
            reverse("shortlisting:export_create", args=[post.pk]), {"kind": kind}
        )
    assert response.status_code == 302
    assert len(callbacks) == 1  # the task is queued after commit
    return Export.objects.get(kind=kind)


@pytest.mark.django_db
def test_the_side_by_side_xlsx_progress_and_audited_download(
    client, field, panel, django_capture_on_commit_callbacks
):
    post = field["post"]
    export = _request(client, panel[0], post, "side_by_side", django_capture_on_commit_callbacks)
    assert (export.status, export.progress, export.requested_by) == ("queued", 0, panel[0])
    polling = client.get(reverse("shortlisting:export_status", args=[export.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in polling and "Queued: 0%" in polling

    seen = []
    real = exports._progress
    with mock.patch.object(
        exports, "_progress", side_effect=lambda e, v, *a: (seen.append(v), real(e, v, *a))
    ):
        assert build_export(export.pk) == "done"
    assert seen == sorted(seen) and seen[0] > 0
    export.refresh_from_db()
    assert (export.status, export.progress) == ("done", 100)
    assert export.document.post == post and export.document.kind == "report"

    done = client.get(reverse("shortlisting:export_status", args=[export.pk])).content.decode()
    assert "hx-trigger" not in done and "Download" in done
    response = client.get(reverse("shortlisting:export_download", args=[export.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = {str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None}
    for name in ("Claire Dubois", "Juan Pérez", "Amina Wanjiru", "Jonas Berg"):
        assert name in cells
    for competency in post.required_competencies.all():
        assert f"{competency.name} — mean" in cells
    event = AuditEvent.objects.get(action="document.download")
    assert (event.actor, event.object_id, event.details["document"]) == (
        panel[0],
        str(post.pk),
        export.document.pk,
    )
    # Another member's export is not theirs to poll or download.
    client.force_login(panel[1])
    assert client.get(reverse("shortlisting:export_download", args=[export.pk])).status_code == 404


@pytest.mark.django_db
def test_the_dossier_holds_every_shortlisted_candidate(
    client, field, panel, django_capture_on_commit_callbacks
):
    propose_shortlist(
        field["post"],
        actor=panel[0],
        nominations=[field["claire"], field["juan"]],
        rationales={field["claire"].pk: "Best rated", field["juan"].pk: "First-tier, solid"},
    )
    transitions.take(field["post"], "approve_shortlist", actor=panel[1])
    export = _request(
        client, panel[2], field["post"], "dossier", django_capture_on_commit_callbacks
    )
    build_export(export.pk)
    export.refresh_from_db()
    assert export.status == "done"
    with export.document.file.open("rb") as handle:
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(handle).pages).split())
    for name in ("Claire Dubois", "Juan Pérez"):
        assert text.count(name) >= 2  # the cover table and the candidate's own page
    assert "Best rated" in text and "Minimum degree" in text


@pytest.mark.django_db
def test_a_failed_export_says_why(field, panel):
    export = Export.objects.create(post=field["post"], kind="side_by_side", requested_by=panel[0])
    with (
        mock.patch.object(exports, "side_by_side_xlsx", side_effect=ValueError("no disk")),
        pytest.raises(ValueError),
    ):
        build_export(export.pk)
    export.refresh_from_db()
    assert (export.status, export.error, export.document) == ("failed", "no disk", None)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_export(field, panel):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        export = exports.request(field["post"], "side_by_side", actor=panel[0])
        for _ in range(150):
            export.refresh_from_db()
            if export.finished:
                break
            time.sleep(0.1)
    assert (export.status, export.progress) == ("done", 100)
