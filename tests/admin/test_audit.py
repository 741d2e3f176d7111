"""Every admin change to a record of DESIGN §2 is audited in the change's own transaction;
a deadline moves only through extend_deadline and reopen."""

import pytest
from django.db import DatabaseError
from django.urls import reverse

from accounts.models import User
from nominations.models import Competency, Post, PostCompetency
from tests import factories
from tests.admin.forms import change_form_data, inline_prefix
from workflows import audit
from workflows.models import AuditEvent


def _change(client, obj, **changes):
    """Post ``obj``'s admin change form back with ``changes``, as a person would."""
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = change_form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def _events(action=None):
    events = AuditEvent.objects.filter(action__startswith="admin.")
    return list(events.filter(action=action) if action else events)


@pytest.fixture
def candidate(member_states):
    return factories.CandidateFactory(email="old@example.fr", phone="+33 1 00 00 00 00")


@pytest.mark.django_db
def test_changing_a_candidates_contact_details_is_audited_with_old_and_new_values(
    secretariat_client, secretariat, candidate
):
    response = _change(
        secretariat_client, candidate, email="new@example.fr", phone="+33 6 11 11 11 11"
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.email, candidate.phone) == ("new@example.fr", "+33 6 11 11 11 11")
    [event] = _events()
    assert (event.action, event.object_type, event.object_id) == (
        "admin.change",
        "nominations.candidate",
        str(candidate.pk),
    )
    assert (event.actor, event.actor_role) == (secretariat, "secretariat")
    assert event.details == {
        "fields": {
            "email": {"old": "old@example.fr", "new": "new@example.fr"},
            "phone": {"old": "+33 1 00 00 00 00", "new": "+33 6 11 11 11 11"},
        }
    }
    assert audit.first_broken_event() is None


@pytest.mark.django_db
def test_saving_a_form_unchanged_writes_no_event(secretariat_client, candidate):
    assert _change(secretariat_client, candidate).status_code == 302
    assert _events() == []


@pytest.mark.django_db
def test_an_open_posts_deadline_cannot_be_moved_in_the_admin(secretariat_client, member_states):
    post = factories.PostFactory(status="open", deadline_date=factories.in_days(10))
    before = (post.deadline_date, post.deadline)
    _change(secretariat_client, post, deadline_date=str(factories.in_days(-3)))
    post.refresh_from_db()
    assert (post.deadline_date, post.deadline) == before
    assert _events() == []


@pytest.mark.django_db
def test_a_calls_deadline_cannot_be_moved_once_a_post_left_draft(secretariat_client, member_states):
    call = factories.CallFactory(deadline_date=factories.in_days(10))
    open_post = factories.PostFactory(call=call, status="open", deadline_date=call.deadline_date)
    draft = factories.PostFactory(call=call, status="draft", deadline_date=call.deadline_date)
    url = reverse("admin:nominations_call_change", args=[call.pk])
    page = secretariat_client.get(url)
    data = change_form_data(page)
    prefix = inline_prefix(page, Post)
    past = str(factories.in_days(-3))
    rows = {data[f"{prefix}-{i}-id"]: i for i in range(2)}
    data.update(
        {
            "deadline_date": past,
            f"{prefix}-{rows[str(open_post.pk)]}-deadline_date": past,
            f"{prefix}-{rows[str(draft.pk)]}-deadline_date": str(factories.in_days(20)),
        }
    )
    assert secretariat_client.post(url, data).status_code == 302
    call.refresh_from_db()
    open_post.refresh_from_db()
    draft.refresh_from_db()
    assert call.deadline_date == factories.in_days(10)
    assert open_post.deadline_date == factories.in_days(10)
    # A draft post on the call page is still the Secretariat's to edit, and audited.
    assert draft.deadline_date == factories.in_days(20)
    [event] = _events()
    assert event.object_type == "nominations.call"
    assert event.details == {
        "inlines": [
            {
                "action": "change",
                "object_type": "nominations.post",
                "object_id": str(draft.pk),
                "fields": {
                    "deadline_date": {
                        "old": str(factories.in_days(10)),
                        "new": str(factories.in_days(20)),
                    }
                },
            }
        ]
    }


