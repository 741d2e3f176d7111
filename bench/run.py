"""Benchmarks of the paths people wait on, on the database DATABASE_URL names.

Targets (2 cores): the nominations list for 1,000 nominations, one page of 50,
answers in under 150 ms at the median; one transition (lock, check, save, audit)
takes under 20 ms at the median; logging 200 nominations keeps peak Python
memory under 50 MB. Run with `make bench`; results go to bench/results.md by hand.
"""

import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402


def median_ms(func, repeat):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main():
    from django.test.runner import DiscoverRunner

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        run()
    finally:
        runner.teardown_databases(old)


def run():
    import datetime

    from django.utils import timezone

    from tests import factories
    from workflows import transitions
    from workflows.intake import CandidateDetails, IncomingNote, log_nomination

    france = factories.MemberStateFactory(code="FRA")
    secretariat = factories.account("secretariat")
    post = factories.PostFactory()
    factories.NominationFactory.create_batch(1000, post=post, member_state=france)

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=secretariat).key}")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/nominations/")
    list_queries = len(captured)
    assert response.status_code == 200, response.status_code
    assert response.json()["count"] == 1000
    list_ms = median_ms(lambda: client.get("/api/v1/nominations/"), 30)

    targets = list(post.nominations.all()[:100])
    iterator = iter(targets)
    transition_ms = median_ms(
        lambda: transitions.take(next(iterator), "mark_incomplete", actor=secretariat, reason="x"),
        100,
    )

    second = factories.PostFactory()
    received = timezone.now() - datetime.timedelta(hours=1)

    def log_many(prefix):
        for number in range(200):
            log_nomination(
                actor=secretariat,
                note=IncomingNote(member_state=france, channel="email", received_at=received),
                candidate=CandidateDetails(full_name=f"{prefix} {number}", nationality=france),
                posts=[second],
            )

    start = time.perf_counter()
    log_many("Timed")
    log_s = time.perf_counter() - start
    # Memory apart: tracemalloc slows what it watches.
    tracemalloc.start()
    log_many("Traced")
    peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()

    print(f"database: {connection.vendor}")
    print(f"nominations list, 1,000 rows, page of 50: {list_ms:.1f} ms median "
          f"({list_queries} queries)  target < 150 ms")  # fmt: skip
    print(
        f"one transition (lock, check, save, audit): {transition_ms:.2f} ms median  target < 20 ms"
    )
    print(
        f"log 200 nominations: {log_s:.2f} s, peak Python memory {peak_mb:.1f} MB  target < 50 MB"
    )


if __name__ == "__main__":
    main()
