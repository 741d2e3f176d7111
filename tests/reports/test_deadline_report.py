"""At the deadline the sweep closes the posts and sends the Secretariat one report per
call and deadline, as PDF and XLSX, whatever runs twice or at once."""

import datetime
import io
import threading

import openpyxl
import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nominations.models import Call, Document, Post
from notifications.models import OutgoingMessage
from reports.models import DeadlineReport
from tests import factories
from tests.reminders.conftest import at, geneva
from workflows import tasks, transitions
from workflows.intake import CandidateDetails, IncomingNote, log_nomination
from workflows.models import AuditEvent

DEADLINE = datetime.date(2023, 11, 15)
CLOSES = geneva(2023, 11, 16)  # midnight at the end of 15 November, CET


def make_call(
    secretariat, reference, deadline=DEADLINE, titles=("DDG Operations", "DDG Management")
):
    call = factories.CallFactory(
        reference=reference, title="Deputy Directors General", deadline_date=deadline,
        enquiry_email="hrm@organization.test",
    )  # fmt: skip
    posts = []
    for title in titles:
        post = factories.PostFactory(call=call, title=title, status="draft")
        with at(geneva(2023, 10, 2, 9)):
            posts.append(transitions.take(post, "issue_call", actor=secretariat))
    return call, posts


def nominate(post, state, *, status="received", is_late=False, name=None, received=None):
    return factories.NominationFactory(
        post=post,
        member_state=state,
        status=status,
        is_late=is_late,
        candidate__full_name=name or f"Candidate of {state.code}",
        note_verbale__received_at=received or geneva(2023, 11, 10, 11),
    )


def sweep_at(moment):
    with at(moment):
        return tasks.close_due_posts()


def reports():
    return OutgoingMessage.objects.filter(kind="deadline_report")


def pdf_text(document):
    with document.file.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def workbook(document):
    with document.file.open("rb") as handle:
        return openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True)


@pytest.fixture
def season(secretariat, states):
    """EO/821/2023: two posts by 15 November; France, Kenya, Mexico and Japan addressed."""
    call, (operations, management) = make_call(secretariat, "EO/821/2023")
    nominate(operations, states["FRA"], status="complete", name="Claire Dubois")
    nominate(operations, states["KEN"], status="incomplete", name="Amina Wanjiru")
    late = geneva(2023, 11, 17, 10)
    nominate(
        operations, states["MEX"], status="late", is_late=True, name="Luis Ortega", received=late
    )
    nominate(
        operations, states["JPN"], status="received", is_late=True, name="Yuki Sato", received=late
    )
    nominate(management, states["FRA"], status="withdrawn", name="Louis Martin")
    nominate(
        management,
        states["KEN"],
        status="rejected",
        is_late=True,
        name="Otieno Kamau",
        received=late,
    )
    return call, operations, management


@pytest.fixture
def states(db):
    return {
        code: factories.MemberStateFactory(code=code, name_en=name)
        for code, name in [("FRA", "France"), ("KEN", "Kenya"), ("MEX", "Mexico"), ("JPN", "Japan")]
    }


@pytest.mark.django_db
def test_past_the_deadline_the_sweep_closes_the_posts_and_reports_once(season, states):
    call, operations, management = season
    assert sweep_at(CLOSES - datetime.timedelta(seconds=1)) == []
    assert not DeadlineReport.objects.exists()

    assert sweep_at(CLOSES + datetime.timedelta(minutes=1)) == [operations.pk, management.pk]
    assert sweep_at(CLOSES + datetime.timedelta(minutes=2)) == []

    assert set(Post.objects.values_list("status", flat=True)) == {"closed"}
    assert AuditEvent.objects.filter(action="post.close_nominations").count() == 2
    message = reports().get()
    assert message.idempotency_key == f"report:deadline:{call.pk}:2023-11-16T00:00:00+01:00"
    assert message.to == ["hrm@organization.test"]
    assert message.subject == "Deadline report: call EO/821/2023, nominations by 15 November 2023"
    assert "- DDG Operations: 2 on time, 2 late, 1 incomplete; 0 addressed" in message.body
    assert "- DDG Management: 0 on time, 1 late, 0 incomplete; 3 addressed" in message.body
    pdf, xlsx = message.attachments.order_by("pk")
    assert (pdf.kind, pdf.content_type, pdf.original_name) == (
        "report", "application/pdf", "deadline-report-EO-821-2023-2023-11-15.pdf",
    )  # fmt: skip
    assert xlsx.original_name == "deadline-report-EO-821-2023-2023-11-15.xlsx"
    report = DeadlineReport.objects.get()
    assert (report.call, report.deadline, report.message) == (call, CLOSES, message)
    assert set(report.documents.all()) == {pdf, xlsx}


