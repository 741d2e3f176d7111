"""The demo data of DESIGN §4.5: call EO/821/2023 as it stood after 15 November 2023."""

import dataclasses
import datetime
import json
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from accounts import roles
from accounts.models import User
from accounts.services import create_account, ensure_groups
from workflows import audit
from workflows.documents import store_document
from workflows.intake import CandidateDetails, IncomingNote, log_nomination
from workflows.models import AuditEvent
from workflows.transitions import take

from . import membership
from .demo_cv import cv_pdf
from .models import Call, Competency, MemberState, Post, PostCompetency
from .reference_data import DATA_DIR, load_competency_framework, load_member_states

GENEVA = ZoneInfo("Europe/Zurich")

DEMO_ACCOUNTS = [
    ("secretariat@nomina.example", roles.SECRETARIAT, None),
    ("executive@nomina.example", roles.EXECUTIVE, None),
    ("executive2@nomina.example", roles.EXECUTIVE, None),
    ("auditor@nomina.example", roles.AUDITOR, None),
    ("mission-fra@nomina.example", roles.MISSION, "FRA"),
    ("mission-ken@nomina.example", roles.MISSION, "KEN"),
]

# The demo nominations are illustrative: invented candidates, contact details and
# mission references, each state's in its own style. (state, note reference, note dated,
# received in Geneva time, channel, candidate, posts.)
DEMO_NOMINATIONS = [
    (
        "FRA",
        "2023-0845612/DFRA",
        (2023, 10, 30),
        (2023, 11, 2, 10, 15),
        "email",
        CandidateDetails(
            full_name="Claire Dubois",
            nationality=None,
            gender="female",
            email="c.dubois@example.fr",
            phone="+33 6 12 34 56 78",
            postal_address="14 rue de l'Exemple\n75007 Paris\nFrance",
            languages=["fr", "en", "es"],
        ),
        [0],
    ),
    (
        "KEN",
        "KMG/ADM/7/VOL.III/(112)",
        (2023, 11, 13),
        (2023, 11, 14, 16, 40),
        "hand",
        CandidateDetails(
            full_name="Amina Wanjiru",
            nationality=None,
            gender="female",
            email="a.wanjiru@example.ke",
            phone="+254 722 000 111",
            postal_address="P.O. Box 00000-00100\nNairobi\nKenya",
            languages=["en", "fr"],
        ),
        [0, 1],
    ),
    (
        "MEX",
        "OGE-02817",
        (2023, 11, 14),
        (2023, 11, 15, 23, 59),
        "email",
        CandidateDetails(
            full_name="Javier Morales",
            nationality=None,
            gender="male",
            email="j.morales@example.mx",
            phone="+52 55 1234 5678",
            postal_address="Avenida Ejemplo 123, Colonia Centro\n06000 Ciudad de México\nMéxico",
            languages=["es", "en"],
        ),
        [1],
    ),
    (
        "PHL",
        "No. 0456-2023",
        (2023, 11, 13),
        (2023, 11, 16, 9, 30),
        "post",
        CandidateDetails(
            full_name="Maria Santos",
            nationality=None,
            gender="female",
            email="m.santos@example.ph",
            phone="+63 917 123 4567",
            postal_address="123 Example Street, Makati City\n1200 Metro Manila\nPhilippines",
            languages=["en", "es"],
        ),
        [1],
    ),
]

# What the Secretariat decided after 15 November, through the transition service:
# (candidate, post, transition, reason). The others stay as logged (received or late).
DEMO_DECISIONS = [
    ("Claire Dubois", 0, "confirm_complete", ""),
    (
        "Amina Wanjiru",
        1,
        "withdraw",
        "Withdrawn by note verbale KMG/ADM/7/VOL.III/(131) of 20 November 2023 of the "
        "Permanent Mission of Kenya: the candidate stands for Operations only.",
    ),
    (
        "Javier Morales",
        1,
        "mark_incomplete",
        "The curriculum vitae gives no dates of employment: the Permanent Mission has been "
        "asked for a detailed curriculum vitae, as the call requires.",
    ),
]


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _stated_competencies(post, entries):
    """The post's competencies as its call words them, each checked against the framework."""
    framework = {entry.code: entry for entry in Competency.objects.all()}
    rows = []
    for position, entry in enumerate(entries):
        row = PostCompetency(
            post=post,
            position=position,
            kind=entry["kind"],
            name=entry["name"],
            description=entry.get("description", ""),
            level=entry.get("level"),
            competency=framework[entry["framework"]] if entry.get("framework") else None,
        )
        row.full_clean()
        rows.append(row)
    PostCompetency.objects.bulk_create(rows)


