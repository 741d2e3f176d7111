"""Django's model backend, loading a signed-in user's role in the same query as the user."""

import functools

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import F

from workflows import data_version

from .models import STATE_NAME_LANGUAGES, User

# A primary key no account has, to find where the real one goes among the query's params.
_PLACEHOLDER_PK = -7_391_573_019


@functools.cache
def _user_with_role_sql(alias, vendor):
    """The SQL of ``User.objects.with_role().get(pk=...)``, with the data's version
    (workflows/data_version.py), compiled by the ORM once per database: building and
    compiling the role's subquery (a CASE over the roles) cost more than the query
    itself, on every request of every signed-in user."""
    users = User.objects.with_role().annotate(
        **data_version.annotations(),
        # The layout names a mission's state in the page's language: read with the user,
        # it costs no query of its own (User.member_state_name).
        **{f"state_name_{code}": F(f"member_state__name_{code}") for code in STATE_NAME_LANGUAGES},
    )
    query = users.order_by().filter(pk=_PLACEHOLDER_PK).query
    sql, params = query.get_compiler(alias).as_sql()
    slots = [index for index, value in enumerate(params) if value == _PLACEHOLDER_PK]
    if len(slots) != 1:  # pragma: no cover - the ORM placed the key twice or not at all
        raise RuntimeError("cannot find the user's key among the query's parameters")
    return sql, list(params), slots[0]


def user_with_role(user_id):
    """The user of ``user_id`` with its role and the data's version loaded, or None."""
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    alias = User.objects.db
    sql, params, slot = _user_with_role_sql(alias, connections[alias].vendor)
    params = [*params[:slot], pk, *params[slot + 1 :]]
    user = next(iter(User.objects.raw(sql, params)), None)
    if user is not None:
        loaded = data_version.named(user.data_version_id, user.data_version_hash or "")
        setattr(user, data_version.LOADED, loaded)
    return user


class RoleModelBackend(ModelBackend):
    """Every request of a signed-in session loads its user here: with the role joined in,
    the permission checks need no second query for the user's groups."""

    def get_user(self, user_id):
        user = user_with_role(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