@pytest.mark.django_db
def test_a_draft_posts_deadline_can_be_changed_and_is_audited(secretariat_client, member_states):
    post = factories.PostFactory(
        status="draft", deadline_date=factories.in_days(10), duties=["Lead.", "Advise."]
    )
    response = _change(
        secretariat_client,
        post,
        deadline_date=str(factories.in_days(40)),
        duties='["Advise.", "Lead."]',
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.deadline_date == factories.in_days(40)
    [event] = _events()
    assert (event.action, event.object_type) == ("admin.change", "nominations.post")
    assert event.details == {
        "fields": {
            "deadline_date": {"old": str(factories.in_days(10)), "new": str(factories.in_days(40))},
            "duties": {"old": ["Lead.", "Advise."], "new": ["Advise.", "Lead."]},
        }
    }


@pytest.mark.django_db
def test_adding_and_removing_a_post_competency_inline_is_audited(secretariat_client, member_states):
    post = factories.PostFactory(status="open")
    competency = Competency.objects.create(name="Leadership", kind="managerial", code="L1")
    url = reverse("admin:nominations_post_change", args=[post.pk])
    page = secretariat_client.get(url)
    data = change_form_data(page)
    prefix = inline_prefix(page, PostCompetency)
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-post": str(post.pk),
            f"{prefix}-0-competency": str(competency.pk),
            f"{prefix}-0-position": "1",
            f"{prefix}-0-kind": "managerial",
            f"{prefix}-0-name": "Leadership",
            f"{prefix}-0-level": "3",
        }
    )
    assert secretariat_client.post(url, data).status_code == 302
    row = PostCompetency.objects.get(post=post)
    [added] = _events()
    assert (added.action, added.object_type, added.object_id) == (
        "admin.change",
        "nominations.post",
        str(post.pk),
    )
    assert added.details == {
        "inlines": [
            {
                "action": "add",
                "object_type": "nominations.postcompetency",
                "object_id": str(row.pk),
                "fields": {
                    "position": {"old": None, "new": 1},
                    "kind": {"old": None, "new": "managerial"},
                    "name": {"old": None, "new": "Leadership"},
                    "level": {"old": None, "new": 3},
                    "competency": {"old": None, "new": competency.pk},
                },
            }
        ]
    }

    data = change_form_data(secretariat_client.get(url))
    data[f"{prefix}-0-DELETE"] = "on"
    assert secretariat_client.post(url, data).status_code == 302
    assert not PostCompetency.objects.filter(post=post).exists()
    removed = _events()[-1]
    assert removed.details["inlines"] == [
        {
            "action": "delete",
            "object_type": "nominations.postcompetency",
            "object_id": str(row.pk),
            "fields": {
                "position": {"old": 1, "new": None},
                "kind": {"old": "managerial", "new": None},
                "name": {"old": "Leadership", "new": None},
                "level": {"old": 3, "new": None},
                "competency": {"old": competency.pk, "new": None},
            },
        }
    ]


@pytest.fixture
def failing_audit(monkeypatch):
    """The audit write fails after its row is written, as a full disk or a lost lock would."""
    real = audit.record

    def record(*args, **kwargs):
        real(*args, **kwargs)
        raise DatabaseError("the audit log could not be written")

    monkeypatch.setattr(audit, "record", record)


