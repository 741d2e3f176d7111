"""Two member states with everything a mission can be shown, for the isolation suites
(tests/portal/test_isolation.py, tests/api/test_mission_isolation.py).

State A is France (the ``mission`` fixture's); state B is Kenya, renamed here to names
no page could print by chance. Each has nominations with CVs and history, incoming notes
verbales with their scans, outgoing notes with their PDFs; B has a call addressed to it
alone with a post and its terms of reference. A's own nominations went through
screening by a named reviewer with an internal reason, and through the Secretariat's
decisions with reasons: none of that may reach A either.
"""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from nominations.models import Call, Document, MemberState, NoteVerbale
from tests import factories
from workflows.transitions import take

# What only state B's side holds: none of it may appear in anything state A is shown.
B_NAMES = {
    "name_en": "Zembla Republic",
    "name_fr": "République de Zembla",
    "name_es": "República de Zembla",
}
B_CANDIDATES = ["Amina Wanjiru", "Otieno Kamau", "Wairimu Njeri"]
B_EMAILS = ["amina@secret.ke", "otieno@secret.ke", "wairimu@secret.ke"]
B_REFERENCES = ["ZEM/NV/777/2026", "ZEM/NV/778/2026", "EO/902/2026", "EO/903/2026"]
B_CALL = "EO/999/2026"
B_POST = "Zembla Only Post"
B_FILE_CONTENT = [b"%PDF-1.4 zembla cv", b"%PDF-1.4 zembla scan", b"%PDF-1.4 zembla ack"]
B_REASONS = ["ZEMBLA-INCOMPLETE-REASON", "ZEMBLA-LATE-REJECTION", "ZEMBLA-SCREENING"]

# What happened inside the organization about A's own nominations.
REVIEWER = {"first_name": "Rita", "last_name": "Reviewerova", "email": "rita.reviewerova@eo.test"}
DESK = {"first_name": "Desmond", "last_name": "Deskworth", "email": "desmond.deskworth@eo.test"}
# The reviewer's reason for finding A's candidate ineligible: never shown to a mission.
SCREENING_REASON = "SCREENING-NOTE-FOR-A"
# The Secretariat's reasons for its decisions on A's nominations: the portal's history
# shows no reason at all; the API's history shows these (README, REST API), not screening's.
DECISION_REASONS = ["A-LATE-REJECTION-REASON", "A-WITHDRAWAL-REASON"]
# Marking a nomination incomplete gives the mission's own "what is missing" when no CV or
# contact detail is lacking (reminders/kinds.py missing()): written for the mission.
INCOMPLETE_REASON = "Please send the signed note."


def b_secrets():
    """Every string of B's that A must never read (state names, people, references)."""
    return [
        *B_NAMES.values(),
        *B_CANDIDATES,
        *B_EMAILS,
        *B_REFERENCES,
        B_CALL,
        B_POST,
        *B_REASONS,
    ]


def internal_secrets():
    """Who reviewed and decided A's nominations, and the internal reasons they gave."""
    names = [f"{p['first_name']} {p['last_name']}" for p in (REVIEWER, DESK)]
    return [*names, REVIEWER["last_name"], DESK["last_name"], REVIEWER["email"], DESK["email"]]


def _document(content, name, **fields):
    return Document.objects.create(
        file=ContentFile(content, name=name),
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        **fields,
    )


def _outgoing(state, reference, kind=NoteVerbale.Kind.ACKNOWLEDGEMENT, **kwargs):
    return factories.NoteVerbaleFactory(
        direction=NoteVerbale.Direction.OUTGOING,
        kind=kind,
        member_state=state,
        reference=reference,
        received_at=None,
        **kwargs,
    )


def _named(role, person, **kwargs):
    user = factories.account(role, email=person["email"], **kwargs)
    user.first_name, user.last_name = person["first_name"], person["last_name"]
    user.save(update_fields=["first_name", "last_name"])
    return user


