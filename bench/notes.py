"""Rendering and sending a call's notes verbales to 175 missions: `make bench-notes`.

On a scratch PostgreSQL database (BENCH_NOTES_DATABASE_URL; else DATABASE_URL's server
with `_bench_notes` appended to its name; else nomina_bench_notes on 127.0.0.1), dropped
and made anew: the demo data, 175 of its member states as members (the organization's
size, seed 002), and a call of the demo's two posts (their full terms of reference) in
draft. Then, timed:

1. issuing the call (`workflows.call_issue.issue_call`): the one transaction that numbers
   and words the 175 notes and queues their e-mails, with its query count;
2. sending them through the real send task (`notifications.tasks.send_message`, run in
   this process as one worker would, one after the other) with anymail's test backend:
   each renders its note's PDF (and the first, each post's terms of reference) before
   it sends;
3. rendering one note's PDF alone (WeasyPrint), 30 times.

Writes bench/results/<date>-notes.md. A benchmark, not a test: it reports whatever it
measures and fails only when it cannot run (or when a note is missing).
"""

import datetime
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MISSIONS = 175
SAMPLES = 30


def scratch_url():
    if os.environ.get("BENCH_NOTES_DATABASE_URL"):
        return os.environ["BENCH_NOTES_DATABASE_URL"]
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(given)
        return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_bench_notes"))
    return "postgres://postgres@127.0.0.1:5432/nomina_bench_notes"


def recreate_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name) or "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: a bench database's name contains 'bench'")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def setup():
    url = scratch_url()
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_EMAIL_BACKEND"] = "anymail.backends.test.EmailBackend"
    os.environ["NOMINA_PRIVATE_STORAGE"] = tempfile.mkdtemp(prefix="nomina-bench-notes-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def seed_call():
    """The demo data, 175 member states, and a draft call of the demo's two posts."""
    from django.db import transaction

    from nominations import demo
    from nominations.models import Call, MemberState, Post

    demo.seed("bench-only-password")
    with transaction.atomic():
        codes = list(
            MemberState.objects.filter(is_member=True)
            .order_by("code")
            .values_list("code", flat=True)
        )
        MemberState.objects.filter(code__in=codes[MISSIONS:]).update(is_member=False)
        source = Call.objects.get(reference="EO/821/2023")
        deadline = datetime.date.today() + datetime.timedelta(days=45)
        call = Call.objects.create(
            reference="EO/900/2026",
            title=source.title,
            issued_on=datetime.date.today(),
            deadline_date=deadline,
            place=source.place,
            enquiry_email=source.enquiry_email,
        )
        copied = [
            field.name
            for field in Post._meta.concrete_fields
            if field.name not in {"id", "call", "status", "deadline_date", "deadline", "created_at"}
        ]
        for source_post in source.posts.order_by("pk"):
            post = Post.objects.create(
                call=call, **{name: getattr(source_post, name) for name in copied}
            )
            for row in source_post.required_competencies.all():
                row.pk, row.id, row.post = None, None, post
                row.save()
    return call


def _ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def _median_p95(values):
    ordered = sorted(values)
    return f"{_ms(statistics.median(ordered))} / {_ms(ordered[int(0.95 * len(ordered)) - 1])}"


def main():
    url = setup()
    from django.core import mail
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from nominations.models import Document, NoteVerbale
    from notifications import tasks
    from notifications.models import OutgoingMessage
    from notifications.notes.pdf import render_pdf
    from workflows.call_issue import issue_call

    call = seed_call()
    secretariat = User.objects.get(email="secretariat@nomina.example")
    languages = dict(
        call.addressee_states().values_list("language").annotate(n=Count("id")).order_by()
    )

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        issue_call(call, actor=secretariat)
    issue_seconds = time.perf_counter() - started

    messages = list(
        OutgoingMessage.objects.filter(kind="call").order_by("pk").values_list("pk", flat=True)
    )
    durations = []
    started = time.perf_counter()
    for message_id in messages:
        one = time.perf_counter()
        tasks.send_message.apply(args=[message_id])
        durations.append(time.perf_counter() - one)
    send_seconds = time.perf_counter() - started

    sent = OutgoingMessage.objects.filter(kind="call", status="sent").count()
    pdfs = Document.objects.filter(kind="note_verbale", nomination__isnull=True).count()
    terms = Document.objects.filter(kind="terms").count()
    attachments = {len(email.attachments) for email in mail.outbox}
    note_bytes = statistics.median(
        Document.objects.filter(kind="note_verbale", nomination__isnull=True).values_list(
            "size", flat=True
        )
    )
    sample = list(NoteVerbale.objects.filter(kind="call").order_by("?")[:SAMPLES])
    renders = []
    for note in sample:
        one = time.perf_counter()
        render_pdf(note.body)
        renders.append(time.perf_counter() - one)
    if sent != len(messages) or pdfs != len(messages):
        sys.exit(f"{sent} of {len(messages)} sent, {pdfs} PDFs: the benchmark found a fault")

    rest = durations[1:]
    rows = [
        (
            "missions addressed (their languages)",
            f"{len(messages)} ({', '.join(f'{k}: {v}' for k, v in sorted(languages.items()))})",
        ),
        (
            "issuing the call: one transaction, numbering and wording every note",
            f"{_ms(issue_seconds)}, {len(queries)} queries",
        ),
        (
            "rendering one note's PDF alone (median / p95 of 30)",
            _median_p95(renders),
        ),
        (
            "sending the first (its note and both posts' terms of reference rendered)",
            _ms(durations[0]),
        ),
        (
            "sending each of the others: render, store, attach, send (median / p95)",
            _median_p95(rest),
        ),
        ("rendering and sending all the notes, one worker", f"{send_seconds:.1f} s"),
        ("sent / note PDFs stored / terms of reference stored", f"{sent} / {pdfs} / {terms}"),
        (
            "attachments per e-mail; median note PDF",
            f"{', '.join(map(str, sorted(attachments)))}; {note_bytes / 1024:.0f} KiB",
        ),
    ]
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    lines = [
        f"# Notes verbales: one call to {len(messages)} missions ({datetime.date.today()})",
        "",
        "Command: `make bench-notes` (bench/notes.py). "
        f"Database: PostgreSQL ({connection.pg_version // 10000}) at {urlsplit(url).hostname}; "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, load average at start "
        f"{load}. The send task ran in this process, one message after another (one worker); "
        "n workers divide the sending time by about n.",
        "",
        "| what | measured |",
        "|---|---|",
        *[f"| {what} | {value} |" for what, value in rows],
        "",
    ]
    report = "\n".join(lines)
    print(report)
    out = ROOT / "bench" / "results" / f"{datetime.date.today().isoformat()}-notes.md"
    out.write_text(report)
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
