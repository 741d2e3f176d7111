import datetime
import hashlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.services import create_account
from nominations.models import (
    Call,
    Candidate,
    Document,
    MemberState,
    Nomination,
    NoteVerbale,
    Post,
)

PASSWORD = "correct horse battery staple"


def account(role, member_state=None, email=None):
    account.counter += 1
    email = email or f"{role}{account.counter}@nomina.test"
    return create_account(email, role=role, member_state=member_state, password=PASSWORD)


account.counter = 0


class MemberStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberState
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"X{n:02d}"[:3])
    name_en = factory.LazyAttribute(lambda o: f"State {o.code}")
    name_fr = factory.LazyAttribute(lambda o: f"État {o.code}")
    name_es = factory.LazyAttribute(lambda o: f"Estado {o.code}")
    region = "Europe"
    contact_emails = factory.LazyAttribute(lambda o: [f"mission-{o.code.lower()}@missions.test"])


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    # A series no test writes by hand (EO/999/2026, EO/902/2026...): never a duplicate,
    # whichever tests ran before in the process.
    reference = factory.Sequence(lambda n: f"EO/{5000 + n}/2026")
    title = "Call for nominations"
    # No issue date unless a test is about it: a note received before the issue date
    # is refused, and many tests log notes received at fixed dates.
    issued_on = None
    deadline_date = factory.LazyFunction(lambda: in_days(30))


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    call = factory.SubFactory(CallFactory)
    title = factory.Sequence(lambda n: f"Deputy Director General {n}")
    duty_station = "Geneva, Switzerland"
    grade = "DDG"
    background = "The Organization is committed to humane and orderly migration."
    duties = ["Lead the operations of the Organization."]
    min_degree = "masters"
    min_years_experience = 15
    required_languages = ["en"]
    status = Post.Status.OPEN


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    full_name = factory.Sequence(lambda n: f"Candidate Number{n}")
    member_state = factory.SubFactory(MemberStateFactory, code="FRA")
    nationality = factory.SelfAttribute("member_state")
    gender = "female"
    email = factory.Sequence(lambda n: f"candidate{n}@example.test")
    phone = "+41 22 000 00 00"


class NoteVerbaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoteVerbale

    direction = NoteVerbale.Direction.INCOMING
    member_state = factory.SubFactory(MemberStateFactory, code="FRA")
    reference = factory.Sequence(lambda n: f"NV/{n}")
    received_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    channel = NoteVerbale.Channel.EMAIL


class NominationFactory(factory.django.DjangoModelFactory):
    """A nomination row in any state, for tests of what follows its logging."""

    class Meta:
        model = Nomination

    post = factory.SubFactory(PostFactory)
    member_state = factory.SubFactory(MemberStateFactory, code="FRA")
    candidate = factory.SubFactory(
        CandidateFactory, member_state=factory.SelfAttribute("..member_state")
    )
    note_verbale = factory.SubFactory(
        NoteVerbaleFactory, member_state=factory.SelfAttribute("..member_state")
    )
    status = Nomination.Status.RECEIVED


def add_document(nomination, kind="cv", content=b"%PDF-1.4\n% a CV\n", name="cv.pdf"):
    return Document.objects.create(
        nomination=nomination,
        kind=kind,
        file=ContentFile(content, name=name),
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
