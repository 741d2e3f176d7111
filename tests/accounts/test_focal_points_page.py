"""The Secretariat's page of the missions' focal points: every mission account, filtered by
member state and status, each with what can be done to it; refused to every other role."""

import pytest

from accounts import deactivation, invitations
from tests import factories

URL = "/workbench/focal-points/"


@pytest.mark.django_db
def test_it_lists_each_states_accounts_with_their_status(
    client, secretariat, mission, other_mission, member_states
):
    invited = invitations.invite(
        email="new@mission-fra.test",
        member_state=member_states["FRA"],
        actor=secretariat,
        base_url="http://testserver/",
    ).invitation.user
    closed = factories.account("mission", member_state=member_states["FRA"])
    deactivation.deactivate(closed, actor=secretariat)
    client.force_login(secretariat)

    html = client.get(URL, {"member_state": "FRA"}).content.decode()

    assert mission.email in html and invited.email in html and closed.email in html
    assert other_mission.email not in html
    assert secretariat.email not in html.split("<main")[1]
    assert f"/workbench/focal-points/{mission.pk}/deactivate/" in html
    assert f"/workbench/focal-points/{invited.pk}/invite-again/" in html
    assert f"/workbench/focal-points/{closed.pk}/reactivate/" in html
    assert 'href="/workbench/focal-points/invite/?member_state=FRA"' in html

    invited_only = client.get(URL, {"status": "invited"}).content.decode()
    assert invited.email in invited_only and mission.email not in invited_only


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_its_queries_do_not_grow_with_the_accounts(
    client, secretariat, member_states, count, django_assert_num_queries
):
    for _ in range(count):
        factories.account("mission", member_state=member_states["KEN"])
    client.force_login(secretariat)

    # session, user with role, the filter's states, the count, the page of accounts.
    with django_assert_num_queries(5):
        assert client.get(URL).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", [URL, f"{URL}invite/"], ids=["list", "invite"])
def test_other_roles_are_refused(client, mission, auditor, executive, path):
    for user in (mission, auditor, executive):
        client.force_login(user)
        assert client.get(path).status_code == 403
    client.logout()
    assert client.get(path)["Location"].startswith("/sign-in/")


@pytest.mark.django_db
def test_a_mission_cannot_deactivate_or_invite(client, mission, other_mission, member_states):
    client.force_login(mission)

    assert client.post(f"{URL}{other_mission.pk}/deactivate/").status_code == 403
    response = client.post(f"{URL}invite/", {"email": "x@y.test", "member_state": "FRA"})
    assert response.status_code == 403
    other_mission.refresh_from_db()
    assert other_mission.is_active


@pytest.mark.django_db
def test_the_workbench_links_to_it(client, secretariat):
    client.force_login(secretariat)

    assert f'href="{URL}"' in client.get("/workbench/").content.decode()
