"""The executive office's side by side and shortlist dossier: `make bench-review`.

On a scratch PostgreSQL database (BENCH_REVIEW_DATABASE_URL; else DATABASE_URL's server
with `_bench_review` appended to its name; else nomina_bench_review on 127.0.0.1), dropped
and made anew: the demo data (seed_demo), and DDG Operations of EO/821/2023 in
shortlisting with 40 eligible candidates, each screened on four criteria and rated by 5
executive members on every value and competency the post requires (its terms of
reference: the demo's). Then, in-process (bench/settings.py, debug off):

1. the side-by-side page as one of the members, REPEAT `Client.get` calls: median and
   p95 wall time, and its query count (the same at 2 candidates: tests/shortlisting);
2. the 40-candidate shortlist dossier (PDF) and the side by side (XLSX), each built as
   the Celery task builds it (shortlisting.tasks.build_export, run in this process).

Targets (issue 11): the page under 300 ms at p95, the dossier under 30 s.
Writes bench/results/<date>-review.md.
"""

import datetime
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CANDIDATES = 40
MEMBERS = 5
REPEAT = int(os.environ.get("BENCH_REVIEW_REPEAT", "200"))


def scratch_url():
    if os.environ.get("BENCH_REVIEW_DATABASE_URL"):
        return os.environ["BENCH_REVIEW_DATABASE_URL"]
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(given)
        return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_bench_review"))
    return "postgres://postgres@127.0.0.1:5432/nomina_bench_review"


def setup():
    from bench.notes import recreate_database

    url = scratch_url()
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["NOMINA_PRIVATE_STORAGE"] = tempfile.mkdtemp(prefix="nomina-bench-review-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def seed():
    """The demo, then 40 eligible candidates on its first post, screened and rated."""
    import random

    from django.db import transaction
    from django.utils import timezone

    from accounts.services import create_account
    from nominations import demo
    from nominations.models import (
        Call,
        Candidate,
        MemberState,
        Nomination,
        NoteVerbale,
        Post,
        PostCompetency,
    )
    from review.models import Assessment, CriterionCheck, Rating

    demo.seed("bench-review-password")
    generator = random.Random(11)
    with transaction.atomic():
        post = Call.objects.get(reference="EO/821/2023").posts.order_by("id").first()
        Post.objects.filter(pk=post.pk).update(status="shortlisting")
        states = list(MemberState.objects.filter(is_member=True).order_by("code"))
        members = [
            create_account(
                f"member{i}@bench.test",
                role="executive",
                password="bench-review-password",
                nationality=states[-1 - i],
            )
            for i in range(MEMBERS)
        ]
        now = timezone.now()
        competencies = list(PostCompetency.objects.filter(post=post))
        for i in range(CANDIDATES):
            state = states[(i * 7) % (len(states) - MEMBERS)]
            note = NoteVerbale.objects.create(
                direction="incoming",
                member_state=state,
                reference=f"BENCH/{i}",
                received_at=post.deadline - datetime.timedelta(days=3),
                channel="email",
            )
            candidate = Candidate.objects.create(
                member_state=state,
                nationality=state,
                full_name=f"Candidate {i:02d} {state.name_en}",
                gender=generator.choice(["female", "male"]),
                email=f"candidate{i}@bench.test",
            )
            nomination = Nomination.objects.create(
                post=post,
                member_state=state,
                candidate=candidate,
                note_verbale=note,
                status="eligible",
            )
            CriterionCheck.objects.bulk_create(
                [
                    CriterionCheck(
                        nomination=nomination,
                        criterion=criterion,
                        is_asset=criterion.startswith("asset:"),
                        finding="met",
                        justification="As the CV states, with dates and employers",
                        cv_reference="Experience",
                        checked_by=members[0],
                        checked_at=now,
                    )
                    for criterion in ("degree", "experience", "language:en", "asset:language:fr")
                ]
            )
            for member in members:
                assessment = Assessment.objects.create(
                    nomination=nomination, member=member, submitted_at=now
                )
                Rating.objects.bulk_create(
                    [
                        Rating(
                            assessment=assessment,
                            post_competency=pc,
                            score=generator.randint(1, 5),
                            comment="",
                        )
                        for pc in competencies
                    ]
                )
    return post, members, len(competencies)


def time_page(post, member):
    from django.test import Client

    from bench.run import count_queries

    client = Client()
    client.force_login(member)
    path = f"/review/posts/{post.pk}/side-by-side/"
    queries, status, _ = count_queries(path, client)
    assert status == 200, status
    client.get(path)  # warm: imports and templates
    timings, cpu = [], []
    for _ in range(REPEAT):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    return {
        "median": statistics.median(timings),
        "p95": _p95(timings),
        "cpu_median": statistics.median(cpu),
        "cpu_p95": _p95(cpu),
        "queries": queries,
        "size": len(response.content),
    }


def _p95(values):
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def time_export(post, member, kind):
    from shortlisting.models import Export
    from shortlisting.tasks import build_export

    export = Export.objects.create(post=post, kind=kind, requested_by=member)
    start = time.perf_counter()
    status = build_export(export.pk)
    seconds = time.perf_counter() - start
    export.refresh_from_db()
    assert status == "done", export.error
    return seconds, export.document.size


def main():
    setup()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    post, members, competencies = seed()
    page = time_page(post, members[0])
    end_load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(
        f"side by side: median {page['median']:.1f} ms, p95 {page['p95']:.1f} ms "
        f"(CPU {page['cpu_median']:.1f} / {page['cpu_p95']:.1f} ms), {page['queries']} queries"
    )
    dossier_s, dossier_bytes = time_export(post, members[0], "dossier")
    print(f"dossier: {dossier_s:.2f} s, {dossier_bytes} bytes")
    xlsx_s, xlsx_bytes = time_export(post, members[0], "side_by_side")
    print(f"xlsx: {xlsx_s:.2f} s, {xlsx_bytes} bytes")
    today = datetime.date.today().isoformat()
    cpu = f"{page['cpu_median']:.1f} / {page['cpu_p95']:.1f}"
    dossier = f"{dossier_s:.2f} s ({dossier_bytes // 1024} KiB)"
    out = ROOT / "bench" / "results" / f"{today}-review.md"
    out.write_text(
        f"""# Side by side and shortlist dossier, {today}

`make bench-review` (bench/review.py), in-process, bench/settings.py (debug off), on
PostgreSQL. Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python
{platform.python_version()}; load average at start {load}, after the page timings
{end_load} (other work on the machine inflates wall time; this process's CPU time
less).

Data: DDG Operations of the demo call in shortlisting, {CANDIDATES} eligible candidates,
each screened on 4 criteria and rated by {MEMBERS} members on the post's {competencies}
values and competencies ({CANDIDATES * MEMBERS * competencies} ratings).

| what | result | target |
|---|---|---|
| side-by-side page, median of {REPEAT} (wall) | {page["median"]:.1f} ms | |
| side-by-side page, p95 of {REPEAT} (wall) | {page["p95"]:.1f} ms | < 300 ms |
| the same, this process's CPU time: median / p95 | {cpu} ms | |
| its queries | {page["queries"]} (the same for 2 candidates: tests/shortlisting) | fixed |
| its HTML | {page["size"] // 1024} KiB | |
| shortlist dossier, PDF, {CANDIDATES} candidates, in the task | {dossier} | < 30 s |
| side by side, XLSX, in the task | {xlsx_s:.2f} s ({xlsx_bytes // 1024} KiB) | |
""",
        encoding="utf-8",
    )
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
