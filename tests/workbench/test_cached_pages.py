"""The dashboard and the lists from the page cache (workflows/data_version.py): the same
page as without it, fewer queries, never stale after a change, never another role's."""

import datetime
import re
import types

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from nominations.models import Call
from tests import factories
from tests.web.test_pages import assert_keeps_to_the_csp
from workflows import transitions
from workflows.documents import store_document
from workflows.intake import CandidateDetails, IncomingNote, log_nomination

# What differs between two answers to the same request: the CSRF token is masked anew
# and the CSP nonce drawn anew every time.
PER_REQUEST = re.compile(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"')


def same_page(html):
    return PER_REQUEST.sub(r'\1=""', html)


def figure(html, label):
    """The value of the dashboard's key figure called ``label``."""
    match = re.search(
        rf'nomina-figure__label">{re.escape(label)}</span>'
        r'(?:<a[^>]*>|<span class="nomina-figure__value">)(\d+)',
        html,
    )
    return int(match.group(1))


@pytest.fixture
def season(member_states, secretariat):
    """A call to every member, one open post; France has a nomination without a CV."""
    call = factories.CallFactory(reference="EO/8/2026", addressees=Call.Addressees.MEMBERS)
    post = factories.PostFactory(call=call, title="DDG Operations")
    france = factories.NominationFactory(
        post=post, member_state=member_states["FRA"], note_verbale__call=call
    )
    return {"call": call, "post": post, "france": france}


def dashboard(call, query=""):
    return reverse("workbench:call_dashboard", args=[call.pk]) + query


def log_kenya(season, member_states, secretariat):
    return log_nomination(
        actor=secretariat,
        note=IncomingNote(
            member_state=member_states["KEN"],
            channel="email",
            received_at=timezone.now() - datetime.timedelta(hours=1),
        ),
        candidate=CandidateDetails(full_name="Amina Wanjiru", nationality=member_states["KEN"]),
        posts=[season["post"]],
    )[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address, headers",
    [
        ("dashboard", {}),
        ("dashboard?response=nominated&sort=last_note", {}),
        ("dashboard?region=Africa", {"HX-Request": "true"}),
        ("workbench:nomination_list", {}),
        ("workbench:nomination_list?sort=candidate&late=no", {}),
        ("workbench:nomination_list?member_state=nowhere", {}),  # a filter's error
        (
            "workbench:nomination_list?status=received",
            {"HX-Request": "true", "HX-Target": "results"},
        ),
        ("workbench:note_list", {}),
    ],
)
def test_a_cached_page_is_the_page_itself(
    client, secretariat, season, settings, page_cache, address, headers
):
    name, _, query = address.partition("?")
    path = dashboard(season["call"]) if name == "dashboard" else reverse(name)
    path += f"?{query}" if query else ""
    client.force_login(secretariat)
    settings.NOMINA_PAGE_CACHE_SECONDS = 0
    uncached = client.get(path, headers=headers)
    settings.NOMINA_PAGE_CACHE_SECONDS = 600

    first, second = client.get(path, headers=headers), client.get(path, headers=headers)

    for response in first, second:
        assert response.status_code == uncached.status_code == 200
        assert same_page(response.content.decode()) == same_page(uncached.content.decode())
        assert {k: v for k, v in response.items() if k != "Content-Security-Policy"} == {
            k: v for k, v in uncached.items() if k != "Content-Security-Policy"
        }
    assert_keeps_to_the_csp(second)


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_a_cached_dashboard_costs_what_a_bare_signed_in_page_does(
    client, secretariat, season, page_cache, django_assert_num_queries, headers
):
    client.force_login(secretariat)
    client.get(dashboard(season["call"], "?sort=response"), headers=headers)

    # the session; the user with its role and the data's version
    with django_assert_num_queries(2):
        response = client.get(dashboard(season["call"], "?sort=response"), headers=headers)

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_cached_list_page_costs_what_a_bare_signed_in_page_does(
    client, secretariat, season, page_cache, django_assert_num_queries
):
    client.force_login(secretariat)
    client.get(reverse("workbench:nomination_list"), {"sort": "candidate"})

    # the session; the user with its role and the data's version
    with django_assert_num_queries(2):
        response = client.get(reverse("workbench:nomination_list"), {"sort": "candidate"})

    assert "Candidate Number" in response.content.decode()


@pytest.mark.django_db
def test_a_logged_nomination_shows_on_the_dashboard_at_once(
    client, secretariat, member_states, season, page_cache, pdf_bytes
):
    client.force_login(secretariat)
    htmx = {"HX-Request": "true"}
    before = client.get(dashboard(season["call"])).content.decode()
    roster = client.get(dashboard(season["call"], "?sort=response"), headers=htmx)
    assert figure(before, "Nominations") == 1
    assert figure(before, "Missing a CV") == 1
    assert 'data-state="KEN" data-response="not_answered"' in before
    assert 'data-state="KEN" data-response="not_answered"' in roster.content.decode()

    kenya = log_kenya(season, member_states, secretariat)
    after = client.get(dashboard(season["call"])).content.decode()
    roster = client.get(dashboard(season["call"], "?sort=response"), headers=htmx)

    assert figure(after, "Nominations") == 2
    assert figure(after, "Missing a CV") == 2
    assert 'data-state="KEN" data-response="nominated"' in after
    assert 'data-state="KEN" data-response="nominated"' in roster.content.decode()
    assert "Amina Wanjiru" in after  # in the list of those missing a CV

    # A transition and an upload are changes too: each shows on the next request.
    transitions.take(kenya, "withdraw", actor=secretariat, reason="Declined")
    after_withdrawal = client.get(dashboard(season["call"])).content.decode()
    assert 'data-state="KEN" data-response="withdrawn"' in after_withdrawal
    assert figure(after_withdrawal, "Missing a CV") == 1

    store_document(
        season["france"],
        kind="cv",
        uploaded_file=SimpleUploadedFile("cv.pdf", pdf_bytes, content_type="application/pdf"),
        actor=secretariat,
    )
    assert figure(client.get(dashboard(season["call"])).content.decode(), "Missing a CV") == 0


@pytest.mark.django_db
def test_a_logged_nomination_shows_on_the_list_at_once(
    client, secretariat, member_states, season, page_cache
):
    client.force_login(secretariat)
    assert "Amina Wanjiru" not in client.get(reverse("workbench:nomination_list")).content.decode()

    log_kenya(season, member_states, secretariat)

    listed = client.get(reverse("workbench:nomination_list")).content.decode()
    assert "Amina Wanjiru" in listed
    assert "2 nominations" in listed


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["mission", "executive", "auditor"])
def test_no_other_role_gets_the_secretariats_cached_pages(
    client, request, secretariat, season, page_cache, role
):
    client.force_login(secretariat)
    for path in (dashboard(season["call"]), reverse("workbench:nomination_list")):
        assert client.get(path).status_code == 200
        assert client.get(path, headers={"HX-Request": "true"}).status_code == 200

    client.force_login(request.getfixturevalue(role))
    for path in (dashboard(season["call"]), reverse("workbench:nomination_list")):
        for headers in ({}, {"HX-Request": "true"}, {"HX-Request": "true", "HX-Target": "results"}):
            response = client.get(path, headers=headers)
            assert response.status_code == 403
            assert "DDG Operations" not in response.content.decode()


