"""The executive office's pages, through the Django test client."""

import re

import pytest
from django.urls import reverse

from nominations.models import Nomination, ShortlistProposal
from review.models import Assessment, ConflictDeclaration, CriterionCheck
from tests import factories
from tests.web.test_pages import assert_keeps_to_the_csp
from workflows.models import AuditEvent

from .helpers import eligible, rate

pytestmark = pytest.mark.django_db


def screening_data(findings, decide=False, **extra):
    data = {}
    for key, (finding, why) in findings.items():
        prefix = key.replace(":", "-")
        data[f"{prefix}-finding"] = finding
        data[f"{prefix}-justification"] = why
        data[f"{prefix}-cv_reference"] = "p. 1"
    data.update(extra)
    data["decide" if decide else "save"] = ""
    return data


ALL_MET = {
    "degree": ("met", "MA, Geneva, 2001."),
    "experience": ("met", "Twenty years."),
    "language:en": ("met", "Mother tongue."),
}


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_the_home_lists_the_posts_in_shortlisting_with_counts(signed_in, nomination, post):
    factories.PostFactory(title="A post still open", status="open")
    factories.NominationFactory(post=post, status="eligible")
    page = signed_in.get(reverse("review:home"))
    html = page.content.decode()
    assert page.status_code == 200
    assert_keeps_to_the_csp(page)
    assert "Deputy Director General for Operations" in html
    assert "A post still open" not in html
    assert page.context["posts"][0].to_screen == 1
    assert page.context["posts"][0].eligible == 1


def test_the_home_says_where_each_shortlist_stands(
    client, member, other_executive, nomination, post
):
    """Four eyes: the member who did not propose the shortlist is told it waits for them."""
    chosen = factories.NominationFactory(post=post, status="eligible")
    ShortlistProposal.objects.create(post=post, proposed_by=member).nominations.set([chosen])
    approved = factories.PostFactory(title="Director of Legal Affairs", status="shortlisted")
    factories.NominationFactory(post=approved, status="shortlisted")
    factories.NominationFactory(post=approved, status="not_shortlisted")

    client.force_login(member)
    own = client.get(reverse("review:home")).content.decode()
    client.force_login(other_executive)
    theirs = client.get(reverse("review:home")).content.decode()

    assert "Proposed by you" in own and "Waiting for a decision" not in own
    assert "Waiting for a decision" in theirs
    assert f"Proposed by {member.email}: approve it or send it back" in theirs
    assert reverse("shortlisting:side_by_side", args=[post.pk]) in theirs
    for html in (own, theirs):
        listed = html.split("Shortlists approved")[1]
        assert "Director of Legal Affairs" in listed
        assert reverse("shortlisting:side_by_side", args=[approved.pk]) in listed
        assert re.search(r"numeric\">1</td>", listed)


def test_the_home_without_a_post_in_shortlisting_says_when_one_comes(signed_in):
    factories.PostFactory(title="A post still open", status="open")
    html = signed_in.get(reverse("review:home")).content.decode()
    assert "No post is in shortlisting now." in html
    assert "A post still open" not in html and "Shortlists approved" not in html


def test_the_posts_page_lists_its_nominations(signed_in, nomination, post):
    page = signed_in.get(reverse("review:post", args=[post.pk]))
    html = page.content.decode()
    assert "Amina Wanjiru" in html
    assert "Screen (0 of 3 criteria marked)" in html
    assert_keeps_to_the_csp(page)


def test_a_member_screens_a_nomination_eligible_through_the_page(signed_in, nomination, member):
    url = reverse("review:screening", args=[nomination.pk])
    page = signed_in.get(url)
    html = page.content.decode()
    for label in ("Minimum degree", "Minimum years of experience", "Language: English"):
        assert label in html
    assert "Noted only: an asset never decides eligibility." in html
    assert reverse("review:cv", args=[nomination.pk]) in html
    assert_keeps_to_the_csp(page)

    answer = signed_in.post(url, screening_data(ALL_MET, decide=True))
    assert answer.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == "eligible"
    assert CriterionCheck.objects.filter(nomination=nomination).count() == 3
    assert AuditEvent.objects.filter(action="review.criterion_checked").count() == 3
    assert "Screened as eligible." in signed_in.get(url).content.decode()


