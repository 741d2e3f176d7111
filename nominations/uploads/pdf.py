"""PDF: readable, not encrypted, at least one page, nothing that runs, no archive inside.

Active content is looked for by walking the object graph from the document catalog with
pypdf, which decodes object streams and ``#xx`` escapes in names (a byte search for
``/JavaScript`` would miss both). The walk follows every reference except those that only
lead to page content (resources, fonts, images, content and appearance streams, the
structure tree, back-pointers): actions, annotations, forms, outlines and name trees are
all reached. It is capped at ``MAX_PDF_NODES`` dictionaries and arrays; a document that
needs more is refused rather than half-checked.

Refused, wherever they are: JavaScript (a ``/JS`` entry, a ``/JavaScript`` action or name
tree), Launch and ImportData actions, RichMedia, 3D, sound, movie and screen annotations,
XFA forms (they carry scripts), and embedded files (attachments would bypass these checks:
each document is an upload of its own). Refused when triggered automatically (``/OpenAction``
or ``/AA``): any action other than moving within the document. A link a reader clicks
(``/URI``) is allowed: CVs carry them.
"""

from __future__ import annotations

import re
import struct

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from . import errors
from .formats import PDF

MAX_PDF_NODES = 10_000  # ~0.5 s of pypdf parsing at worst on a loaded 2-core machine

_NOT_FOLLOWED = frozenset(
    {
        "/Parent",
        "/P",
        "/Resources",
        "/Contents",
        "/AP",
        "/Font",
        "/XObject",
        "/Thumb",
        "/Metadata",
        "/StructTreeRoot",
        "/Dests",
        "/PageLabels",
        "/ColorSpace",
        "/ExtGState",
        "/Pattern",
        "/Shading",
        "/Properties",
        "/DR",
    }
)
_SCRIPT_ACTIONS = frozenset({"/JavaScript", "/RichMediaExecute", "/ImportData"})
_HARMLESS_AUTOMATIC_ACTIONS = frozenset(
    {"/GoTo", "/Named", "/Thread", "/SetOCGState", "/Hide", "/Trans", "/ResetForm"}
)
_MEDIA_ANNOTATIONS = frozenset({"/RichMedia", "/3D", "/Sound", "/Movie", "/Screen"})


def check_pdf(data: bytes, stream) -> tuple[str, str]:
    if _carries_zip(data):
        raise errors.ambiguous()
    # pypdf raises many exception types on malformed input (its own, but also ValueError,
    # KeyError, TypeError, RecursionError...), so anything it raises means "cannot be read".
    try:
        reader = pypdf.PdfReader(stream)
        encrypted = reader.is_encrypted
        page_count = 0 if encrypted else len(reader.pages)
    except Exception:  # noqa: BLE001
        raise errors.corrupt() from None
    if encrypted:
        raise errors.encrypted_pdf()
    if page_count == 0:
        raise errors.corrupt()
    try:
        reason = _active_content(reader)
    except errors.UploadRejected:
        raise
    except Exception:  # noqa: BLE001
        raise errors.corrupt() from None
    if reason:
        raise errors.active_content(reason)
    return PDF


def _active_content(reader: pypdf.PdfReader) -> str | None:
    """The first reason to refuse found in the object graph, or None."""
    stack = [(reader.trailer.raw_get("/Root"), False)]
    seen = set()
    nodes = 0
    while stack:
        item, automatic = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation, automatic)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, ArrayObject):
            values = list(item)
            automatic_children = [automatic] * len(values)
        elif isinstance(item, DictionaryObject):
            reason = _judge(item, automatic)
            if reason:
                return reason
            values, automatic_children = _children(item, automatic)
        else:
            continue
        nodes += 1
        if nodes > MAX_PDF_NODES:
            raise errors.too_complex_pdf()
        stack.extend(zip(values, automatic_children, strict=True))
    return None


def _judge(item: DictionaryObject, automatic: bool) -> str | None:
    action = item.get("/S") if "/S" in item else None
    if "/JS" in item or "/JavaScript" in item or action in _SCRIPT_ACTIONS:
        return "pdf_script"
    if action == "/Launch":
        return "pdf_launch"
    if automatic and action is not None and action not in _HARMLESS_AUTOMATIC_ACTIONS:
        return "pdf_script"
    if "/EmbeddedFiles" in item or "/EF" in item or item.get("/Type") == "/EmbeddedFile":
        return "pdf_attachment"
    subtype = item.get("/Subtype")
    if subtype == "/FileAttachment":
        return "pdf_attachment"
    if "/XFA" in item or subtype in _MEDIA_ANNOTATIONS:
        return "pdf_interactive"
    return None


def _children(item: DictionaryObject, automatic: bool):
    """The values to visit next, each with whether it runs without the reader's say-so."""
    is_action = "/S" in item
    values, flags = [], []
    for key in item:
        if key in _NOT_FOLLOWED:
            continue
        value = item.raw_get(key)
        if key == "/AA":
            triggers = value.get_object() if isinstance(value, IndirectObject) else value
            if isinstance(triggers, DictionaryObject):
                for trigger in triggers:
                    values.append(triggers.raw_get(trigger))
                    flags.append(True)
                continue
        values.append(value)
        if key == "/OpenAction":
            flags.append(True)
        else:
            flags.append(automatic and is_action and key == "/Next")
    return values, flags


# A ZIP reader finds an archive from its end-of-central-directory record, some tools from
# any local file header. Either one, with plausible fields, makes the PDF a polyglot; the
# field checks keep the chance that compressed page content matches by accident negligible.
_LOCAL_HEADER = re.compile(rb"PK\x03\x04")
_END_RECORD = re.compile(rb"PK\x05\x06")
_ZIP_METHODS = frozenset({0, 8, 9, 12, 14, 93, 95, 98, 99})


def _carries_zip(data: bytes) -> bool:
    for match in _END_RECORD.finditer(data):
        record = data[match.start() + 4 : match.start() + 22]
        if len(record) < 18:
            break
        disk, cd_disk, on_disk, total, _, _, _ = struct.unpack("<HHHHIIH", record)
        if disk == 0 and cd_disk == 0 and on_disk == total:
            return True
    for match in _LOCAL_HEADER.finditer(data):
        header = data[match.start() + 4 : match.start() + 30]
        if len(header) < 26:
            break
        version, _, method = struct.unpack("<HHH", header[:6])
        name_length = struct.unpack("<H", header[22:24])[0]
        name = data[match.start() + 30 : match.start() + 30 + name_length]
        if (
            version <= 63
            and method in _ZIP_METHODS
            and 0 < name_length <= 1024
            and len(name) == name_length
            and all(32 <= byte < 127 or byte >= 128 for byte in name)
        ):
            return True
    return False
