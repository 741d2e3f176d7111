"""The load benchmark (issue 8), then the micro-benchmarks: `make bench`.

On a scratch PostgreSQL database (BENCH_DATABASE_URL; else DATABASE_URL's server with
`_bench` appended to its name; else nomina_bench on 127.0.0.1), dropped and made anew:
migrate, seed 10 then 10,000 nominations over 175 member states, serve them with
gunicorn on 127.0.0.1 with bench/settings.py (debug off) and config/gunicorn.py (as
production; BENCH_WORKERS, BENCH_WORKER_CLASS and BENCH_THREADS override it), and drive
each page of PAGES with wrk (Debian's, installed with apt-get when missing), 20
connections, signed in by session, in BENCH_ROUNDS bursts of BENCH_SECONDS seconds, each
right after a burst of the floor, a bare signed-in Django view: a page's ratio is the
median of its paired ratios. Queries per request are counted in-process on the same
data, for the first request (the page cache empty) and the next (from the cache).

Targets (issue 8): at 10,000 nominations, at least 0.5x the floor's requests/s, p99 under
100 ms, and as many queries per request as at 10. A benchmark, not a test: it reports
and exits 0 whatever it measures (it fails only when it cannot run).

To add a page: append a Page to PAGES, with `{call}` or `{post}` in its path for the
busiest seeded call or post.
"""

import dataclasses
import datetime
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclasses.dataclass(frozen=True)
class Page:
    label: str
    path: str
    role: str  # "secretariat" or "mission" (France's mission)
    floor: bool = False


FLOOR = Page("bare signed-in view (the floor)", "/bench/signed-in/", "secretariat", floor=True)
PAGES = [
    Page("API nominations list, Secretariat", "/api/v1/nominations/", "secretariat"),
    Page("API nominations list, a mission", "/api/v1/nominations/", "mission"),
    Page("call dashboard", "/workbench/calls/{call}/", "secretariat"),
    Page("nominations list page", "/workbench/nominations/", "secretariat"),
]
SIZES = [10, 10_000]
CONNECTIONS = 20
GUNICORN_CONFIG = ROOT / "config" / "gunicorn.py"
# Each overrides config/gunicorn.py when set.
WORKERS = os.environ.get("BENCH_WORKERS")
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS")
THREADS = os.environ.get("BENCH_THREADS")
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WARMUP_SECONDS = 3
PORT = int(os.environ.get("BENCH_PORT", "8765"))
TARGET_RATIO, TARGET_P99_MS = 0.5, 100.0


def scratch_url():
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(given)
        return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_bench"))
    return "postgres://postgres@127.0.0.1:5432/nomina_bench"


def recreate_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name) or "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: a bench database's name contains 'bench'")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def machine():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cores (nproc)": os.cpu_count(),
        "memory": f"{memory_kb / 1024 / 1024:.1f} GiB",
        "CPU": _cpu_model(),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "PostgreSQL": postgres,
        "gunicorn": _gunicorn_setup(),
        "load generator": f"{_wrk_version()}, {CONNECTIONS} connections, 2 threads, "
        f"{ROUNDS} bursts of {SECONDS} s per page, each after one of the floor "
        f"(figures: medians of the bursts; x floor: median of the paired ratios)",
        "load average at start": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
    }


def _gunicorn_setup():
    import runpy

    config = runpy.run_path(str(GUNICORN_CONFIG))
    workers = WORKERS or config["workers"]
    worker_class = WORKER_CLASS or config["worker_class"]
    threads = THREADS or config["threads"]
    keepalive = config["keepalive"]
    threaded = f", {threads} threads each, keep-alive {keepalive} s"
    return f"{workers} workers, {worker_class}{threaded if worker_class == 'gthread' else ''}"


def ensure_wrk():
    """Debian's wrk, installed with apt-get when missing (as root; the Makefile's bench)."""
    if shutil.which("wrk"):
        return
    if not shutil.which("apt-get") or os.geteuid() != 0:
        sys.exit("wrk is not installed: apt-get install -y wrk, as root")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    print("installing wrk with apt-get", flush=True)
    if subprocess.run(install, env=env).returncode != 0:  # a fresh machine: no package lists
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(install, env=env, check=True)
    if not shutil.which("wrk"):
        sys.exit("apt-get did not install wrk")


def _cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def _wrk_version():
    run = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return (run.stdout + run.stderr).split("[")[0].strip() or "wrk"


