"""Mail configuration from the environment: .eml files in var/mail unless an ESP is named;
an anymail ESP by DJANGO_EMAIL_BACKEND and its ANYMAIL_* variables."""

import json

from tests.config.test_embedded import BASE_DIR, clean_env, run_python

PRINT_MAIL_SETTINGS = (
    "import json; from config.settings import base; "
    "print(json.dumps({'backend': base.EMAIL_BACKEND, 'dir': str(base.NOMINA_MAIL_DIR), "
    "'anymail': base.ANYMAIL}))"
)


def mail_settings(tmp_path, **variables):
    env = clean_env(
        DJANGO_DEBUG="1",
        NOMINA_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(BASE_DIR),
        **variables,
    )
    result = run_python(["-c", PRINT_MAIL_SETTINGS], env=env, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_embedded_default_writes_mail_to_files_under_var(tmp_path):
    assert mail_settings(tmp_path) == {
        "backend": "notifications.mail_files.EmailBackend",
        "dir": str(tmp_path / "var" / "mail"),
        "anymail": {"WEBHOOK_SECRET": ""},
    }


def test_production_names_an_anymail_esp_and_its_settings_by_environment(tmp_path):
    configured = mail_settings(
        tmp_path,
        DJANGO_EMAIL_BACKEND="anymail.backends.mailgun.EmailBackend",
        ANYMAIL_MAILGUN_API_KEY="key-0123",
        ANYMAIL_MAILGUN_SENDER_DOMAIN="mg.nomina.example",
        ANYMAIL_MAILGUN_API_URL="https://api.eu.mailgun.net/v3",
        ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY="signing-0123",
        ANYMAIL_WEBHOOK_SECRET="hook:secret",
    )

    assert configured["backend"] == "anymail.backends.mailgun.EmailBackend"
    assert configured["anymail"] == {
        "MAILGUN_API_KEY": "key-0123",
        "MAILGUN_API_URL": "https://api.eu.mailgun.net/v3",
        "MAILGUN_SENDER_DOMAIN": "mg.nomina.example",
        "MAILGUN_WEBHOOK_SIGNING_KEY": "signing-0123",
        "WEBHOOK_SECRET": "hook:secret",
    }
