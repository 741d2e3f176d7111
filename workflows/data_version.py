"""The committed state of the data as a cache key, and what pages cache under it.

Every change writes its audit event in its own transaction (workflows/audit.py, DESIGN §5),
and events are numbered in commit order: appends hold the chain lock to the end of their
transaction. The newest event therefore names the committed state of the whole database.
Read before the data a page shows, it is never newer than that data, so whatever is
cached under it is served only while nothing has been committed since: a cached page
cannot be stale. Any change, to any call, moves it. That invalidates more than it must
(a change to one call drops the cached pages of every call) but no write path can forget
to invalidate, as long as it audits, which every one must.

A key also holds what scopes or shapes what is cached: the user's role and member state
(a mission's data is never another state's or the Secretariat's), the language and time
zone, the database, and the code (``NOMINA_RELEASE``, else a fingerprint of the installed
source), so that a cache shared by several processes (Redis, ``DJANGO_CACHE_URL``) never
hands one release's HTML to another.

Whole pages, layout included, go through web/page_cache.py, which adds the user and
fills in each request's CSRF token and CSP nonce.

``NOMINA_PAGE_CACHE_SECONDS=0`` turns it off. The test suite does by default, since its
factories write without audit events; tests of the cache turn it on.
"""

import functools
import hashlib
import importlib.metadata
import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Subquery
from django.utils import timezone, translation

from .models import AuditEvent
from .permissions import role_of

ALIAS = "pages"
_MEMO = "_nomina_data_version"
# Where a user loaded for a request keeps the version read with it.
LOADED = "data_version"
# What the cached HTML and data depend on besides the project's own files.
_LIBRARIES = ("Django", "djangorestframework", "django-filter", "drf-spectacular")
_SOURCES = {".py", ".html", ".txt", ".mo", ".json", ".csv"}

logger = logging.getLogger(__name__)


def enabled():
    return settings.NOMINA_PAGE_CACHE_SECONDS > 0


def named(event_id, event_hash):
    return f"{event_id}.{event_hash[:20]}" if event_id is not None else "empty"


def current():
    """``<id>.<hash>`` of the newest audit event, or ``empty``."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, hash FROM {table} ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return named(*row) if row else named(None, "")


def annotations():
    """The newest event's id and hash as annotations of another query: the query that
    loads the signed-in user reads the version too (accounts/backends.py, api_tokens.py),
    so a cached page costs no query of its own."""
    newest = AuditEvent.objects.order_by("-id")
    return {
        "data_version_id": Subquery(newest.values("id")[:1]),
        "data_version_hash": Subquery(newest.values("hash")[:1]),
    }


def version(request):
    """The version this request reads under, read once per request, before any data:
    with its user when the user was loaded so (the user is loaded when the request is
    authenticated, and every cached view checks the user's role before it reads)."""
    if not hasattr(request, _MEMO):
        loaded = getattr(request.user, LOADED, None)
        setattr(request, _MEMO, loaded or current())
    return getattr(request, _MEMO)


def key(request, name, *parts):
    """The cache key of ``name`` with ``parts`` for this request's user, in its language."""
    user = request.user
    fields = (
        _static(),
        name,
        version(request),
        role_of(user) or "",
        getattr(user, "member_state_id", None) or "",
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        *parts,
    )
    digest = hashlib.sha256("\x1f".join(map(str, fields)).encode()).hexdigest()
    return f"{name}:{digest}"


def cached(request, name, parts, build, seconds=None):
    """What ``build()`` returns, from the cache when this version already holds it, kept
    for ``seconds`` at most (NOMINA_PAGE_CACHE_SECONDS if shorter or not given).

    A cache that cannot be reached costs the page its speed, never its answer."""
    if not enabled():
        return build()
    cache, cache_key = caches[ALIAS], key(request, name, *parts)
    try:
        value = cache.get(cache_key)
    except Exception:  # a cache server down or unreachable: build without it
        logger.warning("page cache unavailable for %s", name, exc_info=True)
        return build()
    if value is None:
        value = build()
        try:
            timeout = min(
                seconds or settings.NOMINA_PAGE_CACHE_SECONDS, settings.NOMINA_PAGE_CACHE_SECONDS
            )
            cache.set(cache_key, value, timeout)
        except Exception:
            logger.warning("page cache unavailable for %s", name, exc_info=True)
    return value


@functools.cache
def _static():
    database = settings.DATABASES["default"]
    where = [database.get(name, "") for name in ("HOST", "PORT", "NAME")]
    return hashlib.sha256("\x1f".join(map(str, [*where, _code()])).encode()).hexdigest()


def _code():
    release = getattr(settings, "NOMINA_RELEASE", "")
    if release:
        return release
    digest = hashlib.sha256()
    for library in _LIBRARIES:
        digest.update(f"{library}=={importlib.metadata.version(library)}\n".encode())
    base = Path(settings.BASE_DIR).resolve()
    roots = [Path(config.path) for config in apps.get_app_configs()]
    roots += [Path(path) for path in settings.LOCALE_PATHS] + [base / "config"]
    ours = {r.resolve() for r in roots if r.resolve().is_relative_to(base)}
    for root in sorted(r for r in ours if "site-packages" not in r.parts):
        for path in sorted(root.rglob("*")):
            if path.suffix in _SOURCES and path.is_file():
                digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
