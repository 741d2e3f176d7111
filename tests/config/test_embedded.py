"""The embedded default (SQLite, filesystem broker, mail as files): it holds up under
concurrent writes, keeps its files under var/, and production refuses to fall back to it."""

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SECRET = "a-production-like-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
AUDIT_KEY = "a-production-like-audit-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def clean_env(**variables):
    """Only what a process needs to start, plus ``variables``: none of the suite's settings."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/")}
    env.update(variables)
    return env


def run_python(args, *, env, cwd=BASE_DIR, timeout=300):
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def test_sixteen_concurrent_loggings_on_file_sqlite_all_succeed(tmp_path):
    threads, rounds = 16, 4
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_SECRET_KEY=SECRET,
        NOMINA_AUDIT_KEY=AUDIT_KEY,
        NOMINA_EMBEDDED="1",
        NOMINA_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(BASE_DIR),
    )
    result = run_python(["tests/config/embedded_writers.py", str(threads), str(rounds)], env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert Counter(summary["outcomes"]) == {"logged": threads * rounds}
    assert summary["nominations"] == threads * rounds


def import_settings(tmp_path, **variables):
    env = clean_env(NOMINA_VAR_DIR=str(tmp_path / "var"), PYTHONPATH=str(BASE_DIR), **variables)
    return run_python(["-c", "import config.settings.base"], env=env, timeout=60)


def test_production_refuses_to_start_on_the_embedded_default(tmp_path):
    result = import_settings(tmp_path, DJANGO_SECRET_KEY=SECRET)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    for missing in ("DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_EMAIL_BACKEND"):
        assert missing in last_line
    assert "NOMINA_EMBEDDED=1" in last_line


def test_the_refusal_names_only_what_is_missing(tmp_path):
    result = import_settings(
        tmp_path,
        DJANGO_SECRET_KEY=SECRET,
        DATABASE_URL="postgres://nomina@db:5432/nomina",
        CELERY_BROKER_URL="redis://redis:6379/0",
    )
    last_line = result.stderr.strip().splitlines()[-1]
    assert "DJANGO_EMAIL_BACKEND not set" in last_line
    assert "DATABASE_URL" not in last_line
    assert "CELERY_BROKER_URL" not in last_line


def test_the_embedded_default_runs_when_asked_for_or_in_development(tmp_path):
    asked = import_settings(
        tmp_path, DJANGO_SECRET_KEY=SECRET, NOMINA_AUDIT_KEY=AUDIT_KEY, NOMINA_EMBEDDED="1"
    )
    assert asked.returncode == 0, asked.stderr[-2000:]
    development = import_settings(tmp_path, DJANGO_DEBUG="1")
    assert development.returncode == 0, development.stderr[-2000:]


def test_the_filesystem_broker_writes_nothing_into_the_working_directory(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = clean_env(
        DJANGO_DEBUG="1",
        NOMINA_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(BASE_DIR),
    )
    script = (
        "import django; from config.celery import app; django.setup(); "
        "app.send_task('workflows.tasks.close_due_posts')"
    )
    result = run_python(["-c", script], env=env, cwd=elsewhere, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(path.name for path in elsewhere.iterdir()) == []
    broker = tmp_path / "var" / "broker"
    assert (broker / "control").is_dir()
    assert len([path for path in broker.iterdir() if path.suffix == ".msg"]) == 1
