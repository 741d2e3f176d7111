"""DOCX and ODT: a ZIP package of the right kind, with no macros, programs or embedded objects.

The cost of judging an archive is bounded before anything is decompressed: the number of
entries, the declared uncompressed size of each entry and of all of them, and each entry's
compression ratio are read from the central directory. An entry whose compressed data is
larger than its declared size lies about it (deflate never grows data by more than a few
bytes in ten thousand) and is refused too. Then only what must be read is decompressed: the
few XML parts that say whether the document runs code, and the first bytes of each entry
(to find a program or an OLE object under an innocent name), all the reads together capped
at ``MAX_READ_BYTES`` whatever the headers say. The archive is never decompressed whole, so
a damaged entry that none of these reads touches is not noticed: the reader's word
processor will say so, and it is no danger.

Refused in a DOCX: a VBA project (``vbaProject.bin``, ``vbaData.xml``) or a macro-enabled
content type, ActiveX controls, OLE objects and anything under ``word/embeddings/`` (a
chart's embedded workbook too: the document can be saved as PDF instead), and external
relationships that Word follows on opening (a remote template, OLE object, frame or
sub-document, or a target such as ``mhtml:`` or ``ms-msdt:`` that starts a program).
Refused in an ODT: ``Basic/`` and ``Scripts/`` libraries and event listeners (which bind an
event to a macro or script, even one already on the reader's machine). Refused in both: an
entry that is a program (Windows, ELF, Mach-O) or an OLE compound file, whatever its name,
and ``%PDF-`` anywhere in the file (a PDF reader would open it).
"""

from __future__ import annotations

import html
import io
import re
import zipfile
import zlib

from . import errors
from .formats import DOCX, ODT

MAX_ARCHIVE_ENTRIES = 2000
MAX_ARCHIVE_EXPANSION = 20  # total declared size may be at most this many times max_bytes
MAX_ENTRY_EXPANSION = 10  # one entry's declared size may be at most this many times max_bytes
MAX_COMPRESSION_RATIO = 200  # for entries larger than RATIO_FLOOR; deflate's limit is ~1032
RATIO_FLOOR = 1024 * 1024
MAX_READ_BYTES = 16 * 1024 * 1024  # decompressed in all, whatever the headers declare

ODT_MIMETYPE = ODT[0].encode("ascii")

# What zipfile may raise on a damaged or unusual archive (unsupported compression method,
# encrypted member, truncated deflate stream, bad CRC...).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    KeyError,
    NotImplementedError,
    RuntimeError,
)

_PROGRAM_MAGIC = (
    b"MZ",  # Windows executable or DLL
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O, both byte orders and word sizes, and fat binaries
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE compound file: VBA, embedded objects
)
_PROGRAM_EXTENSIONS = (
    ".exe", ".dll", ".scr", ".com", ".bat", ".cmd", ".ps1", ".vbs", ".vbe", ".js", ".jse",
    ".wsf", ".hta", ".msi", ".jar", ".lnk", ".cpl", ".sh",
)  # fmt: skip
_DOCX_MACRO_NAMES = re.compile(r"(^|/)(vbaproject\.bin|vbadata\.xml)$")
_DOCX_OBJECT_NAMES = re.compile(r"(^|/)(activex|embeddings)/|oleobject")
_DOCX_CODE_TYPES = re.compile(rb"macroenabled|vbaproject|vbadata|ms-word\.(template|addin)")
_DOCX_OBJECT_TYPES = re.compile(rb"activex|oleobject")
_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_FETCHED_ON_OPENING = ("/attachedtemplate", "/oleobject", "/frame", "/subdocument")
_LOCAL_TEMPLATE = re.compile(r"file:///[a-z]:", re.IGNORECASE)
_RUNNING_SCHEME = re.compile(r"\s*(mhtml|ms-[\w-]+|vbscript|javascript):", re.IGNORECASE)
_ODT_MACRO_DIRECTORIES = ("basic/", "scripts/")
_ODT_EVENT_LISTENER = re.compile(rb"<[\w.-]+:event-listeners?\b|vnd\.sun\.star\.script:")


def check_zip_document(data: bytes, max_bytes: int) -> tuple[str, str]:
    if b"%PDF-" in data:
        raise errors.ambiguous()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            _check_declared_sizes(entries, max_bytes)
            names = {entry.filename for entry in entries}
            reader = _Reader(archive)
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                kind = DOCX
                _check_docx(reader, entries)
            elif _is_odt(archive):
                kind = ODT
                _check_odt(reader, entries)
            else:
                raise errors.unsupported()
            for entry in entries:
                if not entry.is_dir() and reader.head(entry).startswith(_PROGRAM_MAGIC):
                    raise errors.active_content("embedded_object")
    except ZIP_ERRORS:
        raise errors.corrupt() from None
    return kind


