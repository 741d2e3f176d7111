"""A mission's electronic submission on the portal: before and after the deadline, a bad
file, a duplicate, a CV that follows later; every new URL scoped to the mission's state."""

import datetime
import io
from pathlib import Path

import pypdf
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from nominations.models import Call, Candidate, Document, Nomination, NoteVerbale
from notifications.models import OutgoingMessage
from portal.models import WithdrawalRequest
from tests import factories
from workflows.models import AuditEvent


def stored_files():
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


MODELS = (
    NoteVerbale,
    Nomination,
    Candidate,
    Document,
    AuditEvent,
    OutgoingMessage,
    WithdrawalRequest,
)


@pytest.fixture
def nothing_saved():
    """Asserts, after the test's request, that not one row or file was added."""
    before = ({m.__name__: m.objects.count() for m in MODELS}, stored_files())

    def check():
        assert ({m.__name__: m.objects.count() for m in MODELS}, stored_files()) == before

    return check


def pdf(pdf_bytes, name="document.pdf"):
    return SimpleUploadedFile(name, pdf_bytes, content_type="application/pdf")


def pdf_with_javascript():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def open_call(member_states):
    today = timezone.localdate()
    call = factories.CallFactory(
        reference="EO/500/2026",
        issued_on=today - datetime.timedelta(days=10),
        deadline_date=today + datetime.timedelta(days=20),
    )
    return {
        "call": call,
        "post": factories.PostFactory(call=call, title="Director of Operations"),
        "other": factories.PostFactory(call=call, title="Director of Management"),
    }


def form_data(pdf_bytes, member_states, *, cv=True, **overrides):
    today = timezone.localdate()
    data = {
        "reference": "NV/2026/77",
        "dated_on_0": today.day,
        "dated_on_1": today.month,
        "dated_on_2": today.year,
        "scan": pdf(pdf_bytes, "note.pdf"),
        "full_name": "Claire Dubois",
        "nationality": member_states["FRA"].pk,
        "gender": "female",
        "email": "claire.dubois@example.fr",
        "phone": "+33 1 00 00 00 00",
        "postal_address": "1 rue de Rivoli, Paris",
        "languages": ["en", "fr"],
    }
    if cv:
        data["cv"] = pdf(pdf_bytes, "cv.pdf")
    data.update(overrides)
    return data


def nominate_url(post):
    return reverse("portal:nominate", args=[post.pk])


@pytest.mark.django_db
def test_a_submission_before_the_deadline_is_logged_as_the_workbench_does(
    client, mission, member_states, open_call, pdf_bytes, django_capture_on_commit_callbacks
):
    client.force_login(mission)
    post = open_call["post"]
    home = client.get(reverse("portal:home")).content.decode()
    assert nominate_url(post) in home
    assert (
        nominate_url(post)
        in client.get(reverse("portal:post_detail", args=[post.pk])).content.decode()
    )
    page = client.get(nominate_url(post))
    assert page.status_code == 200
    assert "Director of Management" in page.content.decode()  # another post of the call

    before = timezone.now()
    data = form_data(pdf_bytes, member_states, member_state=member_states["KEN"].pk)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(nominate_url(post), data)
    after = timezone.now()

    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:nomination_detail", args=[nomination.pk])
    note = nomination.note_verbale
    assert nomination.member_state == member_states["FRA"]  # the account's, not the posted one
    assert nomination.post == post and nomination.status == "received"
    assert note.channel == NoteVerbale.Channel.PORTAL
    assert before <= note.received_at <= after
    assert note.reference == "NV/2026/77" and note.dated_on == timezone.localdate()
    assert note.logged_by == mission
    candidate = nomination.candidate
    assert candidate.languages == ["en", "fr"] and candidate.email == "claire.dubois@example.fr"
    kinds = sorted(nomination.documents.values_list("kind", flat=True))
    assert kinds == ["cv", "note_verbale"]
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["nomination.log", "document.upload", "document.upload"]
    assert AuditEvent.objects.get(action="nomination.log").details["channel"] == "portal"
    acknowledgement = OutgoingMessage.objects.get(kind="acknowledgement")
    assert acknowledgement.member_state == member_states["FRA"]

    html = client.get(response["Location"]).content.decode()
    assert "Your nomination was received" in html
    assert "Received" in html
    assert "What is missing" not in html
    assert "Acknowledgement of receipt" in html
    ack_note = NoteVerbale.objects.get(kind="acknowledgement")
    assert reverse("portal:note_detail", args=[ack_note.pk]) in html
    assert "its PDF is being prepared" in html


