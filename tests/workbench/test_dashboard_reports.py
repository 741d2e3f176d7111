"""The call dashboard lists the call's deadline reports, each with its PDF and workbook to
download again: built at the deadline by the close sweep, audited, and at once on a cached
dashboard."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from nominations.models import Document
from reports import delivery
from reports.models import DeadlineReport
from shortlisting.models import Export
from tests.reminders.conftest import at
from tests.reports.test_deadline_report import (
    CLOSES,
    make_call,
    nominate,
    states,  # noqa: F401 (a fixture)
    sweep_at,
)
from workflows import audit, transitions
from workflows.models import AuditEvent


def dashboard(call):
    return reverse("workbench:call_dashboard", args=[call.pk])


def report_rows(html):
    return html.split('id="reports-heading"')[1].split("</section>")[0]


@pytest.fixture
def season(secretariat, states):  # noqa: F811
    call, (operations, management) = make_call(secretariat, "EO/821/2023")
    nominate(operations, states["FRA"], status="complete", name="Claire Dubois")
    return call, operations, management


@pytest.mark.django_db
def test_once_the_posts_close_the_dashboard_offers_the_report_to_download(
    client, secretariat, season
):
    call, *_ = season
    client.force_login(secretariat)
    assert 'id="reports-heading"' not in client.get(dashboard(call)).content.decode()

    sweep_at(CLOSES + datetime.timedelta(minutes=1))
    rows = report_rows(client.get(dashboard(call)).content.decode())

    pdf, xlsx = DeadlineReport.objects.get().documents.order_by("original_name")
    assert "End of 15 November 2023, Geneva time" in rows
    for document, label in [(pdf, "PDF"), (xlsx, "Spreadsheet (XLSX)")]:
        link = reverse("workbench:document_download", args=[document.pk])
        assert f'href="{link}"' in rows and label in rows
        answer = client.get(link)
        assert answer.status_code == 200
        assert b"".join(answer.streaming_content).startswith(b"%PDF" if document is pdf else b"PK")
    downloads = AuditEvent.objects.filter(action="document.download", actor=secretariat)
    assert downloads.count() == 2


@pytest.mark.django_db
def test_a_report_waiting_for_a_post_still_open_says_so(client, secretariat, season):
    call, operations, _ = season
    DeadlineReport.objects.create(call=call, deadline=operations.deadline)
    client.force_login(secretariat)

    rows = report_rows(client.get(dashboard(call)).content.decode())

    assert "Being prepared: it is built when every post of this deadline has closed." in rows
    assert "document_download" not in rows and "download" not in rows.split("Being")[0][-200:]


@pytest.mark.django_db
def test_building_the_report_is_audited_with_its_files_and_keeps_the_chain(season):
    sweep_at(CLOSES + datetime.timedelta(minutes=1))

    event = AuditEvent.objects.get(action="deadline_report.built")
    report = DeadlineReport.objects.get()
    assert (event.object_type, event.object_id, event.actor_label) == (
        "reports.deadlinereport", str(report.pk), "system",
    )  # fmt: skip
    assert event.details["call"] == "EO/821/2023"
    assert {d["sha256"] for d in event.details["documents"]} == {
        d.sha256 for d in report.documents.all()
    }
    assert audit.first_broken_event() is None


@pytest.mark.django_db
def test_a_cached_dashboard_shows_the_report_as_soon_as_it_is_built(
    client, secretariat, season, page_cache
):
    """Read between the posts' close and the report's build, the dashboard is cached
    saying the report is being prepared; the build moves the cache's version."""
    call, operations, management = season
    with at(CLOSES + datetime.timedelta(minutes=1)):
        for post in (operations, management):
            transitions.take(post, "close_nominations", actor=None)
    client.force_login(secretariat)
    assert "Being prepared" in report_rows(client.get(dashboard(call)).content.decode())

    with at(CLOSES + datetime.timedelta(minutes=2)):
        assert delivery.deliver_due()

    rows = report_rows(client.get(dashboard(call)).content.decode())
    assert "Being prepared" not in rows and "Spreadsheet (XLSX)" in rows


@pytest.mark.django_db
def test_the_download_serves_a_deadline_reports_files_not_an_executives_export(
    client, secretariat, executive, mission, season
):
    _, operations, _ = season
    export_file = Document.objects.create(
        kind=Document.Kind.REPORT, file=ContentFile(b"%PDF-1.4 ratings", name="dossier.pdf"),
        original_name="dossier.pdf", content_type="application/pdf", size=16, sha256="0" * 64,
    )  # fmt: skip
    Export.objects.create(
        post=operations, kind="dossier", requested_by=executive, document=export_file
    )
    sweep_at(CLOSES + datetime.timedelta(minutes=1))
    report_pdf = DeadlineReport.objects.get().documents.first()

    client.force_login(secretariat)
    assert (
        client.get(reverse("workbench:document_download", args=[export_file.pk])).status_code == 404
    )
    client.force_login(mission)
    assert (
        client.get(reverse("workbench:document_download", args=[report_pdf.pk])).status_code == 403
    )
