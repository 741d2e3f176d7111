"""The configured ESP's tracking webhook, and no other anymail URL.

anymail.urls mounts every ESP's inbound and tracking views; each answers 500 without its
secret. Only the ESP of EMAIL_BACKEND (``anymail.backends.<esp>.EmailBackend``) is mounted,
and only once ANYMAIL_WEBHOOK_SECRET (basic auth, ``user:password``) is set.
"""

import functools

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailWebhookValidationFailure
from django.conf import settings
from django.http import HttpResponse
from django.urls import include, path

BACKEND_PREFIX = "anymail.backends."


def configured_esp():
    module, _, _ = settings.EMAIL_BACKEND.rpartition(".")
    return module.removeprefix(BACKEND_PREFIX) if module.startswith(BACKEND_PREFIX) else None


def _challenging(view):
    """An ESP without (or with wrong) credentials gets 401 and a basic-auth challenge,
    which some ESPs wait for before they send the secret; anymail itself answers 400."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AnymailWebhookValidationFailure:
            response = HttpResponse("Credentials required.", status=401)
            response["WWW-Authenticate"] = 'Basic realm="anymail webhooks"'
            return response

    return wrapped


def tracking_webhook_urls():
    esp = configured_esp()
    if esp is None or not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        return []
    for pattern in anymail_urls.urlpatterns:
        if pattern.name == f"{esp}_tracking_webhook":
            # Built once here, so a missing ESP setting (a Mailgun signing key) stops the
            # start (manage.py check loads the URLs) instead of answering 500 to each event.
            pattern.callback.view_class()
            view = _challenging(pattern.callback)
            mounted = path(str(pattern.pattern), view, name=pattern.name)
            return [path("anymail/", include(([mounted], "anymail")))]
    return []
