"""Rate limits of the account pages a visitor reaches without signing in: the password
reset form (per e-mail address and per client address), and the one-time links of an
invitation or a reset (per client address). Counted in the default cache with the same
sliding window as the API's throttles (DRF's SimpleRateThrottle), so every process of a
host (file cache) or of the deployment (Redis) shares the counts.

A refusal never depends on whether an account exists: counting starts before the address
is looked up, and a throttled answer is the same for every address.
"""

import hashlib

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .signin import client_address


class Limit(SimpleRateThrottle):
    """One named rate (``"5/hour"``), applied to whatever identifies the caller."""

    def __init__(self, scope, rate):
        # Not DRF's settings: our rates are read from Django's settings on each request.
        self.scope = scope
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)

    def allow(self, ident):
        """Count one attempt by ``ident``; False once the window holds ``rate`` of them."""
        if self.rate is None:
            return True
        digest = hashlib.sha256(str(ident).encode()).hexdigest()  # no address in the keys
        self.key = self.cache_format % {"scope": self.scope, "ident": digest}
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]
        if len(self.history) >= self.num_requests:
            return False
        self.throttle_success()
        return True


def password_reset_allowed(request, email):
    """A reset asked for ``email`` from this client: within both limits?"""
    per_address = Limit("password_reset_email", settings.NOMINA_PASSWORD_RESET_RATE)
    per_client = Limit("account_forms", settings.NOMINA_ACCOUNT_FORMS_RATE)
    # Both are counted, so one exhausted limit does not spare the other its count.
    results = [per_client.allow(client_address(request)), per_address.allow(email.lower())]
    return all(results)


def account_link_allowed(request):
    """An invitation or reset link opened from this client: within the limit?"""
    limit = Limit("account_links", settings.NOMINA_ACCOUNT_FORMS_RATE)
    return limit.allow(client_address(request))
