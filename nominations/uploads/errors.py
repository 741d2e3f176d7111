"""Why an upload is refused, in words the person who sent it understands."""

from __future__ import annotations

from django.conf import settings


class UploadRejected(Exception):
    """An upload that cannot be accepted; ``message`` is safe to show to the person."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


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


def empty() -> UploadRejected:
    return UploadRejected(400, "empty_file", "No file was uploaded, or the file is empty.")


def corrupt() -> UploadRejected:
    return UploadRejected(
        400, "corrupt_file", "The file appears to be damaged or incomplete and cannot be read."
    )


def unsupported() -> UploadRejected:
    return UploadRejected(
        415,
        "unsupported_type",
        "This type of file is not accepted; please upload a PDF, DOCX or ODT document.",
    )


def encrypted_pdf() -> UploadRejected:
    return UploadRejected(
        400,
        "encrypted_pdf",
        "Password-protected PDFs cannot be accepted; please upload a copy without a password.",
    )


def suspicious_archive() -> UploadRejected:
    return UploadRejected(
        400,
        "suspicious_archive",
        "The document's internal structure is unusually large and cannot be accepted.",
    )


def too_complex_pdf() -> UploadRejected:
    return UploadRejected(
        400,
        "suspicious_structure",
        "The PDF's internal structure is unusually large and cannot be accepted; "
        "please print it to PDF again.",
    )


def ambiguous() -> UploadRejected:
    return UploadRejected(
        415,
        "ambiguous_file",
        "This file is at the same time a PDF and a ZIP archive, so it cannot be judged safely; "
        "please save it again as a plain PDF, DOCX or ODT.",
    )


ACTIVE_MESSAGES = {
    "pdf_script": (
        "This PDF contains JavaScript or an automatic action; please send a plain PDF "
        "(print it to PDF again)."
    ),
    "pdf_launch": (
        "This PDF contains an action that starts another program; please send a plain PDF "
        "(print it to PDF again)."
    ),
    "pdf_attachment": (
        "This PDF carries attached files; please send a plain PDF, and each other document "
        "as an upload of its own."
    ),
    "pdf_interactive": (
        "This PDF contains an interactive form or embedded media that can run code; please "
        "send a plain PDF (print it to PDF again)."
    ),
    "macros": (
        "This document contains macros or scripts; please save it as a plain document "
        "(.docx or .odt) or as PDF, and send it again."
    ),
    "embedded_object": (
        "This document contains an embedded object or program; please remove it, or save "
        "the document as PDF, and send it again."
    ),
}


def active_content(reason: str) -> UploadRejected:
    return UploadRejected(400, "active_content", ACTIVE_MESSAGES[reason])
