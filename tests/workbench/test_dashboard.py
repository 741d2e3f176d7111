"""The call dashboard (issue 8): who may open it, every figure it shows, the roster's
filters and sorting with and without htmx, and a query count that does not grow."""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nominations.models import Call, Candidate, Document, MemberState, Nomination, NoteVerbale
from tests import factories
from tests.web.test_pages import assert_keeps_to_the_csp
from workbench.dashboard import duration, time_left

UTC = datetime.UTC
DASH = "\N{EN DASH}"  # an empty cell


class Rows(HTMLParser):
    """The text of each cell of every <tr data-NAME="..."> in a page, by that value."""

    def __init__(self, attribute):
        super().__init__()
        self.attribute = f"data-{attribute}"
        self.rows = {}
        self.key = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and self.attribute in attrs:
            self.key = attrs[self.attribute]
            self.rows[self.key] = []
        elif tag in ("th", "td") and self.key is not None:
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.rows[self.key].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr":
            self.key = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def rows(response, attribute):
    parser = Rows(attribute)
    parser.feed(response.content.decode())
    return parser.rows


# json_script's data block is not script: the CSP lets the browser read it, never run it.
def url(call, query=""):
    return reverse("workbench:call_dashboard", args=[call.pk]) + query


def geneva(*args):
    return datetime.datetime(*args, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))


@pytest.fixture
def states(db):
    made = {
        "FRA": factories.MemberStateFactory(code="FRA", name_en="France", region="Europe"),
        "KEN": factories.MemberStateFactory(code="KEN", name_en="Kenya", region="Africa"),
        "MEX": factories.MemberStateFactory(code="MEX", name_en="Mexico", region="Americas"),
        "DEU": factories.MemberStateFactory(code="DEU", name_en="Germany", region="Europe"),
        "PHL": factories.MemberStateFactory(code="PHL", name_en="Philippines", region="Asia"),
    }
    # Addressed by no call of these tests: it must never appear on a roster.
    made["GBR"] = factories.MemberStateFactory(code="GBR", name_en="United Kingdom")
    return made


@pytest.fixture
def call(states):
    """A call to four chosen states, two posts closing on 31 December 2026 (Geneva):
    France nominated (one on time with a CV, one withdrawn), Kenya only late (one waiting,
    one withdrawn), Mexico withdrew its only nomination, Germany has not answered; the
    Philippines, not addressed, are nobody's business here."""
    call = factories.CallFactory(
        reference="EO/1/2026",
        addressees=Call.Addressees.CHOSEN,
        deadline_date=datetime.date(2026, 12, 31),
    )
    call.addressed_states.set([states[c] for c in ("FRA", "KEN", "MEX", "DEU")])
    operations = factories.PostFactory(call=call, title="DDG Operations")
    management = factories.PostFactory(call=call, title="DDG Management")

    def nominate(code, post, status, received, gender="female", is_late=False, cv=False, name=None):
        nomination = factories.NominationFactory(
            post=post,
            member_state=states[code],
            status=status,
            is_late=is_late,
            candidate__gender=gender,
            candidate__full_name=name or f"Candidate of {code} for {post.title} ({status})",
            note_verbale__received_at=received,
            note_verbale__call=call,
        )
        if cv:
            factories.add_document(nomination)
        return nomination

    made = {
        "call": call,
        "operations": operations,
        "management": management,
        "fra_on_time": nominate(
            "FRA",
            operations,
            "complete",
            geneva(2026, 11, 20, 10, 0),
            cv=True,
            name="Claire Dubois",
        ),
        # 23:30 UTC on 20 November is 00:30 on the 21st in Geneva: the 21st's.
        "fra_withdrawn": nominate(
            "FRA",
            management,
            "withdrawn",
            datetime.datetime(2026, 11, 20, 23, 30, tzinfo=UTC),
            "male",
        ),
        "ken_late": nominate(
            "KEN", operations, "late", geneva(2027, 1, 2, 9, 0), is_late=True, name="Amina Wanjiru"
        ),
        "ken_withdrawn": nominate("KEN", management, "withdrawn", geneva(2026, 11, 21, 9, 0)),
        "mex_withdrawn": nominate(
            "MEX", management, "withdrawn", geneva(2026, 11, 25, 9, 0), "male", cv=True
        ),
        # A state the call is not addressed to still gets counted, never rostered.
        "phl_received": nominate(
            "PHL", management, "received", geneva(2026, 11, 25, 11, 0), name="Maria Santos"
        ),
    }
    return made


