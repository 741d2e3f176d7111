"""Bench data, quickly (bulk_create) but shaped like a real season of calls.

175 member states of the UN reference; 20 calls of 3 posts each, a third of the posts
closed; each nomination carried by a note verbale of its state (one note carries one to
three nominations, one person sometimes for two posts of the call); a candidate per
state and person; most nominations with a CV, some with several versions; a few late
ones, some withdrawn. Seeded, so every run builds the same data.
"""

import contextlib
import csv
import datetime
import hashlib
import random

from django.db import transaction
from django.utils import timezone

from nominations.models import (
    Call,
    Candidate,
    Document,
    MemberState,
    Nomination,
    NoteVerbale,
    Post,
)
from nominations.models.candidates import identity_key, normalise_name
from nominations.reference_data import UN_MEMBER_STATES
from workflows import audit

STATES = 175
CALLS = 20
POSTS_PER_CALL = 3
GIVEN = ["Amina", "Jean", "María", "Li", "Olga", "Kwame", "Sofia", "Ahmed", "Yuki", "Pedro"]
FAMILY = ["Diallo", "Martin", "García", "Wang", "Ivanova", "Mensah", "Rossi", "Khan", "Sato"]
CV = b"%PDF-1.4\n% a bench CV\n"


@contextlib.contextmanager
def dates_as_given(*models):
    """Let bulk_create keep the creation dates the seed gives (not 'now' for all)."""
    fields = [
        field for model in models for field in model._meta.concrete_fields
        if getattr(field, "auto_now_add", False)
    ]  # fmt: skip
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


