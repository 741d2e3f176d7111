"""Settings for every environment, read from environment variables.

With DJANGO_DEBUG=1 and nothing else set, Nomina runs on the embedded default:
SQLite, Celery's filesystem broker and mail written to files (var/mail), so one command
starts it on a fresh machine. With debug off, a missing DATABASE_URL,
CELERY_BROKER_URL or DJANGO_EMAIL_BACKEND stops the start unless
NOMINA_EMBEDDED=1 asks for the embedded default deliberately.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("NOMINA_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

DEVELOPMENT_SECRET_KEY = "django-insecure-nomina-development-only"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if SECRET_KEY == DEVELOPMENT_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it, or set DJANGO_DEBUG=1 for development."
    )

# Production never falls back to the embedded default by accident.
EMBEDDED = env.bool("NOMINA_EMBEDDED", default=False)
EMBEDDED_FALLBACKS = {
    "DATABASE_URL": "SQLite in var/",
    "CELERY_BROKER_URL": "the filesystem broker in var/broker",
    "DJANGO_EMAIL_BACKEND": "mail written to files in var/mail",
}
_unset = [name for name in EMBEDDED_FALLBACKS if not env.str(name, default="")]
if _unset and not (DEBUG or EMBEDDED):
    raise ImproperlyConfigured(
        f"{', '.join(_unset)} not set, and DJANGO_DEBUG is off: Nomina would run on "
        f"{', '.join(EMBEDDED_FALLBACKS[name] for name in _unset)}. Set "
        f"{'it' if len(_unset) == 1 else 'them'}, or set NOMINA_EMBEDDED=1 to run on the "
        "embedded default deliberately."
    )

# How many reverse proxies stand in front of Django, each appending to X-Forwarded-For;
# behind one, the scheme it was reached by comes in X-Forwarded-Proto.
NOMINA_PROXY_COUNT = env.int("NOMINA_PROXY_COUNT", default=0)
if NOMINA_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_countries",
    "pgtrigger",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "anymail",
    "axes",
    "csp",
    "django_htmx",
    "accounts",
    "nominations",
    "workflows",
    "notifications",
    "reminders",
    "reports",
    "api",
    "web",
    "workbench",
    "portal",
    "review",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.context_processors.csp_nonce",
                "web.context_processors.navigation",
            ],
        },
    },
]

if "DATABASE_URL" not in env.ENVIRON:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'nomina.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep each worker's connection open between requests (opening one costs milliseconds on
# every request); a connection found broken is replaced before the request uses it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) and threads share the file. A deferred
    # transaction that reads, then writes, cannot wait for the write lock (SQLite answers
    # "database is locked" at once); IMMEDIATE takes it at BEGIN, where the timeout applies.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
# Throttle counts (API). A file cache is shared by the processes of one host; a
# deployment of several hosts sets DJANGO_CACHE_URL=redis://... (docker-compose does).
CACHES = {"default": env.cache("DJANGO_CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
# Pages and fragments cached under the data's version (workflows/data_version.py), for
# NOMINA_PAGE_CACHE_SECONDS (0: off): in DJANGO_CACHE_URL's Redis when it names one, else in
# each process's memory (a file cache would cost a page more than it saves).
NOMINA_PAGE_CACHE_SECONDS = env.int("NOMINA_PAGE_CACHE_SECONDS", default=3600)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "nomina-pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    }
# Names the code in the page cache's keys (a deployment's tag or commit); when unset, a
# fingerprint of the installed source does.
NOMINA_RELEASE = env.str("NOMINA_RELEASE", default="")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# One sign-in page for every role (web/); the admin's login stays for staff.
LOGIN_URL = "web:sign-in"
LOGIN_REDIRECT_URL = "web:home"
# A session ends after NOMINA_SESSION_HOURS, and when the browser closes unless
# NOMINA_SESSION_ENDS_WITH_BROWSER=0.
SESSION_COOKIE_AGE = env.int("NOMINA_SESSION_HOURS", default=8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("NOMINA_SESSION_ENDS_WITH_BROWSER", default=True)
# Django's database sessions, loaded with a plain query (accounts/sessions.py).
SESSION_ENGINE = "accounts.sessions"

# Sign-in throttling (accounts/signin.py): a name is locked out from one address after
# NOMINA_SIGN_IN_FAILURE_LIMIT failures, for NOMINA_SIGN_IN_COOLOFF_MINUTES; attempts
# refused meanwhile do not extend it. Counts are kept in the database (axes' tables).
AUTHENTICATION_BACKENDS = [
    "accounts.signin.LockoutBackend",
    # Django's ModelBackend, loading the user's role with the user on every request.
    "accounts.backends.RoleModelBackend",
]
AXES_FAILURE_LIMIT = env.int("NOMINA_SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("NOMINA_SIGN_IN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.signin.username_of"
AXES_CLIENT_IP_CALLABLE = "accounts.signin.client_address"
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
USE_I18N = True
USE_TZ = True
# The Secretariat's seat: deadlines close at the end of the day here.
TIME_ZONE = "Europe/Zurich"
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our date formats per language ("15 November 2023", "15 de noviembre de 2023"): the
# templates write dates with DATE_FORMAT and DATETIME_FORMAT.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

# Uploaded documents are private: never served under a public URL.
PRIVATE_STORAGE_ROOT = Path(env.str("NOMINA_PRIVATE_STORAGE", default=str(VAR_DIR / "private")))
if env.str("NOMINA_FILE_STORAGE", default="local") == "s3":
    # S3-compatible object storage (django-storages) reads its AWS_* variables.
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    _default_storage = {
        "BACKEND": "nominations.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_STORAGE_ROOT)},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
AWS_DEFAULT_ACL = "private"
AWS_QUERYSTRING_AUTH = True

# Mail: one .eml file per message in var/mail by default; in production an anymail ESP,
# DJANGO_EMAIL_BACKEND=anymail.backends.<esp>.EmailBackend with its ANYMAIL_* variables
# (ANYMAIL_MAILGUN_API_KEY becomes ANYMAIL["MAILGUN_API_KEY"], as anymail reads it).
EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="notifications.mail_files.EmailBackend")
NOMINA_MAIL_DIR = Path(env.str("NOMINA_MAIL_DIR", default=str(VAR_DIR / "mail")))
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Nomina <nominations@localhost>")
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): env.str(name)
    for name in sorted(env.ENVIRON)
    if name.startswith("ANYMAIL_") and env.str(name, default="")
}
ANYMAIL.setdefault("WEBHOOK_SECRET", "")
# A message still "sending" after this long lost its worker: the Secretariat decides.
NOMINA_OUTBOX_DECISION_MINUTES = env.int("NOMINA_OUTBOX_DECISION_MINUTES", default=10)
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)

# Celery: filesystem broker by default (no server), Redis in production.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        # kombu's default is "control" relative to the working directory.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "close-due-posts": {
        "task": "workflows.tasks.close_due_posts",
        "schedule": env.float("NOMINA_DEADLINE_SWEEP_SECONDS", default=60.0),
    },
    "send-due-reminders": {
        "task": "reminders.tasks.send_due_reminders",
        "schedule": env.float("NOMINA_REMINDER_SWEEP_SECONDS", default=60.0),
    },
    "send-queued-messages": {
        "task": "notifications.tasks.send_queued_messages",
        "schedule": env.float("NOMINA_OUTBOX_SWEEP_SECONDS", default=300.0),
    },
}

# Domain settings.
# Where the deadline reports go (comma-separated); empty: each call's enquiry address.
NOMINA_SECRETARIAT_EMAILS = env.list("NOMINA_SECRETARIAT_EMAILS", default=[])
# An incomplete nomination's mission is reminded every this many days until it is complete.
NOMINA_INCOMPLETE_REMINDER_DAYS = env.int("NOMINA_INCOMPLETE_REMINDER_DAYS", default=3)
if NOMINA_INCOMPLETE_REMINDER_DAYS < 1:
    raise ImproperlyConfigured("NOMINA_INCOMPLETE_REMINDER_DAYS must be 1 or more.")
NOMINA_REFERENCE_PREFIX = env.str("NOMINA_REFERENCE_PREFIX", default="NOM")
NOMINA_MAX_UPLOAD_BYTES = env.int("NOMINA_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# Outgoing notes verbales: numbered EO/001/2026, EO/002/2026, ... (the series' prefix), in
# the name of the organization, in each mission's language. Each language's "name" and
# "short" carry the article a sentence needs ("Secrétariat de l’OIM"); "letterhead" and
# "abbreviation" have none; "seat" is where a note is dated. NOMINA_ORGANIZATION (JSON)
# replaces the whole table.
NOMINA_NOTE_SERIES = env.str("NOMINA_NOTE_SERIES", default="EO")
NOMINA_ORGANIZATION = env.json(
    "NOMINA_ORGANIZATION",
    default={
        "en": {
            "name": "the International Organization for Migration",
            "letterhead": "International Organization for Migration",
            "abbreviation": "IOM",
            "short": "IOM",
            "seat": "Geneva",
        },
        "fr": {
            "name": "l’Organisation internationale pour les migrations",
            "letterhead": "Organisation internationale pour les migrations",
            "abbreviation": "OIM",
            "short": "l’OIM",
            "seat": "Genève",
        },
        "es": {
            "name": "la Organización Internacional para las Migraciones",
            "letterhead": "Organización Internacional para las Migraciones",
            "abbreviation": "OIM",
            "short": "la OIM",
            "seat": "Ginebra",
        },
    },
)
# Keys the audit chain (HMAC-SHA256); kept out of the database, so whoever can
# write there cannot recompute the chain. Changing it makes every event fail to verify.
DEVELOPMENT_AUDIT_KEY = "nomina-audit-development-only"
NOMINA_AUDIT_KEY = env.str("NOMINA_AUDIT_KEY", default=DEVELOPMENT_AUDIT_KEY)
# Checkpoints written by `audit_checkpoint`: the audit page's "verify the chain" checks
# them too when set (removed newest events are caught only then).
NOMINA_AUDIT_CHECKPOINT_FILE = env.str("NOMINA_AUDIT_CHECKPOINT_FILE", default="")
if not DEBUG and (NOMINA_AUDIT_KEY == DEVELOPMENT_AUDIT_KEY or len(NOMINA_AUDIT_KEY) < 32):
    raise ImproperlyConfigured(
        "NOMINA_AUDIT_KEY is not set to a secret of at least 32 characters. Set it "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'), "
        "or set DJANGO_DEBUG=1 for development."
    )

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_tokens.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # Per address when anonymous, per account when signed in; wrong tokens per address.
    # Counted in the default cache: shared by every process of a host (file cache) or of
    # the deployment (DJANGO_CACHE_URL=redis://...).
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("NOMINA_API_ANON_RATE", default="60/minute"),
        "user": env.str("NOMINA_API_USER_RATE", default="600/minute"),
        "token_failure": env.str("NOMINA_API_TOKEN_FAILURE_RATE", default="10/hour"),
    },
    "NUM_PROXIES": NOMINA_PROXY_COUNT or None,
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Nomina API",
    "DESCRIPTION": "Nominations to senior posts: calls, posts, nominations, documents, audit log.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from this server (drf-spectacular-sidecar), not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "LanguageCodeEnum": "api.serializers.calls.LANGUAGE_CODES",
        "CompetencyKindEnum": "nominations.models.competencies.Competency.Kind",
        "DocumentKindEnum": "nominations.models.documents.Document.Kind",
    },
}

# Security headers on every answer. No inline script or style anywhere: every script and
# stylesheet is a file served by the project itself (web/static/web/).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint logs each rendering step at INFO: only its warnings are worth reading.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}

# HTTPS. In production a TLS-terminating reverse proxy (deploy/nginx.conf) sits in front;
# secure defaults whenever debug is off, each one switchable for an unusual deployment.
_https = not DEBUG
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=_https)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=_https)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
