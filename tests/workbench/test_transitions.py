"""Transitions as buttons: what is offered and why not, the form page, and the POST that
goes through the transition service."""

import pytest
from django.urls import reverse

from nominations.models import Nomination, Post
from tests import factories
from tests.web.test_pages import assert_keeps_to_the_csp
from workflows import transitions
from workflows.models import AuditEvent


@pytest.fixture
def open_post(member_states):
    return factories.PostFactory(status="open", deadline_date=factories.in_days(10))


def _url(post, name, **query):
    url = reverse("workbench:post_transition", args=[post.pk, name])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.django_db
def test_an_open_post_offers_what_the_secretariat_may_do_and_says_why_not_the_rest(
    open_post, secretariat
):
    offers = {offer.name: offer for offer in transitions.offered(open_post, secretariat)}
    assert {name for name, offer in offers.items() if offer.available} == {
        "extend_deadline",
        "cancel",
    }
    assert offers["close_nominations"].why_not == "the deadline has not passed yet"
    assert offers["issue_call"].why_not == "not possible while the post is open"
    # The executive office's approval is never the Secretariat's, so it is not listed at all.
    assert "approve_shortlist" not in offers
    assert [o.name for o in transitions.available(open_post, secretariat)] == [
        "extend_deadline",
        "cancel",
    ]


@pytest.mark.django_db
def test_extending_a_deadline_asks_for_the_date_and_a_reason_and_takes_it(
    client, secretariat, open_post
):
    client.force_login(secretariat)
    back = "/workbench/"
    page = client.get(_url(open_post, "extend_deadline", next=back))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="reason"' in html and 'name="deadline_date_0"' in html
    assert_keeps_to_the_csp(page)

    new = factories.in_days(30)
    response = client.post(
        _url(open_post, "extend_deadline"),
        {
            "reason": "Two missions asked for more time.",
            "deadline_date_0": new.day,
            "deadline_date_1": new.month,
            "deadline_date_2": new.year,
            "next": back,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == back
    open_post.refresh_from_db()
    assert open_post.deadline_date == new
    event = AuditEvent.objects.get(action="post.extend_deadline")
    assert (event.actor, event.reason) == (secretariat, "Two missions asked for more time.")


@pytest.mark.django_db
def test_a_missing_reason_or_an_earlier_date_is_shown_on_the_form_and_nothing_changes(
    client, secretariat, open_post
):
    client.force_login(secretariat)
    earlier = factories.in_days(5)
    before = (open_post.deadline_date, AuditEvent.objects.count())

    missing = client.post(_url(open_post, "extend_deadline"), {})
    assert missing.status_code == 400
    assert "There is a problem" in missing.content.decode()
    assert 'href="#id_reason"' in missing.content.decode()

    refused = client.post(
        _url(open_post, "extend_deadline"),
        {
            "reason": "More time.",
            "deadline_date_0": earlier.day,
            "deadline_date_1": earlier.month,
            "deadline_date_2": earlier.year,
        },
    )
    assert refused.status_code == 400
    assert "Must be later than the current deadline." in refused.content.decode()
    assert "More time." in refused.content.decode()  # what was typed is kept
    open_post.refresh_from_db()
    assert (open_post.deadline_date, AuditEvent.objects.count()) == before


@pytest.mark.django_db
def test_a_transition_that_needs_nothing_is_one_button(client, secretariat, member_states):
    nomination = factories.NominationFactory(post__status="closed")
    factories.add_document(nomination)
    client.force_login(secretariat)
    url = reverse("workbench:nomination_transition", args=[nomination.pk, "confirm_complete"])
    response = client.post(url, {"next": "/workbench/"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.COMPLETE


@pytest.mark.django_db
def test_a_transition_not_offered_now_says_why_and_changes_nothing(client, secretariat, open_post):
    client.force_login(secretariat)
    page = client.get(_url(open_post, "close_nominations"))
    assert page.status_code == 200
    assert "Not offered now: the deadline has not passed yet." in page.content.decode()
    assert client.post(_url(open_post, "close_nominations")).status_code == 400
    open_post.refresh_from_db()
    assert open_post.status == Post.Status.OPEN


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["executive", "auditor", "mission"])
def test_other_roles_are_refused(client, open_post, role, member_states):
    user = factories.account(role, member_state=member_states["FRA"] if role == "mission" else None)
    client.force_login(user)
    assert client.get(_url(open_post, "cancel")).status_code == 403
    assert client.post(_url(open_post, "cancel"), {"reason": "x"}).status_code == 403
    open_post.refresh_from_db()
    assert open_post.status == Post.Status.OPEN


@pytest.mark.django_db
def test_an_unknown_transition_or_object_is_a_404(client, secretariat, open_post):
    client.force_login(secretariat)
    assert client.get(_url(open_post, "fly_away")).status_code == 404
    # approve_shortlist exists but is never the Secretariat's: as absent as an unknown one.
    assert client.get(_url(open_post, "approve_shortlist")).status_code == 404
    missing = reverse("workbench:post_transition", args=[open_post.pk + 999, "cancel"])
    assert client.get(missing).status_code == 404


@pytest.mark.django_db
def test_the_next_address_must_stay_on_this_site(client, secretariat, open_post):
    client.force_login(secretariat)
    response = client.post(
        _url(open_post, "cancel"), {"reason": "Post abolished.", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:home")


@pytest.mark.django_db
def test_the_post_is_refused_without_a_csrf_token(secretariat, open_post):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    response = client.post(_url(open_post, "cancel"), {"reason": "Post abolished."})
    assert response.status_code == 403
    open_post.refresh_from_db()
    assert open_post.status == Post.Status.OPEN


@pytest.mark.django_db
def test_the_buttons_link_to_a_form_where_more_is_needed_and_post_where_not(
    rf, secretariat, member_states
):
    from django.template import Context, Template

    nomination = factories.NominationFactory(post__status="closed")
    factories.add_document(nomination)
    request = rf.get("/workbench/nominations/1/")
    request.user = secretariat
    html = Template(
        '{% load transitions %}{% transition_buttons n "workbench:nomination_transition" %}'
    ).render(Context({"request": request, "n": nomination, "csrf_token": "t"}))
    confirm = reverse("workbench:nomination_transition", args=[nomination.pk, "confirm_complete"])
    withdraw = reverse("workbench:nomination_transition", args=[nomination.pk, "withdraw"])
    assert f'<form method="post" action="{confirm}"' in html
    assert f'href="{withdraw}?next=/workbench/nominations/1/"' in html
    assert "govuk-button--warning" in html  # withdraw ends the nomination
    assert "Accept the late nomination" in html  # listed under "not offered", with why
    assert "Not possible while the nomination is received." in html