@pytest.mark.django_db
def test_the_pdf_and_the_spreadsheet_say_per_post_on_time_late_incomplete_and_who_did_not_nominate(
    season,
):
    sweep_at(CLOSES + datetime.timedelta(minutes=1))
    pdf, xlsx = reports().get().attachments.order_by("pk")

    text = pdf_text(pdf)
    assert "Deadline report: call EO/821/2023" in text
    assert "closed at 16 November 2023, 00:00 CET" in text
    assert "Late: 2 nominations" in text
    assert "Luis Ortega" in text and "waiting" in text
    assert "Yuki Sato" in text and "accepted" in text
    assert "Incomplete: 1 nomination" in text and "Amina Wanjiru" in text
    assert "Every addressed member state nominated." in text  # Operations
    # Management: France withdrew, Kenya was late and rejected; Japan and Mexico sent none.
    assert "Did not nominate: 3 member states" in text
    assert "Page 1 / " in text

    book = workbook(xlsx)
    summary = [row for row in book["Summary"].iter_rows(values_only=True)]
    assert summary[3][:2] == ("Post", "On time")
    assert summary[4] == ("DDG Operations", 2, 1, 1, 1, 0, 0, 0)
    assert summary[5] == ("DDG Management", 0, 0, 0, 0, 1, 1, 3)
    nominations = list(book["Nominations"].iter_rows(values_only=True))
    assert len(nominations) == 1 + 6
    assert (
        "DDG Operations",
        "MEX",
        "Mexico",
        "Luis Ortega",
        datetime.datetime(2023, 11, 17, 10),
        "no",
        "late",
    ) in nominations
    missing = sorted(book["Not nominated"].iter_rows(values_only=True))
    assert missing[:3] == [
        ("DDG Management", "France"),
        ("DDG Management", "Japan"),
        ("DDG Management", "Mexico"),
    ]


@pytest.mark.django_db
def test_lateness_is_the_notes_arrival_against_the_deadline_never_when_the_sweep_ran(
    secretariat, states
):
    _call, (post,) = make_call(secretariat, "EO/822/2023", titles=["Inspector General"])

    def log(state, received, logged):
        with at(logged):
            log_nomination(
                actor=secretariat,
                note=IncomingNote(member_state=state, channel="email", received_at=received),
                candidate=CandidateDetails(full_name=f"Candidate {state.code}", nationality=state),
                posts=[post],
            )

    # Arrived one second before midnight, logged after it, before the sweep: on time.
    log(
        states["FRA"],
        CLOSES - datetime.timedelta(seconds=1),
        CLOSES + datetime.timedelta(seconds=20),
    )
    # Arrived ten seconds after midnight, logged while the post was still open: late.
    log(
        states["KEN"],
        CLOSES + datetime.timedelta(seconds=10),
        CLOSES + datetime.timedelta(seconds=30),
    )
    sweep_at(CLOSES + datetime.timedelta(minutes=1))
    summary = list(
        workbook(reports().get().attachments.order_by("pk")[1])["Summary"].iter_rows(
            values_only=True
        )
    )
    assert summary[4] == ("Inspector General", 1, 0, 1, 0, 0, 0, 2)


@pytest.mark.django_db
def test_posts_of_a_call_closing_at_two_deadlines_make_two_reports(secretariat, states, settings):
    settings.NOMINA_SECRETARIAT_EMAILS = ["reports@organization.test"]
    call, (_first,) = make_call(secretariat, "EO/823/2023", titles=["Director A"])
    later = factories.PostFactory(
        call=call, title="Director B", status="draft", deadline_date=datetime.date(2023, 11, 30)
    )
    with at(geneva(2023, 10, 2, 9)):
        transitions.take(later, "issue_call", actor=secretariat)

    sweep_at(CLOSES + datetime.timedelta(minutes=1))
    assert list(reports().values_list("to", flat=True)) == [["reports@organization.test"]]
    assert "Director A" in reports().get().body and "Director B" not in reports().get().body
    sweep_at(geneva(2023, 12, 1, 0, 1))
    assert reports().count() == 2
    assert "Director B" in reports().order_by("-id").first().body