def test_missing_the_degree_makes_it_ineligible_through_the_page(signed_in, nomination):
    url = reverse("review:screening", args=[nomination.pk])
    findings = {**ALL_MET, "degree": ("not_met", "A bachelor's degree only.")}
    signed_in.post(url, screening_data(findings, decide=True))
    nomination.refresh_from_db()
    assert nomination.status == "ineligible"
    event = AuditEvent.objects.get(action="nomination.screen_ineligible")
    assert event.reason == "Minimum degree not met: A bachelor's degree only."


def test_unclear_blocks_the_decision_on_the_page_and_saves_nothing(signed_in, nomination):
    url = reverse("review:screening", args=[nomination.pk])
    findings = {**ALL_MET, "experience": ("unclear", "Dates missing.")}
    answer = signed_in.post(url, screening_data(findings, decide=True))
    assert answer.status_code == 409
    html = answer.content.decode()
    assert "Minimum years of experience is unclear" in html
    assert Nomination.objects.get(pk=nomination.pk).status == "complete"
    # The findings and the decision stand or fall together.
    assert not CriterionCheck.objects.exists()
    override = {"experience-override_reason": "18 years even without the missing dates."}
    answer = signed_in.post(url, screening_data(findings, decide=True, **override))
    assert answer.status_code == 302
    assert Nomination.objects.get(pk=nomination.pk).status == "eligible"


def test_a_finding_without_justification_is_refused_with_the_field_named(signed_in, nomination):
    url = reverse("review:screening", args=[nomination.pk])
    answer = signed_in.post(url, screening_data({"degree": ("met", "")}))
    assert answer.status_code == 400
    assert "Say briefly why." in answer.content.decode()
    assert 'href="#id_degree-justification"' in answer.content.decode()
    assert not CriterionCheck.objects.exists()


def test_the_cv_downloads_on_the_audit_log(signed_in, nomination):
    answer = signed_in.get(reverse("review:cv", args=[nomination.pk]))
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == b"%PDF-1.4 Amina's CV"
    assert AuditEvent.objects.filter(action="document.download").count() == 1


def test_a_member_declares_then_rates_then_submits(signed_in, nomination, member, post):
    eligible(nomination, member)
    url = reverse("review:assessment", args=[nomination.pk])
    page = signed_in.get(url)
    assert "Before you rate this candidate, declare any conflict" in page.content.decode()
    assert "ratings" not in page.context or not page.context.get("rows")
    signed_in.post(reverse("review:conflict", args=[nomination.pk]), {"kind": "none"})
    page = signed_in.get(url)
    html = page.content.decode()
    # The indicators of the level required and the level below, not the level above.
    assert "Challenges self and team to deliver high quality results." in html
    assert "Anticipates constraints and identifies solutions." in html
    assert "Meets goals and timelines for delivery." not in html
    assert "Maintains high ethical standards." in html
    assert_keeps_to_the_csp(page)
    integrity, results = post.required_competencies.order_by("position")
    draft = {f"pc-{integrity.pk}-score": "4", f"pc-{integrity.pk}-comment": "Sound.", "save": ""}
    assert signed_in.post(url, draft).status_code == 302
    assert Assessment.objects.get().submitted_at is None
    refused = signed_in.post(url, {**draft, "submit": ""})
    assert refused.status_code == 409
    assert "Rate every value and competency before submitting." in refused.content.decode()
    full = {**draft, f"pc-{results.pk}-score": "3", "submit": ""}
    assert signed_in.post(url, full).status_code == 302
    assert Assessment.objects.get().submitted_at is not None
    assert AuditEvent.objects.filter(action="review.assessment_submitted").count() == 1


def test_peers_ratings_are_hidden_on_the_page_until_ones_own_is_submitted(
    client, nomination, member, peer
):
    eligible(nomination, member)
    rate(nomination, peer, scores=(2, 5))
    rate(nomination, member, scores=(4, 3), submit=False)
    client.force_login(member)
    url = reverse("review:assessment", args=[nomination.pk])
    html = client.get(url).content.decode()
    assert "peer@eo.test" not in html
    assert "once you have submitted yours" in html
    from review import assessments

    assessments.submit(nomination, member=member)
    html = client.get(url).content.decode()
    assert "peer@eo.test" in html
    assert "5: Outstanding" in html
    assert "peer@eo.test on Delivering results" in html


