"""File names: never the uploader's for a download, and cleaned when kept for information."""

from __future__ import annotations

import unicodedata

from django.utils.text import slugify

from .formats import EXTENSIONS

MAX_SLUG = 60


def download_name(document) -> str:
    """``cv-claire-dubois-v2.pdf``: kind, candidate and version, with the detected type's
    extension. ASCII letters, digits and dashes only, so no quote, path separator or
    right-to-left mark the uploader chose can reach a Content-Disposition header."""
    kind = slugify(document.kind) or "document"
    nomination = document.nomination
    who = ""
    if nomination is not None:
        who = slugify(nomination.candidate.full_name)[:MAX_SLUG].strip("-_")
        who = who or f"nomination-{nomination.pk}"
    elif document.note_verbale_id is not None:
        # An outgoing note's PDF: named by its reference (note_verbale-eo-007-2026-v1.pdf).
        who = slugify(document.note_verbale.reference.replace("/", "-"))[:MAX_SLUG].strip("-_")
    elif document.post_id is not None:
        who = slugify(document.post.title)[:MAX_SLUG].strip("-_")
    extension = EXTENSIONS.get(document.content_type, "bin")
    return "-".join(part for part in (kind, who, f"v{document.version}") if part) + f".{extension}"


def clean_original_name(name: str | None) -> str:
    """The sender's file name as information for the Secretariat: no folders, no control or
    invisible formatting characters (a right-to-left override makes ``cv<RLO>fdp.exe`` show
    as ``cvexe.pdf``)."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
    return name.strip()[-255:] or "upload"