def _load_call(filename, *, status):
    """Load a call as its source states it; what the source leaves out stays empty."""
    with open(DATA_DIR / filename) as handle:
        data = json.load(handle)
    call, created = Call.objects.get_or_create(
        reference=data["reference"],
        defaults={
            "title": data.get("title", ""),
            "issued_on": _date(data.get("issued_on")),
            "deadline_date": _date(data.get("deadline_date")),
            "place": data.get("place", ""),
            "addressee_line": data.get("addressee_line", ""),
            "enquiry_email": data.get("enquiry_email", ""),
            "addressees": data.get("addressees", Call.Addressees.MEMBERS),
            "note_verbale_text": data.get("note_verbale_text", ""),
        },
    )
    if created and data.get("addressed_states"):
        call.addressed_states.set(MemberState.objects.filter(code__in=data["addressed_states"]))
    posts = []
    for entry in data["posts"]:
        post = Post.objects.filter(call=call, title=entry["title"]).first()
        if post is None:
            post = Post.objects.create(
                call=call,
                status=status,
                **{
                    key: entry.get(key, field_default)
                    for key, field_default in [
                        ("title", ""),
                        ("duty_station", ""),
                        ("grade", ""),
                        ("organizational_unit", ""),
                        ("reports_to", ""),
                        ("background", ""),
                        ("duties_intro", ""),
                        ("duties", []),
                        ("other_requirements", ""),
                        ("min_degree", "none"),
                        ("education", ""),
                        ("min_years_experience", 0),
                        ("experience", ""),
                        ("required_languages", []),
                        ("asset_languages", []),
                        ("languages_text", ""),
                    ]
                },
            )
            _stated_competencies(post, entry.get("competencies", []))
            audit.record(
                "post.import",
                actor=None,
                obj=post,
                to_state=status,
                details={"source": filename, "call": call.reference},
            )
        posts.append(post)
    return call, posts


DEMO_MEMBERSHIP = DATA_DIR / "member_states.csv"


def _demo_membership():
    """Apply the illustrative membership once, never over the organization's.

    Returns whether the membership in place is the demo's (no file imported)."""
    if AuditEvent.objects.filter(action="member_states.import").exists():
        return False
    if not AuditEvent.objects.filter(action="member_states.demo_membership").exists():
        content = DEMO_MEMBERSHIP.read_bytes()
        rows = membership.parse(content, {state.code for state in MemberState.objects.all()})
        membership.apply(
            rows,
            source=f"demo_data/{DEMO_MEMBERSHIP.name}",
            content=content,
            action="member_states.demo_membership",
        )
    return True


def _accounts(password):
    ensure_groups()
    made = []
    for email, role, code in DEMO_ACCOUNTS:
        if User.objects.filter(email=email).exists():
            continue
        state = MemberState.objects.get(code=code) if code else None
        made.append(create_account(email, role=role, member_state=state, password=password))
    return made


def _curriculum_vitae(nomination, actor):
    person = nomination.candidate
    content = cv_pdf(
        [
            person.full_name,
            "Curriculum vitae (demo document)",
            f"Nominated by {nomination.member_state.name_en} for {nomination.post.title}",
            f"E-mail: {person.email}",
            f"Telephone: {person.phone}",
            *person.postal_address.splitlines(),
        ]
    )
    name = f"CV {person.full_name}.pdf"
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    store_document(nomination, kind="cv", uploaded_file=upload, actor=actor)


def _nominations(posts):
    """Log the demo notes as the Secretariat did, attach each CV, then take its decisions."""
    if any(post.nominations.exists() for post in posts):
        return 0
    secretariat = User.objects.get(email="secretariat@nomina.example")
    logged = {}
    for code, reference, dated, received, channel, details, post_indexes in DEMO_NOMINATIONS:
        state = MemberState.objects.get(code=code)
        received_at = datetime.datetime(*received, tzinfo=GENEVA)
        created = log_nomination(
            actor=secretariat,
            note=IncomingNote(
                member_state=state,
                channel=channel,
                received_at=received_at,
                reference=reference,
                dated_on=datetime.date(*dated),
            ),
            candidate=dataclasses.replace(details, nationality=state),
            posts=[posts[i] for i in post_indexes],
        )
        for index, nomination in zip(post_indexes, created, strict=True):
            _curriculum_vitae(nomination, secretariat)
            logged[details.full_name, index] = nomination
    for name, index, transition, reason in DEMO_DECISIONS:
        take(logged[name, index], transition, actor=secretariat, reason=reason)
    return len(logged)


def seed(password):
    """Load everything; a second run finds it all there and changes nothing."""
    with transaction.atomic():
        states = load_member_states()
        illustrative = _demo_membership()
        competencies = load_competency_framework()
        call, posts = _load_call("eo_821_2023.json", status=Post.Status.CLOSED)
        jpo_call, jpo_posts = _load_call(
            "jpo_data_knowledge_officer.json", status=Post.Status.DRAFT
        )
        accounts = _accounts(password)
        nominations = _nominations(posts)
    return {
        "member_states": states,
        "membership_illustrative": illustrative,
        "non_represented": list(MemberState.objects.filter(is_member=True, is_represented=False)),
        "competencies": competencies,
        "calls": [call, jpo_call],
        "posts": posts + jpo_posts,
        "accounts": accounts,
        "nominations": nominations,
    }