@pytest.mark.django_db
def test_one_submission_may_nominate_for_other_posts_of_the_same_call(
    client, mission, member_states, open_call, pdf_bytes
):
    client.force_login(mission)
    data = form_data(pdf_bytes, member_states, posts=[open_call["other"].pk])

    response = client.post(nominate_url(open_call["post"]), data)

    assert response.status_code == 302
    assert set(Nomination.objects.values_list("post__title", flat=True)) == {
        "Director of Operations",
        "Director of Management",
    }
    assert NoteVerbale.objects.filter(direction="incoming").count() == 1
    assert OutgoingMessage.objects.filter(kind="acknowledgement").count() == 1


@pytest.mark.django_db
def test_a_post_of_another_call_cannot_be_slipped_in(
    client, mission, member_states, open_call, pdf_bytes, nothing_saved
):
    elsewhere = factories.PostFactory(title="Elsewhere")
    client.force_login(mission)

    response = client.post(
        nominate_url(open_call["post"]),
        form_data(pdf_bytes, member_states, posts=[elsewhere.pk]),
    )

    assert response.status_code == 400
    assert "Choose posts from the list" in response.content.decode()
    nothing_saved()


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["closed", "deadline_passed"])
def test_after_the_deadline_the_form_says_the_call_is_closed_and_takes_nothing(
    client, mission, member_states, pdf_bytes, nothing_saved, how
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    call = factories.CallFactory(deadline_date=yesterday)
    # The sweep that closes a post may not have run yet: its deadline decides.
    post = factories.PostFactory(call=call, status="closed" if how == "closed" else "open")
    client.force_login(mission)

    page = client.get(nominate_url(post))
    refused = client.post(nominate_url(post), form_data(pdf_bytes, member_states))

    assert page.status_code == 200
    assert "The call is closed for this post" in page.content.decode()
    assert 'name="full_name"' not in page.content.decode()
    assert refused.status_code == 409
    assert "The call is closed for this post" in refused.content.decode()
    nothing_saved()
    post_page = client.get(reverse("portal:post_detail", args=[post.pk])).content.decode()
    assert nominate_url(post) not in post_page


def _error_summary(html):
    assert "There is a problem" in html
    return html.split("govuk-error-summary__list")[1].split("</ul>")[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "content", "words"),
    [
        ("cv", b"Curriculum vitae, in plain text.\n", "PDF"),
        ("scan", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64, "PDF"),
        ("cv", "javascript", "JavaScript"),
        ("scan", b"", "empty"),
    ],
    ids=["cv-not-a-document", "scan-a-program", "cv-active-content", "scan-empty"],
)
def test_a_bad_file_is_refused_saying_why_and_nothing_is_saved(
    client, mission, member_states, open_call, pdf_bytes, nothing_saved, field, content, words
):
    content = pdf_with_javascript() if content == "javascript" else content
    client.force_login(mission)
    data = form_data(pdf_bytes, member_states)
    data[field] = SimpleUploadedFile(f"{field}.pdf", content, content_type="application/pdf")

    response = client.post(nominate_url(open_call["post"]), data)

    assert response.status_code == 400
    summary = _error_summary(response.content.decode())
    assert f'href="#id_{field}"' in summary
    assert words in summary
    nothing_saved()


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused(
    client, mission, member_states, open_call, pdf_bytes, nothing_saved, settings
):
    settings.NOMINA_MAX_UPLOAD_BYTES = len(pdf_bytes) + 10
    client.force_login(mission)
    data = form_data(pdf_bytes, member_states)
    data["cv"] = pdf(pdf_bytes + b" " * 100, "cv.pdf")

    response = client.post(nominate_url(open_call["post"]), data)

    assert response.status_code == 400
    assert "larger than the" in _error_summary(response.content.decode())
    nothing_saved()


