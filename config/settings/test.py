"""Settings for the test suite: the same as production but for speed and isolation."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("NOMINA_AUDIT_KEY", "test-only-audit-key-not-for-production-use")
# The suite runs on whatever is not configured (CI sets DATABASE_URL and CELERY_BROKER_URL;
# mail always goes to anymail's test backend below).
os.environ.setdefault("NOMINA_EMBEDDED", "1")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# anymail's test backend: django.core.mail.outbox as locmem's, plus each message's
# anymail_status (the ESP's message id the outbox keeps). Django's test set-up swaps in
# locmem: tests/conftest.py puts this back.
EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
ANYMAIL = {"WEBHOOK_SECRET": ""}
PRIVATE_STORAGE_ROOT = tempfile.mkdtemp(prefix="nomina-test-files-")
STORAGES["default"] = {  # noqa: F405
    "BACKEND": "nominations.storage.PrivateFileSystemStorage",
    "OPTIONS": {"location": PRIVATE_STORAGE_ROOT},
}
if CELERY_BROKER_URL == "filesystem://":  # noqa: F405
    CELERY_BROKER_URL = "memory://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Off: the factories write without audit events, which the page cache's version follows
# (workflows/data_version.py). The tests of the cache turn it on (tests/web/test_page_cache.py).
NOMINA_PAGE_CACHE_SECONDS = 0
# High enough that the suite never meets them; the throttle tests set their own.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {  # noqa: F405
    scope: "100000/minute" for scope in ("anon", "user", "token_failure")
}
# The same for the account forms' limits (accounts/throttles.py).
NOMINA_PASSWORD_RESET_RATE = "100000/minute"
NOMINA_ACCOUNT_FORMS_RATE = "100000/minute"

# Expected 4xx answers are asserted by the tests; keep the log for real errors.
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}  # noqa: F405
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}  # noqa: F405