def test_same_nationality_excludes_on_the_pages(client, nomination, member, compatriot):
    eligible(nomination, member)
    client.force_login(compatriot)
    post_page = client.get(reverse("review:post", args=[nomination.post_id]))
    assert "Excluded: same nationality" in post_page.content.decode()
    assert client.get(reverse("review:assessment", args=[nomination.pk])).status_code == 404
    answer = client.post(reverse("review:conflict", args=[nomination.pk]), {"kind": "none"})
    assert answer.status_code == 404
    declaration = ConflictDeclaration.objects.get(member=compatriot)
    assert (declaration.kind, declaration.automatic) == ("same_nationality", True)
    assert AuditEvent.objects.filter(action="review.conflict_excluded").count() == 1


def test_a_declared_conflict_excludes_on_the_pages(client, nomination, member, peer):
    eligible(nomination, member)
    rate(nomination, member)
    client.force_login(peer)
    answer = client.post(
        reverse("review:conflict", args=[nomination.pk]),
        {"kind": "worked_with", "note": "Her deputy, 2015-18."},
    )
    assert answer.status_code == 302
    assert client.get(reverse("review:assessment", args=[nomination.pk])).status_code == 404
    post_page = client.get(reverse("review:post", args=[nomination.post_id]))
    assert "Excluded: conflict of interest declared" in post_page.content.decode()
    event = AuditEvent.objects.get(action="review.conflict_declared", actor=peer)
    assert event.details == {"kind": "worked_with", "note": "Her deputy, 2015-18."}


def test_a_conflict_without_a_note_is_refused(signed_in, nomination, member):
    eligible(nomination, member)
    answer = signed_in.post(reverse("review:conflict", args=[nomination.pk]), {"kind": "other"})
    assert answer.status_code == 400
    assert "Say what the conflict is." in answer.content.decode()
    assert not ConflictDeclaration.objects.exists()


@pytest.mark.parametrize("role", ["mission", "secretariat", "auditor"])
def test_other_roles_cannot_reach_the_review_pages(client, nomination, role, member_states):
    user = factories.account(role, member_state=member_states["KEN"] if role == "mission" else None)
    client.force_login(user)
    for name in ("review:home", "review:post", "review:screening", "review:assessment"):
        args = (
            []
            if name == "review:home"
            else [nomination.post_id if name == "review:post" else nomination.pk]
        )
        assert client.get(reverse(name, args=args)).status_code == 403, name
    assert client.get(reverse("review:cv", args=[nomination.pk])).status_code == 403


def test_a_nomination_outside_the_executive_scope_is_a_404(signed_in, post):
    received = factories.NominationFactory(post=post, status="received")
    open_post = factories.PostFactory(status="open")
    assert signed_in.get(reverse("review:screening", args=[received.pk])).status_code == 404
    assert signed_in.get(reverse("review:post", args=[open_post.pk])).status_code == 404


def test_the_post_list_costs_a_fixed_number_of_queries(
    signed_in, nomination, post, member, compatriot, django_assert_max_num_queries
):
    url = reverse("review:post", args=[post.pk])
    signed_in.get(url)
    with django_assert_max_num_queries(8) as one:
        signed_in.get(url)
    for _ in range(3):
        factories.NominationFactory(
            post=post, member_state=nomination.member_state, status="eligible"
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        signed_in.get(url)


def test_the_assessment_page_costs_a_fixed_number_of_queries(
    client, nomination, member, peer, post, django_assert_max_num_queries
):
    eligible(nomination, member)
    rate(nomination, member)
    rate(nomination, peer)
    client.force_login(member)
    url = reverse("review:assessment", args=[nomination.pk])
    client.get(url)
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    for n in range(3):
        other = factories.account("executive", email=f"other{n}@eo.test")
        rate(nomination, other)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url)
    assert page.context["peer_count"] == 4


def test_the_home_costs_a_fixed_number_of_queries(
    signed_in, nomination, post, django_assert_max_num_queries
):
    url = reverse("review:home")
    signed_in.get(url)
    with django_assert_max_num_queries(5) as one:
        signed_in.get(url)
    for _ in range(3):
        other = factories.PostFactory(status="shortlisting")
        factories.NominationFactory(post=other, status="complete")
        ShortlistProposal.objects.create(post=other, proposed_by=factories.account("executive"))
        done = factories.PostFactory(status="shortlisted")
        factories.NominationFactory(post=done, status="shortlisted")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = signed_in.get(url)
    assert len(page.context["posts"]) == 4