@pytest.mark.django_db
def test_a_duplicate_says_so_and_links_the_existing_nomination(
    client, mission, member_states, open_call, pdf_bytes
):
    client.force_login(mission)
    first = client.post(nominate_url(open_call["post"]), form_data(pdf_bytes, member_states))
    assert first.status_code == 302
    existing = Nomination.objects.get()
    counts = {m.__name__: m.objects.count() for m in MODELS}

    again = client.post(nominate_url(open_call["post"]), form_data(pdf_bytes, member_states))

    assert again.status_code == 409
    summary = _error_summary(again.content.decode())
    assert "Your state has already nominated Claire Dubois for Director of Operations" in summary
    assert reverse("portal:nomination_detail", args=[existing.pk]) in summary
    assert {m.__name__: m.objects.count() for m in MODELS} == counts


@pytest.mark.django_db
def test_a_cv_that_follows_later(client, mission, member_states, open_call, pdf_bytes):
    client.force_login(mission)
    client.post(nominate_url(open_call["post"]), form_data(pdf_bytes, member_states, cv=False))
    nomination = Nomination.objects.get()
    url = reverse("portal:nomination_detail", args=[nomination.pk])
    cv_url = reverse("portal:cv_upload", args=[nomination.pk])

    html = client.get(url).content.decode()
    assert "What is missing" in html
    assert "a curriculum vitae of the candidate" in html
    assert cv_url in html and "Upload the CV" in html
    assert (
        "a curriculum vitae of the candidate"
        in client.get(reverse("portal:nomination_list")).content.decode()
    )

    bad = client.post(cv_url, {"cv": SimpleUploadedFile("cv.pdf", b"not a pdf")})
    assert bad.status_code == 400
    assert 'href="#id_cv"' in _error_summary(bad.content.decode())
    assert not nomination.documents.filter(kind="cv").exists()

    response = client.post(cv_url, {"cv": pdf(pdf_bytes, "cv.pdf")})

    assert response.status_code == 302 and response["Location"] == url
    cv = nomination.documents.get(kind="cv")
    assert cv.uploaded_by == mission and cv.version == 1
    upload = AuditEvent.objects.filter(action="document.upload").latest("id")
    assert upload.actor == mission and upload.details["document"] == cv.pk
    html = client.get(url).content.decode()
    assert "a curriculum vitae of the candidate" not in html
    assert "What is missing" not in html
    assert "Upload a new version of the CV" in html

    client.post(cv_url, {"cv": pdf(pdf_bytes, "cv2.pdf")})
    versions = nomination.documents.filter(kind="cv").values_list("version", flat=True)
    assert sorted(versions) == [1, 2]


@pytest.mark.django_db
def test_no_cv_once_the_nomination_is_out_of_the_running(client, mission, member_states, pdf_bytes):
    nomination = factories.NominationFactory(member_state=member_states["FRA"], status="withdrawn")
    client.force_login(mission)
    url = reverse("portal:cv_upload", args=[nomination.pk])

    page = client.get(url)
    refused = client.post(url, {"cv": pdf(pdf_bytes)})

    assert "takes no more documents" in page.content.decode()
    assert refused.status_code == 409
    assert not nomination.documents.exists()