# --- who may open it -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_secretariat_opens_the_dashboard_and_it_keeps_to_the_csp(client, secretariat, call):
    client.force_login(secretariat)

    response = client.get(url(call["call"]))

    assert response.status_code == 200
    assert_keeps_to_the_csp(response)
    html = response.content.decode()
    assert "web/vendor/chart.umd.min.js" in html
    assert html.count("<canvas") == 3
    assert 'type="module" src="/static/workbench/dashboard.js"' in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["executive", "auditor", "mission"])
def test_other_roles_are_refused(client, request, role, call):
    client.force_login(request.getfixturevalue(role))

    response = client.get(url(call["call"]))

    assert response.status_code == 403
    assert_keeps_to_the_csp(response)


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client, call):
    response = client.get(url(call["call"]))

    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={url(call['call'])}"


@pytest.mark.django_db
def test_a_call_that_does_not_exist_is_404(client, secretariat, call):
    client.force_login(secretariat)

    response = client.get(reverse("workbench:call_dashboard", args=[call["call"].pk + 1000]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_workbench_home_links_each_call_to_its_dashboard(client, secretariat, call):
    client.force_login(secretariat)

    response = client.get(reverse("workbench:home"))

    assert f'href="{url(call["call"])}"' in response.content.decode()


# --- the figures -----------------------------------------------------------------------


@pytest.mark.django_db
def test_counts_by_post_and_state_show_every_state_with_zeros(client, secretariat, call):
    client.force_login(secretariat)

    counts = rows(client.get(url(call["call"])), "count")

    assert set(counts) == {*Nomination.Status.values, "total"}
    # State, DDG Operations, DDG Management, all posts.
    assert counts["complete"][1:] == ["1", "0", "1"]
    assert counts["late"][1:] == ["1", "0", "1"]
    assert counts["withdrawn"][1:] == ["0", "3", "3"]
    assert counts["received"][1:] == ["0", "1", "1"]
    assert counts["eligible"][1:] == ["0", "0", "0"]
    assert counts["total"][1:] == ["2", "4", "6"]


@pytest.mark.django_db
def test_the_roster_lists_exactly_the_addressed_states_with_their_response(
    client, secretariat, call
):
    client.force_login(secretariat)

    roster = rows(client.get(url(call["call"])), "state")

    assert list(roster) == ["FRA", "DEU", "KEN", "MEX"]  # by name: France, Germany, ...
    # Member state, region, response, posts in the running, last note.
    assert roster["FRA"][:4] == ["France", "Europe", "Nominated", "DDG Operations"]
    assert roster["FRA"][4] == "21 Nov 2026"  # the withdrawn one came later
    assert roster["KEN"][:4] == ["Kenya", "Africa", "Late", DASH]
    assert roster["KEN"][4] == "2 Jan 2027"
    assert roster["MEX"][:4] == ["Mexico", "Americas", "Withdrawn", DASH]
    assert roster["DEU"][:4] == ["Germany", "Europe", "Not answered", DASH]
    assert roster["DEU"][4] == "None"


@pytest.mark.django_db
def test_a_call_to_all_members_lists_every_member_and_no_other(client, secretariat, states):
    MemberState.objects.filter(code="GBR").update(is_member=False)
    open_call = factories.CallFactory(addressees=Call.Addressees.MEMBERS)
    factories.PostFactory(call=open_call)
    client.force_login(secretariat)

    roster = rows(client.get(url(open_call)), "state")

    assert set(roster) == {"FRA", "KEN", "MEX", "DEU", "PHL"}


@pytest.mark.django_db
def test_a_state_with_several_posts_shows_each_and_how_many(client, secretariat, call, states):
    factories.NominationFactory(
        post=call["management"], member_state=states["FRA"], note_verbale__call=call["call"]
    )
    factories.NominationFactory(
        post=call["management"], member_state=states["FRA"], note_verbale__call=call["call"]
    )
    client.force_login(secretariat)

    roster = rows(client.get(url(call["call"])), "state")

    assert roster["FRA"][2:4] == ["Nominated", "DDG Operations DDG Management (2)"]


@pytest.mark.django_db
def test_a_late_nomination_once_accepted_makes_the_state_nominated(client, secretariat, call):
    Nomination.objects.filter(pk=call["ken_late"].pk).update(status="received")
    client.force_login(secretariat)

    roster = rows(client.get(url(call["call"])), "state")

    assert roster["KEN"][2:4] == ["Nominated", "DDG Operations"]


@pytest.mark.django_db
def test_the_page_explains_the_precedence_of_responses(client, secretariat, call):
    client.force_login(secretariat)

    html = client.get(url(call["call"])).content.decode()

    assert "A state with several nominations shows the first response that applies" in html
    assert html.index("<strong>Nominated</strong>") < html.index("<strong>Late</strong>")
    assert html.index("<strong>Late</strong>") < html.index("<strong>Withdrawn</strong>")
    assert html.index("<strong>Withdrawn</strong>") < html.index("<strong>Not answered</strong>")


@pytest.mark.django_db
def test_the_key_figures(client, secretariat, call):
    client.force_login(secretariat)

    response = client.get(url(call["call"]))

    assert response.context["totals"] == {"nominations": 6, "late_waiting": 1, "missing_cv": 2}
    assert response.context["response_counts"] == {
        "nominated": 1,
        "late": 1,
        "withdrawn": 1,
        "not_answered": 1,
    }


@pytest.mark.django_db
def test_the_late_and_the_missing_cv_lists(client, secretariat, call):
    client.force_login(secretariat)

    response = client.get(url(call["call"]))

    listed_late = rows(response, "late")
    listed_missing = rows(response, "missing-cv")
    late = [n.pk for n in response.context["late_waiting"]]
    missing = [n.pk for n in response.context["missing_cv"]]
    assert late == [call["ken_late"].pk]
    # Withdrawn ones need no CV; the complete French one and the Mexican one have theirs.
    assert missing == [call["ken_late"].pk, call["phl_received"].pk]  # in the logging order
    assert listed_late[str(call["ken_late"].pk)][:3] == ["Amina Wanjiru", "Kenya", "DDG Operations"]
    # Received on 2 January at 09:00, the deadline was midnight at the end of 31 December.
    assert (
        listed_late[str(call["ken_late"].pk)][3]
        == "2 Jan 2027, 09:00 1 day, 9 hours after the deadline"
    )
    assert list(listed_late) == [str(call["ken_late"].pk)]
    assert list(listed_missing) == [str(call["ken_late"].pk), str(call["phl_received"].pk)]
    assert listed_missing[str(call["phl_received"].pk)][:4] == [
        "Maria Santos",
        "Philippines",
        "DDG Management",
        "Received",
    ]


@pytest.mark.django_db
def test_the_chart_tables_and_their_data(client, secretariat, call):
    client.force_login(secretariat)

    response = client.get(url(call["call"]))

    days = rows(response, "day")
    # Day (Geneva), on time, late, so far; the deadline's day is listed though empty.
    assert days == {
        "2026-11-20": ["20 Nov 2026", "1", "0", "1"],
        "2026-11-21": ["21 Nov 2026", "2", "0", "3"],
        "2026-11-25": ["25 Nov 2026", "2", "0", "5"],
        "2026-12-31": ["31 Dec 2026 Deadline", "0", "0", "5"],
        "2027-01-02": ["2 Jan 2027", "0", "1", "6"],
    }
    assert rows(response, "region") == {
        "Africa": ["Africa", "2"],
        "Americas": ["Americas", "1"],
        "Asia": ["Asia", "1"],
        "Europe": ["Europe", "2"],
        "Oceania": ["Oceania", "0"],
    }
    assert rows(response, "gender") == {
        "female": ["Female", "4"],
        "male": ["Male", "2"],
        "other": ["Other", "0"],
        "undisclosed": ["Undisclosed", "0"],
    }
    html = response.content.decode()
    data = json.loads(re.search(r'id="dashboard-charts"[^>]*>(.*?)</script>', html, re.S)[1])
    per_day = data["perDay"]
    assert (
        len(per_day["labels"]) == (datetime.date(2027, 1, 2) - datetime.date(2026, 11, 20)).days + 1
    )
    assert per_day["labels"][41] == "31 Dec (deadline)"
    assert sum(per_day["onTime"]) == 5 and sum(per_day["late"]) == 1
    assert data["regions"]["counts"] == [2, 1, 1, 2, 0]
    assert data["genders"]["counts"] == [4, 2, 0, 0]


@pytest.mark.django_db
def test_a_draft_call_without_posts_or_deadline_still_opens(client, secretariat, states):
    draft = factories.CallFactory(deadline_date=None)
    client.force_login(secretariat)

    response = client.get(url(draft))

    assert response.status_code == 200
    html = response.content.decode()
    assert "This call has no post yet." in html
    assert "No deadline stated" in html
    assert rows(response, "count") == {}
    assert "<canvas" not in html
    assert "No nomination received yet: the charts appear with the first." in html
    assert_keeps_to_the_csp(response)


@pytest.mark.django_db
def test_posts_with_different_deadlines_each_get_a_countdown(client, secretariat, call):
    call["management"].deadline_date = datetime.date(2027, 1, 15)
    call["management"].save()
    client.force_login(secretariat)

    html = client.get(url(call["call"])).content.decode()

    assert "The posts close at different times:" in html
    # The headline counts down to the next to close; each post has its own.
    assert html.count('data-countdown="2027-01-01T00:00:00+01:00"') == 2
    assert html.count('data-countdown="2027-01-16T00:00:00+01:00"') == 1


# --- the deadline ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_deadline_in_geneva_time_with_a_countdown_and_a_local_time(client, secretariat, call):
    client.force_login(secretariat)

    html = client.get(url(call["call"])).content.decode()

    # The exclusive instant: midnight at the end of 31 December, Geneva time (CET).
    assert 'data-countdown="2027-01-01T00:00:00+01:00"' in html
    assert '<time datetime="2027-01-01T00:00:00+01:00" data-local-time>' in html
    assert "Friday 1 January 2027, 00:00 CET" in html
    assert "Closes at the end of 31 December 2026, Geneva time" in html
    assert re.search(r"data-countdown=[^>]*>\d+ (days?|months?)(, \d+ (days?|hours?))? left<", html)


def test_time_left_reads_like_a_person_would_say_it():
    now = timezone.now()

    assert (
        time_left(now + datetime.timedelta(days=3, hours=4, minutes=5), now)
        == "3 days, 4 hours left"
    )
    assert time_left(now + datetime.timedelta(minutes=59), now) == "59 minutes left"
    assert time_left(now - datetime.timedelta(days=800), now) == "Closed 2 years, 2 months ago"
    assert time_left(now + datetime.timedelta(days=1, minutes=30), now) == "1 day left"
    assert duration(0) == "less than a minute"


# --- the roster's filters and sorting --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True])
def test_the_roster_filters_by_response(client, secretariat, call, htmx):
    client.force_login(secretariat)
    headers = {"HX-Request": "true"} if htmx else {}

    response = client.get(url(call["call"], "?response=not_answered"), headers=headers)

    assert list(rows(response, "state")) == ["DEU"]
    html = response.content.decode()
    assert ("<html" in html) is not htmx  # htmx gets the roster alone
    assert 'id="roster"' in html
    assert "Showing 1 of 4 member states." in html
    assert_keeps_to_the_csp(response)


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True])
def test_the_roster_filters_by_region(client, secretariat, call, htmx):
    client.force_login(secretariat)
    headers = {"HX-Request": "true"} if htmx else {}

    response = client.get(url(call["call"], "?region=Europe"), headers=headers)

    assert list(rows(response, "state")) == ["FRA", "DEU"]


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    "sort, order",
    [
        ("name", ["FRA", "DEU", "KEN", "MEX"]),
        # Not answered first, then late, withdrawn, nominated.
        ("response", ["DEU", "KEN", "MEX", "FRA"]),
        # Newest note first; a state that sent none last.
        ("last_note", ["KEN", "MEX", "FRA", "DEU"]),
    ],
)
def test_the_roster_sorts(client, secretariat, call, htmx, sort, order):
    client.force_login(secretariat)
    headers = {"HX-Request": "true"} if htmx else {}

    response = client.get(url(call["call"], f"?sort={sort}"), headers=headers)

    assert list(rows(response, "state")) == order


