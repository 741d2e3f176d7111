"""Notes verbales as the missions receive them: a PDF in the mission's language attached to a
short e-mail, read back with pypdf."""

import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from pypdf import PdfReader

from nominations.models import Call, Document, NoteVerbale
from notifications import tasks
from notifications.models import OutgoingMessage
from tests import factories
from workflows import transitions
from workflows.call_issue import issue_call
from workflows.intake import CandidateDetails, IncomingNote, log_nominations

GENEVA = ZoneInfo("Europe/Zurich")
NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=GENEVA)
DEADLINE = datetime.date(2027, 1, 15)

# (language, state, its names, the mission as the note names it, the deadline as written,
# the closing formula)
MISSIONS = [
    (
        "en",
        ("KEN", "Kenya", "Kenya", "Kenya"),
        "Permanent Mission of Kenya",
        "15 January 2027 at 23:59 Geneva time (CET, UTC+01:00)",
        "The International Organization for Migration avails itself of this opportunity to "
        "renew to the Permanent Mission of Kenya the assurances of its highest consideration.",
    ),
    (
        "fr",
        ("FRA", "France", "France", "Francia"),
        "Mission permanente de la France",
        "15 janvier 2027 à 23 h 59, heure de Genève (UTC+01:00)",
        "L’Organisation internationale pour les migrations saisit cette occasion pour "
        "renouveler à la Mission permanente de la France les assurances de sa très haute "
        "considération.",
    ),
    (
        "es",
        ("MEX", "Mexico", "Mexique", "México"),
        "Misión Permanente de México",
        "15 de enero de 2027 a las 23.59 horas, hora de Ginebra (UTC+01:00)",
        "La Organización Internacional para las Migraciones aprovecha la oportunidad para "
        "reiterar a la Misión Permanente de México el testimonio de su más alta consideración.",
    ),
]


