"""The demo data of DESIGN §4.5: call EO/821/2023 as it stood after 15 November 2023."""

import datetime
import json
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts import roles
from accounts.models import User
from accounts.services import create_account, ensure_groups
from workflows import audit
from workflows.intake import CandidateDetails, IncomingNote, log_nomination
from workflows.models import AuditEvent

from . import membership
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

# (state, candidate, gender, e-mail, posts, received in Geneva time)
DEMO_NOMINATIONS = [
    ("FRA", "Claire Dubois", "female", "c.dubois@example.fr", [0], (2023, 11, 2, 10, 15)),
    ("KEN", "Amina Wanjiru", "female", "a.wanjiru@example.ke", [0, 1], (2023, 11, 14, 16, 40)),
    ("MEX", "Javier Morales", "male", "j.morales@example.mx", [1], (2023, 11, 15, 23, 59)),
    ("PHL", "Maria Santos", "female", "", [1], (2023, 11, 16, 9, 30)),
]


def _load_call(filename, *, status, issued_on=None, deadline_date=None):
    with open(DATA_DIR / filename) as handle:
        data = json.load(handle)
    call, _ = Call.objects.get_or_create(
        reference=data["reference"],
        defaults={
            "title": data["title"],
            "issued_on": datetime.date.fromisoformat(data["issued_on"])
            if data.get("issued_on")
            else issued_on,
            "deadline_date": datetime.date.fromisoformat(data["deadline_date"])
            if data.get("deadline_date")
            else deadline_date,
            "place": data.get("place", "Geneva"),
            "note_verbale_text": data.get("note_verbale_text", ""),
        },
    )
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
            codes = {c["code"]: c["level"] for c in entry.get("competencies", [])}
            competencies = Competency.objects.filter(code__in=codes)
            PostCompetency.objects.bulk_create(
                PostCompetency(post=post, competency=c, level=codes[c.code]) for c in competencies
            )
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


def _nominations(posts):
    if any(post.nominations.exists() for post in posts):
        return 0
    secretariat = User.objects.get(email="secretariat@nomina.example")
    count = 0
    for code, name, gender, email, post_indexes, received in DEMO_NOMINATIONS:
        state = MemberState.objects.get(code=code)
        received_at = datetime.datetime(*received, tzinfo=GENEVA)
        created = log_nomination(
            actor=secretariat,
            note=IncomingNote(
                member_state=state,
                channel="email",
                received_at=received_at,
                reference=f"NV/{code}/2023/{count + 1:03d}",
                dated_on=received_at.date(),
            ),
            candidate=CandidateDetails(
                full_name=name, nationality=state, gender=gender, email=email
            ),
            posts=[posts[i] for i in post_indexes],
        )
        count += len(created)
    return count


def seed(password):
    """Load everything; a second run finds it all there and changes nothing."""
    with transaction.atomic():
        states = load_member_states()
        illustrative = _demo_membership()
        competencies = load_competency_framework()
        call, posts = _load_call("eo_821_2023.json", status=Post.Status.CLOSED)
        jpo_call, jpo_posts = _load_call(
            "jpo_data_knowledge_officer.json",
            status=Post.Status.DRAFT,
            deadline_date=datetime.date(2027, 1, 31),
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
