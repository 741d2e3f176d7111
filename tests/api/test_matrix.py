"""Every endpoint x every role x own/other member state: status codes and no leaks.

`own` is France's nomination (the mission's state), `other` Kenya's, `screened` a
French nomination of a post in shortlisting (the executive office's scope).
"""

import datetime

import pytest

from nominations.models import Call

SECRET_OF_THE_OTHER_STATE = [
    "Amina Wanjiru",
    "amina@secret.ke",
    '"member_state":"KEN"',
    "kenyan cv",
]

# path template, {role: expected status}
READS = [
    ("/api/v1/member-states/", dict(secretariat=200, mission=200, executive=200, auditor=200, anonymous=401)),
    ("/api/v1/member-states/FRA/", dict(secretariat=200, mission=200, executive=200, auditor=200, anonymous=401)),
    ("/api/v1/calls/", dict(secretariat=200, mission=200, executive=200, auditor=200, anonymous=401)),
    ("/api/v1/calls/{call}/", dict(secretariat=200, mission=200, executive=200, auditor=200, anonymous=401)),
    ("/api/v1/posts/", dict(secretariat=200, mission=200, executive=200, auditor=200, anonymous=401)),
    ("/api/v1/posts/{open_post}/", dict(secretariat=200, mission=200, executive=404, auditor=200, anonymous=401)),
    ("/api/v1/posts/{listed_post}/", dict(secretariat=200, mission=200, executive=200, auditor=200, anonymous=401)),
    ("/api/v1/posts/{open_post}/transitions/", dict(secretariat=200, mission=200, executive=404, auditor=200, anonymous=401)),
    ("/api/v1/nominations/", dict(secretariat=200, mission=200, executive=200, auditor=403, anonymous=401)),
    ("/api/v1/audit-events/", dict(secretariat=200, mission=403, executive=403, auditor=200, anonymous=401)),
]  # fmt: skip

NOMINATION_READS = [
    "/api/v1/nominations/{id}/",
    "/api/v1/nominations/{id}/history/",
    "/api/v1/nominations/{id}/documents/",
    "/api/v1/nominations/{id}/transitions/",
    "/api/v1/nominations/{id}/documents/{document}/download/",
]
# which, role: expected status on every nomination read
NOMINATION_SCOPE = {
    "own": dict(secretariat=200, mission=200, executive=404, auditor=403, anonymous=401),
    "other": dict(secretariat=200, mission=404, executive=404, auditor=403, anonymous=401),
    "screened": dict(secretariat=200, mission=200, executive=200, auditor=403, anonymous=401),
}
ROLES = ["secretariat", "mission", "executive", "auditor", "anonymous"]


def _ids(world):
    return {
        "call": world["call"].pk,
        # A post can only be added to a call not yet issued (world["call"] is).
        "draft_call": Call.objects.get_or_create(
            reference="EO/2/2027",
            defaults={"title": "A draft call", "deadline_date": datetime.date(2030, 1, 31)},
        )[0].pk,
        "open_post": world["open_post"].pk,
        "listed_post": world["listed_post"].pk,
    }


def _assert_no_leak(response):
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode(errors="replace")
    for secret in SECRET_OF_THE_OTHER_STATE:
        assert secret not in body, f"{secret!r} leaked in {response.request['PATH_INFO']}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("template", "expected"), READS, ids=[r[0] for r in READS])
