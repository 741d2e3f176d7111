"""The language an account reads the site in.

LocaleMiddleware guesses first (the language cookie, else the browser's Accept-Language).
For a signed-in account that has chosen a language, AccountLanguageMiddleware (after
AuthenticationMiddleware) activates that one on every request instead, whatever browser
it signs in from; an API request signed with a token, as soon as the token names the
account. The switcher in the layout (web/includes/language_switcher.html) posts
to ``set_language``: it sets the cookie for everyone and, when signed in, stores the
choice on the account.
"""

from django.conf import settings
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .models import User

CODES = {code for code, _name in settings.LANGUAGES}


class AccountLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        apply(request, getattr(request, "user", None))
        return self.get_response(request)


def apply(request, user):
    """The account's own language for the rest of ``request``, if it has chosen one. Also
    called once an API token has named the account (accounts/api_tokens.py), which happens
    after the middleware, in the view."""
    language = getattr(user, "language", "") if user is not None else ""
    if language in CODES and user.is_authenticated:
        translation.activate(language)
        request.LANGUAGE_CODE = language


@require_POST
def set_language(request):
    """Django's view (the cookie, then back to ``next``), and the account's choice kept."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if language in CODES and request.user.is_authenticated and request.user.language != language:
        # One column, without the user's other fields: nothing else is written back.
        User.objects.filter(pk=request.user.pk).update(language=language)
        request.user.language = language
    return response
