"""CSV and XLSX files of a list, row for row and column for column what the table shows.

Both stream from the database in chunks (`iterator()`), never holding every row at once:
the CSV as a StreamingHttpResponse, the workbook written in openpyxl's write-only mode to
a temporary file served by FileResponse.
"""

import csv
import re
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

CHUNK = 2000
# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_filename(stem, extension):
    """`stem-YYYY-MM-DD.ext` in lower-case ASCII letters, digits and hyphens only."""
    clean = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "export"
    return f"{clean}-{timezone.localdate().isoformat()}.{extension}"


def neutralised(text):
    """The text a spreadsheet shows as text: a leading formula character is quoted."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose write hands the line back, for csv.writer to stream."""

    def write(self, value):
        return value


def _rows(columns, queryset):
    for obj in queryset.iterator(chunk_size=CHUNK):
        yield [column.text(obj) for column in columns]


def csv_response(columns, queryset, stem):
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # a byte-order mark, so spreadsheets read the file as UTF-8
        yield writer.writerow([str(column.header) for column in columns])
        for row in _rows(columns, queryset):
            yield writer.writerow([neutralised(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(stem, "csv"))
    return response


def _text_cell(sheet, value, bold=False):
    # Assigned as a string, a value starting with "=" becomes a formula: mark it text.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_response(columns, queryset, stem, title):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    sheet.append([_text_cell(sheet, str(column.header), bold=True) for column in columns])
    for row in _rows(columns, queryset):
        sheet.append([_text_cell(sheet, value) for value in row])
    # Not a `with`: FileResponse closes the file once it is sent (and the OS removes it).
    spool = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=safe_filename(stem, "xlsx"), content_type=XLSX_TYPE
    )