@pytest.mark.django_db
def test_a_failing_audit_write_rolls_the_admin_change_back(
    secretariat_client, candidate, failing_audit
):
    with pytest.raises(DatabaseError):
        _change(secretariat_client, candidate, email="new@example.fr")
    candidate.refresh_from_db()
    assert candidate.email == "old@example.fr"
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_a_failing_audit_write_rolls_a_bulk_delete_back(admin_client, member_states, monkeypatch):
    competencies = [
        Competency.objects.create(name=f"Value {n}", kind="value", code=f"V{n}") for n in range(2)
    ]
    payload = {
        "action": "delete_selected",
        "_selected_action": [c.pk for c in competencies],
        "post": "yes",
    }
    real = audit.record
    calls = []

    def record(*args, **kwargs):
        calls.append(kwargs)
        real(*args, **kwargs)
        if len(calls) == 2:
            raise DatabaseError("the audit log could not be written")

    monkeypatch.setattr(audit, "record", record)
    with pytest.raises(DatabaseError):
        admin_client.post(reverse("admin:nominations_competency_changelist"), payload)
    assert Competency.objects.count() == 2
    assert AuditEvent.objects.count() == 0

    monkeypatch.setattr(audit, "record", real)
    admin_client.post(reverse("admin:nominations_competency_changelist"), payload)
    assert Competency.objects.count() == 0
    deleted = _events("admin.delete")
    assert sorted(e.object_id for e in deleted) == sorted(str(c.pk) for c in competencies)
    assert deleted[0].details["fields"]["name"]["new"] is None


@pytest.mark.django_db
def test_changing_an_accounts_role_and_activity_is_audited_without_its_password(
    admin_client, superuser, executive
):
    from accounts.services import ensure_groups

    groups = ensure_groups()
    # The admin's form shows times to the second, as a browser posts them back.
    executive.date_joined = executive.date_joined.replace(microsecond=0)
    executive.save()
    response = _change(
        admin_client,
        executive,
        groups=[str(groups["secretariat"].pk)],
        is_active="",
    )
    assert response.status_code == 302
    executive = User.objects.get(pk=executive.pk)
    assert executive.role == "secretariat" and not executive.is_active
    [event] = _events()
    assert (event.object_type, event.object_id) == ("accounts.user", str(executive.pk))
    assert event.details == {
        "fields": {
            "is_active": {"old": True, "new": False},
            "groups": {"old": [groups["executive"].pk], "new": [groups["secretariat"].pk]},
        }
    }
    assert executive.password not in str(event.details)


@pytest.mark.django_db
def test_adding_an_account_and_setting_its_password_are_audited_without_the_hash(admin_client):
    password = "a long enough pass phrase 42"
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {"email": "new@nomina.test", "password1": password, "password2": password,
         "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new@nomina.test")
    [added] = _events("admin.add")
    assert added.object_id == str(user.pk)
    assert "password" not in added.details["fields"]
    assert added.details["fields"]["email"] == {"old": None, "new": "new@nomina.test"}

    new_password = "another long pass phrase 43"
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": new_password, "password2": new_password, "usable_password": "true",
         "set-password": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    [changed] = _events("admin.change")
    assert changed.details == {"fields": {"password": {"old": "[hidden]", "new": "[hidden]"}}}
    assert user.password not in str(changed.details)


def test_every_model_admin_of_ours_is_audited(site):
    from workflows.admin_audit import AuditedAdminMixin

    ours = {"accounts", "nominations", "workflows", "notifications"}
    admins = [a for m, a in site._registry.items() if m._meta.app_label in ours]
    assert len(admins) >= 12
    assert [type(a).__name__ for a in admins if not isinstance(a, AuditedAdminMixin)] == []


@pytest.mark.django_db
def test_a_secretariat_user_sees_the_deadline_of_an_open_post_as_read_only(
    secretariat_client, member_states
):
    post = factories.PostFactory(status="open")
    page = secretariat_client.get(reverse("admin:nominations_post_change", args=[post.pk]))
    assert page.context["adminform"].form.fields["deadline_date"].disabled
    draft = factories.PostFactory(status="draft")
    page = secretariat_client.get(reverse("admin:nominations_post_change", args=[draft.pk]))
    assert not page.context["adminform"].form.fields["deadline_date"].disabled


@pytest.mark.django_db
def test_deleting_from_an_objects_delete_page_is_audited_with_its_last_values(admin_client):
    competency = Competency.objects.create(name="Integrity", kind="value", code="V9")
    url = reverse("admin:nominations_competency_delete", args=[competency.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Competency.objects.exists()
    [event] = _events()
    assert (event.action, event.object_id) == ("admin.delete", str(competency.pk))
    assert event.details["fields"]["name"] == {"old": "Integrity", "new": None}
