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
