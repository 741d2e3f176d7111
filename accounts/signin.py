"""Sign-in throttling with django-axes, and what the audit log keeps of failed sign-ins.

A name is locked out from one address after ``AXES_FAILURE_LIMIT`` failures within
``AXES_COOLOFF_TIME``. The audit log records each failure up to the lockout, then the
lockout once; attempts refused while the lockout lasts write nothing, so a guessing
attack costs at most limit + 1 rows per name, address and cool-off.
"""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from workflows import audit

# Set on a request that axes refused because a lockout was already in force.
REFUSED_WHILE_LOCKED = "nomina_refused_while_locked_out"


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' backend (first in AUTHENTICATION_BACKENDS), marking the attempts it
    refuses during a lockout so the audit receivers can tell them from real failures."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            setattr(request, REFUSED_WHILE_LOCKED, True)
            raise


def username_of(request, credentials=None):
    """The name tried, as the account stores it, so 'Desk@X' and 'desk@x' share a count."""
    name = (credentials or {}).get("username")
    if name is None and request is not None:
        name = getattr(request, "data", request.POST).get("username")
    return str(name or "").strip().lower() or None


def client_address(request):
    """The client's address: REMOTE_ADDR, or behind NOMINA_PROXY_COUNT reverse proxies the
    X-Forwarded-For entry the farthest trusted proxy appended (what a client sends is not)."""
    count = settings.NOMINA_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        addresses = [address.strip() for address in forwarded.split(",")]
        return addresses[-min(count, len(addresses))]
    return request.META.get("REMOTE_ADDR")


def refused_while_locked(request):
    return request is not None and getattr(request, REFUSED_WHILE_LOCKED, False)


def record_failure(sender, credentials, request=None, **kwargs):
    if refused_while_locked(request):
        return
    # The name tried and where from: never the password.
    audit.record_alone(
        "sign_in.failed",
        actor=AnonymousUser(),
        details={
            # As the account stores it, as the lockout names it.
            "username": username_of(None, credentials) or str(credentials.get("email") or ""),
            "ip_address": (client_address(request) if request is not None else None) or "",
        },
    )


def record_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    if refused_while_locked(request):
        return
    audit.record_alone(
        "sign_in.locked_out",
        actor=AnonymousUser(),
        details={
            "username": username or "",
            "ip_address": ip_address or "",
            "failures": getattr(request, "axes_failures_since_start", None),
        },
    )