@pytest.mark.django_db
def test_the_countdown_is_worked_out_for_the_minute_it_is_read(
    client, secretariat, season, page_cache, monkeypatch
):
    """The figures stay cached; the time left moves with the clock."""
    deadline = season["post"].deadline
    client.force_login(secretariat)
    moments = iter(
        [deadline - datetime.timedelta(days=2, hours=3), deadline - datetime.timedelta(minutes=5)]
    )
    clock = types.SimpleNamespace(now=lambda: next(moments), localtime=timezone.localtime)
    monkeypatch.setattr("workbench.dashboard.timezone", clock)

    early = client.get(dashboard(season["call"])).content.decode()
    late = client.get(dashboard(season["call"])).content.decode()

    assert ">2 days, 3 hours left<" in early
    assert ">5 minutes left<" in late


@pytest.mark.django_db
def test_an_edited_call_shows_at_once_and_a_missing_one_stays_404(
    client, secretariat, season, page_cache
):
    from tests.workbench.test_calls import _call_data, _date

    call = season["call"]
    client.force_login(secretariat)
    assert client.get(dashboard(call)).status_code == 200
    missing = reverse("workbench:call_dashboard", args=[call.pk + 1000])
    assert client.get(missing).status_code == client.get(missing).status_code == 404

    data = _call_data(
        reference=call.reference,
        title="Deputy Directors General",
        addressees="members",
        **_date("deadline_date", call.deadline_date),
        issued_on_0="",
        issued_on_1="",
        issued_on_2="",
        addressee_line=call.addressee_line,
        place=call.place,
        enquiry_email=call.enquiry_email,
        reminder_days="14, 7, 1",
    )
    assert client.post(reverse("workbench:call_edit", args=[call.pk]), data).status_code == 302

    assert "Deputy Directors General</h1>" in client.get(dashboard(call)).content.decode()


def csrf_token_of(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["dashboard", "workbench:nomination_list"])
def test_a_cached_page_carries_this_requests_csrf_token_and_nonce(
    secretariat, season, page_cache, name
):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    path = dashboard(season["call"]) if name == "dashboard" else reverse(name)
    first, second = client.get(path), client.get(path)

    tokens = [csrf_token_of(response.content.decode()) for response in (first, second)]
    assert tokens[0] != tokens[1]  # masked anew, as Django does for every answer
    nonces = [re.search(r'nonce="([^"]+)"', r.content.decode()).group(1) for r in (first, second)]
    assert nonces[0] != nonces[1]  # drawn anew
    assert "hole" not in second.content.decode()
    assert_keeps_to_the_csp(second)
    signed_out = client.post(reverse("web:sign-out"), {"csrfmiddlewaretoken": tokens[1]})
    assert signed_out.status_code == 302


@pytest.mark.django_db
def test_each_user_gets_a_page_of_their_own(client, secretariat, season, page_cache):
    other = factories.account("secretariat", email="second@nomina.test")
    for user in (secretariat, other, secretariat):
        client.force_login(user)
        html = client.get(dashboard(season["call"])).content.decode()
        assert f"<strong>{user.email}</strong>" in html


@pytest.mark.django_db
def test_a_message_waiting_is_shown_once_never_kept(client, secretariat, season, page_cache):
    from tests.workbench.test_calls import _call_data, _date

    call = season["call"]
    client.force_login(secretariat)
    path = reverse("workbench:nomination_list")
    client.get(path)
    data = _call_data(
        reference=call.reference,
        addressees="members",
        **_date("deadline_date", call.deadline_date),
        issued_on_0="",
        issued_on_1="",
        issued_on_2="",
        reminder_days="14, 7, 1",
    )
    # Saved, the call's page would say so on the next page, whichever it is.
    assert client.post(reverse("workbench:call_edit", args=[call.pk]), data).status_code == 302

    with_message = client.get(path).content.decode()
    after = client.get(path).content.decode()

    assert f"Call {call.reference} saved." in with_message
    assert "saved." not in after
