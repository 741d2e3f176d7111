"""API token authentication that slows down guessing: after too many wrong tokens from
one address (the ``token_failure`` throttle rate), every token from it is refused until
the window passes, the right one included, so a guess cannot be confirmed meanwhile."""

from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.throttling import SimpleRateThrottle

from workflows import data_version

from . import language
from .models import ROLE_ANNOTATION, role_of_user_query


class TokenFailureThrottle(SimpleRateThrottle):
    scope = "token_failure"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def exhausted(self, request):
        self.key = self.get_cache_key(request, None)
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]
        return len(self.history) >= self.num_requests

    def count_failure(self, request):
        if not self.exhausted(request):
            self.throttle_success()  # stores this failure in the window's history


class ThrottledTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        if not get_authorization_header(request).startswith(self.keyword.encode() + b" "):
            return None
        throttle = TokenFailureThrottle()
        if throttle.rate is not None and throttle.exhausted(request):
            raise Throttled(throttle.wait(), detail="Too many wrong tokens from this address.")
        try:
            user, token = super().authenticate(request)
        except AuthenticationFailed:
            if throttle.rate is not None:
                throttle.count_failure(request)
            raise
        # As the session's pages do: the account's language over the client's header.
        language.apply(request._request, user)
        return user, token

    def authenticate_credentials(self, key):
        """DRF's, with the user's role and the data's version (workflows/data_version.py)
        loaded in the same query as the token and user."""
        model = self.get_model()
        tokens = model.objects.select_related("user").annotate(
            **{ROLE_ANNOTATION: role_of_user_query("user_id")}, **data_version.annotations()
        )
        try:
            token = tokens.get(key=key)
        except model.DoesNotExist:
            raise AuthenticationFailed("Invalid token.") from None
        if not token.user.is_active:
            raise AuthenticationFailed("User inactive or deleted.")
        setattr(token.user, ROLE_ANNOTATION, getattr(token, ROLE_ANNOTATION))
        loaded = data_version.named(token.data_version_id, token.data_version_hash or "")
        setattr(token.user, data_version.LOADED, loaded)
        return token.user, token
