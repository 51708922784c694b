"""Reading spreadsheets users upload (.xlsx or .csv) as rows of text, and their errors.

Everything is read and checked before anything is written; a bad row is named
by its number as the spreadsheet shows it (the header is row 1) and its column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based, as the spreadsheet shows it (the header is row 1)
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportRefused(Exception):
    def __init__(self, file_name: str, errors: list[RowError]):
        self.file_name = file_name
        self.errors = errors
        super().__init__(f"{file_name}: {len(errors)} error(s)")


#: A text cell beginning with one of these is read by a spreadsheet as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: Any) -> Any:
    """A value for a spreadsheet cell: text that would be read as a formula (a
    name typed as "=HYPERLINK(…)") is kept as text by a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().lower()


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def read_table(file_name: str, data: bytes) -> list[list[str]]:
    """The file's rows as text cells, header first."""
    lower = file_name.lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ImportRefused(
                # The library's reason is English and technical: the person is told what to check.
                file_name,
                [RowError(0, "-", _("not a readable .xlsx file: save it from Excel as .xlsx"))],
            ) from exc
        sheet = book.worksheets[0]
        return [[cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    if lower.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportRefused(
                file_name, [RowError(0, "-", _("the file is not UTF-8 text"))]
            ) from exc
        head = text[:4096]
        delimiter = ";" if head.count(";") > head.count(",") else ","
        return [[cell(c) for c in r] for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    raise ImportRefused(file_name, [RowError(0, "-", _("only .xlsx and .csv files are accepted"))])


def parse_date(text: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