def build(member_states):
    a, b = member_states["FRA"], member_states["KEN"]
    MemberState.objects.filter(pk=b.pk).update(**B_NAMES)
    reviewer = _named("executive", REVIEWER)
    desk = _named("secretariat", DESK)
    yesterday = timezone.now() - datetime.timedelta(days=1)

    call = factories.CallFactory(reference="EO/821/2023")
    open_post = factories.PostFactory(call=call, title="DDG Operations", status="open")
    listed_post = factories.PostFactory(call=call, title="DDG Management", status="shortlisting")
    closed_post = factories.PostFactory(call=call, title="DDG Programmes", status="closed")
    _document(b"%PDF-1.4 terms", "terms.pdf", kind=Document.Kind.TERMS_OF_REFERENCE, post=open_post)

    sponsored = factories.CallFactory(
        reference=B_CALL, addressees=Call.Addressees.CHOSEN, title="Sponsored by Zembla"
    )
    sponsored.addressed_states.set([b])
    b_post = factories.PostFactory(call=sponsored, title=B_POST, status="open")
    b_terms = _document(
        b"%PDF-1.4 zembla terms", "terms.pdf", kind=Document.Kind.TERMS_OF_REFERENCE, post=b_post
    )

    def nominate(state, post, name, reference, status="received", email=None, **kwargs):
        nomination = factories.NominationFactory(
            post=post,
            member_state=state,
            candidate__full_name=name,
            candidate__email=email or f"{name.split()[0].lower()}@example.fr",
            note_verbale__reference=reference,
            note_verbale__received_at=yesterday,
            status=status,
            **kwargs,
        )
        return nomination

    # State A: one received with its CV and note scan, one screened ineligible, one
    # marked incomplete, one late and rejected, one withdrawn; each with reasons.
    a_own = nominate(a, open_post, "Claire Dubois", "FRA/NV/12/2026")
    a_cv = factories.add_document(a_own, content=b"%PDF-1.4 own cv")
    a_scan = _document(
        b"%PDF-1.4 own scan",
        "scan.pdf",
        kind=Document.Kind.NOTE_VERBALE,
        nomination=a_own,
        note_verbale=a_own.note_verbale,
    )
    a_screened = nominate(a, listed_post, "Louis Martin", "FRA/NV/13/2026", status="complete")
    factories.add_document(a_screened, content=b"%PDF-1.4 screened cv")
    take(a_screened, "screen_ineligible", actor=reviewer, reason=SCREENING_REASON)
    a_incomplete = nominate(a, open_post, "Sophie Laurent", "FRA/NV/14/2026")
    take(a_incomplete, "mark_incomplete", actor=desk, reason=INCOMPLETE_REASON)
    a_late = nominate(a, closed_post, "Henri Lefèvre", "FRA/NV/15/2026", status="late")
    take(a_late, "reject_late", actor=desk, reason=DECISION_REASONS[0])
    a_withdrawn = nominate(a, open_post, "Marie Curie-Blanc", "FRA/NV/16/2026")
    take(a_withdrawn, "withdraw", actor=desk, reason=DECISION_REASONS[1])
    a_ack = _outgoing(a, "EO/901/2026", call=call, in_reply_to=a_own.note_verbale)
    a_ack_pdf = _document(
        b"%PDF-1.4 own ack", "note.pdf", kind=Document.Kind.NOTE_VERBALE, note_verbale=a_ack
    )

    # State B: the same kinds of thing.
    b_own = nominate(b, open_post, B_CANDIDATES[0], B_REFERENCES[0], email=B_EMAILS[0])
    b_cv = factories.add_document(b_own, content=B_FILE_CONTENT[0])
    b_scan = _document(
        B_FILE_CONTENT[1],
        "scan.pdf",
        kind=Document.Kind.NOTE_VERBALE,
        nomination=b_own,
        note_verbale=b_own.note_verbale,
    )
    take(b_own, "mark_incomplete", actor=desk, reason=B_REASONS[0])
    b_sponsored = nominate(b, b_post, B_CANDIDATES[1], B_REFERENCES[1], email=B_EMAILS[1])
    factories.add_document(b_sponsored, content=b"%PDF-1.4 zembla cv 2")
    b_screened = nominate(
        b,
        listed_post,
        B_CANDIDATES[2],
        "ZEM/NV/779/2026",
        status="complete",
        email=B_EMAILS[2],
        note_verbale=b_sponsored.note_verbale,
    )
    take(b_screened, "screen_ineligible", actor=reviewer, reason=B_REASONS[2])
    b_ack = _outgoing(b, B_REFERENCES[2], call=call, in_reply_to=b_own.note_verbale)
    b_ack_pdf = _document(
        B_FILE_CONTENT[2], "note.pdf", kind=Document.Kind.NOTE_VERBALE, note_verbale=b_ack
    )
    b_call_note = _outgoing(b, B_REFERENCES[3], kind=NoteVerbale.Kind.CALL, call=sponsored)
    b_call_note.posts.set([b_post])
    b_call_pdf = _document(
        b"%PDF-1.4 zembla call",
        "note.pdf",
        kind=Document.Kind.NOTE_VERBALE,
        note_verbale=b_call_note,
    )
    return {
        "a": a,
        "b": b,
        "reviewer": reviewer,
        "desk": desk,
        "call": call,
        "open_post": open_post,
        "listed_post": listed_post,
        "closed_post": closed_post,
        "a_nominations": [a_own, a_screened, a_incomplete, a_late, a_withdrawn],
        "a_own": a_own,
        "a_screened": a_screened,
        "a_cv": a_cv,
        "a_scan": a_scan,
        "a_ack": a_ack,
        "a_ack_pdf": a_ack_pdf,
        "sponsored": sponsored,
        "b_post": b_post,
        "b_terms": b_terms,
        "b_nominations": [b_own, b_sponsored, b_screened],
        "b_own": b_own,
        "b_sponsored": b_sponsored,
        "b_screened": b_screened,
        "b_cv": b_cv,
        "b_scan": b_scan,
        "b_notes": [b_own.note_verbale, b_sponsored.note_verbale, b_ack, b_call_note],
        "b_ack": b_ack,
        "b_call_note": b_call_note,
        "b_documents": [b_cv, b_scan, b_ack_pdf, b_call_pdf, b_terms],
    }


def assert_holds_nothing_of_b(text, where):
    """No name, reference or reason of state B in ``text`` (a page or an API answer)."""
    leaked = [secret for secret in b_secrets() if secret in text]
    assert not leaked, f"{where} shows state B's {leaked}"


def assert_holds_nothing_internal(text, where, reasons=(SCREENING_REASON, *DECISION_REASONS)):
    """No reviewer's or desk officer's name or address, and none of ``reasons``."""
    leaked = [s for s in [*internal_secrets(), *reasons] if s in text]
    assert not leaked, f"{where} shows what is internal: {leaked}"
