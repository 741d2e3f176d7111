"""The chase from the roster: the Secretariat reminds every addressed state that has not
nominated in one action, sees whom before confirming, and cannot send it twice a day."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from notifications.models import OutgoingMessage
from reminders.chase import ACTION
from tests import factories
from tests.reminders.conftest import geneva
from tests.web.test_pages import assert_keeps_to_the_csp
from workflows.models import AuditEvent

TODAY = geneva(2024, 3, 15, 10)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def call(db):
    """Open until 2 April 2024; Kenya nominated, Japan's only nomination was withdrawn,
    France (French) and Mexico (Spanish, two addresses) sent nothing."""
    states = {
        code: factories.MemberStateFactory(code=code, name_en=name, language=language)
        for code, name, language in [
            ("FRA", "France", "fr"), ("KEN", "Kenya", "en"),
            ("MEX", "Mexico", "es"), ("JPN", "Japan", "en"),
        ]
    }  # fmt: skip
    states["MEX"].contact_emails = ["mision@sre.test", "onu@sre.test"]
    states["MEX"].save()
    call = factories.CallFactory(reference="EO/821/2023", deadline_date=datetime.date(2024, 4, 2))
    post = factories.PostFactory(call=call, title="DDG Operations", status="open")
    factories.NominationFactory(post=post, member_state=states["KEN"])
    factories.NominationFactory(post=post, member_state=states["JPN"], status="withdrawn")
    call.states = states
    return call


def chase_url(call):
    return reverse("workbench:call_chase", args=[call.pk])


def listed(response, list_id):
    html = response.content.decode()
    block = re.search(rf'id="{list_id}".*?</(table|ul)>', html, re.S)
    return re.findall(r'data-state="([A-Z]{3})"', block.group(0)) if block else []


def chased(day="2024-03-15"):
    return sorted(
        OutgoingMessage.objects.filter(
            kind__startswith="reminder", idempotency_key__endswith=f":chase-{day}"
        ).values_list("member_state__code", flat=True)
    )


@pytest.mark.django_db
def test_the_roster_offers_the_chase_with_how_many_it_will_remind(client, secretariat, call):
    client.force_login(secretariat)
    response = client.get(reverse("workbench:call_dashboard", args=[call.pk]))
    html = response.content.decode()
    assert f'href="{chase_url(call)}"' in html
    assert "Remind the 3 member states that have not nominated" in html
    # The roster fragment that htmx swaps in keeps the button.
    fragment = client.get(
        reverse("workbench:call_dashboard", args=[call.pk]),
        {"region": "Europe"},
        HTTP_HX_REQUEST="true",
    )
    assert "Remind the 3 member states that have not nominated" in fragment.content.decode()


@pytest.mark.django_db
def test_before_confirming_the_page_shows_how_many_notes_go_and_to_whom(client, secretariat, call):
    client.force_login(secretariat)
    response = client.get(chase_url(call))
    assert response.status_code == 200
    assert_keeps_to_the_csp(response)
    html = response.content.decode()
    assert "3 notes will go" in html
    assert listed(response, "to-remind") == ["FRA", "JPN", "MEX"]
    assert re.search(r"Mexico</th><td[^>]*>Spanish</td><td[^>]*>2</td>", html)
    assert re.search(r"France</th><td[^>]*>French</td><td[^>]*>1</td>", html)
    assert "Send 3 reminders" in html
    assert 'name="states" value="FRA,JPN,MEX"' in html
    assert OutgoingMessage.objects.count() == 0  # looking sends nothing


@pytest.mark.django_db
def test_confirming_sends_one_reminder_per_state_and_records_who_chased(client, secretariat, call):
    client.force_login(secretariat)
    response = client.post(chase_url(call), {"states": "FRA,JPN,MEX"}, follow=True)
    assert response.redirect_chain == [(chase_url(call), 302)]
    assert chased() == ["FRA", "JPN", "MEX"]
    french = OutgoingMessage.objects.get(member_state__code="FRA")
    assert (french.language, french.send_by) == ("fr", call.posts.get().deadline)
    assert "2 avril 2024" in french.note_verbale.body
    event = AuditEvent.objects.get(action=ACTION)
    assert (event.actor, event.object_id) == (secretariat, str(call.pk))
    assert event.details == {
        "due_point": "chase-2024-03-15",
        "count": 3,
        "member_states": ["FRA", "JPN", "MEX"],
    }
    html = response.content.decode()
    assert "Reminders are on their way to the missions of 3 member states." in html
    # The page now says it went today, and to whom; nothing more to send.
    assert "Already reminded today: 3 member states" in html
    assert listed(response, "already") == ["FRA", "JPN", "MEX"]
    assert "Send " not in html


@pytest.mark.django_db
def test_the_same_chase_cannot_go_twice_on_one_day_but_can_the_next(
    client, secretariat, call, clock
):
    client.force_login(secretariat)
    client.post(chase_url(call), {"states": "FRA,JPN,MEX"})
    response = client.post(chase_url(call), {"states": "FRA,JPN,MEX"}, follow=True)
    assert "No reminder was sent: nobody is left to remind today." in response.content.decode()
    assert chased() == ["FRA", "JPN", "MEX"]
    assert AuditEvent.objects.filter(action=ACTION).count() == 1
    # Late in the evening in Geneva (22:59 UTC) it is still the same day.
    clock.move_to(geneva(2024, 3, 15, 23, 59))
    client.force_login(secretariat)  # a session lasts eight hours
    assert client.post(chase_url(call), {"states": "FRA,JPN,MEX"}).status_code == 302
    assert OutgoingMessage.objects.count() == 3
    clock.move_to(geneva(2024, 3, 16, 0, 1))
    client.force_login(secretariat)
    client.post(chase_url(call), {"states": "FRA,JPN,MEX"})
    assert chased("2024-03-16") == ["FRA", "JPN", "MEX"]
    assert AuditEvent.objects.filter(action=ACTION).count() == 2


@pytest.mark.django_db
def test_only_the_states_confirmed_and_still_not_nominated_are_reminded(client, secretariat, call):
    client.force_login(secretariat)
    client.get(chase_url(call))
    # France nominates while the page is open; Japan was not in what was confirmed.
    factories.NominationFactory(post=call.posts.get(), member_state=call.states["FRA"])
    client.post(chase_url(call), {"states": "FRA,MEX"})
    assert chased() == ["MEX"]


@pytest.mark.django_db
def test_a_mission_without_an_address_is_named_not_counted(client, secretariat, call):
    call.states["JPN"].contact_emails = []
    call.states["JPN"].save()
    client.force_login(secretariat)
    response = client.get(chase_url(call))
    assert listed(response, "to-remind") == ["FRA", "MEX"]
    assert listed(response, "unreachable") == ["JPN"]
    assert "2 notes will go" in response.content.decode()


@pytest.mark.django_db
def test_after_the_deadline_the_chase_is_not_offered_and_the_page_says_why(
    client, secretariat, call, clock
):
    clock.move_to(geneva(2024, 4, 3, 0, 0, 30))  # the sweep has not closed the post yet
    client.force_login(secretariat)  # signed in after the move: a session lasts eight hours
    dashboard = client.get(reverse("workbench:call_dashboard", args=[call.pk])).content.decode()
    assert "The deadline has passed: the missions can no longer nominate." in dashboard
    assert chase_url(call) not in dashboard
    page = client.get(chase_url(call)).content.decode()
    assert "The deadline has passed" in page and "Send " not in page
    client.post(chase_url(call), {"states": "FRA,JPN,MEX"})
    assert OutgoingMessage.objects.count() == 0
    call.posts.update(status="closed")
    dashboard = client.get(reverse("workbench:call_dashboard", args=[call.pk])).content.decode()
    assert "No post of this call is open for nominations" in dashboard


@pytest.mark.django_db
def test_only_the_secretariat_may_chase(client, call, mission, executive):
    url = chase_url(call)
    assert client.get(url).status_code == 302  # to sign-in
    for user in (mission, executive):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"states": "FRA,JPN,MEX"}).status_code == 403
    assert OutgoingMessage.objects.count() == 0


@pytest.mark.django_db
def test_an_unknown_call_is_404_and_a_post_needs_its_csrf_token(secretariat, call):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(secretariat)
    assert strict.get(reverse("workbench:call_chase", args=[call.pk + 99])).status_code == 404
    assert strict.post(chase_url(call), {"states": "FRA,JPN,MEX"}).status_code == 403
    assert OutgoingMessage.objects.count() == 0


@pytest.mark.django_db
def test_a_tampered_list_sends_nothing(client, secretariat, call):
    client.force_login(secretariat)
    response = client.post(chase_url(call), {"states": "FRA;DROP"}, follow=True)
    assert "Nothing was sent" in response.content.decode()
    assert OutgoingMessage.objects.count() == 0
