"""A request still pending when the Secretariat withdrew the nomination with the
transition's own button: completing it records what was asked as done, once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal import withdrawals
from workflows import transitions
from workflows.errors import TransitionError
from workflows.models import AuditEvent


def _ask(mission, nomination, pdf_bytes):
    return withdrawals.request_withdrawal(
        actor=mission,
        nomination=nomination,
        note=withdrawals.WithdrawalNote(
            reference="NV/1",
            dated_on=timezone.localdate(),
            scan=SimpleUploadedFile("n.pdf", pdf_bytes, content_type="application/pdf"),
        ),
    )


@pytest.mark.django_db
def test_completing_a_request_for_a_nomination_withdrawn_meanwhile(
    world, mission, secretariat, pdf_bytes
):
    request = _ask(mission, world["own"], pdf_bytes)
    transitions.take(world["own"], "withdraw", actor=secretariat, reason="Asked by telephone")

    done = withdrawals.complete(request, actor=secretariat)

    assert done.status == "completed"
    assert AuditEvent.objects.filter(action="nomination.withdraw").count() == 1
    assert AuditEvent.objects.filter(action="nomination.withdrawal_request_completed").count() == 1
    with pytest.raises(TransitionError):
        withdrawals.complete(request, actor=secretariat)


@pytest.mark.django_db
def test_only_the_nominating_mission_asks_and_only_the_secretariat_decides(
    world, mission, other_mission, secretariat, pdf_bytes
):
    with pytest.raises(TransitionError) as refused:
        _ask(other_mission, world["own"], pdf_bytes)
    assert refused.value.kind == TransitionError.FORBIDDEN
    request = _ask(mission, world["own"], pdf_bytes)
    for decide in (
        lambda: withdrawals.complete(request, actor=mission),
        lambda: withdrawals.decline(request, actor=mission, reason="no"),
    ):
        with pytest.raises(TransitionError):
            decide()
    request.refresh_from_db()
    assert request.status == "pending"