@pytest.mark.django_db
def test_filters_and_sort_combine_and_the_sort_links_keep_the_filters(client, secretariat, call):
    client.force_login(secretariat)

    response = client.get(url(call["call"], "?region=Europe&sort=response"))

    assert list(rows(response, "state")) == ["DEU", "FRA"]
    html = response.content.decode()
    assert 'href="?region=Europe&amp;sort=last_note"' in html
    assert 'aria-sort="other"' in html


@pytest.mark.django_db
def test_an_unknown_filter_value_shows_everything(client, secretariat, call):
    client.force_login(secretariat)

    response = client.get(url(call["call"], "?response=maybe&region=Atlantis&sort=size"))

    assert response.status_code == 200
    assert list(rows(response, "state")) == ["FRA", "DEU", "KEN", "MEX"]


@pytest.mark.django_db
def test_an_htmx_history_restore_gets_the_whole_page(client, secretariat, call):
    client.force_login(secretariat)

    response = client.get(
        url(call["call"], "?response=late"),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )

    assert "<html" in response.content.decode()


@pytest.mark.django_db
def test_the_filter_form_works_without_javascript_and_with_htmx(client, secretariat, call):
    client.force_login(secretariat)

    html = client.get(url(call["call"])).content.decode()

    form = re.search(r"<form method=\"get\"[^>]*>", html)[0]
    assert 'hx-get=""' in form and 'hx-trigger="change, submit"' in form
    assert 'hx-target="#roster"' in html and 'hx-push-url="true"' in html
    assert '<option value="not_answered">Not answered (1)</option>' in html


