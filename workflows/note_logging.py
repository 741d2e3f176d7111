"""Logging a whole incoming note verbale with its files: all of it or nothing.

A note carries one or more nominations, each possibly with its CV, and the note may
come with its scan. The note row, the candidates, the nominations, their audit events
and outbox messages, and the documents are written in ONE transaction.

Files are the part a rollback does not undo: the storage is not the database. Two
guards, in this order:

1. Every file is judged by content (``inspect_upload``) BEFORE anything is written,
   so a bad file refuses the whole note while nothing exists yet to undo.
2. After that, only the database can still fail (a lost race, a broken connection).
   Every file stored so far is then deleted when the exception leaves the transaction
   (``store_document`` already removes its own file when its own insert fails).

This is why ``log_note`` must be the outermost transaction: a caller's transaction
rolled back after ``log_note`` returned would leave the stored files behind (Django has
no rollback hook). ``ATOMIC_REQUESTS`` is off, and the workbench view calls it outside
any transaction.
"""

from dataclasses import dataclass

from django.db import transaction

from nominations.models import Document
from nominations.uploads import UploadRejected, inspect_upload

from .documents import store_document
from .intake import log_nominations


@dataclass
class CarriedNomination:
    candidate: object  # intake.CandidateDetails
    posts: list
    cv: object = None  # an UploadedFile, or None when the CV is to follow


def log_note(*, actor, note, nominations, scan=None):
    """Log ``note`` (an ``intake.IncomingNote``) with the ``CarriedNomination``s it
    carries. Returns, per carried nomination, the nominations created (one per post).

    Raises ``RejectedFile`` (which file, and why) or ``TransitionError``; then nothing
    was written or stored.
    """
    judge_files(scan, nominations)
    stored = []
    try:
        with transaction.atomic():
            created = log_nominations(
                actor=actor,
                note=note,
                entries=[(carried.candidate, carried.posts) for carried in nominations],
            )
            for carried, rows in zip(nominations, created, strict=True):
                if carried.cv is not None:
                    # One CV, the person's: it goes with each post's nomination.
                    for nomination in rows:
                        stored.append(_store(nomination, Document.Kind.CV, carried.cv, actor))
            if scan is not None:
                first = created[0][0]
                stored.append(
                    _store(first, Document.Kind.NOTE_VERBALE, scan, actor, first.note_verbale)
                )
    except BaseException:
        for document in stored:
            document.file.storage.delete(document.file.name)
        raise
    return created


class RejectedFile(Exception):
    """An ``UploadRejected`` with which of the sent files it was about."""

    def __init__(self, rejected, *, index=None):
        super().__init__(rejected.message)
        self.rejected = rejected
        self.message = rejected.message
        self.index = index  # the carried nomination's position, None for the scan


def judge_files(scan, nominations):
    """Raise ``RejectedFile`` for the first file that would be refused."""
    candidates = [(None, scan)] + [(i, c.cv) for i, c in enumerate(nominations)]
    for index, uploaded in candidates:
        if uploaded is None:
            continue
        try:
            inspect_upload(uploaded)
        except UploadRejected as rejected:
            raise RejectedFile(rejected, index=index) from rejected


def _store(nomination, kind, uploaded, actor, note_verbale=None):
    # The nomination row was inserted by this transaction: store_document's lock on it
    # cannot wait for another transaction, so taking it after the first audit event
    # breaks no lock order (workflows.audit).
    uploaded.seek(0)
    return store_document(
        nomination, kind=kind, uploaded_file=uploaded, actor=actor, note_verbale=note_verbale
    )
