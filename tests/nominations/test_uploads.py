"""Uploaded documents are judged by content: type from magic bytes, then parsed to be whole."""

import hashlib
import io
import zipfile

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from nominations.uploads import InspectedUpload, UploadRejected, inspect_upload

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"


# --- documents built in code -------------------------------------------------------------


def make_pdf(password=None):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_zip(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES_XML = b'<?xml version="1.0"?><Types xmlns="x"/>'
DOCUMENT_XML = b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body/></w:document>'


def make_docx(extra=None):
    entries = {"[Content_Types].xml": CONTENT_TYPES_XML, "word/document.xml": DOCUMENT_XML}
    entries.update(extra or {})
    return make_zip(entries)


ODT_MIMETYPE = ODT_TYPE.encode("ascii")


def make_odt(mimetype=ODT_MIMETYPE):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", b'<?xml version="1.0"?><office:document-content/>')
        archive.writestr("META-INF/manifest.xml", b'<?xml version="1.0"?><manifest/>')
    return buffer.getvalue()


def upload(data, name="cv.pdf", content_type=PDF_TYPE):
    return SimpleUploadedFile(name, data, content_type=content_type)


def assert_rejected(data, status, code, max_bytes=None, **upload_kwargs):
    uploaded = upload(data, **upload_kwargs)
    with pytest.raises(UploadRejected) as caught:
        inspect_upload(uploaded, max_bytes=max_bytes)
    error = caught.value
    assert (error.status, error.code) == (status, code)
    assert_human_sentence(error.message, data)
    assert uploaded.tell() == 0
    return error


def assert_human_sentence(message, data):
    assert message and message[0].isupper() and message.endswith(".")
    assert "Traceback" not in message and "Error" not in message
    assert "\n" not in message
    if len(data) >= 4:
        assert data[:16].decode("latin-1") not in message


# --- accepted documents ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "content_type", "extension"),
    [
        (make_pdf(), "cv.pdf", PDF_TYPE, "pdf"),
        (make_docx(), "cv.docx", DOCX_TYPE, "docx"),
        (make_odt(), "cv.odt", ODT_TYPE, "odt"),
        # the declared name and type play no part
        (make_pdf(), "note.txt", "text/plain", "pdf"),
        (make_docx(), "cv.pdf", PDF_TYPE, "docx"),
    ],
)
def test_accepts_valid_documents(data, name, content_type, extension):
    uploaded = upload(data, name=name, content_type=content_type)
    uploaded.read(3)  # the inspection does not depend on the caller's position

    result = inspect_upload(uploaded)

    assert result == InspectedUpload(
        content_type={"pdf": PDF_TYPE, "docx": DOCX_TYPE, "odt": ODT_TYPE}[extension],
        extension=extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    assert uploaded.tell() == 0
    assert uploaded.read() == data


def test_accepts_a_file_spooled_to_disk():
    data = make_docx()
    uploaded = TemporaryUploadedFile("cv.docx", DOCX_TYPE, len(data), None)
    try:
        uploaded.write(data)
        uploaded.seek(0)
        result = inspect_upload(uploaded)
        assert (result.extension, result.sha256) == ("docx", hashlib.sha256(data).hexdigest())
        assert uploaded.tell() == 0
    finally:
        uploaded.close()


def test_a_file_exactly_at_the_limit_is_accepted():
    data = make_pdf()
    assert inspect_upload(upload(data), max_bytes=len(data)).size == len(data)


def test_default_limit_comes_from_settings(settings):
    data = make_pdf()
    settings.NOMINA_MAX_UPLOAD_BYTES = len(data) - 1
    error = assert_rejected(data, 413, "file_too_large")
    assert f"{len(data) - 1} bytes" in error.message


# --- size --------------------------------------------------------------------------------


def test_empty_file_is_rejected():
    assert_rejected(b"", 400, "empty_file")


def test_missing_file_is_rejected():
    with pytest.raises(UploadRejected) as caught:
        inspect_upload(None)
    assert (caught.value.status, caught.value.code) == (400, "empty_file")


def test_file_one_byte_over_the_limit_is_rejected():
    data = make_pdf()
    error = assert_rejected(data, 413, "file_too_large", max_bytes=len(data) - 1)
    assert "limit" in error.message


def test_limit_is_stated_in_megabytes():
    data = b"x" * (1024 * 1024 + 1)
    error = assert_rejected(data, 413, "file_too_large", max_bytes=1024 * 1024)
    assert "1 MB" in error.message


def test_size_is_checked_before_content_is_read():
    class Unreadable(SimpleUploadedFile):
        def chunks(self, chunk_size=None):
            raise AssertionError("content read")

    uploaded = Unreadable("cv.pdf", b"%PDF-" + b"x" * 100, content_type=PDF_TYPE)
    with pytest.raises(UploadRejected) as caught:
        inspect_upload(uploaded, max_bytes=10)
    assert caught.value.code == "file_too_large"


# --- unsupported types -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "cv.pdf", PDF_TYPE),
        (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64, "cv.pdf", PDF_TYPE),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32, "photo.pdf", PDF_TYPE),
        (b"Curriculum vitae of a candidate, in plain text.\n", "cv.txt", "text/plain"),
        (
            make_zip(
                {
                    "[Content_Types].xml": CONTENT_TYPES_XML,
                    "xl/workbook.xml": b"<workbook/>",
                }
            ),
            "cv.docx",
            DOCX_TYPE,
        ),
        (make_zip({"setup.exe": b"MZ" + b"\x00" * 100}), "cv.docx", DOCX_TYPE),
        (make_odt(mimetype=b"application/vnd.oasis.opendocument.spreadsheet"), "cv.odt", ODT_TYPE),
        (b"%PD", "cv.pdf", PDF_TYPE),
    ],
    ids=["exe-renamed-pdf", "elf", "png", "text", "xlsx", "zip", "ods", "pdf-prefix-only"],
)
def test_other_types_are_unsupported(data, name, content_type):
    error = assert_rejected(data, 415, "unsupported_type", name=name, content_type=content_type)
    for accepted in ("PDF", "DOCX", "ODT"):
        assert accepted in error.message


