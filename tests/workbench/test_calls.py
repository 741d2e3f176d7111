"""Creating and editing a call and its posts in the workbench, and a post's page."""

import re

import pytest
from django.urls import reverse

from nominations import demo
from nominations.models import Call, Competency, Post, PostCompetency
from tests import factories
from tests.web.test_pages import assert_keeps_to_the_csp
from workflows.models import AuditEvent

ROLES = ["secretariat", "auditor", "executive", "mission"]


@pytest.fixture
def users(secretariat, auditor, executive, mission):
    return {
        "secretariat": secretariat,
        "auditor": auditor,
        "executive": executive,
        "mission": mission,
    }


@pytest.fixture
def draft_post(member_states):
    return factories.PostFactory(status="draft", call__deadline_date=factories.in_days(20))


def _pages(post):
    return [
        reverse("workbench:call_create"),
        reverse("workbench:call_edit", args=[post.call_id]),
        reverse("workbench:post_create", args=[post.call_id]),
        reverse("workbench:post_detail", args=[post.pk]),
        reverse("workbench:post_edit", args=[post.pk]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_page_opens_for_the_secretariat_only(client, users, draft_post, role):
    client.force_login(users[role])
    for url in _pages(draft_post):
        response = client.get(url)
        if role == "secretariat":
            assert response.status_code == 200, url
            assert_keeps_to_the_csp(response)
        else:
            assert response.status_code == 403, url


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client, draft_post):
    for url in _pages(draft_post):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/sign-in/?next={url}"


def _date(prefix, date):
    return {f"{prefix}_0": date.day, f"{prefix}_1": date.month, f"{prefix}_2": date.year}


def _call_data(**overrides):
    deadline = factories.in_days(30)
    data = {
        "reference": "EO/1/2027",
        "title": "Junior Professional Officer",
        **_date("issued_on", factories.in_days(0)),
        **_date("deadline_date", deadline),
        "place": "Geneva",
        "addressee_line": "To: Permanent Mission of Germany",
        "enquiry_email": "jpo@iom.example",
        "addressees": "chosen",
        "addressed_states": [],
        "reminder_days": "7, 14, 1",
    }
    data.update(overrides)
    return data


def _post_data(rows=(), **overrides):
    data = {
        "title": "JPO, Data and Knowledge Officer",
        "duty_station": "Berlin, Germany",
        "grade": "P-2",
        "organizational_unit": "Global Migration Data Analysis Centre",
        "reports_to": "Project Manager",
        "background": "The main focus of the JPO programme.",
        "duties_intro": "The duties will include:",
        "duties": "Support knowledge management\n\n  Reach out to countries  \n",
        "other_requirements": "",
        "min_degree": "masters",
        "education": "Master's Degree in Migration.",
        "min_years_experience": "2",
        "experience": "- Two years on migration data",
        "required_languages": ["en"],
        "asset_languages": ["fr", "es"],
        "languages_text": "Fluency in English is required.",
        "competencies-TOTAL_FORMS": str(max(len(rows), 5)),
        "competencies-INITIAL_FORMS": "0",
        "competencies-MIN_NUM_FORMS": "0",
        "competencies-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"competencies-{index}-{key}"] = value
    data.update(overrides)
    return data


def _errors(html):
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary"
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(0))


@pytest.mark.django_db
def test_the_secretariat_creates_a_call_to_chosen_states_with_an_audit_event(
    client, secretariat, member_states
):
    client.force_login(secretariat)
    states = [member_states["FRA"].pk, member_states["KEN"].pk]

    response = client.post(reverse("workbench:call_create"), _call_data(addressed_states=states))

    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:home")
    call = Call.objects.get(reference="EO/1/2027")
    assert call.addressees == "chosen"
    assert sorted(call.addressed_states.values_list("code", flat=True)) == ["FRA", "KEN"]
    assert call.reminder_days == [14, 7, 1]
    event = AuditEvent.objects.get(action="call.create")
    assert event.object_id == str(call.pk)
    assert event.actor == secretariat
    assert event.details["fields"]["reference"] == {"old": None, "new": "EO/1/2027"}
    assert event.details["fields"]["addressed_states"]["new"] == sorted(states)


@pytest.mark.django_db
def test_editing_a_call_records_only_what_changed(client, secretariat, draft_post):
    client.force_login(secretariat)
    call = draft_post.call
    data = _call_data(
        reference=call.reference,
        title="A new title",
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

    response = client.post(reverse("workbench:call_edit", args=[call.pk]), data)

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="call.change")
    assert event.details == {
        "fields": {"title": {"old": "Call for nominations", "new": "A new title"}}
    }


@pytest.mark.django_db
def test_a_call_to_chosen_states_without_any_state_is_refused_and_keeps_what_was_typed(
    client, secretariat
):
    client.force_login(secretariat)

    response = client.post(reverse("workbench:call_create"), _call_data(title="Kept title"))

    assert response.status_code == 200
    html = response.content.decode()
    assert ("id_addressed_states_0", "Choose the member states the call is addressed to.") in (
        _errors(html)
    ) or any(anchor.startswith("id_addressed_states") for anchor, _ in _errors(html))
    assert 'value="Kept title"' in html
    assert "<title>Error:" in html
    assert not Call.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_call_needs_a_reference_and_a_deadline_ahead(client, secretariat, member_states):
    client.force_login(secretariat)
    data = _call_data(
        reference="", addressees="members", **_date("deadline_date", factories.in_days(-1))
    )

    html = client.post(reverse("workbench:call_create"), data).content.decode()

    anchors = dict(_errors(html))
    assert anchors["id_reference"] == "This field is required."
    assert anchors["id_deadline_date_0"] == "The deadline must be today or later."
    assert 'value="Junior Professional Officer"' in html


@pytest.mark.django_db
def test_the_secretariat_creates_a_post_with_duties_and_competencies(
    client, secretariat, draft_post
):
    leadership = Competency.objects.create(code="leadership", name="Leadership", kind="managerial")
    client.force_login(secretariat)
    rows = [
        {"kind": "value", "name": "Integrity and transparency", "description": "Ethics."},
        {"kind": "core", "name": "Teamwork", "level": "3"},
        {"kind": "managerial", "name": "Leadership", "level": "2", "competency": leadership.pk},
    ]

    response = client.post(
        reverse("workbench:post_create", args=[draft_post.call_id]), _post_data(rows)
    )

    post = Post.objects.get(title="JPO, Data and Knowledge Officer")
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:post_detail", args=[post.pk])
    assert post.duties == ["Support knowledge management", "Reach out to countries"]
    assert post.asset_languages == ["fr", "es"]
    assert post.status == "draft"
    assert post.deadline_date == draft_post.call.deadline_date  # taken from the call
    assert [
        (c.position, c.kind, c.name, c.level, c.competency_id)
        for c in post.required_competencies.all()
    ] == [
        (0, "value", "Integrity and transparency", None, None),
        (1, "core", "Teamwork", 3, None),
        (2, "managerial", "Leadership", 2, leadership.pk),
    ]
    event = AuditEvent.objects.get(action="post.create")
    assert event.object_id == str(post.pk)
    assert event.details["fields"]["duties"]["new"] == post.duties
    assert [entry["action"] for entry in event.details["inlines"]] == ["add", "add", "add"]
    assert event.details["inlines"][2]["fields"]["level"] == {"old": None, "new": 2}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row, anchor, message",
    [
        (
            {"kind": "managerial", "name": "Leadership", "level": "1"},
            "id_competencies-0-level",
            "A managerial competency takes level 2 or 3, not 1.",
        ),
        (
            {"kind": "value", "name": "Courage", "level": "2"},
            "id_competencies-0-level",
            "A value is not levelled: leave its level empty.",
        ),
    ],
)
def test_a_level_that_does_not_fit_the_kind_is_refused_as_the_model_says(
    client, secretariat, draft_post, row, anchor, message
):
    client.force_login(secretariat)

    response = client.post(
        reverse("workbench:post_create", args=[draft_post.call_id]), _post_data([row])
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert (anchor, message) in _errors(html)
    assert f'value="{row["name"]}"' in html
    assert "Support knowledge management\n\n  Reach out to countries" in html  # as typed
    assert not Post.objects.filter(title="JPO, Data and Knowledge Officer").exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_no_post_is_added_to_an_issued_call(client, secretariat, member_states):
    open_post = factories.PostFactory(status="open")
    client.force_login(secretariat)
    url = reverse("workbench:post_create", args=[open_post.call_id])

    assert "has already been issued" in client.get(url).content.decode()  # said up front
    response = client.post(url, _post_data())

    html = response.content.decode()
    assert response.status_code == 200
    message = (
        f"Call {open_post.call.reference} has already been issued, so no post can be added "
        "to it; put the new post in a new call."
    )
    assert ("id_title", message) in _errors(html)
    assert 'value="JPO, Data and Knowledge Officer"' in html
    assert Post.objects.count() == 1


@pytest.mark.django_db
def test_a_post_needs_a_title(client, secretariat, draft_post):
    client.force_login(secretariat)

    html = client.post(
        reverse("workbench:post_create", args=[draft_post.call_id]), _post_data(title="")
    ).content.decode()

    assert ("id_title", "This field is required.") in _errors(html)
    assert 'value="Berlin, Germany"' in html


@pytest.mark.django_db
def test_an_open_posts_deadline_cannot_be_edited(client, secretariat, member_states):
    post = factories.PostFactory(status="open", deadline_date=factories.in_days(10))
    client.force_login(secretariat)
    url = reverse("workbench:post_edit", args=[post.pk])
    assert "moves only by extending the deadline" in client.get(url).content.decode()
    data = _post_data(
        title=post.title,
        **_date("deadline_date", factories.in_days(40)),
        **{
            "competencies-TOTAL_FORMS": "3",
        },
    )

    response = client.post(url, data)

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.deadline_date == factories.in_days(10)
    event = AuditEvent.objects.get(action="post.change")
    assert "deadline_date" not in event.details["fields"]


@pytest.mark.django_db
def test_editing_a_post_changes_and_removes_competencies_with_an_audit_event(
    client, secretariat, draft_post
):
    keep = PostCompetency.objects.create(
        post=draft_post, position=0, kind="core", name="Teamwork", level=2
    )
    drop = PostCompetency.objects.create(post=draft_post, position=1, kind="value", name="Courage")
    client.force_login(secretariat)
    data = _post_data(
        title=draft_post.title,
        **{
            "competencies-TOTAL_FORMS": "5",
            "competencies-INITIAL_FORMS": "2",
            "competencies-0-id": keep.pk,
            "competencies-0-kind": "core",
            "competencies-0-name": "Teamwork",
            "competencies-0-level": "3",
            "competencies-1-id": drop.pk,
            "competencies-1-kind": "value",
            "competencies-1-name": "Courage",
            "competencies-1-DELETE": "on",
        },
    )

    response = client.post(reverse("workbench:post_edit", args=[draft_post.pk]), data)

    assert response.status_code == 302
    assert list(draft_post.required_competencies.values_list("name", "level")) == [("Teamwork", 3)]
    inlines = AuditEvent.objects.get(action="post.change").details["inlines"]
    assert {
        "action": "change",
        "object_type": "nominations.postcompetency",
        "object_id": str(keep.pk),
        "fields": {"level": {"old": 2, "new": 3}},
    } in inlines
    assert any(
        entry["action"] == "delete" and entry["object_id"] == str(drop.pk) for entry in inlines
    )


@pytest.fixture
def demo_post(db):
    demo.seed("demo-password")
    return Post.objects.get(title="Deputy Director General for Operations")


@pytest.mark.django_db
def test_the_post_page_shows_the_terms_of_reference_in_the_calls_order(
    client, secretariat, demo_post
):
    client.force_login(secretariat)

    response = client.get(reverse("workbench:post_detail", args=[demo_post.pk]))

    html = response.content.decode()
    assert_keeps_to_the_csp(response)
    headings = re.findall(r"<h3 class=\"govuk-heading-m\">([^<]+)</h3>", html)
    assert headings == ["I. Background", "II. Duties", "III. Competencies", "IV. Qualifications"]
    assert "<li>Take part in relevant IOM governing body meetings" in html
    names = re.findall(r"<li><strong>([^<]+)</strong>", html)
    assert names == list(
        demo_post.required_competencies.order_by("position").values_list("name", flat=True)
    )
    assert names[:5] == [
        "Inclusion and respect for diversity",
        "Integrity and transparency",
        "Professionalism",
        "Courage",
        "Empathy",
    ]
    assert "Core competencies \u2013 level 3" in html
    assert "Managerial competencies \u2013 level 3" in html
    assert "By 15 November 2023" in html
    assert "Closes at 16 November 2023, 00:00, Geneva time" in html
    assert "govuk-tag--orange" in html  # closed
    # Closed: reopen needs a reason and a new date (a link to its form); cancel too.
    assert reverse("workbench:post_transition", args=[demo_post.pk, "reopen"]) in html
    assert reverse("workbench:post_transition", args=[demo_post.pk, "cancel"]) in html
    assert "Not offered now, and why" in html
    assert reverse("workbench:post_edit", args=[demo_post.pk]) in html


@pytest.mark.django_db
def test_a_draft_says_not_stated_where_the_call_states_nothing(client, secretariat, member_states):
    post = factories.PostFactory(status="draft", background="", grade="", duties=[])
    client.force_login(secretariat)

    html = client.get(reverse("workbench:post_detail", args=[post.pk])).content.decode()

    assert html.count("Not stated.") >= 5  # grade, unit, background, duties, competencies
    assert reverse("workbench:post_transition", args=[post.pk, "issue_call"]) not in html
    assert "The terms of reference are incomplete" in html  # why issuing is not offered


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 15])
def test_the_post_page_needs_as_many_queries_for_fifteen_competencies_as_for_one(
    client, secretariat, draft_post, django_assert_num_queries, count
):
    for n in range(count):
        PostCompetency.objects.create(
            post=draft_post, position=n, kind="core", name=f"C{n}", level=2
        )
    client.force_login(secretariat)
    # session, user with its role; the post with its call; its competencies (the first
    # unmet condition of issuing a draft needs no query)
    with django_assert_num_queries(4):
        response = client.get(reverse("workbench:post_detail", args=[draft_post.pk]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_shortlisted_posts_terms_are_not_edited(client, secretariat, member_states):
    post = factories.PostFactory(status="shortlisted")
    client.force_login(secretariat)

    response = client.get(reverse("workbench:post_edit", args=[post.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("workbench:post_detail", args=[post.pk])
    assert "can no longer be edited" in response.content.decode()


@pytest.mark.django_db
def test_the_home_links_each_call_and_post_to_its_pages(client, secretariat, draft_post):
    client.force_login(secretariat)

    html = client.get(reverse("workbench:home")).content.decode()

    assert reverse("workbench:call_create") in html
    assert reverse("workbench:call_edit", args=[draft_post.call_id]) in html
    assert reverse("workbench:post_create", args=[draft_post.call_id]) in html
    assert reverse("workbench:post_detail", args=[draft_post.pk]) in html