# --- a fixed number of queries ---------------------------------------------------------

REGIONS = ["Africa", "Americas", "Asia", "Europe", "Oceania"]
STATUSES = ["received", "late", "incomplete", "complete", "withdrawn", "rejected", "eligible"]


def many_nominations(call, post, n):
    """n nominations over 20 states, every status and gender, half with a CV, in bulk."""
    states = MemberState.objects.bulk_create(
        [
            MemberState(
                code=f"Q{i:02d}",
                name_en=f"State Q{i:02d}",
                name_fr=f"État Q{i:02d}",
                name_es=f"Estado Q{i:02d}",
                region=REGIONS[i % 5],
            )
            for i in range(20)
        ]
    )
    start = timezone.now() - datetime.timedelta(days=20)
    notes = NoteVerbale.objects.bulk_create(
        [
            NoteVerbale(
                direction="incoming",
                member_state=states[i % 20],
                call=call,
                received_at=start + datetime.timedelta(hours=i),
                channel="email",
            )
            for i in range(n)
        ]
    )
    genders = [g for g, _ in Candidate.Gender.choices]
    candidates = Candidate.objects.bulk_create(
        [
            Candidate(
                member_state=states[i % 20],
                nationality=states[i % 20],
                full_name=f"Bulk {i}",
                normalised_name=f"bulk {i}",
                identity=f"bulk {i}|",
                gender=genders[i % 4],
            )
            for i in range(n)
        ]
    )
    nominations = Nomination.objects.bulk_create(
        [
            Nomination(
                post=post,
                member_state=states[i % 20],
                candidate=candidates[i],
                note_verbale=notes[i],
                status=STATUSES[i % len(STATUSES)],
                is_late=STATUSES[i % len(STATUSES)] in ("late", "rejected"),
            )
            for i in range(n)
        ]
    )
    Document.objects.bulk_create(
        [
            Document(
                nomination=nomination,
                kind="cv",
                file=f"documents/bulk{nomination.pk}",
                original_name="cv.pdf",
                content_type="application/pdf",
                size=1,
                sha256="0" * 64,
            )
            for nomination in nominations[::2]
        ]
    )
    return states


