from unittest import mock

import pytest
from django.urls import reverse

from nominations.models import Nomination, ShortlistProposal
from notifications.models import OutgoingMessage
from tests.api.conftest import client_for
from workflows import transitions
from workflows.errors import TransitionError
from workflows.models import AuditEvent
from workflows.shortlists import propose_shortlist, send_back


def _propose(field, member):
    return propose_shortlist(
        field["post"],
        actor=member,
        nominations=[field["claire"], field["amina"]],
        rationales={
            field["claire"].pk: "Strongest leadership scores",
            field["amina"].pk: "Field operations record; first-tier",
            field["juan"].pk: "Solid but below the others on leadership",
        },
    )


def _statuses(field):
    return {
        key: Nomination.objects.get(pk=field[key].pk).status
        for key in ("claire", "juan", "amina", "jonas")
    }


@pytest.mark.django_db
def test_a_member_proposes_through_the_page_with_a_rationale_per_candidate(client, field, panel):
    client.force_login(panel[0])
    url = reverse("shortlisting:propose", args=[field["post"].pk])
    missing = client.post(url, {"shortlisted": [field["claire"].pk]})
    assert missing.status_code == 400
    assert "needs a rationale" in missing.content.decode()
    assert not ShortlistProposal.objects.exists()

    response = client.post(
        url,
        {
            "shortlisted": [field["claire"].pk],
            f"rationale-{field['claire'].pk}": "Best rated on every competency",
            f"rationale-{field['jonas'].pk}": "Not rated by the panel",
        },
    )
    assert response.status_code == 302
    proposal = ShortlistProposal.objects.get()
    assert proposal.status == "proposed" and proposal.proposed_by == panel[0]
    assert proposal.rationales == {
        str(field["claire"].pk): "Best rated on every competency",
        str(field["jonas"].pk): "Not rated by the panel",
    }
    page = client.get(response["Location"]).content.decode()
    assert "You proposed this shortlist" in page


@pytest.mark.django_db
def test_the_proposer_cannot_approve_through_the_page(client, field, panel):
    _propose(field, panel[0])
    client.force_login(panel[0])
    response = client.post(reverse("shortlisting:approve", args=[field["post"].pk]), follow=True)
    assert "another executive than the one who proposed it" in response.content.decode()
    field["post"].refresh_from_db()
    assert field["post"].status == "shortlisting"
    assert set(_statuses(field).values()) == {"eligible"}


@pytest.mark.django_db
def test_the_proposer_cannot_approve_through_the_api(field, panel):
    _propose(field, panel[0])
    url = f"/api/v1/posts/{field['post'].pk}/transitions/"
    own = client_for(panel[0]).post(url, {"transition": "approve_shortlist"}, format="json")
    assert own.status_code == 409
    assert "another executive" in own.json()["message"]
    other = client_for(panel[1]).post(url, {"transition": "approve_shortlist"}, format="json")
    assert other.status_code == 200 and other.json()["status"] == "shortlisted"


@pytest.mark.django_db
def test_the_proposer_cannot_approve_through_the_service(field, panel):
    _propose(field, panel[0])
    with pytest.raises(TransitionError) as refused:
        transitions.take(field["post"], "approve_shortlist", actor=panel[0])
    assert refused.value.kind == TransitionError.CONFLICT
    assert set(_statuses(field).values()) == {"eligible"}


@pytest.mark.django_db
def test_another_member_approves_every_eligible_nomination_is_settled_and_the_secretariat_told(
    client, field, panel, settings, django_capture_on_commit_callbacks
):
    settings.NOMINA_SECRETARIAT_EMAILS = ["secretariat@organization.test"]
    proposal = _propose(field, panel[0])
    client.force_login(panel[1])
    with django_capture_on_commit_callbacks():
        response = client.post(
            reverse("shortlisting:approve", args=[field["post"].pk]), follow=True
        )
    assert "Shortlist approved" in response.content.decode()
    assert _statuses(field) == {
        "claire": "shortlisted",
        "juan": "not_shortlisted",
        "amina": "shortlisted",
        "jonas": "not_shortlisted",
    }
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == ("approved", panel[1])
    actions = list(
        AuditEvent.objects.filter(action__startswith="nomination.mark").values_list(
            "action", flat=True
        )
    )
    assert (
        sorted(actions)
        == ["nomination.mark_not_shortlisted"] * 2 + ["nomination.mark_shortlisted"] * 2
    )
    told = OutgoingMessage.objects.get(kind="shortlist_approved")
    assert told.to == ["secretariat@organization.test"]
    assert field["post"].title in told.subject


@pytest.mark.django_db
def test_approval_is_atomic_a_failure_half_way_marks_none(field, panel):
    _propose(field, panel[0])
    real_apply = transitions.apply
    calls = []

    def failing(obj, name, **kwargs):
        if name.startswith("mark_"):
            calls.append(obj.pk)
            if len(calls) == 2:
                raise RuntimeError("disk full")
        return real_apply(obj, name, **kwargs)

    with (
        mock.patch.object(transitions, "apply", side_effect=failing),
        pytest.raises(RuntimeError),
    ):
        transitions.take(field["post"], "approve_shortlist", actor=panel[1])
    assert len(calls) == 2
    assert set(_statuses(field).values()) == {"eligible"}
    field["post"].refresh_from_db()
    assert field["post"].status == "shortlisting"
    assert ShortlistProposal.objects.get().status == "proposed"
    assert not AuditEvent.objects.filter(action__startswith="nomination.mark").exists()


@pytest.mark.django_db
def test_sending_back_needs_another_member_and_a_reason_and_a_new_proposal_can_follow(
    client, field, panel
):
    proposal = _propose(field, panel[0])
    with pytest.raises(TransitionError) as own:
        send_back(field["post"], actor=panel[0], reason="second thoughts")
    assert "another executive" in str(own.value)
    with pytest.raises(TransitionError):
        _propose(field, panel[2])  # one pending proposal at a time

    client.force_login(panel[1])
    url = reverse("shortlisting:send_back", args=[field["post"].pk])
    empty = client.post(url, {"reason": " "}, follow=True)
    assert "needs a reason" in empty.content.decode()
    response = client.post(url, {"reason": "Juan's leadership ratings disagree"}, follow=True)
    assert "sent back" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "sent_back"
    assert proposal.send_back_reason == "Juan's leadership ratings disagree"
    event = AuditEvent.objects.get(action="post.send_back_shortlist")
    assert (event.actor, event.reason) == (panel[1], "Juan's leadership ratings disagree")

    # Sent back, it cannot be approved; a new proposal can follow.
    with pytest.raises(TransitionError):
        transitions.take(field["post"], "approve_shortlist", actor=panel[2])
    again = _propose(field, panel[2])
    assert again.status == "proposed"
    approved = transitions.take(field["post"], "approve_shortlist", actor=panel[0])
    assert approved.status == "shortlisted"
