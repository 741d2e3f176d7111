import pytest
from django.urls import reverse

from tests import factories
from workflows.models import AuditEvent


@pytest.mark.django_db
def test_every_model_has_an_admin_page_that_loads(admin_client, world, site):
    for model in site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = admin_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.django_db
def test_the_audit_log_is_read_only_in_the_admin(admin_client, world, secretariat):
    from workflows import transitions

    transitions.take(world["own"], "withdraw", actor=secretariat, reason="declined")
    event = AuditEvent.objects.get()
    assert admin_client.get(reverse("admin:workflows_auditevent_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:workflows_auditevent_change", args=[event.pk]), {"reason": "forged"}
    )
    assert response.status_code == 403
    assert AuditEvent.objects.get().reason == "declined"


@pytest.mark.django_db
def test_an_admin_action_goes_through_the_transition_service(admin_client, member_states):
    post = factories.PostFactory(status="draft")
    response = admin_client.post(
        reverse("admin:nominations_post_changelist"),
        {"action": "transition_issue_call", "_selected_action": [post.pk]},
        follow=True,
    )
    assert response.status_code == 200
    post.refresh_from_db()
    assert post.status == "open"
    event = AuditEvent.objects.get(action="post.issue_call")
    assert event.actor.email == "root@nomina.test"


@pytest.mark.django_db
def test_an_admin_action_that_needs_a_reason_asks_for_it(admin_client, member_states):
    nomination = factories.NominationFactory(status="late")
    url = reverse("admin:nominations_nomination_changelist")
    form = admin_client.post(
        url, {"action": "transition_reject_late", "_selected_action": [nomination.pk]}
    )
    assert form.status_code == 200
    assert b"Reason" in form.content
    nomination.refresh_from_db()
    assert nomination.status == "late"

    admin_client.post(
        url,
        {
            "action": "transition_reject_late",
            "_selected_action": [nomination.pk],
            "apply": "1",
            "reason": "received after the deadline",
        },
    )
    nomination.refresh_from_db()
    assert nomination.status == "rejected"
    assert AuditEvent.objects.get(action="nomination.reject_late").reason == (
        "received after the deadline"
    )


@pytest.mark.django_db
def test_an_admin_action_refused_by_the_service_says_why(admin_client, member_states):
    post = factories.PostFactory(status="open", deadline_date=factories.in_days(5))
    response = admin_client.post(
        reverse("admin:nominations_post_changelist"),
        {"action": "transition_close_nominations", "_selected_action": [post.pk]},
        follow=True,
    )
    assert "the deadline has not passed yet" in response.content.decode()
    post.refresh_from_db()
    assert post.status == "open"


@pytest.mark.django_db
def test_a_superuser_without_a_role_takes_no_transition(client, member_states):
    from accounts.models import User

    client.force_login(User.objects.create_superuser("it@nomina.test", "it-password-long"))
    post = factories.PostFactory(status="draft")
    response = client.post(
        reverse("admin:nominations_post_changelist"),
        {"action": "transition_issue_call", "_selected_action": [post.pk]},
        follow=True,
    )
    assert "your role may not take" in response.content.decode()
    post.refresh_from_db()
    assert post.status == "draft"


def test_internal_transitions_are_not_admin_actions():
    from nominations.admin import NominationAdmin

    names = {action.__name__ for action in NominationAdmin.actions}
    assert "transition_withdraw" in names
    assert not names & {"transition_mark_shortlisted", "transition_mark_not_shortlisted"}


@pytest.mark.django_db
def test_an_executive_members_nationality_is_set_in_the_admin(admin_client, member_states):
    member = factories.account("executive")
    url = reverse("admin:accounts_user_change", args=[member.pk])
    page = admin_client.get(url)
    assert 'name="nationality"' in page.content.decode()
    form = page.context["adminform"].form
    data = {
        name: form.initial.get(name) if form.initial.get(name) is not None else ""
        for name in form.fields
        if name not in ("password", "groups", "user_permissions", "last_login", "date_joined")
    }
    data.update(
        email=member.email,
        nationality=member_states["MEX"].pk,
        groups=[group.pk for group in member.groups.all()],
        is_active="on",
        date_joined_0=member.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=member.date_joined.strftime("%H:%M:%S"),
    )
    data = {key: value for key, value in data.items() if value not in (False, None)}
    answer = admin_client.post(url, data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.nationality.code == "MEX"
    event = AuditEvent.objects.filter(action="admin.change", object_id=str(member.pk)).last()
    assert "nationality" in event.details["fields"]
