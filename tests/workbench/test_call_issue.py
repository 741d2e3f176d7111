"""Issue the call: every draft post of a call at once, one note verbale per mission; and the
Secretariat downloading an outgoing note's PDF through the document download path."""

import pytest
from django.test import Client
from django.urls import reverse

from nominations.models import Document, NoteVerbale, Post
from notifications import tasks
from notifications.models import OutgoingMessage
from tests import factories
from tests.web.test_pages import assert_keeps_to_the_csp
from workflows.models import AuditEvent


@pytest.fixture
def draft_call(member_states):
    call = factories.CallFactory(reference="EO/950/2026")
    factories.PostFactory(call=call, status="draft", title="Deputy Director General for Operations")
    factories.PostFactory(call=call, status="draft", title="Deputy Director General for Management")
    return call


def _url(call):
    return reverse("workbench:call_issue", args=[call.pk])


@pytest.mark.django_db
def test_the_page_says_what_will_go_out_before_the_call_is_issued(
    client, secretariat, draft_call, member_states
):
    member_states["FRA"].language = "fr"
    member_states["FRA"].save()
    member_states["MEX"].contact_emails = []
    member_states["MEX"].save()
    client.force_login(secretariat)

    page = client.get(_url(draft_call))

    assert page.status_code == 200
    html = page.content.decode()
    assert "These 2 posts open for nominations together" in html
    assert "Deputy Director General for Operations" in html
    assert "One note verbale goes to each of the 3 missions" in html
    assert "Each in its mission's language: English 2 · French 1" in html
    assert "1 mission has no e-mail address" in html
    assert (
        '<button type="submit" class="govuk-button" data-module="govuk-button">Issue the call</button>'
        in html
    )
    assert_keeps_to_the_csp(page)
    assert not NoteVerbale.objects.exists()


@pytest.mark.django_db
def test_issuing_opens_every_draft_post_and_sends_one_note_per_mission(
    client, secretariat, draft_call
):
    client.force_login(secretariat)

    response = client.post(_url(draft_call))

    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:call_dashboard", args=[draft_call.pk])
    assert set(draft_call.posts.values_list("status", flat=True)) == {"open"}
    assert OutgoingMessage.objects.filter(kind="call").count() == 3
    for note in NoteVerbale.objects.filter(kind="call"):
        assert note.posts.count() == 2
    events = AuditEvent.objects.filter(action="post.issue_call")
    assert events.count() == 2 and {e.actor for e in events} == {secretariat}
    follow = client.get(response["Location"])
    assert (
        "Call EO/950/2026 issued: 2 posts; a note verbale to each mission."
        in follow.content.decode()
    )


@pytest.mark.django_db
def test_a_post_not_ready_is_shown_and_nothing_is_issued(client, secretariat, draft_call):
    post = draft_call.posts.last()
    post.duties = []
    post.save()
    client.force_login(secretariat)

    page = client.get(_url(draft_call))
    assert "Cannot be issued" in page.content.decode()
    assert "Complete the posts marked above, then issue the call." in page.content.decode()
    assert ">Issue the call</button>" not in page.content.decode()

    refused = client.post(_url(draft_call))
    assert refused.status_code == 409
    assert "The call was not issued" in refused.content.decode()
    assert set(draft_call.posts.values_list("status", flat=True)) == {"draft"}
    assert not NoteVerbale.objects.exists()


@pytest.mark.django_db
def test_a_call_issued_already_has_nothing_to_issue(client, secretariat, draft_call):
    client.force_login(secretariat)
    client.post(_url(draft_call))
    page = client.get(_url(draft_call))
    assert "This call has no draft post: it has been issued." in page.content.decode()
    assert client.post(_url(draft_call)).status_code == 409
    assert OutgoingMessage.objects.filter(kind="call").count() == 3


@pytest.mark.django_db
def test_the_home_and_the_dashboard_link_to_it_while_the_call_has_drafts(
    client, secretariat, draft_call
):
    client.force_login(secretariat)
    link = f'href="{_url(draft_call)}"'
    assert link in client.get(reverse("workbench:home")).content.decode()
    assert (
        link
        in client.get(reverse("workbench:call_dashboard", args=[draft_call.pk])).content.decode()
    )
    client.post(_url(draft_call))
    assert link not in client.get(reverse("workbench:home")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["executive", "auditor", "mission"])
def test_other_roles_are_refused(client, draft_call, role, member_states):
    user = factories.account(role, member_state=member_states["FRA"] if role == "mission" else None)
    client.force_login(user)
    assert client.get(_url(draft_call)).status_code == 403
    assert client.post(_url(draft_call)).status_code == 403
    assert set(draft_call.posts.values_list("status", flat=True)) == {Post.Status.DRAFT}


@pytest.mark.django_db
def test_issuing_needs_the_csrf_token(secretariat, draft_call):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    assert client.post(_url(draft_call)).status_code == 403
    assert not NoteVerbale.objects.exists()


@pytest.mark.django_db
def test_the_secretariat_downloads_an_outgoing_notes_pdf_and_the_download_is_logged(
    client, secretariat, draft_call, member_states
):
    client.force_login(secretariat)
    client.post(_url(draft_call))
    message = OutgoingMessage.objects.get(member_state=member_states["KEN"])
    tasks.send_message.apply(args=[message.pk])
    pdf = Document.objects.get(note_verbale=message.note_verbale, kind="note_verbale")

    response = client.get(reverse("workbench:document_download", args=[pdf.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reference = message.note_verbale.reference.replace("/", "-").lower()
    assert f'filename="note_verbale-{reference}-v1.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    event = AuditEvent.objects.get(action="document.download")
    assert (event.object_type, event.object_id) == (
        "nominations.noteverbale",
        str(message.note_verbale.pk),
    )
    terms = Document.objects.filter(kind="terms").first()
    assert client.get(reverse("workbench:document_download", args=[terms.pk])).status_code == 200


@pytest.mark.django_db
def test_a_mission_cannot_download_through_the_workbench(client, secretariat, draft_call, mission):
    client.force_login(secretariat)
    client.post(_url(draft_call))
    message = OutgoingMessage.objects.get(member_state=mission.member_state)
    tasks.send_message.apply(args=[message.pk])
    pdf = Document.objects.get(kind="note_verbale")
    client.force_login(mission)
    assert client.get(reverse("workbench:document_download", args=[pdf.pk])).status_code == 403
