"""NOMINA_AUDIT_KEY: required in production, a fixed development key otherwise."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.utils import timezone

from workflows import audit
from workflows.models import AuditEvent

READ_KEY = "from django.conf import settings; print(settings.NOMINA_AUDIT_KEY)"


def _settings_with(**env):
    base = {k: v for k, v in os.environ.items() if k != "NOMINA_AUDIT_KEY"}
    base.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_SECRET_KEY="a-production-secret-key-for-this-test-only",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://nomina@db:5432/nomina"),
        CELERY_BROKER_URL=os.environ.get("CELERY_BROKER_URL", "redis://redis:6379/0"),
    )
    base.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {READ_KEY}"],
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("key", [None, "too short", settings.DEVELOPMENT_AUDIT_KEY])
def test_production_refuses_to_start_without_a_real_audit_key(key):
    env = {"DJANGO_DEBUG": "0"} | ({"NOMINA_AUDIT_KEY": key} if key else {})
    started = _settings_with(**env)
    assert started.returncode != 0
    assert "NOMINA_AUDIT_KEY is not set" in started.stderr


def test_production_starts_with_a_real_audit_key():
    key = "k" * 48
    started = _settings_with(DJANGO_DEBUG="0", NOMINA_AUDIT_KEY=key)
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == key


def test_development_uses_the_fixed_development_key():
    started = _settings_with(DJANGO_DEBUG="1")
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == settings.DEVELOPMENT_AUDIT_KEY


def test_the_hash_depends_on_the_key():
    event = AuditEvent(created_at=timezone.now(), actor_label="system", action="x", prev_hash="0")
    assert audit.compute_hash(event) != audit.compute_hash(event, key="another key")
    assert audit.compute_hash(event) == audit.compute_hash(event, key=settings.NOMINA_AUDIT_KEY)
