"""Settings of the load benchmark: production's (debug off), on loopback, without TLS.

What production needs in its environment is given here a bench-only value unless the
caller set it; the throttle rates are raised so that they never cap a run. They are given
per second: DRF's throttle keeps the time of every request within its period and reads and
writes that list on each one, so a rate per minute this high made it the last minute's
30,000 requests (1 ms a request to unpickle and pickle), where production's 600 a minute
keeps it under 600; a second of this run is about as many.
"""

import os

for name, value in {
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production",
    "NOMINA_AUDIT_KEY": "bench-only-audit-key-not-for-production-use",
    "CELERY_BROKER_URL": "memory://",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_SECURE_HSTS_SECONDS": "0",
    "NOMINA_API_USER_RATE": "10000000/second",
    "NOMINA_API_ANON_RATE": "10000000/second",
    "DJANGO_LOG_LEVEL": "WARNING",
}.items():
    os.environ.setdefault(name, value)
os.environ["DJANGO_DEBUG"] = "0"

from config.settings.base import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if "DJANGO_CACHE_URL" not in os.environ:
    # The throttle counts: in each worker's memory, not in var/'s file cache, which a
    # deployment replaces with Redis (docker-compose sets DJANGO_CACHE_URL).
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}  # noqa: F405
