"""The admin is for superusers and the Secretariat; every other role has no way in."""

import pytest
from django.urls import reverse

from accounts.services import ADMIN_PERMISSIONS
from tests import factories
from workflows import transitions

NO_ACCESS = "not authorized to access this page"


@pytest.fixture
def every_admin_url(site, world, secretariat):
    """The index, each app's index, and each registered model's list, add, change,
    history and delete pages (on an existing object wherever one exists)."""
    transitions.take(world["own"], "withdraw", actor=secretariat, reason="declined")
    factories.PostFactory(call=world["call"], status="draft")
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in site._registry:
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        urls.append(reverse("admin:app_list", args=[opts.app_label]))
        urls += [reverse(f"{base}_changelist"), reverse(f"{base}_add")]
        obj = model._default_manager.first()
        if obj is not None:
            urls += [
                reverse(f"{base}_{page}", args=[obj.pk]) for page in ("change", "history", "delete")
            ]
    return sorted(set(urls))


def _staff(role, member_states):
    """An account of ``role`` that someone has marked staff anyway."""
    user = factories.account(role, member_state=member_states["FRA"] if role == "mission" else None)
    user.is_staff = True
    user.save()
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["executive", "auditor", "mission"])
def test_no_admin_page_lets_another_role_in(client, role, member_states, every_admin_url):
    client.force_login(_staff(role, member_states))
    login = reverse("admin:login")
    for url in every_admin_url:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login + "?next="), url
    page = client.get(reverse("admin:index"), follow=True)
    assert page.status_code == 200
    assert NO_ACCESS in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["executive", "auditor", "mission"])
def test_another_role_cannot_take_an_admin_action(client, role, member_states):
    client.force_login(_staff(role, member_states))
    post = factories.PostFactory(status="draft")
    client.post(
        reverse("admin:nominations_post_changelist"),
        {"action": "transition_issue_call", "_selected_action": [post.pk]},
    )
    post.refresh_from_db()
    assert post.status == "draft"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["executive", "auditor", "mission"])
def test_another_role_cannot_sign_in_to_the_admin(client, role, member_states):
    user = _staff(role, member_states)
    response = client.post(
        reverse("admin:login"),
        {"username": user.email, "password": factories.PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Secretariat or administrator account" in response.content.decode()


@pytest.mark.django_db
def test_the_secretariat_signs_in_and_works_in_the_admin(client, secretariat):
    response = client.post(
        reverse("admin:login"),
        {"username": secretariat.email, "password": factories.PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:nominations_candidate_changelist")).status_code == 200


@pytest.mark.django_db
def test_a_secretariat_account_no_longer_staff_has_no_admin_access(client, secretariat):
    secretariat.is_staff = False
    secretariat.save()
    client.force_login(secretariat)
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.django_db
def test_only_the_secretariat_is_made_staff_and_no_other_role_has_admin_permissions(
    secretariat, executive, auditor, mission
):
    assert secretariat.is_staff
    assert secretariat.has_perm("nominations.change_candidate")
    for user in (executive, auditor, mission):
        assert not user.is_staff, user.role
        assert user.get_all_permissions() == set(), user.role


@pytest.mark.django_db
def test_ensure_groups_takes_away_permissions_a_role_no_longer_has(executive):
    from django.contrib.auth.models import Group, Permission

    from accounts.services import ensure_groups

    group = Group.objects.get(name="executive")
    group.permissions.set(Permission.objects.filter(codename="view_candidate"))
    ensure_groups()
    assert list(group.permissions.all()) == []


@pytest.mark.django_db
def test_the_migration_takes_admin_access_away_from_accounts_already_seeded(
    secretariat, executive, auditor
):
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    # As databases seeded before: the old permissions, every role but a mission's staff.
    Group.objects.get(name="executive").permissions.set(
        Permission.objects.filter(codename__in=["view_candidate", "view_nomination"])
    )
    Group.objects.get(name="auditor").permissions.set(
        Permission.objects.filter(codename="view_auditevent")
    )
    for user in (executive, auditor):
        user.is_staff = True
        user.save()
    migration = importlib.import_module("accounts.migrations.0003_admin_for_the_secretariat_only")
    migration.forwards(apps, None)

    assert not Group.objects.get(name="executive").permissions.exists()
    assert not Group.objects.get(name="auditor").permissions.exists()
    assert Group.objects.get(name="secretariat").permissions.count() == len(
        ADMIN_PERMISSIONS["secretariat"]
    )
    staff = set(type(secretariat).objects.filter(is_staff=True))
    assert staff == {secretariat}
