"""A mission's request to withdraw a nomination, and the Secretariat's answer to it.

Asking writes, in one transaction, the mission's note verbale (an incoming note of its
state, channel ``portal``, timed by the server), its scan, the request and the audit
event ``nomination.withdrawal_requested``. Completing it is the ``withdraw`` transition,
taken through workflows/transitions.py with the request's note as its reason; declining
it needs a reason. Both are audited with the change.

As in workflows/note_logging.py, the scan is judged before anything is written, and the
stored file is removed if the transaction fails after it was stored: call these outside
any transaction.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from nominations.models import Document, Nomination, NoteVerbale
from nominations.uploads import inspect_upload
from workflows import audit, permissions, transitions
from workflows.documents import store_document
from workflows.errors import TransitionError

from .models import WithdrawalRequest

# A nomination the mission may still ask to withdraw: one still in the running.
IN_THE_RUNNING = Nomination.NON_FINAL


@dataclass
class WithdrawalNote:
    reference: str
    dated_on: object
    scan: object  # an UploadedFile
    message: str = ""

    @classmethod
    def from_data(cls, data):
        """From the validated data of the portal's form or the API's body (the same fields)."""
        return cls(
            reference=data["reference"].strip(),
            dated_on=data["dated_on"],
            scan=data["scan"],
            message=data.get("message", ""),
        )


def may_ask(nomination):
    return nomination.status in IN_THE_RUNNING


def pending(nomination):
    return nomination.withdrawal_requests.filter(status=WithdrawalRequest.Status.PENDING).first()


def request_withdrawal(*, actor, nomination, note):
    """The mission ``actor`` asks to withdraw its ``nomination`` with ``note`` (a
    ``WithdrawalNote``). Returns the WithdrawalRequest.

    Raises UploadRejected (a bad scan) or TransitionError; then nothing was written."""
    if not permissions.is_own_state(actor, nomination):
        raise TransitionError(
            TransitionError.FORBIDDEN, "only the nominating mission may ask to withdraw it"
        )
    inspect_upload(note.scan)
    scan = None
    try:
        with transaction.atomic():
            locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
            _check_may_ask(locked)
            now = timezone.now()
            note_row = NoteVerbale.objects.create(
                direction=NoteVerbale.Direction.INCOMING,
                member_state=locked.member_state,
                call_id=locked.post.call_id,
                reference=note.reference,
                dated_on=note.dated_on,
                received_at=now,
                channel=NoteVerbale.Channel.PORTAL,
                language=locked.member_state.language,
                logged_by=actor,
            )
            note.scan.seek(0)
            scan = store_document(
                locked,
                kind=Document.Kind.NOTE_VERBALE,
                uploaded_file=note.scan,
                actor=actor,
                note_verbale=note_row,
            )
            request = WithdrawalRequest.objects.create(
                nomination=locked,
                note_verbale=note_row,
                scan=scan,
                message=note.message.strip(),
                requested_by=actor,
                requested_at=now,
            )
            audit.record(
                "nomination.withdrawal_requested",
                actor=actor,
                obj=locked,
                details={
                    "withdrawal_request": request.pk,
                    "note_verbale": note_row.pk,
                    "reference": note.reference,
                    "document": scan.pk,
                },
            )
    except BaseException:
        if scan is not None:
            scan.file.storage.delete(scan.file.name)
        raise
    return request


def _check_may_ask(locked):
    if not may_ask(locked):
        raise TransitionError(
            TransitionError.CONFLICT,
            f"a nomination that is {locked.status} cannot be withdrawn",
            state=locked.status,
        )
    if pending(locked) is not None:
        raise TransitionError(
            TransitionError.CONFLICT,
            "a request to withdraw this nomination is already waiting for the Secretariat",
            state=locked.status,
        )


def reason_for(request):
    """The withdrawal's reason on the transition: the mission's note it answers."""
    note = request.note_verbale
    reference = note.reference or "without reference"
    dated = f", dated {note.dated_on:%Y-%m-%d}" if note.dated_on else ""
    text = (
        f"At the mission's request: note verbale {reference}{dated} "
        f"(withdrawal request {request.pk})"
    )
    if request.message:
        text += f". {request.message}"
    return text


def _locked_pending(request):
    """The nomination, then its request, locked (parents before children)."""
    nomination = Nomination.objects.select_for_update().get(pk=request.nomination_id)
    locked = WithdrawalRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != WithdrawalRequest.Status.PENDING:
        raise TransitionError(
            TransitionError.CONFLICT,
            f"this withdrawal request is already {locked.status}",
            state=locked.status,
        )
    return nomination, locked


def _check_secretariat(actor):
    if not permissions.is_secretariat(actor):
        raise TransitionError(
            TransitionError.FORBIDDEN, "only the Secretariat decides a withdrawal request"
        )


def complete(request, *, actor):
    """The Secretariat withdraws the nomination as asked: the ``withdraw`` transition,
    its reason the mission's note. Returns the request, completed."""
    _check_secretariat(actor)
    with transaction.atomic():
        nomination, locked = _locked_pending(request)
        if nomination.status == Nomination.Status.WITHDRAWN:
            # Withdrawn meanwhile with the transition's own button: what was asked is done.
            audit.record(
                "nomination.withdrawal_request_completed",
                actor=actor,
                obj=nomination,
                details={"withdrawal_request": locked.pk},
            )
        else:
            transitions.apply(nomination, "withdraw", actor=actor, reason=reason_for(locked))
        locked.status = WithdrawalRequest.Status.COMPLETED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
    return locked


def decline(request, *, actor, reason):
    """The Secretariat declines the request, saying why; the nomination stays as it is."""
    _check_secretariat(actor)
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(
            TransitionError.INVALID,
            "declining a withdrawal request needs a reason",
            field_errors={"reason": ["This field is required."]},
        )
    with transaction.atomic():
        nomination, locked = _locked_pending(request)
        locked.status = WithdrawalRequest.Status.DECLINED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.reason = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        audit.record(
            "nomination.withdrawal_declined",
            actor=actor,
            obj=nomination,
            reason=reason,
            details={"withdrawal_request": locked.pk},
        )
    return locked