def test_reads(api, world, role, template, expected):
    response = api[role].get(template.format(**_ids(world)))
    assert response.status_code == expected[role]
    if role == "mission":
        _assert_no_leak(response)
    if response.status_code >= 400:
        assert set(response.json()) == {"code", "message", "errors"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", sorted(NOMINATION_SCOPE))
@pytest.mark.parametrize("template", NOMINATION_READS)
def test_nomination_reads(api, world, role, which, template):
    nomination = world[which]
    path = template.format(id=nomination.pk, document=world["documents"][which].pk)
    response = api[role].get(path)
    assert response.status_code == NOMINATION_SCOPE[which][role]
    if role == "mission":
        _assert_no_leak(response)


@pytest.mark.django_db
def test_another_states_id_answers_exactly_like_a_missing_one(api, world):
    other = api["mission"].get(f"/api/v1/nominations/{world['other'].pk}/")
    missing = api["mission"].get("/api/v1/nominations/999999/")
    assert (other.status_code, other.json()) == (missing.status_code, missing.json())


@pytest.mark.django_db
def test_lists_hold_only_what_the_role_may_see(api, world):
    def ids(role):
        return sorted(n["id"] for n in api[role].get("/api/v1/nominations/").json()["results"])

    assert ids("secretariat") == sorted([world["own"].pk, world["other"].pk, world["screened"].pk])
    assert ids("mission") == sorted([world["own"].pk, world["screened"].pk])
    assert ids("other_mission") == [world["other"].pk]
    assert ids("executive") == [world["screened"].pk]


# Writes: (method, path template, body, {role: status})
WRITES = [
    ("post", "/api/v1/calls/", {"reference": "EO/1/2027", "title": "A call", "deadline_date": "2030-01-31"},
     dict(secretariat=201, mission=403, executive=403, auditor=403, anonymous=401)),
    ("post", "/api/v1/posts/", {"call": "{draft_call}", "title": "Chief", "duty_station": "Geneva"},
     dict(secretariat=201, mission=403, executive=403, auditor=403, anonymous=401)),
    ("post", "/api/v1/posts/{open_post}/transitions/", {"transition": "cancel", "reason": "budget"},
     dict(secretariat=200, mission=403, executive=404, auditor=403, anonymous=401)),
    ("post", "/api/v1/nominations/{own}/transitions/", {"transition": "withdraw", "reason": "declined"},
     dict(secretariat=200, mission=200, executive=404, auditor=403, anonymous=401)),
    ("post", "/api/v1/nominations/{other}/transitions/", {"transition": "withdraw", "reason": "declined"},
     dict(secretariat=200, mission=404, executive=404, auditor=403, anonymous=401)),
    ("post", "/api/v1/nominations/{own}/transitions/", {"transition": "mark_incomplete", "reason": "no CV"},
     dict(secretariat=200, mission=403, executive=404, auditor=403, anonymous=401)),
    ("post", "/api/v1/nominations/{screened}/transitions/", {"transition": "screen_eligible"},
     dict(secretariat=403, mission=403, executive=200, auditor=403, anonymous=401)),
]  # fmt: skip


def _fill(value, world):
    ids = {**_ids(world), "own": world["own"].pk, "other": world["other"].pk,
           "screened": world["screened"].pk}  # fmt: skip
    if isinstance(value, str):
        filled = value.format(**ids)
        return int(filled) if filled.isdigit() and value.startswith("{") else filled
    return {key: _fill(item, world) for key, item in value.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "template", "body", "expected"), WRITES, ids=[f"{w[1]}:{w[2]}" for w in WRITES]
)
def test_writes(api, world, role, method, template, body, expected):
    response = getattr(api[role], method)(_fill(template, world), _fill(body, world), format="json")
    assert response.status_code == expected[role], response.content
    if role == "mission":
        _assert_no_leak(response)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["own", "other", "screened"])
def test_document_uploads(api, world, role, which, pdf_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("cv.pdf", pdf_bytes, content_type="application/pdf")
    response = api[role].post(
        f"/api/v1/nominations/{world[which].pk}/documents/",
        {"kind": "cv", "file": upload},
        format="multipart",
    )
    expected = {
        "own": dict(secretariat=201, mission=201, executive=403, auditor=403, anonymous=401),
        "other": dict(secretariat=201, mission=404, executive=403, auditor=403, anonymous=401),
        "screened": dict(secretariat=201, mission=201, executive=403, auditor=403, anonymous=401),
    }[which][role]
    # The executive office never uploads: a 403 whatever the nomination.
    assert response.status_code == expected, response.content