def text_of(pdf):
    """The PDF's text as one line: words broken by hyphenation joined, spaces collapsed."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"(\w)[-\u2010]\n(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\xa0", " "))


def _state(language, names):
    code, name_en, name_fr, name_es = names
    return factories.MemberStateFactory(
        code=code, name_en=name_en, name_fr=name_fr, name_es=name_es, language=language
    )


def _call(states):
    call = factories.CallFactory(
        reference="EO/821/2026",
        deadline_date=DEADLINE,
        enquiry_email="iomcr@iom.int",
        addressees=Call.Addressees.CHOSEN,
    )
    call.addressed_states.set(states)
    posts = [
        factories.PostFactory(call=call, status="draft", title=title)
        for title in (
            "Deputy Director General for Operations",
            "Deputy Director General for Management",
        )
    ]
    return call, posts


def _send_all():
    for message in OutgoingMessage.objects.order_by("pk"):
        tasks.send_message.apply(args=[message.pk])


def _note_pdf(email):
    (name, content, content_type) = next(a for a in email.attachments if "Not" in a[0])
    assert content_type == "application/pdf"
    return name, content


@pytest.fixture
def anymail(settings):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"


@pytest.mark.django_db
@pytest.mark.parametrize("language,names,mission,deadline,closing", MISSIONS)
def test_a_call_note_in_each_language_names_the_mission_the_reference_the_deadline_and_closes(
    anymail, secretariat, language, names, mission, deadline, closing
):
    state = _state(language, names)
    with time_machine.travel(NOW, tick=False):
        call, posts = _call([state])
        issue_call(call, actor=secretariat)
        _send_all()

    (email,) = mail.outbox
    note = NoteVerbale.objects.get(direction="outgoing", member_state=state)
    assert note.reference == "EO/001/2026"
    name, pdf = _note_pdf(email)
    assert name == f"{'Nota verbal' if language == 'es' else 'Note verbale'} EO-001-2026.pdf"
    text = text_of(pdf)
    assert mission in text
    assert "EO/001/2026" in text
    assert deadline in text
    assert closing in text
    assert "EO/821/2026" in text
    for post in posts:
        assert post.title in text


@pytest.mark.django_db
def test_the_call_email_is_short_in_the_missions_language_with_the_terms_of_reference(
    anymail, secretariat
):
    state = _state("fr", ("FRA", "France", "France", "Francia"))
    with time_machine.travel(NOW, tick=False):
        call, posts = _call([state])
        issue_call(call, actor=secretariat)
        _send_all()

    (email,) = mail.outbox
    assert email.subject == "Note verbale EO/001/2026 : Appel à candidatures EO/821/2026"
    assert email.body.startswith("À la Mission permanente de la France\n\n")
    assert (
        "Veuillez trouver ci-joint la note verbale EO/001/2026 du 1er décembre 2026" in email.body
    )
    assert "Le mandat de chacun des postes est également joint." in email.body
    assert len(email.body) < 600
    names = [attachment[0] for attachment in email.attachments]
    assert sorted(names) == sorted(
        ["Note verbale EO-001-2026.pdf"]
        + [f"Terms of reference - {post.title}.pdf" for post in posts]
    )
    terms = next(
        a[1]
        for a in email.attachments
        if a[0].startswith("Terms of reference - Deputy Director General for Operations")
    )
    terms_text = text_of(terms)
    assert "TERMS OF REFERENCE Call for nominations EO/821/2026" in terms_text
    assert "Deputy Director General for Operations" in terms_text
    assert posts[0].background in terms_text


@pytest.mark.django_db
def test_the_acknowledgement_cites_the_missions_note_the_candidates_and_their_posts(
    anymail, secretariat
):
    state = _state("es", ("MEX", "Mexico", "Mexique", "México"))
    with time_machine.travel(NOW, tick=False):
        call, posts = _call([state])
        issue_call(call, actor=secretariat)
        OutgoingMessage.objects.all().delete()  # only the acknowledgement is sent below
        log_nominations(
            actor=secretariat,
            note=IncomingNote(
                member_state=state,
                channel="email",
                received_at=NOW - datetime.timedelta(days=1),
                reference="OGE-02817",
                dated_on=datetime.date(2026, 11, 27),
            ),
            entries=[
                (CandidateDetails(full_name="Javier Morales", nationality=state), posts),
                (CandidateDetails(full_name="Lucía Herrera", nationality=state), posts[1:]),
            ],
        )
        _send_all()

    (email,) = mail.outbox  # one acknowledgement for the note and its three nominations
    assert email.subject.startswith(
        "Nota verbal EO/002/2026: Acuse de recibo de la nota verbal OGE-02817"
    )
    text = text_of(_note_pdf(email)[1])
    assert (
        "de acusar recibo de su nota verbal núm. OGE-02817 de fecha 27 de noviembre de 2026" in text
    )
    assert "recibida por la Secretaría el 30 de noviembre de 2026" in text
    assert (
        "Javier Morales, para los puestos de «Deputy Director General for Operations» y "
        "«Deputy Director General for Management»"
    ) in text
    assert "Lucía Herrera, para el puesto de «Deputy Director General for Management»" in text
    assert "fuera de plazo" not in text
    ack = NoteVerbale.objects.get(kind="acknowledgement")
    assert ack.in_reply_to.reference == "OGE-02817"


@pytest.mark.django_db
def test_a_late_nomination_is_acknowledged_as_late(anymail, secretariat, member_states):
    post = factories.PostFactory(status="closed", deadline_date=datetime.date(2026, 11, 15))
    state = member_states["KEN"]
    log_nominations(
        actor=secretariat,
        note=IncomingNote(
            member_state=state,
            channel="hand",
            received_at=datetime.datetime(2026, 11, 16, 9, 30, tzinfo=GENEVA),
            reference="KMG/ADM/7",
        ),
        entries=[(CandidateDetails(full_name="Amina Wanjiru", nationality=state), [post])],
    )
    _send_all()
    text = text_of(_note_pdf(mail.outbox[0])[1])
    assert (
        "reached the Secretariat after the deadline for nominations for the position of "
        f"{post.title}"
    ) in text
    assert "will decide whether the late nomination can be accepted" in text


@pytest.mark.django_db
def test_an_extension_gives_the_new_deadline_and_not_the_internal_reason(anymail, secretariat):
    state = _state("fr", ("FRA", "France", "France", "Francia"))
    with time_machine.travel(NOW, tick=False):
        call, posts = _call([state])
        issue_call(call, actor=secretariat)
        OutgoingMessage.objects.all().delete()
        transitions.take(
            posts[0],
            "extend_deadline",
            actor=secretariat,
            reason="Too few women among the candidates so far",
            deadline_date=datetime.date(2027, 2, 26),
        )
        _send_all()

    (email,) = mail.outbox
    assert email.subject == (
        "Note verbale EO/002/2026 : Report de la date limite : "
        "« Deputy Director General for Operations » (EO/821/2026)"
    )
    text = text_of(_note_pdf(email)[1])
    assert "au plus tard le 26 février 2027 à 23 h 59, heure de Genève (UTC+01:00)" in text
    assert "women" not in text + email.body


@pytest.mark.django_db
def test_the_pdf_is_rendered_once_however_often_the_message_is_handed_to_a_worker(
    secretariat, member_states, monkeypatch
):
    from notifications.notes import documents

    rendered = []
    real = documents.render_pdf
    monkeypatch.setattr(documents, "render_pdf", lambda html: rendered.append(1) or real(html))
    transitions.take(factories.PostFactory(status="draft"), "issue_call", actor=secretariat)
    message = OutgoingMessage.objects.filter(member_state__code="FRA").get()

    documents.prepare(message.pk)  # a worker killed after rendering, before claiming
    message.refresh_from_db()
    assert message.status == "queued"
    tasks.send_message.apply(args=[message.pk])
    tasks.send_message.apply(args=[message.pk])

    message.refresh_from_db()
    assert message.status == "sent"
    assert len(rendered) == 2  # the note and its post's terms of reference, once each
    pdfs = Document.objects.filter(note_verbale=message.note_verbale, kind="note_verbale")
    assert pdfs.count() == 1
    assert list(message.attachments.order_by("pk")) == [
        pdfs.get(),
        Document.objects.get(kind="terms"),
    ]
    assert len(mail.outbox) == 1
    assert len(mail.outbox[0].attachments) == 2


@pytest.mark.django_db
def test_the_terms_of_reference_are_rendered_once_for_every_mission(secretariat, member_states):
    transitions.take(factories.PostFactory(status="draft"), "issue_call", actor=secretariat)
    for message in OutgoingMessage.objects.order_by("pk"):
        tasks.send_message.apply(args=[message.pk])
    terms = Document.objects.get(kind="terms")
    assert [
        [name.split(" ")[0] for name, _content, _type in email.attachments] for email in mail.outbox
    ] == [["Note", "Terms"]] * 3
    assert {email.attachments[1][1] for email in mail.outbox} == {terms.file.open("rb").read()}


@pytest.mark.django_db
def test_a_note_that_cannot_be_rendered_stays_queued_with_the_error_for_its_retry(
    secretariat, member_states, monkeypatch
):
    from notifications.notes import documents

    def broken(html):
        raise OSError("Pango is missing")

    monkeypatch.setattr(documents, "render_pdf", broken)
    transitions.take(factories.PostFactory(status="draft"), "issue_call", actor=secretariat)
    message = OutgoingMessage.objects.filter(member_state__code="FRA").get()

    with pytest.raises(OSError):
        tasks.send_message(message.pk)

    message.refresh_from_db()
    # An attempt, retried after the backoff (tests/notifications/test_render_failures.py).
    assert (message.status, message.attempts) == ("queued", 1)
    assert message.last_error == "Its note verbale could not be rendered: OSError"
    assert not Document.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_mission_without_an_address_gets_its_pdf_without_an_email(
    secretariat, member_states, django_capture_on_commit_callbacks, monkeypatch
):
    member_states["MEX"].contact_emails = []
    member_states["MEX"].save()
    monkeypatch.setattr(tasks.render_note, "delay", lambda pk: tasks.render_note.apply(args=[pk]))
    monkeypatch.setattr(tasks.send_message, "delay", lambda pk: None)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.take(factories.PostFactory(status="draft"), "issue_call", actor=secretariat)
    note = NoteVerbale.objects.get(direction="outgoing", member_state__code="MEX")
    assert not note.messages.exists()
    (pdf,) = note.documents.all()
    assert "Permanent Mission of State MEX" in text_of(pdf.file.open("rb").read())
