"""The executive office's demo (after seed_demo): DDG Operations of EO/821/2023 in
shortlisting, with eligible candidates screened and rated by three members with
nationalities, and a proposed shortlist waiting for another member's approval.

Illustrative, not the organization's: the added candidates, the screening findings, the
ratings and the rationales. The screening and the ratings are written as rows (with the
transitions through the service); the review pages are where members make them.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import create_account
from nominations.demo import GENEVA, _curriculum_vitae
from nominations.models import Call, MemberState, Nomination, PostCompetency
from review.models import Assessment, CriterionCheck, Rating
from workflows.intake import CandidateDetails, IncomingNote, log_nomination
from workflows.shortlists import pending, propose_shortlist
from workflows.transitions import take

MEMBERS = [
    ("executive@nomina.example", "CHE"),
    ("executive2@nomina.example", "BRA"),
    ("executive3@nomina.example", "JPN"),
]
# (state, name, gender, languages): on time, received 10 November 2023.
MORE_CANDIDATES = [
    ("NGA", "Ngozi Okafor", "female", ["en", "fr"]),
    ("COM", "Said Ahmed Mohamed", "male", ["fr", "en"]),
    ("CAN", "Émilie Tremblay", "female", ["en", "fr"]),
    ("VNM", "Tran Van Minh", "male", ["en", "fr"]),
    ("GNQ", "Teresa Obiang Nsue", "female", ["es", "en"]),
]
# Who fails the degree (screened ineligible, with the reason).
INELIGIBLE = "Tran Van Minh"


def _members(password):
    members = []
    for email, code in MEMBERS:
        state = MemberState.objects.get(code=code)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = create_account(email, role="executive", password=password, nationality=state)
        elif user.nationality_id is None:
            user.nationality = state
            user.save(update_fields=["nationality"])
        members.append(user)
    return members


def _add_candidates(post, secretariat):
    for index, (code, name, gender, languages) in enumerate(MORE_CANDIDATES):
        state = MemberState.objects.get(code=code)
        if post.nominations.filter(candidate__full_name=name).exists():
            continue
        slug = name.split()[0].lower()
        created = log_nomination(
            actor=secretariat,
            note=IncomingNote(
                member_state=state,
                channel="email",
                received_at=datetime.datetime(2023, 11, 10, 9 + index, 0, tzinfo=GENEVA),
                reference=f"{code}/NV/2023/{410 + index}",
                dated_on=datetime.date(2023, 11, 8),
            ),
            candidate=CandidateDetails(
                full_name=name,
                nationality=state,
                gender=gender,
                email=f"{slug}@example.org",
                phone="+41 22 000 00 00",
                languages=languages,
            ),
            posts=[post],
        )
        _curriculum_vitae(created[0], secretariat)


def _settle_pending(post, secretariat):
    for nomination in post.nominations.filter(status__in=Nomination.PENDING):
        if nomination.status == "late":
            take(nomination, "accept_late", actor=secretariat, reason="Demo: accepted late")
            nomination.refresh_from_db()
        take(nomination, "confirm_complete", actor=secretariat)


def _screen(post, member):
    now = timezone.now()
    for nomination in post.nominations.filter(status="complete").select_related("candidate"):
        fails = nomination.candidate.full_name == INELIGIBLE
        findings = [
            (
                "degree",
                "not_met" if fails else "met",
                "Bachelor's degree only; the post requires a master's degree"
                if fails
                else "Master's degree in international relations",
                "Education",
            ),
            ("experience", "met", "Over fifteen years of senior management", "Experience"),
            ("language:en", "met", "Working language throughout", "Languages"),
            (
                "asset:language:fr",
                "met" if "fr" in nomination.candidate.languages else "not_met",
                "Second working language as stated",
                "Languages",
            ),
        ]
        for criterion, finding, justification, cv in findings:
            CriterionCheck.objects.get_or_create(
                nomination=nomination,
                criterion=criterion,
                defaults={
                    "is_asset": criterion.startswith("asset:"),
                    "finding": finding,
                    "justification": justification,
                    "cv_reference": cv,
                    "checked_by": member,
                    "checked_at": now,
                },
            )
        if fails:
            take(
                nomination,
                "screen_ineligible",
                actor=member,
                reason="Minimum degree not met: a bachelor's degree only",
            )
        else:
            take(nomination, "screen_eligible", actor=member)


def _rate(post, members):
    generator = random.Random(821)
    competencies = list(PostCompetency.objects.filter(post=post).order_by("position", "id"))
    for nomination in post.nominations.filter(status="eligible").select_related("candidate"):
        base = generator.choice([2.6, 3.2, 3.6, 4.1])
        for member in members:
            if member.nationality_id == nomination.candidate.nationality_id:
                continue
            assessment, created = Assessment.objects.get_or_create(
                nomination=nomination,
                member=member,
                defaults={"submitted_at": timezone.now()},
            )
            if not created:
                continue
            Rating.objects.bulk_create(
                [
                    Rating(
                        assessment=assessment,
                        post_competency=pc,
                        score=max(1, min(5, round(base + generator.uniform(-1.2, 1.2)))),
                        comment="",
                    )
                    for pc in competencies
                ]
            )


def _propose(post, proposer):
    if pending(post) is not None or post.status != "shortlisting":
        return None
    eligible = list(post.nominations.filter(status="eligible").select_related("candidate"))
    means = {}
    for nomination in eligible:
        scores = list(
            Rating.objects.filter(
                assessment__nomination=nomination, assessment__submitted_at__isnull=False
            ).values_list("score", flat=True)
        )
        means[nomination.pk] = sum(scores) / len(scores) if scores else 0
    ranked = sorted(eligible, key=lambda n: -means[n.pk])
    chosen = ranked[:3]
    rationales = {
        n.pk: (
            f"Mean rating {means[n.pk]:.2f}: among the strongest on the competencies required."
            if n in chosen
            else f"Mean rating {means[n.pk]:.2f}: below the shortlisted candidates."
        )
        for n in eligible
    }
    return propose_shortlist(
        post,
        actor=proposer,
        nominations=chosen,
        rationales=rationales,
        comment="Three candidates, the strongest on the framework's competencies.",
    )


def seed(password, *, propose=True):
    call = Call.objects.get(reference="EO/821/2023")
    post = call.posts.order_by("id").first()
    secretariat = User.objects.get(email="secretariat@nomina.example")
    with transaction.atomic():
        members = _members(password)
        if post.status == "closed":
            _add_candidates(post, secretariat)
            _settle_pending(post, secretariat)
            take(post, "start_shortlisting", actor=secretariat)
            post.refresh_from_db()
        if post.status == "shortlisting":
            _screen(post, members[0])
            _rate(post, members)
        proposal = _propose(post, members[0]) if propose else None
    return {"post": post, "members": members, "proposal": proposal}