def count_queries(client, address, headers=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, headers=headers or {})
    assert response.status_code == 200
    return len(queries), response


# Session, user with its role (2); call; addressed states, their nominations by post,
# their notes; posts with counts; totals, late list, missing-CV list, per day, region, gender;
# deadline reports.
PAGE_QUERIES = 14
# Session, user with its role; call; addressed states, their nominations by post, their
# notes; the posts' titles.
ROSTER_QUERIES = 7


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 200])
def test_the_page_costs_the_same_queries_at_1_and_200_nominations(
    client, secretariat, django_assert_num_queries, n
):
    call = factories.CallFactory(addressees=Call.Addressees.MEMBERS)
    post = factories.PostFactory(call=call)
    many_nominations(call, post, n)
    client.force_login(secretariat)

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url(call))

    assert response.context["totals"]["nominations"] == n
    assert len(rows(response, "state")) == 20


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 200])
def test_the_htmx_roster_costs_the_same_queries_at_1_and_200_nominations(
    client, secretariat, django_assert_num_queries, n
):
    call = factories.CallFactory(addressees=Call.Addressees.MEMBERS)
    post = factories.PostFactory(call=call)
    many_nominations(call, post, n)
    client.force_login(secretariat)

    with django_assert_num_queries(ROSTER_QUERIES):
        client.get(url(call, "?sort=response&region=Europe"), headers={"HX-Request": "true"})


