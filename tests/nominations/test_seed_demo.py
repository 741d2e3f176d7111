import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import User
from nominations.models import (
    Call,
    Competency,
    Document,
    MemberState,
    Nomination,
    NoteVerbale,
    Post,
    PostCompetency,
)
from workflows.audit import first_broken_event
from workflows.models import AuditEvent

TABLES = [
    MemberState,
    Competency,
    Call,
    Post,
    PostCompetency,
    Nomination,
    NoteVerbale,
    Document,
    User,
    AuditEvent,
]


def _snapshot():
    return {
        "counts": {model.__name__: model.objects.count() for model in TABLES},
        "posts": list(Post.objects.order_by("id").values("title", "status", "deadline")),
        "nominations": list(
            Nomination.objects.order_by("id").values("candidate__full_name", "status", "is_late")
        ),
    }


@pytest.mark.django_db
def test_seed_demo_loads_call_eo_821_2023_as_it_stood_after_the_deadline(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out

    call = Call.objects.get(reference="EO/821/2023")
    assert call.issued_on == datetime.date(2023, 9, 28)
    assert call.deadline_date == datetime.date(2023, 11, 15)
    assert timezone.localtime(call.deadline).isoformat() == "2023-11-16T00:00:00+01:00"
    assert "presents its compliments" in call.note_verbale_text

    posts = {post.title: post for post in call.posts.all()}
    assert set(posts) == {
        "Deputy Director General for Operations",
        "Deputy Director General for Management and Reform",
    }
    for post in posts.values():
        assert post.status == "closed"
        assert post.duty_station.startswith("Geneva")
        assert len(post.duties) >= 8
        assert post.min_degree == "masters"
        assert post.min_years_experience >= 15
        assert "en" in post.required_languages
        kinds = set(post.required_competencies.values_list("kind", flat=True))
        assert kinds == {"value", "core", "managerial"}

    jpo = Post.objects.exclude(call=call).get()
    assert jpo.status == "draft"
    assert "Berlin" in jpo.duty_station

    assert MemberState.objects.count() == 193
    france = MemberState.objects.get(code="FRA")
    assert (france.name_en, france.name_fr, france.name_es) == ("France", "France", "Francia")
    assert france.language == "fr"
    assert Competency.objects.filter(kind="core").count() >= 5

    roles = {user.email: user.role for user in User.objects.all()}
    assert roles == {
        "secretariat@nomina.example": "secretariat",
        "executive@nomina.example": "executive",
        "executive2@nomina.example": "executive",
        "auditor@nomina.example": "auditor",
        "mission-fra@nomina.example": "mission",
        "mission-ken@nomina.example": "mission",
    }
    for email in roles:
        assert email in out
    assert "password nomina-demo-2023" in out
    # The demo nominations are classified by the deadline rule.
    late = dict(Nomination.objects.values_list("candidate__full_name", "is_late"))
    assert late["Javier Morales"] is False  # 15 November 23:59 Geneva
    assert late["Maria Santos"] is True  # 16 November 09:30
    assert first_broken_event() is None


@pytest.mark.django_db
def test_seed_demo_states_nothing_its_sources_do_not():
    call_command("seed_demo", stdout=io.StringIO())
    for post in Post.objects.filter(call__reference="EO/821/2023"):
        # "Deputy Director General" is the title; seed 001 states no grade.
        assert post.grade == ""
        assert post.duties_intro.startswith(f"The {post.title} reports directly to the Director")
        assert post.duties_intro.endswith("In particular, she/he will:")
        assert post.other_requirements == ""
    jpo = Post.objects.exclude(call__reference="EO/821/2023").get()
    # Seed 003 states no call title, place of issue, deadline or grade.
    assert (jpo.call.title, jpo.call.place, jpo.call.issued_on) == ("", "", None)
    assert (jpo.call.deadline_date, jpo.call.deadline) == (None, None)
    assert (jpo.deadline_date, jpo.deadline, jpo.grade) == (None, None, "")
    assert jpo.duties_intro.endswith("duties and responsibilities will include:")
    assert "will include:" not in jpo.other_requirements
    assert Call.objects.get(reference="EO/821/2023").place == "Geneva"


@pytest.mark.django_db
def test_seed_demo_nominations_are_as_a_secretariat_officer_would_find_them():
    call_command("seed_demo", stdout=io.StringIO())
    nominations = Nomination.objects.select_related("candidate", "note_verbale", "member_state")
    for nomination in nominations:
        person, note = nomination.candidate, nomination.note_verbale
        assert person.email and person.phone and person.postal_address
        cv = nomination.documents.get(kind="cv")
        with cv.file.open("rb") as handle:
            text = PdfReader(handle).pages[0].extract_text()
        assert cv.content_type == "application/pdf"
        assert person.full_name in text
        assert note.dated_on < timezone.localdate(note.received_at)
    references = {n.member_state.code: n.note_verbale.reference for n in nominations}
    assert len(set(references.values())) == len(references) == 4

    statuses = {
        (n.candidate.full_name, n.post.title.rsplit(" for ", 1)[1]): n.status for n in nominations
    }
    assert statuses == {
        ("Claire Dubois", "Operations"): "complete",
        ("Amina Wanjiru", "Operations"): "received",
        ("Amina Wanjiru", "Management and Reform"): "withdrawn",
        ("Javier Morales", "Management and Reform"): "incomplete",
        ("Maria Santos", "Management and Reform"): "late",
    }
    secretariat = User.objects.get(email="secretariat@nomina.example")
    decisions = AuditEvent.objects.filter(
        action__in=[
            "nomination.confirm_complete",
            "nomination.withdraw",
            "nomination.mark_incomplete",
        ]
    )
    assert decisions.count() == 3
    assert {event.actor_id for event in decisions} == {secretariat.pk}
    assert all(event.reason for event in decisions if event.action != "nomination.confirm_complete")


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing(capsys):
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first
    assert "already existed, password unchanged" in capsys.readouterr().out


@pytest.mark.django_db
def test_seed_demo_marks_a_few_states_non_represented_and_says_it_is_illustrative(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out

    non_represented = MemberState.objects.filter(is_represented=False)
    assert 0 < non_represented.count() < 20
    assert MemberState.objects.filter(is_member=True).count() == 193
    assert "Membership is illustrative, not the organization's data" in out
    for state in non_represented:
        assert state.name_en in out
    assert "import_member_states" in out
    assert all(state.contact_emails for state in MemberState.objects.all())


@pytest.mark.django_db
def test_seed_demo_leaves_an_imported_membership_alone(tmp_path, capsys):
    call_command("seed_demo")
    path = tmp_path / "membership.csv"
    path.write_text(
        "alpha3,is_member,is_represented,mission_emails,language\n"
        "TUV,yes,yes,mission@tuvalu.example,en\n"
        "FRA,yes,no,dp@diplomatie.example,fr\n"
    )
    call_command("import_member_states", str(path))
    imported = list(MemberState.objects.order_by("code").values())
    capsys.readouterr()

    call_command("seed_demo")

    assert list(MemberState.objects.order_by("code").values()) == imported
    out = capsys.readouterr().out
    assert "illustrative" not in out
    assert "Membership as imported" in out
