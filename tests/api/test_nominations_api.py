import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from nominations.models import Document, Nomination
from tests import factories
from workflows.models import AuditEvent


def _payload(post, **overrides):
    body = {
        "post": post.pk,
        "member_state": "FRA",
        "candidate": {
            "full_name": "Claire Dubois",
            "email": "claire.dubois@example.fr",
            "phone": "+33 1 00 00 00 00",
            "nationality": "FRA",
            "gender": "female",
        },
        "note_verbale": {
            "reference": "NV/FRA/2026/17",
            "dated_on": str(timezone.localdate()),
            "received_at": (timezone.now() - datetime.timedelta(hours=3)).isoformat(),
            "channel": "email",
        },
    }
    body.update(overrides)
    return body


@pytest.mark.django_db
def test_the_secretariat_logs_a_nomination(api, member_states):
    post = factories.PostFactory(status="open")
    response = api["secretariat"].post("/api/v1/nominations/", _payload(post), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "received"
    assert body["is_late"] is False
    assert body["member_state"] == "FRA"
    assert body["candidate"]["nationality"] == "FRA"
    assert body["note_verbale"]["channel"] == "email"
    assert body["note_verbale"]["received_at"].endswith(("+01:00", "+02:00"))
    assert AuditEvent.objects.filter(action="nomination.log", object_id=str(body["id"])).exists()


@pytest.mark.django_db
def test_a_note_received_after_the_deadline_is_logged_late(api, member_states):
    post = factories.PostFactory(status="closed", deadline_date=factories.in_days(-2))
    response = api["secretariat"].post("/api/v1/nominations/", _payload(post), format="json")
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["is_late"]) == ("late", True)


@pytest.mark.django_db
def test_the_same_candidate_twice_answers_409_naming_the_existing_one(api, member_states):
    post = factories.PostFactory(status="open")
    first = api["secretariat"].post("/api/v1/nominations/", _payload(post), format="json").json()
    again = _payload(post)
    again["candidate"]["full_name"] = "CLAIRE  DUBOIS"
    again["candidate"]["email"] = "Claire.Dubois@EXAMPLE.fr"
    response = api["secretariat"].post("/api/v1/nominations/", again, format="json")
    assert response.status_code == 409
    assert str(first["id"]) in response.json()["message"]
    assert Nomination.objects.count() == 1


@pytest.mark.django_db
def test_a_missions_submission_is_timed_by_the_server_on_the_portal(api, member_states):
    post = factories.PostFactory(status="open")
    payload = _payload(post)
    del payload["member_state"]
    payload["note_verbale"]["received_at"] = "2001-01-01T00:00:00+01:00"
    payload["note_verbale"]["channel"] = "hand"
    response = api["mission"].post("/api/v1/nominations/", payload, format="json")
    assert response.status_code == 201, response.content
    note = response.json()["note_verbale"]
    assert note["channel"] == "portal"
    received = datetime.datetime.fromisoformat(note["received_at"])
    assert abs(timezone.now() - received) < datetime.timedelta(minutes=1)