@pytest.mark.django_db
def test_two_hundred_nominations_are_counted_right(client, secretariat):
    call = factories.CallFactory(addressees=Call.Addressees.MEMBERS)
    post = factories.PostFactory(call=call)
    many_nominations(call, post, 200)
    client.force_login(secretariat)

    response = client.get(url(call))

    counts = rows(response, "count")
    assert counts["total"][1:] == ["200"]
    assert counts["received"][1:] == [str(len(range(0, 200, 7)))]
    assert sum(n for _v, _l, n in response.context["regions"]) == 200
    # Every twentieth... each state sent ten; all answered one way or another.
    assert response.context["response_counts"]["not_answered"] == 0
    assert len(response.context["missing_cv"]) == 50  # the list's limit
    # Odd-numbered nominations have no CV; withdrawn and rejected ones need none.
    expected = sum(1 for i in range(1, 200, 2) if STATUSES[i % 7] not in ("withdrawn", "rejected"))
    assert response.context["totals"]["missing_cv"] == expected


@pytest.mark.django_db
def test_the_dashboard_links_to_the_pages_behind_its_figures(client, secretariat, call):
    client.force_login(secretariat)
    the_call = call["call"]

    html = client.get(url(the_call)).content.decode()

    nominations = reverse("workbench:nomination_list")
    # A state that answered links to its nominations of this call; one that did not, nowhere.
    assert f'href="{nominations}?call={the_call.pk}&amp;member_state=FRA"' in html
    assert f'href="{nominations}?call={the_call.pk}&amp;member_state=KEN"' in html
    assert f"{nominations}?call={the_call.pk}&amp;member_state=DEU" not in html
    # Every addressed state links to its mission's messages in the outbox.
    outbox = reverse("workbench:outbox")
    for code in ("FRA", "KEN", "DEU"):
        assert f'href="{outbox}?member_state={code}"' in html
    # The late nomination waiting for a decision links to its page, each post to its own.
    late = reverse("workbench:nomination_detail", args=[call["ken_late"].pk])
    assert f'href="{late}"' in html
    assert reverse("workbench:post_detail", args=[call["operations"].pk]) in html
    assert reverse("workbench:note_log") in html