@pytest.mark.django_db
def test_a_report_with_nobody_to_send_it_to_is_kept(secretariat, states, caplog):
    call, _posts = make_call(secretariat, "EO/824/2023", titles=["Director C"])
    Call.objects.filter(pk=call.pk).update(enquiry_email="")
    sweep_at(CLOSES + datetime.timedelta(minutes=1))
    assert reports().count() == 0
    report = DeadlineReport.objects.get()
    assert report.built_at is not None and report.documents.count() == 2
    assert "set NOMINA_SECRETARIAT_EMAILS" in caplog.text


@pytest.mark.django_db
def test_a_post_closed_by_the_secretariat_is_reported_by_the_next_sweep(secretariat, states):
    _call, (post,) = make_call(secretariat, "EO/825/2023", titles=["Director D"])
    with at(CLOSES + datetime.timedelta(seconds=5)):
        transitions.take(post, "close_nominations", actor=secretariat)
    assert reports().count() == 0
    assert sweep_at(CLOSES + datetime.timedelta(minutes=1)) == []
    assert reports().count() == 1


@pytest.mark.django_db
def test_the_deadline_sweep_costs_the_same_queries_with_few_or_many_nominations(
    secretariat, states, django_assert_num_queries
):
    _small, small_posts = make_call(secretariat, "EO/830/2023")
    _large, large_posts = make_call(
        secretariat, "EO/831/2023", deadline=datetime.date(2023, 11, 20)
    )
    for post in small_posts:
        nominate(post, states["FRA"])
    for post in large_posts:
        for _ in range(15):
            nominate(post, states["FRA"])
            nominate(post, states["KEN"], status="incomplete")
            nominate(
                post, states["MEX"], status="late", is_late=True, received=geneva(2023, 11, 22)
            )
    with CaptureQueriesContext(connection) as few:
        sweep_at(CLOSES + datetime.timedelta(minutes=1))
    with django_assert_num_queries(len(few)):
        sweep_at(geneva(2023, 11, 21, 0, 1))
    assert reports().count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_close_once_and_report_once(postgres, secretariat, states):
    for reference in ("EO/840/2023", "EO/841/2023"):
        _call, posts = make_call(secretariat, reference)
        nominate(posts[0], states["FRA"])
    barrier = threading.Barrier(2)
    closed, errors = [], []

    def run():
        try:
            barrier.wait()
            closed.extend(tasks.close_due_posts())
        except Exception as error:  # noqa: BLE001 - asserted below
            errors.append(error)
        finally:
            connection.close()

    with at(CLOSES + datetime.timedelta(minutes=1)):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert sorted(closed) == sorted(Post.objects.values_list("pk", flat=True))
    assert AuditEvent.objects.filter(action="post.close_nominations").count() == 4
    assert reports().count() == 2
    assert DeadlineReport.objects.filter(built_at__isnull=False).count() == 2
    assert Document.objects.filter(kind="report").count() == 4


@pytest.mark.django_db
def test_a_post_cancelled_before_its_report_was_built_leaves_nothing_to_report(secretariat, states):
    _call, (post,) = make_call(secretariat, "EO/826/2023", titles=["Director E"])
    with at(CLOSES + datetime.timedelta(seconds=5)):
        transitions.take(post, "close_nominations", actor=secretariat)
        transitions.take(post, "cancel", actor=secretariat, reason="Post frozen")
    sweep_at(CLOSES + datetime.timedelta(minutes=1))
    report = DeadlineReport.objects.get()
    assert report.built_at is not None
    assert (report.message, report.documents.count(), reports().count()) == (None, 0, 0)


@pytest.mark.django_db
def test_a_report_that_fails_to_build_waits_for_the_next_sweep_without_stopping_the_others(
    secretariat, states, monkeypatch, caplog
):
    from reports import pdf

    broken, _posts = make_call(secretariat, "EO/827/2023", titles=["Director F"])
    make_call(secretariat, "EO/828/2023", titles=["Director G"])
    render = pdf.render

    def fails_for_the_first(template, context):
        if context["report"].call == broken:
            raise OSError("disk full")
        return render(template, context)

    monkeypatch.setattr(pdf, "render", fails_for_the_first)
    sweep_at(CLOSES + datetime.timedelta(minutes=1))
    assert [m.subject.split(",")[0] for m in reports()] == ["Deadline report: call EO/828/2023"]
    assert "Deadline report" in caplog.text and "not built" in caplog.text
    monkeypatch.undo()
    sweep_at(CLOSES + datetime.timedelta(minutes=2))
    assert reports().count() == 2
    assert DeadlineReport.objects.filter(built_at__isnull=True).count() == 0
