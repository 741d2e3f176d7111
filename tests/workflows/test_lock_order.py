"""The lock order of workflows/audit.py, tried where it once deadlocked on PostgreSQL."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tests import factories
from workflows import audit, transitions
from workflows.documents import store_document
from workflows.errors import TransitionError
from workflows.shortlists import propose_shortlist

# Before the lock order, 15 rounds deadlocked in 4 runs of 4 (first in rounds 0, 9, 2, 6).
ROUNDS = 30


def _run_at_once(*jobs):
    """Run each job in its own thread and connection, all released together."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            job()
            outcomes[index] = "done"
        except TransitionError as error:
            outcomes[index] = error.kind
        except Exception as error:  # noqa: BLE001 - every other error fails the test below
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _one_round(secretariat, executive, other_executive, pdf_bytes):
    post = factories.PostFactory(status="shortlisting")
    nominations = factories.NominationFactory.create_batch(6, post=post, status="eligible")
    propose_shortlist(
        post,
        actor=executive,
        nominations=nominations[:3],
        rationales={n.pk: "On merit" for n in nominations[:3]},
    )
    withdrawn, uploaded = nominations[-1], nominations[-2]
    outcomes = _run_at_once(
        lambda: transitions.take(post, "approve_shortlist", actor=other_executive),
        lambda: transitions.take(withdrawn, "withdraw", actor=secretariat, reason="declined"),
        lambda: store_document(
            uploaded,
            kind="cv",
            uploaded_file=SimpleUploadedFile("cv.pdf", pdf_bytes),
            actor=secretariat,
        ),
    )
    post.refresh_from_db()
    return post, outcomes


@pytest.mark.django_db(transaction=True)
def test_approval_withdrawal_and_upload_at_once_never_deadlock(
    postgres, secretariat, executive, other_executive, pdf_bytes
):
    for round_ in range(ROUNDS):
        post, outcomes = _one_round(secretariat, executive, other_executive, pdf_bytes)
        approval, withdrawal, upload = outcomes
        assert approval == "done", f"round {round_}: {outcomes}"
        # Each of the others either went first or found the nomination settled (a 409).
        assert withdrawal in ("done", TransitionError.CONFLICT), f"round {round_}: {outcomes}"
        assert upload in ("done", TransitionError.CONFLICT), f"round {round_}: {outcomes}"
        assert post.status == "shortlisted"
    assert audit.first_broken_event() is None