@pytest.fixture
def theirs(member_states, pdf_bytes):
    """Kenya's nomination, and posts France may not nominate for: a draft, a post of a
    call addressed to Kenya only."""
    sponsored = factories.CallFactory(addressees=Call.Addressees.CHOSEN)
    sponsored.addressed_states.set([member_states["KEN"]])
    nomination = factories.NominationFactory(member_state=member_states["KEN"])
    return {
        "nomination": nomination,
        "posts": [
            factories.PostFactory(status="draft"),
            factories.PostFactory(call=sponsored),
        ],
    }


@pytest.mark.django_db
def test_another_states_objects_answer_404_on_every_new_url(
    client, mission, member_states, theirs, pdf_bytes, nothing_saved
):
    client.force_login(mission)
    urls = [nominate_url(post) for post in theirs["posts"]] + [
        reverse("portal:nominate", args=[999999]),
        reverse("portal:cv_upload", args=[theirs["nomination"].pk]),
        reverse("portal:withdrawal_request", args=[theirs["nomination"].pk]),
        reverse("portal:cv_upload", args=[999999]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        body = form_data(pdf_bytes, member_states)
        body["cv"] = pdf(pdf_bytes)
        assert client.post(url, body).status_code == 404, url
    nothing_saved()


@pytest.mark.django_db
def test_the_secretariat_and_anonymous_visitors_cannot_submit(
    client, secretariat, open_call, member_states, pdf_bytes
):
    url = nominate_url(open_call["post"])
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(secretariat)
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(pdf_bytes, member_states)).status_code == 403
    assert not Nomination.objects.exists()


@pytest.mark.django_db
def test_csrf_is_enforced_on_the_new_forms(mission, member_states, open_call, pdf_bytes):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(mission)
    nomination = factories.NominationFactory(member_state=member_states["FRA"])

    posts = [
        strict.post(nominate_url(open_call["post"]), form_data(pdf_bytes, member_states)),
        strict.post(reverse("portal:cv_upload", args=[nomination.pk]), {"cv": pdf(pdf_bytes)}),
        strict.post(
            reverse("portal:withdrawal_request", args=[nomination.pk]),
            form_data(pdf_bytes, member_states),
        ),
    ]

    assert [response.status_code for response in posts] == [403, 403, 403]
    assert Nomination.objects.count() == 1
    assert not nomination.documents.exists()
    assert not WithdrawalRequest.objects.exists()


@pytest.mark.django_db
def test_the_form_page_reads_a_fixed_number_of_queries(
    client, mission, member_states, open_call, django_assert_max_num_queries
):
    for number in range(5):
        factories.PostFactory(call=open_call["call"], title=f"Another post {number}")
    client.force_login(mission)
    url = nominate_url(open_call["post"])
    client.get(url)

    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert "Another post 4" in response.content.decode()


@pytest.mark.django_db
def test_home_offers_to_nominate_only_for_posts_the_state_may_nominate_for(
    client, mission, member_states
):
    """France sees a post of a call addressed to Kenya only because it once nominated for
    it: the home page does not list it as open to France, so offers no link that 404s."""
    sponsored = factories.CallFactory(addressees=Call.Addressees.CHOSEN)
    sponsored.addressed_states.set([member_states["KEN"]])
    kenyan = factories.PostFactory(call=sponsored, title="Kenyan Only Post", status="open")
    factories.NominationFactory(member_state=member_states["FRA"], post=kenyan)
    ours = factories.PostFactory(title="Our Open Post", status="open")
    ours.call.addressed_states.add(member_states["FRA"])
    client.force_login(mission)

    page = client.get(reverse("portal:home")).content.decode()

    assert "Our Open Post" in page and nominate_url(ours) in page
    assert "Kenyan Only Post" not in page.split("Your state")[0]
    assert nominate_url(kenyan) not in page
    assert client.get(reverse("portal:post_detail", args=[kenyan.pk])).status_code == 200
