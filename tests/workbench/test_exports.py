"""The CSV and XLSX exports hold exactly what the list shows: the same filters, the same
order, every page, the same columns and values; formulas are neutralised."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories
from workbench import exports

HEADERS = ["Candidate", "Member state", "Call", "Post", "Note reference", "Received", "State",
           "Late", "CV", "Also by another state"]  # fmt: skip
CELL = re.compile(
    r"<t[hd] [^>]*class=\"govuk-table__(?:header|cell)[^\"]*\"[^>]*>(.*?)</t[hd]>", re.S
)
TAG = re.compile(r"<[^>]+>")


@pytest.fixture
def signed_in(client, secretariat):
    client.force_login(secretariat)
    return client


def table(response):
    """The rows of the page's table as text, the header row first."""
    html = response.content.decode()
    body = html[html.index("<table") : html.index("</table>")]
    rows = []
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", body, re.S):
        cells = [TAG.sub("", cell).strip() for cell in CELL.findall(row)]
        rows.append([c.replace("&quot;", '"').replace("&amp;", "&") for c in cells])
    return rows


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_csv_holds_the_filtered_rows_in_the_lists_order_and_columns(signed_in, listing):
    params = {"member_state": "KEN", "sort": "candidate"}
    page = signed_in.get(reverse("workbench:nomination_list"), params)

    response = signed_in.get(reverse("workbench:nomination_export"), {**params, "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="nominations-\d{4}-\d{2}-\d{2}\.csv"',
        response["Content-Disposition"],
    )
    rows = csv_rows(response)
    assert rows[0] == HEADERS
    assert rows == table(page)
    assert [row[0] for row in rows[1:]] == ["Amina Wanjiru", "Brian Otieno"]
    assert rows[1] == [
        "Amina Wanjiru", "Kenya", "EO/821/2023", "DDG Management", "KE-2023-77",
        "1 May 2023 12:00", "Received", "No", "Missing", "No",
    ]  # fmt: skip


def test_the_xlsx_holds_the_same_rows_as_text(signed_in, listing):
    params = {"sort": "received"}
    page = signed_in.get(reverse("workbench:nomination_list"), params)

    response = signed_in.get(reverse("workbench:nomination_export"), {**params, "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_TYPE
    assert re.fullmatch(
        r'attachment; filename="nominations-\d{4}-\d{2}-\d{2}\.xlsx"',
        response["Content-Disposition"],
    )
    sheet, rows = xlsx_rows(response)
    assert sheet.title == "Nominations"
    assert rows == table(page)
    # The reference that looks like a formula is stored as text, not as a formula.
    garcia = next(row for row in sheet.iter_rows() if row[0].value == "José García")
    assert garcia[4].value == '=HYPERLINK("http://x")'
    assert garcia[4].data_type == "s"


def test_a_cell_that_a_spreadsheet_would_run_is_quoted_in_the_csv(signed_in, listing):
    response = signed_in.get(reverse("workbench:nomination_export"), {"q": "garcia"})

    rows = csv_rows(response)

    assert rows[1][4] == '\'=HYPERLINK("http://x")'


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_neutralised(text):
    assert exports.neutralised(text) == "'" + text
    assert exports.neutralised("plain " + text) == "plain " + text


def test_the_file_name_is_safe_whatever_the_list_is_called():
    name = exports.safe_filename('Notes "verbales"/../\r\nx', "csv")
    assert re.fullmatch(r"notes-verbales-x-\d{4}-\d{2}-\d{2}\.csv", name)


@pytest.mark.django_db
def test_an_export_holds_every_page_not_only_the_first(signed_in):
    post = factories.PostFactory()
    factories.NominationFactory.create_batch(53, post=post)

    csv_file = csv_rows(signed_in.get(reverse("workbench:nomination_export")))
    _sheet, xlsx = xlsx_rows(
        signed_in.get(reverse("workbench:nomination_export"), {"format": "xlsx"})
    )

    assert len(csv_file) == len(xlsx) == 54  # the header and 53 rows


def test_a_filter_that_does_not_validate_exports_no_rows_as_the_list_shows_none(signed_in, listing):
    rows = csv_rows(signed_in.get(reverse("workbench:nomination_export"), {"post": "999999"}))
    assert rows == [HEADERS]


def test_the_notes_export_follows_the_notes_list(signed_in, listing):
    params = {"member_state": "KEN"}
    page = signed_in.get(reverse("workbench:note_list"), params)

    rows = csv_rows(signed_in.get(reverse("workbench:note_export"), params))
    _sheet, sheet_rows = xlsx_rows(
        signed_in.get(reverse("workbench:note_export"), {**params, "format": "xlsx"})
    )

    assert rows == table(page) == sheet_rows
    assert rows[0] == ["Reference", "Member state", "Direction", "Channel", "Call", "Dated",
                       "Received", "Nominations"]  # fmt: skip
    assert [row[0] for row in rows[1:]] == ["KE-2024-02", "KE-2023-77"]
    assert rows[1][-1] == "1"
