"""A signed-in session's user, loaded with its role in one query (accounts/backends.py)."""

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from accounts.backends import RoleModelBackend
from tests import factories


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.ROLES)
def test_the_user_comes_with_its_role_in_one_query(member_states, role, django_assert_num_queries):
    state = member_states["FRA"] if role == roles.MISSION else None
    account = factories.account(role, member_state=state)

    with django_assert_num_queries(1):
        user = RoleModelBackend().get_user(str(account.pk))
        assert (user.role, user.member_state_id) == (role, state and state.pk)

    assert user == account
    assert user.get_deferred_fields() == set()


@pytest.mark.django_db
def test_the_first_role_in_the_order_of_roles_wins(db):
    account = factories.account(roles.AUDITOR)
    account.groups.add(Group.objects.get_or_create(name=roles.SECRETARIAT)[0])

    assert RoleModelBackend().get_user(account.pk).role == roles.SECRETARIAT


@pytest.mark.django_db
def test_an_account_without_a_role_has_none(db):
    account = factories.account(roles.AUDITOR)
    account.groups.clear()

    assert RoleModelBackend().get_user(account.pk).role is None


@pytest.mark.django_db
@pytest.mark.parametrize("user_id", ["999999", "not a number", ""])
def test_no_user_for_an_unknown_or_malformed_id(db, user_id):
    assert RoleModelBackend().get_user(user_id) is None


@pytest.mark.django_db
def test_a_deactivated_account_is_signed_out(db):
    account = factories.account(roles.SECRETARIAT)
    account.is_active = False
    account.save()

    assert RoleModelBackend().get_user(account.pk) is None


@pytest.mark.django_db
def test_a_session_is_read_back_until_it_expires(django_assert_num_queries):
    import datetime

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from accounts.sessions import SessionStore

    stored = SessionStore()
    stored["user"] = "someone"
    stored.create()
    stored.save()

    with django_assert_num_queries(1):
        assert SessionStore(stored.session_key)["user"] == "someone"

    Session.objects.filter(pk=stored.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = SessionStore(stored.session_key)
    assert expired.load() == {}
    assert expired.session_key is None
    assert SessionStore("unknown-key-of-32-characters-xxxx").load() == {}
