import pytest
from django.urls import reverse

from notifications.models import OutgoingMessage
from shortlisting.models import OutcomeRelease
from shortlisting.release import release
from tests import factories
from workflows import transitions
from workflows.errors import TransitionError
from workflows.models import AuditEvent
from workflows.shortlists import propose_shortlist

SECRETS = ["member1@nomina.test", "member2@nomina.test", "Strongest leadership", "4.33"]


@pytest.fixture
def approved(field, panel):
    propose_shortlist(
        field["post"],
        actor=panel[0],
        nominations=[field["claire"], field["amina"]],
        rationales={
            field["claire"].pk: "Strongest leadership scores",
            field["amina"].pk: "Field operations record",
        },
    )
    transitions.take(field["post"], "approve_shortlist", actor=panel[1])
    return field


def _portal(client, user, nomination):
    client.force_login(user)
    listing = client.get(reverse("portal:nomination_list")).content.decode()
    detail = client.get(reverse("portal:nomination_detail", args=[nomination.pk])).content.decode()
    home = client.get(reverse("portal:home")).content.decode()
    return listing, detail, home


@pytest.mark.django_db
def test_a_mission_sees_the_outcome_only_after_its_release(client, approved, secretariat):
    france = factories.account("mission", member_state=approved["states"]["FRA"])
    listing, detail, home = _portal(client, france, approved["claire"])
    assert "Under review" in detail and "Shortlisted" not in detail
    assert "Shortlisted" not in listing and "Shortlisted" not in home

    # Mexico's release changes nothing for France.
    release(approved["post"], actor=secretariat, member_states=[approved["states"]["MEX"]])
    listing, detail, _home = _portal(client, france, approved["claire"])
    assert "Under review" in detail and "Shortlisted" not in listing

    client.force_login(secretariat)
    response = client.post(
        reverse("outcomes:post", args=[approved["post"].pk]), {"member_state": "FRA"}, follow=True
    )
    assert "Outcome released to 1 mission" in response.content.decode()
    listing, detail, home = _portal(client, france, approved["claire"])
    assert "Shortlisted" in listing and "Shortlisted" in detail and "Shortlisted" in home
    assert "Under review" not in detail
    for secret in SECRETS:
        assert secret not in listing + detail + home


@pytest.mark.django_db
def test_a_release_is_audited_and_sends_the_mission_a_note_in_its_language(approved, secretariat):
    rows = release(approved["post"], actor=secretariat, member_states=[approved["states"]["MEX"]])
    assert [(r.member_state.code, r.released_by) for r in rows] == [("MEX", secretariat)]
    message = OutgoingMessage.objects.get(kind="outcome")
    assert message.language == "es"
    assert "Resultado de la preselección" in message.subject
    note = message.note_verbale
    assert "Juan Pérez: no incluido(a) en la lista de preseleccionados" in note.body
    for secret in SECRETS:
        assert secret not in note.body
    event = AuditEvent.objects.get(action="post.release_outcome")
    assert (event.actor, event.details) == (secretariat, {"member_state": "MEX"})
    # Released once: releasing to all the others skips Mexico.
    rest = release(approved["post"], actor=secretariat)
    assert sorted(r.member_state.code for r in rest) == ["FRA", "KEN", "NOR"]
    assert OutcomeRelease.objects.count() == 4
    assert OutgoingMessage.objects.filter(kind="outcome").count() == 4
    assert release(approved["post"], actor=secretariat) == []


@pytest.mark.django_db
def test_only_the_secretariat_releases_and_only_an_approved_shortlist(field, panel, secretariat):
    with pytest.raises(TransitionError) as refused:
        release(field["post"], actor=secretariat)
    assert refused.value.kind == TransitionError.CONFLICT
    with pytest.raises(TransitionError) as forbidden:
        release(field["post"], actor=panel[0])
    assert forbidden.value.kind == TransitionError.FORBIDDEN


@pytest.mark.django_db
def test_the_workbench_lists_the_shortlists_waiting_for_release(client, approved, secretariat):
    client.force_login(secretariat)
    html = client.get(reverse("outcomes:list")).content.decode()
    assert approved["post"].title in html and "0 / 4" in html
    home = client.get(reverse("workbench:home")).content.decode()
    assert "1 approved shortlist is waiting for its outcome to be released" in home


# Session, user; the posts with their counts (one query however many).
QUERIES_LIST = 3
# Session, user; the post; its releases; its nominating states with their counts.
QUERIES_POST = 5


@pytest.mark.django_db
def test_the_release_pages_take_a_fixed_number_of_queries(
    client, approved, secretariat, django_assert_num_queries
):
    client.force_login(secretariat)
    post_page = reverse("outcomes:post", args=[approved["post"].pk])
    with django_assert_num_queries(QUERIES_LIST):
        assert client.get(reverse("outcomes:list")).status_code == 200
    with django_assert_num_queries(QUERIES_POST):
        assert client.get(post_page).status_code == 200
    # Released to every state, each row naming who released it: still the same queries.
    assert release(approved["post"], actor=secretariat)
    with django_assert_num_queries(QUERIES_LIST):
        assert client.get(reverse("outcomes:list")).status_code == 200
    with django_assert_num_queries(QUERIES_POST):
        assert client.get(post_page).status_code == 200