@pytest.mark.django_db
def test_a_mission_cannot_nominate_for_another_state(api, member_states):
    post = factories.PostFactory(status="open")
    response = api["mission"].post(
        "/api/v1/nominations/", _payload(post, member_state="KEN"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"member_state": ["Must be your own member state."]}


@pytest.mark.django_db
def test_a_mission_cannot_submit_to_a_closed_post(api, member_states):
    post = factories.PostFactory(status="closed")
    payload = _payload(post)
    del payload["member_state"]
    response = api["mission"].post("/api/v1/nominations/", payload, format="json")
    assert response.status_code == 409
    assert "not open" in response.json()["message"]


@pytest.mark.django_db
def test_a_mission_cannot_see_a_draft_post_to_nominate_for(api, member_states):
    post = factories.PostFactory(status="draft")
    payload = _payload(post)
    del payload["member_state"]
    response = api["mission"].post("/api/v1/nominations/", payload, format="json")
    assert response.status_code == 400
    assert "post" in response.json()["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p["candidate"].update(nationality="XXX"), "candidate"),
        (lambda p: p["candidate"].update(gender="unknown"), "candidate"),
        (lambda p: p["candidate"].update(full_name="   "), "candidate"),
        (lambda p: p["candidate"].update(email="not-an-email"), "candidate"),
        (lambda p: p["note_verbale"].update(received_at="yesterday"), "note_verbale"),
        (lambda p: p["note_verbale"].update(channel="pigeon"), "note_verbale"),
        (lambda p: p.update(post=999999), "post"),
        (lambda p: p.update(post="abc"), "post"),
        (lambda p: p.pop("candidate"), "candidate"),
    ],
)
def test_bad_input_gets_field_errors(api, member_states, change, field):
    payload = _payload(factories.PostFactory(status="open"))
    change(payload)
    response = api["secretariat"].post("/api/v1/nominations/", payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert any(key == field or key.startswith(f"{field}.") for key in body["errors"])
    assert not Nomination.objects.exists()


@pytest.mark.django_db
def test_a_future_received_at_is_refused_with_a_field_error(api, member_states):
    payload = _payload(factories.PostFactory(status="open"))
    payload["note_verbale"]["received_at"] = (
        timezone.now() + datetime.timedelta(hours=1)
    ).isoformat()
    response = api["secretariat"].post("/api/v1/nominations/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"received_at": ["Cannot be in the future."]}


@pytest.mark.django_db
def test_malformed_json_is_a_400_not_a_500(api):
    response = api["secretariat"].post(
        "/api/v1/nominations/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "errors"}


@pytest.mark.django_db
def test_history_is_oldest_first(api, world, secretariat):
    nomination = world["own"]
    for name, reason in [("mark_incomplete", "no CV"), ("withdraw", "declined")]:
        response = api["secretariat"].post(
            f"/api/v1/nominations/{nomination.pk}/transitions/",
            {"transition": name, "reason": reason},
            format="json",
        )
        assert response.status_code == 200
    history = api["mission"].get(f"/api/v1/nominations/{nomination.pk}/history/").json()
    assert [(e["action"], e["from_state"], e["to_state"]) for e in history] == [
        ("nomination.mark_incomplete", "received", "incomplete"),
        ("nomination.withdraw", "incomplete", "withdrawn"),
    ]
    assert history[0]["actor_role"] == "secretariat"
    assert "actor_label" not in history[0]  # a mission sees roles, not staff e-mails


@pytest.mark.django_db
def test_a_good_cv_round_trips_with_its_sha256(api, world, pdf_bytes):
    nomination = world["own"]
    upload = SimpleUploadedFile("Dubois CV.pdf", pdf_bytes, content_type="application/pdf")
    response = api["mission"].post(
        f"/api/v1/nominations/{nomination.pk}/documents/",
        {"kind": "cv", "file": upload},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    document = response.json()
    assert document["sha256"] == hashlib.sha256(pdf_bytes).hexdigest()
    assert (document["kind"], document["version"], document["size"]) == ("cv", 2, len(pdf_bytes))

    download = api["secretariat"].get(document["download_url"])
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert hashlib.sha256(content).hexdigest() == document["sha256"]
    assert download["Content-Disposition"].startswith("attachment;")
    assert 'filename="cv-claire-dubois-v2.pdf"' in download["Content-Disposition"]
    actions = list(
        AuditEvent.objects.filter(object_id=str(nomination.pk)).values_list("action", flat=True)
    )
    assert actions == ["document.upload", "document.download"]


@pytest.mark.django_db
def test_files_are_not_under_a_public_url(world, settings):
    document = world["documents"]["own"]
    assert settings.PRIVATE_STORAGE_ROOT not in (settings.STATIC_ROOT, settings.MEDIA_ROOT)
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018 - private storage has no base URL


@pytest.mark.django_db
def test_a_new_cv_is_a_new_version_and_the_old_one_stays(api, world, pdf_bytes):
    nomination = world["own"]
    for _ in range(2):
        upload = SimpleUploadedFile("cv.pdf", pdf_bytes, content_type="application/pdf")
        api["secretariat"].post(
            f"/api/v1/nominations/{nomination.pk}/documents/",
            {"kind": "cv", "file": upload},
            format="multipart",
        )
    versions = list(
        Document.objects.filter(nomination=nomination, kind="cv").values_list("version", flat=True)
    )
    assert sorted(versions) == [1, 2, 3]


@pytest.mark.django_db
def test_filters_by_post_status_and_member_state(api, world):
    def ids(query):
        response = api["secretariat"].get(f"/api/v1/nominations/?{query}")
        assert response.status_code == 200
        return sorted(n["id"] for n in response.json()["results"])

    assert ids(f"post={world['open_post'].pk}") == sorted([world["own"].pk, world["other"].pk])
    assert ids("status=complete") == [world["screened"].pk]
    assert ids("member_state=ken") == [world["other"].pk]
    assert ids("member_state=KEN&status=complete") == []
    bad = api["secretariat"].get("/api/v1/nominations/?status=nonsense")
    assert bad.status_code == 400
    assert "status" in bad.json()["errors"]


@pytest.mark.django_db
def test_the_audit_log_filters_by_object_and_action(api, world, secretariat):
    from workflows import transitions

    transitions.take(world["own"], "withdraw", actor=secretariat, reason="declined")
    transitions.take(world["other"], "mark_incomplete", actor=secretariat, reason="no CV")
    response = api["auditor"].get(
        f"/api/v1/audit-events/?object_type=nominations.nomination&object_id={world['own'].pk}"
    )
    assert [e["action"] for e in response.json()["results"]] == ["nomination.withdraw"]
    response = api["auditor"].get("/api/v1/audit-events/?action=nomination.mark_incomplete")
    assert [e["object_id"] for e in response.json()["results"]] == [str(world["other"].pk)]
