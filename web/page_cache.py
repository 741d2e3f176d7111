"""Whole pages from the page cache (workflows/data_version.py), layout included, with the
two values a page may never share filled in on each request: the CSRF token of the
sign-out form (masked anew for every answer) and the CSP nonce. Rendering the layout cost
a cached page as much as everything else it did.

A page is the user's own (the header names the account), in its language, for one URL.
While the user has a message waiting (a notification banner after a form), the page is
rendered as without a cache, so the message is shown once and never kept.
"""

import hashlib
import hmac

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse

from workflows import data_version


def _hole(name):
    # Stand-ins no page content can hold: derived from the secret key.
    digest = hmac.new(settings.SECRET_KEY.encode(), name.encode(), hashlib.sha256).hexdigest()
    return f"hole{digest[:40]}"


def page(request, name, parts, render, seconds=None):
    """The response ``render()`` gives (a TemplateResponse, not yet rendered), from the
    cache when this version of the data already holds this user's page."""
    if not data_version.enabled() or len(get_messages(request)):
        return render()
    key_parts = (request.user.pk, request.get_full_path(), *parts)
    answered = {}

    def rendered():
        response = answered["response"] = render()
        if not isinstance(response, TemplateResponse):
            return None
        response.context_data = {
            **(response.context_data or {}),
            "csrf_token": _hole("csrf_token"),
            "csp_nonce": _hole("csp_nonce"),
        }
        response.render()
        if response.status_code != 200:
            return None
        return {"content": response.content, "content_type": response["Content-Type"]}

    stored = data_version.cached(request, f"page.{name}", key_parts, rendered, seconds)
    if stored is None:  # not a page to keep: answered as rendered, its holes filled
        response = answered["response"]
        if isinstance(response, TemplateResponse) and response.is_rendered:
            response.content = _filled(response.content, request)
        return response
    response = HttpResponse(_filled(stored["content"], request))
    response["Content-Type"] = stored["content_type"]
    return response


def _filled(content, request):
    content = content.replace(_hole("csrf_token").encode(), get_token(request).encode())
    nonce = _hole("csp_nonce").encode()
    if nonce in content:  # read only if printed: a page without one sends none
        content = content.replace(nonce, str(request.csp_nonce).encode())
    return content