class Server:
    def __init__(self):
        self.process = None

    def __enter__(self):
        # The interpreter running this, so gunicorn comes from the same environment.
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--config", str(GUNICORN_CONFIG), "--bind", f"127.0.0.1:{PORT}",
            "--log-level", "warning", "--chdir", str(ROOT),
        ]  # fmt: skip
        for option, value in [
            ("--workers", WORKERS), ("--worker-class", WORKER_CLASS), ("--threads", THREADS)
        ]:  # fmt: skip
            if value:
                command += [option, value]
        self.process = subprocess.Popen(command, env=os.environ.copy())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", PORT)) == 0:
                    return self
            if self.process.poll() is not None:
                sys.exit("gunicorn did not start")
            time.sleep(0.2)
        sys.exit("gunicorn did not answer within 30 s")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def wrk(path, cookie, seconds):
    run = subprocess.run(
        [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(CONNECTIONS),
            "--duration",
            f"{seconds}s",
            "--timeout",
            "5s",
            "--latency",
            "--header",
            f"Cookie: {cookie}",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    )
    out = run.stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": _ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "problems": ", ".join(
            text
            for text in [
                bad and f"{bad.group(1)} non-2xx answers",
                errors and f"socket errors: {errors.group(1)}",
            ]
            if text
        ),
    }


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def signed_in_clients():
    from django.test import Client

    from accounts.services import create_account
    from nominations.models import MemberState

    france = MemberState.objects.get(code="FRA")
    clients = {}
    for role, state in [("secretariat", None), ("mission", france)]:
        user = create_account(
            f"{role}@bench.test", role=role, member_state=state, password="bench bench bench"
        )
        client = Client()
        client.force_login(user)
        clients[role] = client
    return clients


def visible_rows(page, clients):
    from django.contrib.auth import get_user

    from nominations.models import Nomination

    request = type("Request", (), {"session": clients[page.role].session})()
    return Nomination.objects.for_user(get_user(request)).count()


