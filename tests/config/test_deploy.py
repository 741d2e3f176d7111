"""The production shape: `check --deploy` passes with docker-compose's defaults, and the
compose file puts a buffering proxy in front of gunicorn, which only it can reach."""

import re
from pathlib import Path

import yaml

from tests.config.test_embedded import AUDIT_KEY, BASE_DIR, SECRET, clean_env, run_python

COMPOSE = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
NGINX = (BASE_DIR / "deploy" / "nginx.conf").read_text()


def compose_environment(**given):
    """The web service's environment as docker compose would set it with ``given`` in the
    shell: ${NAME:-default} takes the default unless NAME is given."""

    def value(raw):
        def substitute(match):
            name, default = match.group(1), match.group(3) or ""
            return given.get(name, default)

        return re.sub(r"\$\{(\w+)(:[-?](.*?))?\}", substitute, str(raw))

    environment = COMPOSE["services"]["web"]["environment"]
    return {name: value(raw) for name, raw in environment.items()}


def check_deploy(tmp_path, **given):
    env = clean_env(**compose_environment(NOMINA_AUDIT_KEY=AUDIT_KEY, **given))
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        NOMINA_VAR_DIR=str(tmp_path / "var"),
        NOMINA_PRIVATE_STORAGE=str(tmp_path / "private"),
    )
    return run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env=env, timeout=120
    )


def test_check_deploy_passes_with_the_compose_defaults(tmp_path):
    result = check_deploy(tmp_path, DJANGO_SECRET_KEY=SECRET)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_still_fails_when_https_is_switched_off(tmp_path):
    result = check_deploy(
        tmp_path,
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
    )
    assert result.returncode != 0
    for warning in ("security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_gunicorn_is_reached_only_through_the_proxy():
    services = COMPOSE["services"]
    assert "ports" not in services["web"]
    assert services["web"]["expose"] == ["8000"]
    assert services["proxy"]["ports"] == ["80:80", "443:443"]
    mounted = {volume.split(":")[1] for volume in services["proxy"]["volumes"]}
    assert "/etc/nginx/conf.d/default.conf" in mounted
    assert "proxy_pass http://nomina_web;" in NGINX
    assert "server web:8000;" in NGINX


def test_the_proxy_buffers_requests_and_drops_slow_clients():
    for directive in (
        "proxy_request_buffering on;",
        "proxy_buffering on;",
        "client_header_timeout 10s;",
        "client_body_timeout 10s;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    ):
        assert directive in NGINX
    assert compose_environment(DJANGO_SECRET_KEY=SECRET)["NOMINA_PROXY_COUNT"] == "1"


def test_the_tls_folder_keeps_no_key_in_git():
    assert (Path(BASE_DIR) / "deploy" / "tls" / ".gitignore").read_text().splitlines()[1] == "*"


def test_every_gunicorn_is_started_with_the_projects_settings():
    """Threaded workers with keep-alive (config/gunicorn.py), in compose, the image and the
    load benchmark alike."""
    import runpy

    settings = runpy.run_path(str(BASE_DIR / "config" / "gunicorn.py"))
    assert settings["worker_class"] == "gthread"
    assert settings["threads"] > 1 and settings["keepalive"] > 0
    assert "--config config/gunicorn.py" in COMPOSE["services"]["web"]["command"]
    assert '"--config", "config/gunicorn.py"' in (BASE_DIR / "Dockerfile").read_text()
    assert 'ROOT / "config" / "gunicorn.py"' in (BASE_DIR / "bench" / "run.py").read_text()


def test_each_worker_freezes_what_it_keeps_out_of_full_collections():
    """At start, then once its first requests have built what it keeps, a worker moves its
    objects out of the collector's reach: a full collection then walks only what requests
    made since."""
    import gc
    import runpy

    settings = runpy.run_path(str(BASE_DIR / "config" / "gunicorn.py"))
    try:
        settings["post_worker_init"](worker=None)
        at_start = gc.get_freeze_count()
        assert at_start > 0
        kept = [[] for _ in range(1000)]  # what the first requests build and keep
        for _ in range(settings["WARM_REQUESTS"] - 1):
            settings["post_request"](None, None, {}, None)
        # A frozen object can still be freed, so the count may only fall until then.
        assert gc.get_freeze_count() <= at_start
        settings["post_request"](None, None, {}, None)
        warmed = gc.get_freeze_count()
        assert warmed >= at_start + len(kept)
        more = [[] for _ in range(1000)]
        for _ in range(settings["WARM_REQUESTS"]):
            settings["post_request"](None, None, {}, None)
        assert gc.get_freeze_count() < warmed + len(more), "frozen once, not again"
    finally:
        gc.unfreeze()
