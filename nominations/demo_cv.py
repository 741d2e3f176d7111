"""The one-page CVs of the demo nominations: real PDFs, written with pypdf."""

import io

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

A4 = (595, 842)


def _escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def cv_pdf(lines):
    """A one-page A4 PDF showing ``lines`` in Helvetica, the first one as a heading."""
    writer = PdfWriter()
    page = writer.add_blank_page(*A4)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    heading, *rest = lines
    text = [f"BT /F1 16 Tf 72 770 Td 18 TL ({_escape(heading)}) Tj /F1 11 Tf 0 -12 Td 15 TL"]
    text += [f"({_escape(line)}) '" for line in rest]
    text.append("ET")
    stream = DecodedStreamObject()
    stream.set_data("\n".join(text).encode("cp1252"))
    page.replace_contents(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