# --- damaged or dangerous documents ------------------------------------------------------


def test_encrypted_pdf_is_rejected():
    error = assert_rejected(make_pdf(password="pw"), 400, "encrypted_pdf")
    assert error.message.startswith("Password-protected PDFs cannot be accepted")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n garbage",
        make_pdf()[: len(make_pdf()) // 2],
        make_pdf(password="pw")[:300],
    ],
    ids=["garbage", "truncated", "truncated-encrypted"],
)
def test_unreadable_pdf_is_corrupt(data):
    assert_rejected(data, 400, "corrupt_file")


def test_pdf_without_pages_is_corrupt():
    buffer = io.BytesIO()
    pypdf.PdfWriter().write(buffer)
    assert_rejected(buffer.getvalue(), 400, "corrupt_file")


def test_truncated_docx_is_corrupt():
    data = make_docx()
    assert_rejected(data[: len(data) // 2], 400, "corrupt_file", name="cv.docx")


def test_docx_with_a_damaged_member_is_corrupt():
    data = bytearray(make_zip({"[Content_Types].xml": b"a" * 200, "word/document.xml": b"b"}))
    # flip a byte inside the first member's compressed data so its CRC no longer matches
    header_end = 30 + len("[Content_Types].xml")
    data[header_end + 2] ^= 0xFF
    assert_rejected(bytes(data), 400, "corrupt_file", name="cv.docx")


def test_docx_with_too_many_entries_is_refused():
    extra = {f"word/media/{i}.xml": b"" for i in range(2001)}
    data = make_docx(extra)
    assert len(data) < 400_000
    error = assert_rejected(data, 400, "suspicious_archive", name="cv.docx")
    assert "unusually large" in error.message


def test_docx_with_a_huge_compressible_entry_is_refused():
    data = make_docx({"word/media/bomb.bin": b"\x00" * (3 * 1024 * 1024)})
    max_bytes = 100_000
    assert len(data) < max_bytes  # passes the size check, expands far beyond 20 x max_bytes
    assert_rejected(data, 400, "suspicious_archive", max_bytes=max_bytes, name="cv.docx")
