"""The mission portal's nominations page under load (issue 10): `make bench-portal`.

As bench/run.py, on its own scratch database (bench/run.py's with `_portal` appended):
seed 10 then 10,000 nominations over 175 member states, France a busy state (one note in
twenty is France's, about 5% of the nominations, beside its turn among the others), serve
them with gunicorn and drive, with wrk, the portal's nominations page of France's mission
and, in bursts paired with it, the floor: a bare signed-in view, signed in as the same
mission. Queries per request are counted in-process for the first request (the page
cache empty) and the next.

Targets (issue 10): at 10,000 nominations, at least 0.5x the floor's requests/s, p99
under 100 ms, and as many queries per request as at 10 (tests/portal/test_query_counts.py
pins the count). Writes bench/results/<date>-portal.md; a benchmark, not a test: it exits
0 whatever it measures.
"""

import datetime
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402

BUSY_SHARE = 0.05
FLOOR = run.Page(
    "bare signed-in view (the floor), a mission", "/bench/signed-in/", "mission", floor=True
)
PAGES = [
    run.Page("portal nominations page, a busy mission", "/portal/nominations/", "mission"),
]


def database_url():
    parts = urlsplit(run.scratch_url())
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_portal"))


def main():
    run.ensure_wrk()
    url = database_url()
    run.recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from bench import micro
    from bench.seed import Season, Seeder

    call_command("migrate", verbosity=0)
    info = run.machine()
    print("\n".join(f"{key}: {value}" for key, value in info.items()), flush=True)
    started = time.monotonic()
    season = Season(busy_share=BUSY_SHARE)
    seeder = Seeder(season)
    clients = run.signed_in_clients()
    rows, explains, seeded = [], {}, 0
    with run.Server():
        for size in run.SIZES:
            seeded += seeder.add(size - seeded)
            run.analyze()
            rows += run.measure(size, clients, micro.busiest(season), pages=PAGES, floor=FLOOR)
        for row in rows:
            if row["size"] == run.SIZES[-1] and row["sql"]:
                explains[row["page"].label] = (row["sql"], run.explain(row["sql"]))
    write_results(info, rows, explains, time.monotonic() - started)


def write_results(info, rows, explains, elapsed):
    today = datetime.date.today().isoformat()
    label = os.environ.get("BENCH_LABEL", "")
    target = ROOT / "bench" / "results" / f"{today}-portal{'-' + label if label else ''}.md"
    parts = [
        f"# Portal benchmark, {today}{' (' + label + ')' if label else ''}",
        "",
        f"`make bench-portal` ({elapsed:.0f} s). The nominations page of France's mission "
        f"(France sends about {BUSY_SHARE:.0%} of the notes besides its turn: a busy state) "
        "beside a bare signed-in view of the same mission, in paired bursts. A shared "
        "machine: the load average says how busy it was; compare the ratio to the floor.",
        "",
        *[f"- {key}: {value}" for key, value in info.items()],
        "",
        run.table(rows),
    ]
    for label_, (sql, plan) in explains.items():
        parts += ["", f"## EXPLAIN ANALYZE of the page query: {label_}", "", "```sql", sql,
                  "```", "", "```", plan, "```"]  # fmt: skip
    target.write_text("\n".join(parts) + "\n")
    print(f"\nwritten to {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
