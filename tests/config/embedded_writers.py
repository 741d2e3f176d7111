"""Run by test_embedded.py in a process of its own, on a file SQLite database:
many threads log nominations through the intake service at once. Prints a JSON summary."""

import datetime
import json
import sys
import threading

import django
from django.core.management import call_command

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from nominations.models import MemberState, Nomination, Post  # noqa: E402
from tests import factories  # noqa: E402
from workflows.intake import CandidateDetails, IncomingNote, log_nomination  # noqa: E402

THREADS, ROUNDS = int(sys.argv[1]), int(sys.argv[2])

call_command("migrate", verbosity=0)
state = factories.MemberStateFactory(code="FRA")
post = factories.PostFactory()
desk = factories.account("secretariat")
connection.close()

outcomes = []


def log_one(number, barrier):
    try:
        # Loaded afresh as a request would load them; the service then reads what it needs.
        fresh_post = Post.objects.get(pk=post.pk)
        fresh_state = MemberState.objects.get(pk=state.pk)
        barrier.wait()
        log_nomination(
            actor=desk,
            note=IncomingNote(
                member_state=fresh_state,
                channel="email",
                reference=f"NV/{number}",
                received_at=timezone.now() - datetime.timedelta(hours=1),
            ),
            candidate=CandidateDetails(
                full_name=f"Candidate {number}",
                nationality=fresh_state,
                email=f"c{number}@example.test",
            ),
            posts=[fresh_post],
        )
        outcomes.append("logged")
    except Exception as error:  # noqa: BLE001 - reported to the test
        outcomes.append(f"{type(error).__name__}: {error}")
    finally:
        connection.close()


for round_ in range(ROUNDS):
    barrier = threading.Barrier(THREADS)
    threads = [
        threading.Thread(target=log_one, args=(round_ * THREADS + i, barrier))
        for i in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

print(json.dumps({"outcomes": outcomes, "nominations": Nomination.objects.count()}))