def cookies(client):
    """The Cookie header of a signed-in browser: the session's, and the CSRF cookie the
    first page set (without it, every page would set a new one)."""
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def count_queries(page_path, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(page_path)
    status = response.status_code
    return len(captured), status, [query["sql"] for query in captured]


def explain(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def page_query(queries):
    """The list's page query: the one that selects nominations with a LIMIT."""
    for sql in queries:
        if sql.startswith("SELECT") and 'FROM "nominations_nomination"' in sql and "LIMIT" in sql:
            return sql
    return None


def measure(size, clients, fill, pages=None, floor=FLOOR):
    """Each page in ROUNDS bursts, each right after a burst of the floor: the machine is
    shared, and a ratio of two bursts taken together drifts less than one of two taken
    minutes apart. A page's figures are the medians of its bursts. ``pages`` default to
    PAGES (bench/portal.py measures its own against the same floor)."""
    floor_cookie = cookies(clients[floor.role])
    floor_bursts, rows = [], []
    for page in PAGES if pages is None else pages:
        path = page.path.format(**fill)
        client = clients[page.role]
        queries, status, sql = count_queries(path, client)
        cached_queries = count_queries(path, client)[0]
        cookie = cookies(client)
        wrk(floor.path, floor_cookie, WARMUP_SECONDS)
        wrk(path, cookie, WARMUP_SECONDS)
        bursts, ratios = [], []
        for _ in range(ROUNDS):
            bare = wrk(floor.path, floor_cookie, SECONDS)
            burst = wrk(path, cookie, SECONDS)
            floor_bursts.append(bare)
            bursts.append(burst)
            if bare["rps"]:  # a floor that answered nothing (a stalled machine) pairs nothing
                ratios.append(burst["rps"] / bare["rps"])
        if status != 200:
            bursts[0]["problems"] = f"answers {status} in-process; " + bursts[0]["problems"]
        rows.append(
            {
                "page": page,
                "path": path,
                "size": size,
                "visible": visible_rows(page, clients),
                "queries": queries,
                "cached_queries": cached_queries,
                "sql": page_query(sql),
                "ratio": statistics.median(ratios) if ratios else 0.0,
                **medians(bursts),
            }
        )
        print(_line(rows[-1]), flush=True)
    floor_queries = count_queries(floor.path, clients[floor.role])[0]
    floor_row = {
        "page": floor, "path": floor.path, "size": size, "visible": "—",
        "queries": floor_queries, "cached_queries": floor_queries, "sql": None, "ratio": 1.0,
        **medians(floor_bursts),
    }  # fmt: skip
    print(_line(floor_row), flush=True)
    return [floor_row, *rows]


def medians(bursts):
    return {
        "rps": statistics.median(b["rps"] for b in bursts),
        "p50": statistics.median(b["p50"] for b in bursts),
        "p99": statistics.median(b["p99"] for b in bursts),
        "problems": "; ".join(b["problems"] for b in bursts if b["problems"]),
    }


def _line(row):
    ratio = row["ratio"]
    return (
        f"{row['page'].label:<40} {row['size']:>6} {row['visible']!s:>6} "
        f"{row['rps']:>8.0f}/s  p50 {row['p50']:>6.1f} ms  p99 {row['p99']:>6.1f} ms  "
        f"{ratio:>5.2f}x  {row['queries']} queries ({row['cached_queries']} cached)  "
        f"{row['problems']}"
    )


def table(rows):
    by_size = {}
    for row in rows:
        by_size.setdefault(row["size"], []).append(row)
    # Keyed by the page, not its path: a path names the seeded call or post, whose id
    # differs between the two sizes.
    small = {r["page"]: (r["queries"], r["cached_queries"]) for r in by_size[SIZES[0]]}
    lines = [
        "| page | nominations (visible) | requests/s | p50 | p99 (target < 100 ms) "
        "| x floor (target ≥ 0.5) | queries: first, cached (target = at 10) | problems |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size, group in by_size.items():
        for row in group:
            ratio = row["ratio"]
            same = small.get(row["page"])
            counts = (row["queries"], row["cached_queries"])
            queries = f"{counts[0]}, cached {counts[1]}" + (
                "" if size == SIZES[0] or row["page"].floor
                else " ✓" if counts == same else f" ✗ ({same[0]}, cached {same[1]} at 10)"
            )  # fmt: skip
            checks = (
                ("—", "") if row["page"].floor
                else (f"{ratio:.2f}" + (" ✓" if ratio >= TARGET_RATIO else " ✗"),
                      " ✓" if row["p99"] < TARGET_P99_MS else " ✗")
            )  # fmt: skip
            lines.append(
                f"| {row['page'].label} `{row['path']}` | {size:,} ({row['visible']}) "
                f"| {row['rps']:.0f} | {row['p50']:.1f} ms | {row['p99']:.1f} ms{checks[1]} "
                f"| {checks[0]} | {queries} | {row['problems'] or '—'} |"
            )
    return "\n".join(lines)


def main():
    ensure_wrk()
    url = scratch_url()
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from bench import micro
    from bench.seed import Season, Seeder

    call_command("migrate", verbosity=0)
    info = machine()
    print("\n".join(f"{key}: {value}" for key, value in info.items()), flush=True)
    started = time.monotonic()
    season = Season()
    seeder = Seeder(season)
    clients = signed_in_clients()
    rows, explains, seeded = [], {}, 0
    with Server():
        for size in SIZES:
            time.monotonic()
            seeded += seeder.add(size - seeded)
            analyze()
            fill = micro.busiest(season)
            rows += measure(size, clients, fill)
        for row in rows:
            if row["size"] == SIZES[-1] and row["sql"]:
                explains[row["page"].label] = (row["sql"], explain(row["sql"]))
    micro_lines = micro.run(season)
    print("\n".join(micro_lines))
    write_results(info, rows, explains, micro_lines, time.monotonic() - started)


def write_results(info, rows, explains, micro_lines, elapsed):
    today = datetime.date.today().isoformat()
    label = os.environ.get("BENCH_LABEL", "")
    target = ROOT / "bench" / "results" / f"{today}-load{'-' + label if label else ''}.md"
    parts = [
        f"# Load benchmark, {today}{' (' + label + ')' if label else ''}",
        "",
        f"`make bench` ({elapsed:.0f} s). A shared machine: the load average says how busy "
        "it was; compare ratios to the floor, measured in the same run, rather than raw "
        "requests/s across runs.",
        "",
        *[f"- {key}: {value}" for key, value in info.items()],
        "",
        table(rows),
        "",
        "## Micro-benchmarks (in-process, on the 10,000-nomination database)",
        "",
        *[f"- {line}" for line in micro_lines],
    ]
    for label_, (sql, plan) in explains.items():
        parts += ["", f"## EXPLAIN ANALYZE of the page query: {label_}", "", "```sql", sql,
                  "```", "", "```", plan, "```"]  # fmt: skip
    target.write_text("\n".join(parts) + "\n")
    print(f"\nwritten to {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
