"""The README's curl example, over real HTTP against a live server."""

import hashlib

import pytest
import requests
from django.core.management import call_command

from nominations.models import Post


@pytest.mark.django_db(transaction=True)
def test_token_log_a_nomination_and_upload_a_cv(live_server, member_states, pdf_bytes, capsys):
    from tests import factories

    post = factories.PostFactory(status="open")
    call_command("create_account", "desk@secretariat.test", "--role", "secretariat", "--api-token")
    token = next(
        line.split()[-1] for line in capsys.readouterr().out.splitlines() if "token" in line.lower()
    )
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"

    created = session.post(
        f"{live_server.url}/api/v1/nominations/",
        json={
            "post": post.pk,
            "member_state": "FRA",
            "candidate": {
                "full_name": "Claire Dubois",
                "email": "claire.dubois@example.fr",
                "nationality": "FRA",
                "gender": "female",
            },
            "note_verbale": {
                "reference": "NV/2026/17",
                "received_at": "2026-01-05T10:30:00+01:00",
                "channel": "email",
            },
        },
        timeout=10,
    )
    assert created.status_code == 201, created.text
    nomination = created.json()

    uploaded = session.post(
        f"{live_server.url}/api/v1/nominations/{nomination['id']}/documents/",
        data={"kind": "cv"},
        files={"file": ("cv.pdf", pdf_bytes, "application/pdf")},
        timeout=10,
    )
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["sha256"] == hashlib.sha256(pdf_bytes).hexdigest()

    downloaded = session.get(f"{live_server.url}{uploaded.json()['download_url']}", timeout=10)
    assert hashlib.sha256(downloaded.content).hexdigest() == uploaded.json()["sha256"]
    assert Post.objects.get(pk=post.pk).nominations.count() == 1


@pytest.mark.django_db(transaction=True)
def test_no_token_is_401_and_a_bad_token_too(live_server):
    assert requests.get(f"{live_server.url}/api/v1/calls/", timeout=10).status_code == 401
    bad = requests.get(
        f"{live_server.url}/api/v1/calls/", headers={"Authorization": "Token nope"}, timeout=10
    )
    assert bad.status_code == 401
    assert set(bad.json()) == {"code", "message", "errors"}


@pytest.mark.django_db
def test_the_schema_and_its_documentation_page_are_served_offline(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/nominations/{id}/transitions/" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    # Swagger UI comes from this server (drf-spectacular-sidecar), not from a CDN.
    assert b"cdn.jsdelivr" not in docs.content
    assert b"swagger-ui" in docs.content
