"""Per-request time in-process: what a page costs without gunicorn, wrk or a busy machine's
queueing in the figure. `.venv/bin/python bench/inprocess.py [options]`.

On its own scratch database (bench/run.py's with `_inprocess` appended to the name), with
bench/settings.py (debug off) and the data bench/run.py seeds: for the floor and each page
of bench/run.py's PAGES and bench/portal.py's, the median of REPEAT `Client.get` calls
(wall time, and this process's CPU time, which other processes on the machine inflate
less) and the queries of one (the first: a cache miss).
A shared machine moves the medians less than it moves requests/s, and the ratio to the
floor, measured in the same run, least.

  --reuse            keep the database if it already holds the seeded data (fast reruns)
  --sizes 10000      only these sizes (default: 10 and 10,000, as bench/run.py)
  --repeat 200       requests per page (default 200)
  --profile LABEL    a pyinstrument profile of REPEAT requests of the page whose label
                     contains LABEL, at the last size, instead of the timings
  --cold             clear the cache before each request (the cost of a cache miss)
  --gc               also the garbage collector's pauses during each page's requests: how
                     many full collections, and the longest (what a gunicorn worker's
                     threads all wait through); --freeze first freezes what the process
                     holds once every page has been served once, as config/gunicorn.py
                     makes each worker do (the queries shown are then a cached page's)
"""

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import portal, run  # noqa: E402


def database_url():
    parts = urlsplit(run.scratch_url())
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_inprocess"))


def seeded_size(url):
    """How many nominations the database holds, or None when it has none or no schema."""
    import psycopg

    try:
        with psycopg.connect(url) as connection:
            return connection.execute("SELECT count(*) FROM nominations_nomination").fetchone()[0]
    except psycopg.Error:
        return None


class Pauses:
    """The garbage collector's pauses, by generation, while it is on."""

    def __init__(self):
        self.by_generation, self._start = {0: [], 1: [], 2: []}, None

    def __call__(self, phase, info):
        if phase == "start":
            self._start = time.perf_counter()
        elif self._start is not None:
            self.by_generation[info["generation"]].append(time.perf_counter() - self._start)

    def __enter__(self):
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc):
        gc.callbacks.remove(self)

    def summary(self):
        full = self.by_generation[2]
        longest = max(full, default=0) * 1000
        return f"  {len(full)} full collections, longest {longest:.1f} ms"


def timed(client, path, repeat, cold):
    from django.core.cache import caches

    timings, cpu = [], []
    for _ in range(repeat):
        if cold:
            for cache in caches.all():
                cache.clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
    return statistics.median(timings), statistics.median(cpu)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--sizes", type=int, nargs="+", default=run.SIZES)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--profile")
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--gc", action="store_true")
    parser.add_argument("--freeze", action="store_true")
    options = parser.parse_args()

    url = database_url()
    reuse = options.reuse and seeded_size(url) == max(options.sizes)
    if not reuse:
        run.recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from bench import micro
    from bench.seed import Season, Seeder

    call_command("migrate", verbosity=0)
    if reuse:
        from nominations.models import MemberState

        sizes = [max(options.sizes)]
        season = type("Season", (), {"states": [MemberState.objects.get(code="FRA")]})()
        clients = _reused_clients()
    else:
        sizes = sorted(options.sizes)
        season = Season()
        seeder = Seeder(season)
        clients = run.signed_in_clients()
        seeded = 0
    print(f"load average at start: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    for size in sizes:
        if not reuse:
            seeded += seeder.add(size - seeded)
            run.analyze()
        fill = micro.busiest(season)
        pages = [run.FLOOR, *run.PAGES, *portal.PAGES]
        if options.profile and size == sizes[-1]:
            page = next(p for p in pages if options.profile.lower() in p.label.lower())
            _profile(clients[page.role], page.path.format(**fill), options)
            return
        if options.freeze:
            for page in pages:
                clients[page.role].get(page.path.format(**fill))
            gc.collect()
            gc.freeze()
        floor_ms = None
        for page in pages:
            path = page.path.format(**fill)
            client = clients[page.role]
            queries = run.count_queries(path, client)[0]
            client.get(path)  # warm: the first request pays for imports and templates
            with Pauses() as pauses:
                ms, cpu_ms = timed(client, path, options.repeat, options.cold)
            floor_ms = floor_ms or ms
            print(
                f"{page.label:<40} {size:>6}  {ms:7.2f} ms median ({cpu_ms:6.2f} ms of CPU)  "
                f"{floor_ms / ms:5.2f}x floor  {queries} queries"
                + (pauses.summary() if options.gc else ""),
                flush=True,
            )


def _reused_clients():
    from django.test import Client

    from accounts.models import User

    clients = {}
    for role in ["secretariat", "mission"]:
        client = Client()
        client.force_login(User.objects.get(email=f"{role}@bench.test"))
        clients[role] = client
    return clients


def _profile(client, path, options):
    from pyinstrument import Profiler

    client.get(path)
    profiler = Profiler(interval=0.0005)
    with profiler:
        timed(client, path, options.repeat, options.cold)
    print(profiler.output_text(unicode=True, color=False))
    flat = profiler.output_text(unicode=True, color=False, flat=True)
    print("\n".join(flat.splitlines()[:60]))


if __name__ == "__main__":
    main()
