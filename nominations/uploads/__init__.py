"""Validation of uploaded documents (CVs, scanned notes verbales, supporting documents).

An upload is judged by its content, never by its file name or the content type the browser
declared: both are chosen by the sender, so an executable renamed ``cv.pdf`` and sent as
``application/pdf`` would pass such a check. Instead we read the magic bytes, then open the
document with the parser for its format to make sure it is whole and readable, and refuse
what would run code on a reader's machine (``pdf.py``, ``office.py`` say exactly what).

The check is hand-written rather than delegated to the ``filetype`` package because
``filetype`` cannot tell a DOCX or ODT from any other ZIP archive (an .xlsx, a zipped
executable) and does not detect encrypted PDFs or active content.

Accepted types:

* PDF: starts with ``%PDF-``, opens with pypdf, is not encrypted, has at least one page,
  holds no JavaScript, automatic or launch action, attachment, XFA form or media, and no
  ZIP archive.
* DOCX: a ZIP with ``[Content_Types].xml`` and ``word/document.xml`` entries, no macros,
  ActiveX or embedded objects.
* ODT: a ZIP whose ``mimetype`` entry reads exactly ``application/vnd.oasis.opendocument.text``,
  with no macros or scripts.

A file that is both a PDF and a ZIP archive (a polyglot) is refused: each reader would see
a different document. The cost of judging a file is bounded by its size limit and, for
archives, by caps read from the central directory before anything is decompressed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings

from . import errors
from .errors import UploadRejected, too_large
from .formats import DOCX, EXTENSIONS, ODT, PDF
from .names import clean_original_name, download_name
from .office import check_zip_document
from .pdf import check_pdf

__all__ = [
    "DOCX",
    "EXTENSIONS",
    "ODT",
    "PDF",
    "InspectedUpload",
    "UploadRejected",
    "clean_original_name",
    "download_name",
    "inspect_upload",
    "refuse_oversized_request",
    "too_large",
]


@dataclass(frozen=True)
class InspectedUpload:
    content_type: str
    extension: str
    size: int
    sha256: str


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
    if uploaded_file is None or not uploaded_file.size:
        raise errors.empty()
    if uploaded_file.size > max_bytes:
        raise too_large(max_bytes)

    try:
        # At most max_bytes in memory: the polyglot checks need the whole file anyway.
        chunks = []
        size = 0
        for chunk in uploaded_file.chunks():
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:  # the declared size was wrong
                raise too_large(max_bytes)
        data = b"".join(chunks)
        if not data:
            raise errors.empty()

        uploaded_file.seek(0)
        if data.startswith(b"%PDF-"):
            content_type, extension = check_pdf(data, uploaded_file)
        elif data.startswith(b"PK\x03\x04"):
            content_type, extension = check_zip_document(data, max_bytes)
        else:
            raise errors.unsupported()
        return InspectedUpload(content_type, extension, size, hashlib.sha256(data).hexdigest())
    finally:
        uploaded_file.seek(0)
