"""The sweep benchmark (issue 9): `make bench-sweeps`.

On a scratch PostgreSQL database (bench/run.py's, with `_sweeps` appended to its name),
made anew for each size: 175 member states and 20 calls of 3 posts as bench/seed.py
seeds them (13 calls open), then 10 and then 10,000 nominations. At each size, timed
in-process with the query count:

1. the reminder sweep when the 7-day point of the busiest open call is due (it reminds
   the states, of 175 addressed, that have not nominated it), then when those of the 12
   other open calls are due in the same minute;
2. the reminder sweep with every incomplete nomination of an open post due at once
   (one reminder per nomination: these grow with the nominations by nature);
3. again: nothing is due, nothing is sent; then a replay of every point already handled
   (as a retried task would): every message key is taken, nothing is sent;
4. the deadline sweep when the busiest open call closes (its 3 posts, one report: PDF
   and XLSX), then when the 12 other open calls close in the same minute (12 reports);
   then again: nothing to close, nothing reported.

Messages are queued in the outbox and handed to Celery's in-memory broker on commit, as
in production (nothing is delivered). Target: under 5 s, queries not growing with the
number of nominations. A benchmark, not a test: it reports and exits 0.
"""

import datetime
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import machine, recreate_database, scratch_url  # noqa: E402

SIZES = [10, 10_000]
TARGET_SECONDS = 5.0


def sweeps_url():
    parts = urlsplit(scratch_url())
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_sweeps"))


def measured(label, func):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.models import OutgoingMessage

    before = OutgoingMessage.objects.count()
    connection.queries_log.clear()  # it keeps 9,000 queries at most
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        func()
        seconds = time.perf_counter() - started
    sent = OutgoingMessage.objects.count() - before
    print(f"  {label}: {seconds:.2f} s, {len(queries)} queries, {sent} messages", flush=True)
    return {"label": label, "seconds": seconds, "queries": len(queries), "sent": sent}


def seed(size):
    from django.core.management import call_command
    from django.db.models import Count
    from django.utils import timezone

    from bench.seed import Season, Seeder
    from nominations.models import Nomination, Post
    from reminders import schedule

    call_command("migrate", verbosity=0)
    season = Season()
    Seeder(season).add(size)
    now = timezone.now()
    # As if issued 30 days before its deadline: every open post's three points exist.
    for post in Post.objects.filter(status=Post.Status.OPEN).select_related("call"):
        schedule.not_nominated(post, now=post.deadline - datetime.timedelta(days=30))
    for nomination in Nomination.objects.filter(
        status=Nomination.Status.INCOMPLETE, post__status=Post.Status.OPEN
    ).select_related("post"):
        schedule.incomplete(nomination, now=now - datetime.timedelta(days=3))
    busiest = (
        Post.objects.filter(status=Post.Status.OPEN)
        .values("call_id")
        .annotate(n=Count("nominations"))
        .order_by("-n", "call_id")
        .first()["call_id"]
    )
    return busiest


def run_size(size):
    from django.utils import timezone

    from nominations.models import Nomination, Post
    from reminders import sweep
    from reminders.models import DuePoint
    from workflows import tasks
    from workflows.deadlines import closing_instant

    busiest = seed(size)
    nominations = Nomination.objects.count()
    states = Nomination.objects.values("member_state").distinct().count()
    print(f"{nominations} nominations from {states} member states", flush=True)
    now = timezone.now()
    past = now - datetime.timedelta(minutes=1)
    pending = DuePoint.objects.filter(done_at__isnull=True)
    # Only what each step makes due is due.
    pending.update(due_at=now + datetime.timedelta(days=365))
    rows = []
    seven_days = pending.filter(kind="not_nominated", label__endswith="-7d")
    seven_days.filter(call_id=busiest).update(due_at=past)
    rows.append(measured("reminders: the busiest open call's 7-day point", sweep.sweep))
    seven_days.update(due_at=past)
    rows.append(measured("reminders: the 12 other open calls' at once", sweep.sweep))
    pending.filter(kind="incomplete").update(due_at=past)
    rows.append(measured("reminders: every incomplete nomination", sweep.sweep))
    rows.append(measured("reminders again: nothing due", sweep.sweep))
    DuePoint.objects.filter(outcome="done").update(done_at=None, outcome="", sent=0)
    rows.append(measured("reminders replayed: every key taken", sweep.sweep))

    # Closed yesterday (a post's deadline is its deadline date's closing instant).
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    closed = {"deadline_date": yesterday, "deadline": closing_instant(yesterday)}
    Post.objects.filter(call_id=busiest, status=Post.Status.OPEN).update(**closed)
    rows.append(
        measured("deadline: the busiest open call closes (1 report)", tasks.close_due_posts)
    )
    Post.objects.filter(status=Post.Status.OPEN).update(**closed)
    rows.append(measured("deadline: the 12 other open calls close at once", tasks.close_due_posts))
    rows.append(measured("deadline again: nothing to close", tasks.close_due_posts))
    return {"size": size, "nominations": nominations, "states": states, "rows": rows}


def _cell(row):
    cell = f"{row['seconds']:.2f} / {row['queries']} / {row['sent']}"
    if row["sent"] >= 10 and row["label"].startswith("reminders"):
        cell += f" ({1000 * row['seconds'] / row['sent']:.1f} ms a message)"
    return cell


def table(results):
    labels = [row["label"] for row in results[0]["rows"]]
    head = "| sweep | " + " | ".join(
        f"{r['nominations']:,} nominations: s / queries / messages" for r in results
    )
    lines = [head + " |", "|---|" + "---|" * len(results)]
    for index, label in enumerate(labels):
        cells = [_cell(result["rows"][index]) for result in results]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    url = sweeps_url()
    os.environ.setdefault("NOMINA_SECRETARIAT_EMAILS", "reports@secretariat.test")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    recreate_database(url)
    import django

    django.setup()
    from django.db import connections

    info = machine()
    info.pop("gunicorn", None)
    info.pop("load generator", None)
    print("\n".join(f"{key}: {value}" for key, value in info.items()), flush=True)
    started = time.monotonic()
    results = []
    for size in SIZES:
        if results:
            connections.close_all()
            recreate_database(url)
        print(f"\n{size} nominations", flush=True)
        results.append(run_size(size))
    write_results(info, results, time.monotonic() - started)


def write_results(info, results, elapsed):
    today = datetime.date.today().isoformat()
    target = ROOT / "bench" / "results" / f"{today}-sweeps.md"
    worst = max(row["seconds"] for result in results for row in result["rows"])
    parts = [
        f"# Sweep benchmark, {today}",
        "",
        f"`make bench-sweeps` ({elapsed:.0f} s), in-process on PostgreSQL: each cell is "
        "seconds / queries / messages queued. See bench/sweeps.py for what each row does. "
        f"Target: under {TARGET_SECONDS:.0f} s (slowest here: {worst:.2f} s), queries not "
        "growing with the number of nominations.",
        "",
        *[f"- {key}: {value}" for key, value in info.items()],
        f"- load average at the end: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}",
        "",
        table(results),
        "",
        "A reminder sweep costs a fixed handful of queries per due point (the states that "
        "have not nominated, in one grouping over the call's nominations) and two per "
        "message (the outbox's key check and insert), whatever the number of nominations; "
        "its time follows the messages it queues. The deadline sweep's queries are the same "
        "at both sizes; its time is mostly the PDF (WeasyPrint) of each report.",
    ]
    target.write_text("\n".join(parts) + "\n")
    print(f"\nwritten to {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
