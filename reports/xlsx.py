"""The deadline report as a spreadsheet: a summary per post, every nomination, and the
states that did not nominate (openpyxl's write-only mode: rows streamed, not held)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from workflows.deadlines import seat_zone


def _geneva(moment):
    # Spreadsheets hold no time zone: the Secretariat's, as the report says.
    return moment.astimezone(seat_zone()).replace(tzinfo=None) if moment else None


class Sheet:
    """A write-only sheet whose text cells stay text: a name starting with "=" is a name,
    never a formula (OWASP "CSV injection"), as workbench/exports.py writes them."""

    def __init__(self, book, title):
        self.sheet = book.create_sheet(str(title)[:31])

    def append(self, values):
        self.sheet.append([self._cell(value) for value in values])

    def _cell(self, value):
        if not isinstance(value, str):
            return value
        cell = WriteOnlyCell(self.sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell


def render(report):
    book = Workbook(write_only=True)
    summary = Sheet(book, _("Summary"))
    summary.append([_("Call"), report.call.reference, report.call.title])
    summary.append([_("Deadline (Geneva time)"), _geneva(report.deadline)])
    summary.append([])
    summary.append(
        [
            _("Post"),
            _("On time"),
            _("Incomplete"),
            _("Late, waiting for a decision"),
            _("Late, accepted"),
            _("Late, rejected"),
            _("Withdrawn"),
            _("Member states that did not nominate"),
        ]
    )
    for post in report.posts:
        summary.append(
            [
                post.title,
                post.on_time,
                post.incomplete,
                post.late_waiting,
                post.late_accepted,
                post.late_rejected,
                post.withdrawn,
                len(post.not_nominated),
            ]
        )
    rows = Sheet(book, _("Nominations"))
    rows.append(
        [
            _("Post"),
            _("Member state code"),
            _("Member state"),
            _("Candidate"),
            _("Received (Geneva time)"),
            _("On time"),
            _("Status"),
        ]
    )
    for title, code, state, candidate, received, is_late, status in report.nominations():
        on_time = _("no") if is_late else _("yes")
        rows.append([title, code, state, candidate, _geneva(received), on_time, status])
    missing = Sheet(book, _("Not nominated"))
    missing.append([_("Post"), _("Member state")])
    for post in report.posts:
        for name in post.not_nominated:
            missing.append([post.title, name])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
