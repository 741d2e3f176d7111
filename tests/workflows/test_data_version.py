"""The data's version (workflows/data_version.py): it moves with every audited change,
commits in order, and a cache key holds what scopes and shapes the page."""

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import RequestFactory
from django.utils import translation

from tests import factories
from workflows import audit, data_version, transitions
from workflows.models import AuditEvent


def request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.mark.django_db
def test_the_version_names_the_newest_audit_event(world, secretariat):
    assert data_version.current() == "empty"

    transitions.take(world["own"], "withdraw", actor=secretariat, reason="Declined")
    after_one = data_version.current()
    event = AuditEvent.objects.get()
    assert after_one == f"{event.pk}.{event.hash[:20]}"

    transitions.take(world["other"], "withdraw", actor=secretariat, reason="Declined")
    assert data_version.current() not in ("empty", after_one)


@pytest.mark.django_db
def test_a_request_reads_the_version_once(world, secretariat, django_assert_num_queries):
    request = request_of(secretariat)
    with django_assert_num_queries(1):
        first = data_version.version(request)
    transitions.take(world["own"], "withdraw", actor=secretariat, reason="Declined")
    # Read before the data, the version stays the request's own: never newer than
    # what the request goes on to read.
    with django_assert_num_queries(0):
        assert data_version.version(request) == first
    assert data_version.version(request_of(secretariat)) != first


@pytest.mark.django_db
def test_a_key_holds_the_scope_the_language_and_the_version(
    member_states, secretariat, mission, other_mission, executive
):
    def key(user, language="en"):
        with translation.override(language):
            return data_version.key(request_of(user), "page", 1)

    keys = [
        key(secretariat),
        key(mission),
        key(other_mission),
        key(executive),
        key(secretariat, "fr"),
        data_version.key(request_of(secretariat), "page", 2),
        data_version.key(request_of(secretariat), "other", 1),
    ]
    assert len(set(keys)) == len(keys)
    # Two Secretariat accounts see the same data: they share a page.
    assert key(factories.account("secretariat")) == key(secretariat)

    change()
    assert key(secretariat) != keys[0]


def change():
    """An audited change, as every write of the application is."""
    with transaction.atomic():
        audit.record("test.change", actor=None)


@pytest.mark.django_db
def test_off_it_builds_every_time_and_reads_no_version(
    secretariat, settings, django_assert_num_queries
):
    settings.NOMINA_PAGE_CACHE_SECONDS = 0
    built = []
    with django_assert_num_queries(0):
        for _ in range(2):
            data_version.cached(request_of(secretariat), "page", (), lambda: built.append(1))
    assert built == [1, 1]


class Unreachable:
    """A cache whose server does not answer."""

    def get(self, *args, **kwargs):
        raise ConnectionError("no cache server")

    set = get


@pytest.mark.django_db
def test_an_unreachable_cache_costs_the_speed_never_the_answer(
    secretariat, page_cache, monkeypatch
):
    monkeypatch.setattr(data_version, "caches", {"pages": Unreachable()})
    answers = [data_version.cached(request_of(secretariat), "page", (), lambda: "built")]
    answers.append(data_version.cached(request_of(secretariat), "page", (), lambda: "again"))
    assert answers == ["built", "again"]


@pytest.mark.django_db
def test_on_it_builds_once_per_version(secretariat, page_cache):
    built = []

    def build():
        built.append(1)
        return f"page {len(built)}"

    assert data_version.cached(request_of(secretariat), "page", (), build) == "page 1"
    assert data_version.cached(request_of(secretariat), "page", (), build) == "page 1"
    change()
    assert data_version.cached(request_of(secretariat), "page", (), build) == "page 2"
    assert caches["pages"] is page_cache


@pytest.mark.django_db
def test_a_signed_in_user_brings_the_version_read_with_it(world, secretariat, mission):
    from accounts.backends import RoleModelBackend

    def loaded(user):
        return getattr(RoleModelBackend().get_user(user.pk), data_version.LOADED)

    assert loaded(mission) == data_version.current() == "empty"
    transitions.take(world["own"], "withdraw", actor=secretariat, reason="Declined")
    assert loaded(mission) == data_version.current() != "empty"

    request = request_of(RoleModelBackend().get_user(mission.pk))
    change()
    # The request keeps the version its user came with: older than what it reads next.
    assert data_version.version(request) != data_version.current()
