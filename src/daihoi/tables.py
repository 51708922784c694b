"""Reading spreadsheets users upload (.xlsx or .csv) as rows of text, and their errors.

Everything is read and checked before anything is written; a bad row is named
by its number as the spreadsheet shows it (the header is row 1) and its column.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

from django.utils.translation import gettext as _

from daihoi.core import bounded


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
    """The file's rows as text cells, header first, within the limits of
    :mod:`daihoi.core.bounded`: checked before the file is loaded (its size,
    the dimension an .xlsx declares, a CSV cell's length) and cell by cell
    after (control characters, formulas without a saved value)."""
    lower = file_name.lower()
    if lower.endswith(".xlsx"):
        return checked_rows(file_name, _xlsx_rows(file_name, data))
    if lower.endswith(".csv"):
        return checked_rows(file_name, _csv_rows(file_name, data))
    raise ImportRefused(file_name, [RowError(0, "-", _("only .xlsx and .csv files are accepted"))])


@dataclass
class Columns:
    """Where each known column stands in a file's header row (see :func:`header_columns`)."""

    index: dict[str, int] = field(default_factory=dict)
    #: Each column's name for a message: the file's own heading when it has the
    #: column, else the name the import guide gives it.
    labels: dict[str, str] = field(default_factory=dict)
    #: The header's errors: an unknown heading, a column twice, a required one missing.
    errors: list[RowError] = field(default_factory=list)

    def get(self, cells: Sequence[str], key: str) -> str:
        """The row's cell in column ``key``; empty when the file has no such column or cell."""
        i = self.index.get(key)
        return cells[i] if i is not None and i < len(cells) else ""


def header_columns(
    header: Sequence[str],
    names: Mapping[str, Collection[str]],
    *,
    required: Iterable[str] = (),
    labels: Mapping[str, str] | None = None,
    key: Callable[[str], str] = norm,
    lenient: bool = False,
    other: Callable[[int, str], list[RowError] | None] | None = None,
) -> Columns:
    """Read a header row: which column is which, and what is wrong with it.

    ``names[k]`` are the headings (as ``key`` normalises them) that mean column
    ``k``, in Vietnamese and English. ``other(i, heading)`` may claim a heading
    first (a year column): it returns that heading's errors, or None when the
    heading is not its own. By default an unknown heading and a column given
    twice are errors, named by the heading as the file writes it; ``lenient``
    passes over unknown headings and reads the first column of a kind. A
    required column that is missing is named by ``labels[k]`` (else ``k``).
    """
    columns = Columns(labels=dict(labels or {}))
    for i, text in enumerate(header):
        h = key(text)
        if not h:
            continue
        if other is not None and (claimed := other(i, text)) is not None:
            columns.errors += claimed
            continue
        found = next((k for k, aliases in names.items() if h in aliases), None)
        if found is None:
            if not lenient:
                columns.errors.append(RowError(1, text, _("unknown column")))
        elif found in columns.index:
            if not lenient:
                columns.errors.append(RowError(1, text, _("this column appears twice")))
        else:
            columns.index[found] = i
            columns.labels[found] = text
    for k in required:
        if k not in columns.index:
            name = columns.labels.get(k, k)
            columns.errors.append(RowError(1, name, _("required column is missing")))
    return columns


def named_rows(
    file_name: str, data: bytes, names: Mapping[str, Collection[str]]
) -> tuple[Columns, list[tuple[int, list[str], str]], list[RowError]]:
    """A list of people (a ``full_name`` column and others): the header read
    (refused whole when it is wrong), then each filled row with its number and
    its name, spaces collapsed; a row without a name is an error, not a row."""
    table = read_table(file_name, data)
    if not table:
        raise ImportRefused(file_name, [RowError(1, "-", _("the file is empty"))])
    columns = header_columns(table[0], names, required=("full_name",))
    if columns.errors:
        raise ImportRefused(file_name, columns.errors)
    rows: list[tuple[int, list[str], str]] = []
    errors: list[RowError] = []
    for n, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        name = " ".join(columns.get(cells, "full_name").split())
        if name:
            rows.append((n, cells, name))
        else:
            errors.append(RowError(n, "full_name", _("this field is required")))
    return columns, rows, errors


#: Errors named before an import gives up listing them.
MAX_ROW_ERRORS = 50


def _refuse(file_name: str, message: str, row: int = 0, column: str = "-") -> NoReturn:
    raise ImportRefused(file_name, [RowError(row, column, message)])


def column_letter(index: int) -> str:
    """The spreadsheet's name of a 0-based column: A, B, …, Z, AA, …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def checked_rows(file_name: str, rows: Iterable[list[str]]) -> list[list[str]]:
    """The rows, or ImportRefused naming each cell with a control character
    (NUL, which PostgreSQL cannot store, and the others) or over the length
    limit, by its row and its column's heading."""
    out: list[list[str]] = []
    errors: list[RowError] = []
    header: list[str] = []
    for number, row in enumerate(rows, start=1):
        if number == 1:
            header = row
        for i, text in enumerate(row):
            problem = None
            if len(text) > bounded.MAX_CELL:
                problem = _("the cell is longer than %(n)s characters") % {
                    "n": f"{bounded.MAX_CELL:,}".replace(",", " ")
                }
            elif (char := bounded.bad_character(text)) is not None:
                problem = _("the cell holds a control character (%(char)s)") % {"char": char}
            if problem is not None:
                name = header[i] if i < len(header) and number > 1 and header[i] else ""
                column = name if name and bounded.bad_character(name) is None else ""
                errors.append(
                    RowError(number, bounded.quote(column, 40) or column_letter(i), problem)
                )
                if len(errors) >= MAX_ROW_ERRORS:
                    raise ImportRefused(file_name, errors)
        out.append(row)
    if errors:
        raise ImportRefused(file_name, errors)
    return out


def _csv_rows(file_name: str, data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _refuse(file_name, _("the file is not UTF-8 text"))
    head = text[:4096]
    delimiter = ";" if head.count(";") > head.count(",") else ","
    try:
        for row in bounded.csv_rows(text, delimiter):
            yield [cell(c) for c in row]
    except bounded.CsvTooLarge as exc:
        if exc.kind == "cell":
            message = _("a cell is longer than %(n)s characters") % {
                "n": f"{bounded.MAX_CELL:,}".replace(",", " ")
            }
        elif exc.kind == "rows":
            message = _("the file has more than %(n)s rows") % {
                "n": f"{bounded.MAX_ROWS:,}".replace(",", " ")
            }
        elif exc.kind == "columns":
            message = _("the row has more than %(n)d columns") % {"n": bounded.MAX_COLUMNS}
        else:
            message = _("not a readable CSV file (%s)") % bounded.quote(exc.detail)
        _refuse(file_name, message, exc.row)


def _xlsx_rows(file_name: str, data: bytes) -> Iterator[list[str]]:
    problem = bounded.check_xlsx(data)
    if problem is not None:
        if problem.code == "dimension":
            _refuse(
                file_name,
                _(
                    "the sheet declares the range %(range)s: more than %(rows)s rows "
                    "or %(columns)d columns"
                )
                % {
                    "range": bounded.quote(problem.detail, 40),
                    "rows": f"{bounded.MAX_ROWS:,}".replace(",", " "),
                    "columns": bounded.MAX_COLUMNS,
                },
            )
        if problem.code == "too_large":
            _refuse(file_name, _("the file unpacks to more than %s") % problem.detail)
        # The reader's reason is English and technical: the person is told what to check.
        _refuse(file_name, _("not a readable .xlsx file: save it from Excel as .xlsx"))
    from openpyxl import load_workbook

    def sheet(data_only: bool) -> Any:
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
            return book.worksheets[0]
        except Exception:  # openpyxl raises many kinds for a broken file
            _refuse(file_name, _("not a readable .xlsx file: save it from Excel as .xlsx"))

    # Formulas are read as written first; a formula's saved value is then
    # taken from a second reading, and a formula saved without one (a file
    # written by a program that does not compute) is refused, not read as blank.
    rows: list[list[Any]] = []
    formulas: list[tuple[int, int]] = []
    try:
        for number, cells in enumerate(sheet(False).iter_rows(), start=1):
            if number > bounded.MAX_ROWS:
                _refuse(
                    file_name,
                    _("the file has more than %(n)s rows")
                    % {"n": f"{bounded.MAX_ROWS:,}".replace(",", " ")},
                    number,
                )
            if len(cells) > bounded.MAX_COLUMNS:
                _refuse(
                    file_name,
                    _("the row has more than %(n)d columns") % {"n": bounded.MAX_COLUMNS},
                    number,
                )
            row = []
            for i, c in enumerate(cells):
                if getattr(c, "data_type", None) == "f":
                    formulas.append((number, i))
                row.append(getattr(c, "value", None))
            rows.append(row)
        if formulas:
            saved = [list(r) for r in sheet(True).iter_rows(values_only=True)]
    except ImportRefused:
        raise
    except Exception:  # a part that does not parse half-way through
        _refuse(file_name, _("not a readable .xlsx file: save it from Excel as .xlsx"))
    errors: list[RowError] = []
    for number, i in formulas:
        value = (
            saved[number - 1][i] if number - 1 < len(saved) and i < len(saved[number - 1]) else None
        )
        if value is None:
            errors.append(
                RowError(
                    number,
                    column_letter(i),
                    _(
                        "a formula without a saved value: open the file in a spreadsheet "
                        "program and save it, or type the value"
                    ),
                )
            )
        rows[number - 1][i] = value
    if errors:
        raise ImportRefused(file_name, errors[:MAX_ROW_ERRORS])
    for row in rows:
        yield [cell(c) for c in row]


def parse_date(text: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