class Season:
    """The reference data and a deterministic stream of notes verbales to log."""

    def __init__(self, seed=8, busy_share=0.0):
        self.rng = random.Random(seed)
        # The share of notes that come from France (the first state), beyond its turn
        # among the others: bench/portal.py's busy mission. 0 keeps the stream as it was.
        self.busy_share = busy_share
        self.now = timezone.now().replace(microsecond=0)
        self.states = self._member_states()
        self.posts = self._calls_and_posts()
        self.serial = 0

    def _member_states(self):
        with open(UN_MEMBER_STATES, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        MemberState.objects.bulk_create(
            MemberState(
                code=row["alpha3"],
                name_en=row["name_en"],
                name_fr=row["name_fr"],
                name_es=row["name_es"],
                region=row["un_region"],
                is_member=index < STATES,
                contact_emails=[f"mission-{row['alpha3'].lower()}@missions.test"],
            )
            for index, row in enumerate(rows)
        )
        members = list(MemberState.objects.filter(is_member=True).order_by("code"))
        france = next(state for state in members if state.code == "FRA")
        return [france] + [state for state in members if state is not france]

    def _calls_and_posts(self):
        today = timezone.localdate()
        posts = []
        for number in range(CALLS):
            closed = number % 3 == 0
            deadline = today + datetime.timedelta(days=-20 - number if closed else 10 + number)
            call = Call.objects.create(
                reference=f"EO/{700 + number}/2026",
                title=f"Call for nominations {number + 1}",
                issued_on=deadline - datetime.timedelta(days=60),
                deadline_date=deadline,
                place="Geneva",
            )
            for slot in range(POSTS_PER_CALL):
                posts.append(
                    Post.objects.create(
                        call=call,
                        title=f"Director, Department {number + 1}.{slot + 1}",
                        duty_station="Geneva, Switzerland",
                        grade="D-2",
                        required_languages=["en"],
                        status=Post.Status.CLOSED if closed else Post.Status.OPEN,
                    )
                )
        return posts

    def notes(self):
        """Endless (note, [(candidate, [posts])]) plans, France's first."""
        rng = self.rng
        first = True
        while True:
            busy = self.busy_share and rng.random() < self.busy_share
            state = self.states[0] if first or busy else rng.choice(self.states)
            first = False
            call_id = rng.choice(self.posts).call_id
            call_posts = [post for post in self.posts if post.call_id == call_id]
            received = call_posts[0].deadline - datetime.timedelta(
                hours=rng.randint(-72, 24 * 50)
            )  # a few arrive after the deadline
            people = []
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                self.serial += 1
                posts = rng.sample(call_posts, 2 if rng.random() < 0.15 else 1)
                people.append((self.serial, posts))
            yield state, min(received, self.now - datetime.timedelta(minutes=5)), people


class Seeder:
    def __init__(self, season):
        self.season = season
        self.stream = season.notes()
        self.pending = []

    def _plans(self, count):
        plans = []
        while sum(len(posts) for _, _, people in plans for _, posts in people) < count:
            plans.append(next(self.stream))
        return plans

    @transaction.atomic
    def add(self, count):
        """Log ``count`` more nominations (a last note may carry fewer than planned)."""
        rng = self.season.rng
        plans = self._plans(count)
        with dates_as_given(NoteVerbale, Candidate, Nomination, Document):
            notes = NoteVerbale.objects.bulk_create(
                NoteVerbale(
                    direction=NoteVerbale.Direction.INCOMING,
                    member_state=state,
                    call_id=people[0][1][0].call_id,
                    reference=f"{state.code}/NV/{people[0][0]}",
                    dated_on=(received - datetime.timedelta(days=2)).date(),
                    received_at=received,
                    channel=rng.choice(["email", "email", "portal", "paper"]),
                    subject="Nomination of candidates",
                    created_at=received + datetime.timedelta(hours=1),
                )
                for state, received, people in plans
            )
            candidates, nominations = [], []
            for note, (state, _, people) in zip(notes, plans, strict=True):
                for serial, posts in people:
                    name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {serial}"
                    email = f"candidate{serial}@example.test" if rng.random() < 0.9 else ""
                    born = datetime.date(1960 + serial % 25, 1 + serial % 12, 1 + serial % 28)
                    candidate = Candidate(
                        member_state=state,
                        full_name=name,
                        normalised_name=normalise_name(name),
                        identity=identity_key(name, email, born),
                        nationality=state,
                        gender=rng.choice(["female", "male", "female", "male", "undisclosed"]),
                        date_of_birth=born,
                        email=email,
                        phone="+41 22 000 00 00" if rng.random() < 0.7 else "",
                        languages=["en", "fr"][: rng.randint(1, 2)],
                        created_at=note.created_at,
                    )
                    candidates.append(candidate)
                    for post in posts:
                        nominations.append((candidate, post, note))
            nominations = nominations[:count]
            Candidate.objects.bulk_create(candidates)
            rows = Nomination.objects.bulk_create(
                self._nomination(candidate, post, note, rng)
                for candidate, post, note in nominations
            )
            Document.objects.bulk_create(
                document for nomination in rows for document in self._documents(nomination, rng)
            )
        # Audited as every change is: the page cache's version follows the audit log.
        audit.record("bench.seed", actor=None, details={"nominations": len(rows)})
        return len(rows)

    @staticmethod
    def _nomination(candidate, post, note, rng):
        late = note.received_at >= post.deadline
        if late:
            status = rng.choice(["late", "late", "rejected", "received"])
        else:
            status = rng.choices(
                ["received", "incomplete", "complete", "withdrawn"], weights=[40, 15, 40, 5]
            )[0]
        return Nomination(
            post=post,
            member_state=note.member_state,
            candidate=candidate,
            note_verbale=note,
            is_late=late,
            status=status,
            created_at=note.created_at,
        )

    @staticmethod
    def _documents(nomination, rng):
        if nomination.status != "complete" and rng.random() < 0.4:
            return []
        versions = 2 if rng.random() < 0.1 else 1
        return [
            Document(
                nomination=nomination,
                kind=Document.Kind.CV,
                version=version,
                file=f"documents/bench-cv-{nomination.pk}-{version}",
                original_name=f"CV v{version}.pdf",
                content_type="application/pdf",
                size=len(CV),
                sha256=hashlib.sha256(CV).hexdigest(),
                uploaded_at=nomination.created_at,
            )
            for version in range(1, versions + 1)
        ]
