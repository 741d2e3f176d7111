"""Validation of uploaded documents (CVs, scanned notes verbales, supporting documents).

An upload is judged by its content, never by its file name or the content type the browser
declared: both are chosen by the sender, so an executable renamed ``cv.pdf`` and sent as
``application/pdf`` would pass such a check. Instead we read the magic bytes, then open the
document with the parser for its format to make sure it is whole and readable.

The check is hand-written rather than delegated to the ``filetype`` package because
``filetype`` cannot tell a DOCX or ODT from any other ZIP archive (an .xlsx, a zipped
executable) and does not detect encrypted PDFs; the rules below are short in plain Python.

Accepted types:

* PDF: starts with ``%PDF-``, opens with pypdf, is not encrypted and has at least one page.
* DOCX: a ZIP with ``[Content_Types].xml`` and ``word/document.xml`` entries.
* ODT: a ZIP whose ``mimetype`` entry reads exactly ``application/vnd.oasis.opendocument.text``.

Archives are checked against zip bombs (declared uncompressed size, entry count) before any
member is decompressed.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from dataclasses import dataclass

import pypdf
from django.conf import settings

PDF = ("application/pdf", "pdf")
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
ODT = ("application/vnd.oasis.opendocument.text", "odt")

MAX_ARCHIVE_ENTRIES = 2000
MAX_ARCHIVE_EXPANSION = 20  # total uncompressed size may be at most this many times max_bytes
ODT_MIMETYPE = ODT[0].encode("ascii")

# What zipfile may raise on a damaged or unusual archive (unsupported compression method,
# encrypted member, truncated deflate stream...).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    KeyError,
    NotImplementedError,
    RuntimeError,
)


@dataclass(frozen=True)
class InspectedUpload:
    content_type: str
    extension: str
    size: int
    sha256: str


class UploadRejected(Exception):
    """An upload that cannot be accepted; ``message`` is safe to show to the person."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _corrupt() -> UploadRejected:
    return UploadRejected(
        400, "corrupt_file", "The file appears to be damaged or incomplete and cannot be read."
    )


def _describe_limit(max_bytes: int) -> str:
    megabytes = max_bytes / (1024 * 1024)
    if megabytes >= 1:
        return f"{round(megabytes, 1):g} MB"
    return f"{max_bytes} bytes"


def too_large(max_bytes: int | None = None) -> UploadRejected:
    max_bytes = settings.NOMINA_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    return UploadRejected(
        413, "file_too_large", f"The file is larger than the {_describe_limit(max_bytes)} limit."
    )


def refuse_oversized_request(content_length, max_bytes: int | None = None) -> None:
    """Refuse a request body that cannot hold an acceptable file, before it is read to disk.

    The margin covers the multipart envelope and the other form fields.
    """
    max_bytes = settings.NOMINA_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    try:
        length = int(content_length or 0)
    except (TypeError, ValueError):
        return
    if length > max_bytes + 64 * 1024:
        raise too_large(max_bytes)


def inspect_upload(uploaded_file, max_bytes: int | None = None) -> InspectedUpload:
    """Check an uploaded document and describe it, or raise ``UploadRejected``.

    The file's position is left at 0 whether it is accepted or rejected.
    """
    if max_bytes is None:
        max_bytes = settings.NOMINA_MAX_UPLOAD_BYTES
    empty = UploadRejected(400, "empty_file", "No file was uploaded, or the file is empty.")
    if uploaded_file is None or not uploaded_file.size:
        raise empty
    if uploaded_file.size > max_bytes:
        raise too_large(max_bytes)

    try:
        digest = hashlib.sha256()
        head = b""
        size = 0
        for chunk in uploaded_file.chunks():
            digest.update(chunk)
            size += len(chunk)
            if len(head) < 8:
                head += chunk[: 8 - len(head)]
            if size > max_bytes:  # the declared size was wrong
                raise too_large(max_bytes)
        if size == 0:
            raise empty

        uploaded_file.seek(0)
        if head.startswith(b"%PDF-"):
            content_type, extension = _check_pdf(uploaded_file)
        elif head.startswith(b"PK\x03\x04"):
            content_type, extension = _check_zip_document(uploaded_file, max_bytes)
        else:
            raise _unsupported()
        return InspectedUpload(content_type, extension, size, digest.hexdigest())
    finally:
        uploaded_file.seek(0)


def _unsupported() -> UploadRejected:
    return UploadRejected(
        415,
        "unsupported_type",
        "This type of file is not accepted; please upload a PDF, DOCX or ODT document.",
    )


def _check_pdf(stream) -> tuple[str, str]:
    # pypdf raises many exception types on malformed input (its own, but also ValueError,
    # KeyError, TypeError, RecursionError...), so anything it raises means "cannot be read".
    try:
        reader = pypdf.PdfReader(stream)
        encrypted = reader.is_encrypted
        page_count = 0 if encrypted else len(reader.pages)
    except Exception:  # noqa: BLE001
        raise _corrupt() from None
    if encrypted:
        raise UploadRejected(
            400,
            "encrypted_pdf",
            "Password-protected PDFs cannot be accepted; please upload a copy without a password.",
        )
    if page_count == 0:
        raise _corrupt()
    return PDF


def _check_zip_document(stream, max_bytes: int) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ARCHIVE_ENTRIES or (
                sum(entry.file_size for entry in entries) > MAX_ARCHIVE_EXPANSION * max_bytes
            ):
                raise UploadRejected(
                    400,
                    "suspicious_archive",
                    "The document's internal structure is unusually large and cannot be accepted.",
                )
            names = {entry.filename for entry in entries}
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                kind = DOCX
            elif _is_odt(archive):
                kind = ODT
            else:
                raise _unsupported()
            if archive.testzip() is not None:
                raise _corrupt()
    except _ZIP_ERRORS:
        raise _corrupt() from None
    return kind


def _is_odt(archive: zipfile.ZipFile) -> bool:
    try:
        entry = archive.getinfo("mimetype")
    except KeyError:
        return False
    if entry.file_size != len(ODT_MIMETYPE):
        return False
    return archive.read(entry) == ODT_MIMETYPE
