import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from nominations.models import Document
from workflows.models import AuditEvent


def _encrypted_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


BAD_FILES = [
    ("empty.pdf", b"", "application/pdf", 400),
    ("cv.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "application/pdf", 415),
    ("cv.pdf", b"%PDF-1.7\n1 0 obj garbage", "application/pdf", 400),
    ("cv.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png", 415),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "declared", "status"), BAD_FILES)
def test_bad_files_are_refused_with_a_message_and_nothing_is_stored(
    api, world, name, content, declared, status
):
    before = Document.objects.count()
    response = api["secretariat"].post(
        f"/api/v1/nominations/{world['own'].pk}/documents/",
        {"kind": "cv", "file": SimpleUploadedFile(name, content, content_type=declared)},
        format="multipart",
    )
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "errors"}
    assert body["message"] and "Traceback" not in body["message"]
    assert Document.objects.count() == before
    assert not AuditEvent.objects.filter(action="document.upload").exists()


@pytest.mark.django_db
def test_an_encrypted_pdf_is_refused(api, world):
    response = api["secretariat"].post(
        f"/api/v1/nominations/{world['own'].pk}/documents/",
        {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", _encrypted_pdf())},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "encrypted_pdf"


@pytest.mark.django_db
def test_a_file_over_the_limit_is_413(api, world, settings, pdf_bytes):
    settings.NOMINA_MAX_UPLOAD_BYTES = len(pdf_bytes) - 1
    response = api["secretariat"].post(
        f"/api/v1/nominations/{world['own'].pk}/documents/",
        {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", pdf_bytes)},
        format="multipart",
    )
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"


@pytest.mark.django_db
def test_a_docx_declared_as_anything_is_judged_by_content(api, world):
    response = api["secretariat"].post(
        f"/api/v1/nominations/{world['own'].pk}/documents/",
        {"kind": "other", "file": SimpleUploadedFile("letter.bin", _docx(), "application/x-foo")},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["content_type"].endswith("wordprocessingml.document")


@pytest.mark.django_db
def test_missing_file_or_kind_are_field_errors(api, world):
    response = api["secretariat"].post(
        f"/api/v1/nominations/{world['own'].pk}/documents/",
        {"kind": "passport"},
        format="multipart",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "file"}


@pytest.mark.django_db
def test_no_documents_on_a_withdrawn_nomination(api, world, secretariat, pdf_bytes):
    from workflows import transitions

    transitions.take(world["own"], "withdraw", actor=secretariat, reason="declined")
    response = api["secretariat"].post(
        f"/api/v1/nominations/{world['own'].pk}/documents/",
        {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", pdf_bytes)},
        format="multipart",
    )
    assert response.status_code == 409


@pytest.mark.django_db
def test_an_oversized_request_is_refused_before_its_body_is_read(api, world, settings):
    settings.NOMINA_MAX_UPLOAD_BYTES = 1024
    big = b"%PDF-1.4\n" + b"0" * 200_000
    response = api["secretariat"].post(
        f"/api/v1/nominations/{world['own'].pk}/documents/",
        {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", big)},
        format="multipart",
    )
    assert response.status_code == 413
    assert response.json()["message"] == "The file is larger than the 1024 bytes limit."


def _pdf_opening_with_javascript():
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.launchURL('https://evil.example/');"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _docx_with_macros():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64))
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "status", "code", "words"),
    [
        (_pdf_opening_with_javascript(), 400, "active_content", "JavaScript"),
        (_docx_with_macros(), 400, "active_content", "macros"),
        (_docx() + b"%PDF-1.7\n", 415, "ambiguous_file", "PDF"),
    ],
    ids=["pdf-javascript", "docx-macros", "docx-pdf-polyglot"],
)
def test_active_or_ambiguous_files_are_refused_and_not_stored(
    api, world, content, status, code, words
):
    before = Document.objects.count()
    response = api["secretariat"].post(
        f"/api/v1/nominations/{world['own'].pk}/documents/",
        {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", content)},
        format="multipart",
    )
    assert response.status_code == status, response.content
    body = response.json()
    assert (set(body), body["code"]) == ({"code", "message", "errors"}, code)
    assert words in body["message"]
    assert Document.objects.count() == before


# --- the download's name -----------------------------------------------------------------


def _upload_and_download(client, nomination, name, content):
    response = client.post(
        f"/api/v1/nominations/{nomination.pk}/documents/",
        {"kind": "cv", "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    download = client.get(response.json()["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    return response.json(), download


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sent_name",
    ["cv.html", 'cv.pdf"; filename="evil.html', "cv\u202efdp.exe"],
    ids=["html-extension", "crafted-quote", "right-to-left-mark"],
)
def test_a_download_is_named_from_kind_candidate_and_version_never_the_upload(
    api, world, pdf_bytes, sent_name
):
    # world's French nomination (Claire Dubois) already has a CV: this is version 2
    body, download = _upload_and_download(api["secretariat"], world["own"], sent_name, pdf_bytes)

    assert download["Content-Disposition"] == 'attachment; filename="cv-claire-dubois-v2.pdf"'
    assert download["Content-Type"] == "application/pdf"
    # the sender's name is kept for information only, without invisible characters
    stored = Document.objects.get(pk=body["id"]).original_name
    assert "\u202e" not in stored and "/" not in stored


@pytest.mark.django_db
def test_a_download_name_holds_only_ascii_whatever_the_candidate_is_called(api, world):
    candidate = world["own"].candidate
    candidate.full_name = 'Hélène "O\'Brien" \u202eexe.\u202c ../../etc/passwd 王'
    candidate.save()
    _, download = _upload_and_download(api["secretariat"], world["own"], "cv.docx", _docx())

    assert download["Content-Disposition"] == (
        'attachment; filename="cv-helene-obrien-exe-etcpasswd-v2.docx"'
    )


@pytest.mark.django_db
def test_a_candidate_name_with_no_latin_letters_falls_back_to_the_nomination(api, world):
    candidate = world["own"].candidate
    candidate.full_name = "王小明"
    candidate.save()
    _, download = _upload_and_download(api["secretariat"], world["own"], "cv.odt", _odt())

    nomination = world["own"].pk
    assert download["Content-Disposition"] == (
        f'attachment; filename="cv-nomination-{nomination}-v2.odt"'
    )


def _odt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()
