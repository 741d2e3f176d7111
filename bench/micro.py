"""The earlier micro-benchmarks, on the bench database: one transition (lock, check,
save, audit) under 20 ms at the median; logging 200 nominations keeps peak Python
memory under 50 MB."""

import datetime
import statistics
import time
import tracemalloc

from django.db.models import Count
from django.utils import timezone


def busiest(season):
    """The seeded call and post with the most nominations, for paths that name one."""
    from nominations.models import Post

    post = Post.objects.annotate(n=Count("nominations")).order_by("-n", "id").first()
    return {"call": post.call_id, "post": post.pk}


def median_ms(func, repeat):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def run(season):
    from accounts.models import User
    from nominations.models import Nomination, Post
    from workflows import transitions
    from workflows.intake import CandidateDetails, IncomingNote, log_nomination

    secretariat = User.objects.get(email="secretariat@bench.test")
    france = season.states[0]
    targets = iter(list(Nomination.objects.filter(status="received").order_by("id")[:100]))
    transition_ms = median_ms(
        lambda: transitions.take(next(targets), "mark_incomplete", actor=secretariat, reason="x"),
        100,
    )
    post = Post.objects.filter(status="open").order_by("id").first()
    received = timezone.now() - datetime.timedelta(hours=1)

    def log_many(prefix):
        for number in range(200):
            log_nomination(
                actor=secretariat,
                note=IncomingNote(member_state=france, channel="email", received_at=received),
                candidate=CandidateDetails(full_name=f"{prefix} {number}", nationality=france),
                posts=[post],
            )

    start = time.perf_counter()
    log_many("Timed")
    log_s = time.perf_counter() - start
    tracemalloc.start()  # apart from the timing: tracemalloc slows what it watches
    log_many("Traced")
    peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return [
        f"one transition (lock, check, save, audit): {transition_ms:.2f} ms median"
        " (target < 20 ms)",
        f"log 200 nominations: {log_s:.2f} s ({log_s * 5:.0f} ms each)",
        f"peak Python memory while logging 200 nominations: {peak_mb:.1f} MB (target < 50 MB)",
    ]