def _check_declared_sizes(entries, max_bytes: int) -> None:
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise errors.suspicious_archive()
    if sum(entry.file_size for entry in entries) > MAX_ARCHIVE_EXPANSION * max_bytes:
        raise errors.suspicious_archive()
    for entry in entries:
        if entry.file_size > MAX_ENTRY_EXPANSION * max_bytes:
            raise errors.suspicious_archive()
        if entry.compress_size > entry.file_size + entry.file_size // 1000 + 64:
            raise errors.suspicious_archive()
        if (
            entry.file_size > RATIO_FLOOR
            and entry.file_size > MAX_COMPRESSION_RATIO * entry.compress_size
        ):
            raise errors.suspicious_archive()


class _Reader:
    """Reads entries within one budget of decompressed bytes for the whole archive."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.left = MAX_READ_BYTES

    def read(self, entry: zipfile.ZipInfo) -> bytes:
        with self.archive.open(entry) as member:
            data = member.read(self.left + 1)
        self.left -= len(data)
        if self.left < 0:
            raise errors.suspicious_archive()
        return data

    def head(self, entry: zipfile.ZipInfo) -> bytes:
        # zipfile inflates at most 4 KB to give these bytes, however large the entry.
        with self.archive.open(entry) as member:
            return member.read(8)


def _check_docx(reader: _Reader, entries) -> None:
    lowered = [entry.filename.lower() for entry in entries]
    if any(_DOCX_MACRO_NAMES.search(name) for name in lowered):
        raise errors.active_content("macros")
    if any(
        _DOCX_OBJECT_NAMES.search(name) or name.endswith(_PROGRAM_EXTENSIONS) for name in lowered
    ):
        raise errors.active_content("embedded_object")
    content_types = reader.read(reader.archive.getinfo("[Content_Types].xml")).lower()
    if _DOCX_CODE_TYPES.search(content_types):
        raise errors.active_content("macros")
    if _DOCX_OBJECT_TYPES.search(content_types):
        raise errors.active_content("embedded_object")
    for entry in entries:
        if entry.filename.lower().endswith(".rels"):
            for relationship in _RELATIONSHIP.findall(reader.read(entry)):
                if _fetched_on_opening(relationship):
                    raise errors.active_content("embedded_object")


def _fetched_on_opening(tag: bytes) -> bool:
    """Whether Word follows this external relationship by itself, as soon as it opens the
    document: a remote template, OLE object, frame or sub-document, or a target whose scheme
    runs a program (mhtml:, ms-msdt:...). A template on the author's own disk (``file:///C:``,
    written by Word for documents made from a template) is not fetched from anywhere."""
    attributes = {
        name.decode("ascii", "replace").lower(): html.unescape(
            (double or single).decode("utf-8", "replace")
        )
        for name, double, single in _ATTRIBUTE.findall(tag)
    }
    if attributes.get("targetmode", "").lower() != "external":
        return False
    kind = attributes.get("type", "").lower()
    target = attributes.get("target", "")
    if _RUNNING_SCHEME.match(target):
        return True
    if kind.endswith("/attachedtemplate"):
        return not _LOCAL_TEMPLATE.match(target)
    return kind.endswith(_FETCHED_ON_OPENING)


def _is_odt(archive: zipfile.ZipFile) -> bool:
    try:
        entry = archive.getinfo("mimetype")
    except KeyError:
        return False
    if entry.file_size != len(ODT_MIMETYPE):
        return False
    return archive.read(entry) == ODT_MIMETYPE


def _check_odt(reader: _Reader, entries) -> None:
    lowered = [entry.filename.lower() for entry in entries]
    if any(name.startswith(_ODT_MACRO_DIRECTORIES) for name in lowered):
        raise errors.active_content("macros")
    if any(name.endswith(_PROGRAM_EXTENSIONS) for name in lowered):
        raise errors.active_content("embedded_object")
    for entry in entries:
        name = entry.filename
        readable = name in ("content.xml", "styles.xml") or name.endswith("/content.xml")
        if readable and _ODT_EVENT_LISTENER.search(reader.read(entry)):
            raise errors.active_content("macros")
