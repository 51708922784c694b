"""The calendar of a subtree as an Excel workbook (XlsxWriter, streamed row by row)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import IO

import xlsxwriter
from django.utils.translation import gettext as _
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet, _preserve_whitespace

from daihoi.congresses.models import Term
from daihoi.organizations.models import Unit
from daihoi.planning.forms import FLAG_LABELS, STAGE_LABELS
from daihoi.planning.models import Document
from daihoi.planning.progress import Flag
from daihoi.planning.selectors import Row
from daihoi.tables import as_text

OVERDUE_FILL = "#FDECEA"
LATE_FILL = "#FFF6E0"
DATE_FORMAT = "dd/mm/yyyy"
WIDTHS = (6, 16, 40, 18, 32, 8, 13, 13, 16, 13, 24, 40)
DATE_COLUMNS = frozenset({6, 7, 9})
#: How often (in rows) the export tells ``progress`` how far it is.
PROGRESS_EVERY = 2000


class _Sheet(Worksheet):  # type: ignore[misc]
    """XlsxWriter's worksheet with one more method: ``write_cells``, a whole row at once.

    In constant-memory mode XlsxWriter keeps each cell of the current row as
    an object, then writes it, escaped, through several calls per cell; for
    700,000 cells that is most of the export's time. ``write_cells`` writes
    the row's XML directly, the same XML (a test compares the two), and
    remembers the XML of the values that repeat (levels, upper units, stages,
    dates, blanks) by column. It relies on the pinned XlsxWriter's internals.
    """

    def __init__(self) -> None:
        super().__init__()
        self._memo: dict[tuple[int, object, int], str] = {}
        self._xfs: dict[tuple[int, int], int] = {}
        self._letters: list[str] = []
        #: The columns whose values repeat (the others are written without the memo).
        self.repeating: frozenset[int] = frozenset()

    def write_cells(self, row: int, cells: Sequence[tuple[object, Format | None]]) -> None:
        """Write ``cells`` (value, format) from column A, after every row above ``row``.

        A value None with a format is a blank styled cell; None alone, no cell.
        """
        assert self.constant_memory and row > self.previous_row, row
        if self._check_dimensions(row, 0) or self._check_dimensions(row, len(cells) - 1):
            raise ValueError(f"row {row} is outside the worksheet")
        self._write_single_row(row)  # the row the stock methods left pending, if any
        self._write_row(row, None, self.row_info.get(row))
        number = row + 1
        while len(self._letters) < len(cells):
            self._letters.append(xl_col_to_name(len(self._letters)))
        memo, repeating, xfs, letters = self._memo, self.repeating, self._xfs, self._letters
        has_row_info = row in self.row_info
        out = []
        for col, (value, fmt) in enumerate(cells):
            if value is None and fmt is None:
                continue
            if has_row_info:
                xf = self._xf(row, col, fmt)
            else:
                found = xfs.get((col, id(fmt)))
                xf = xfs[(col, id(fmt))] = self._xf(row, col, fmt) if found is None else found
            if col in repeating or value is None:
                key = (col, value, xf)
                tail = memo.get(key)
                if tail is None:
                    tail = memo[key] = self._tail(value, xf)
            else:
                tail = self._tail(value, xf)
            out.append(f'<c r="{letters[col]}{number}"{tail}')
        out.append("</row>")
        self.fh.write("".join(out))

    def _xf(self, row: int, col: int, fmt: Format | None) -> int:
        """The style as XlsxWriter picks it: the cell's, else its row's, else its column's."""
        if fmt is None:
            info = self.row_info.get(row)
            if info is not None and info.row_format:
                fmt = info.row_format
            elif col in self.col_info:
                fmt = self.col_info[col].column_format
        return fmt._get_xf_index() if fmt is not None else -1

    def _tail(self, value: object, xf: int) -> str:
        """A cell's XML after its reference, as ``Worksheet._write_cell`` writes it."""
        style = f' s="{xf}"' if xf >= 0 else ""
        if value is None:
            return f"{style}/>"
        if isinstance(value, str):
            # XlsxWriter's escapes, skipped when they would change nothing (most names).
            plain = value.isprintable() and "_x" not in value
            text = value if plain else self._escape_control_characters(value)
            space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
            if "&" in text or "<" in text or ">" in text:
                text = self._escape_data(text)
            return f'{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'
        if isinstance(value, dt.date):
            value = self._convert_date_time(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"cannot write {type(value).__name__}")
        return f"{style}><v>{value:.16G}</v></c>"


def calendar_xlsx(
    unit: Unit,
    term: Term,
    rows: Sequence[Row],
    today: dt.date,
    out: str | IO[bytes],
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Write the rows as a workbook to ``out`` (a path or a binary file).

    XlsxWriter's constant-memory mode writes each row to a temporary file as
    soon as the next one starts, so 60,000 rows (700,000 cells) never sit in
    memory at once. Each cell is written by its type (text is always text:
    a unit named ``=1+1`` is not a formula), the labels are translated once,
    and ``progress(done, total)`` is called every ``PROGRESS_EVERY`` rows.
    """
    units = {
        pk: (as_text(code), as_text(name), as_text(level), as_text(parent) or None)
        for pk, code, name, level, parent in Unit.objects.subtree(unit).values_list(
            "pk", "code", "name", "level__name", "parent__name"
        )
    }
    doc_ids = {r.milestone.document_id for r in rows if r.milestone}
    numbers = dict(Document.objects.filter(pk__in=doc_ids).values_list("pk", "number"))
    book = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = book.add_worksheet(_("Calendar")[:31], worksheet_class=_Sheet)
    assert isinstance(sheet, _Sheet)
    sheet.repeating = frozenset({3, 4, 5, 6, 7, 8, 9, 10, 11})  # all but #, code, name
    sheet.freeze_panes(2, 0)
    for i, w in enumerate(WIDTHS):
        sheet.set_column(i, i, w)
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    # One format per kind of cell: (fill, is a date).
    formats = {
        (fill, date): book.add_format(
            {
                **({"bg_color": colour, "pattern": 1} if colour else {}),
                **({"num_format": DATE_FORMAT} if date else {}),
            }
        )
        for fill, colour in (("", None), ("overdue", OVERDUE_FILL), ("late", LATE_FILL))
        for date in (False, True)
    }
    # The format of each column in a row of each fill: a plain row styles its dates only.
    columns = {
        fill: [
            formats[(fill, col in DATE_COLUMNS)] if fill or col in DATE_COLUMNS else None
            for col in range(len(WIDTHS))
        ]
        for fill in ("", "overdue", "late")
    }

    title = _("Congresses in %(unit)s, term %(term)s — as of %(day)s") % {
        "unit": unit.name,
        "term": term,
        "day": today.strftime("%d/%m/%Y"),
    }
    sheet.write_string(0, 0, title, bold)
    header = [
        _("#"),
        _("Code"),
        _("Unit"),
        _("Level"),
        _("Upper unit"),
        _("Pilot"),
        _("Planned"),
        _("Deadline"),
        _("Deadline set by"),
        _("Held"),
        _("Status"),
        _("Attention"),
    ]
    for col, h in enumerate(header):
        sheet.write_string(1, col, h, bold)
    yes = _("yes")
    stages = {stage: str(label) for stage, label in STAGE_LABELS.items()}
    attention: dict[frozenset[Flag], str | None] = {}
    missing = (None, None, None, None)
    total = len(rows)
    for n, r in enumerate(rows, start=1):
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(n, total)
        code, name, level, parent = units.get(r.unit_id, missing)
        prog = r.progress
        flags = prog.flags
        said = attention.get(flags, "")
        if said == "":
            shown = flags - {Flag.PILOT}
            said = attention[flags] = "; ".join(str(FLAG_LABELS[f]) for f in sorted(shown)) or None
        fill = (
            "overdue"
            if Flag.OVERDUE in flags or Flag.REPORT_LATE in flags
            else "late"
            if Flag.PLANNED_LATE in flags or Flag.HELD_LATE in flags or Flag.RETURNED in flags
            else ""
        )
        values = (
            n,
            code,
            name,
            level,
            parent,
            yes if r.is_pilot else None,
            r.planned,
            prog.due,
            numbers.get(r.milestone.document_id) if r.milestone else None,
            r.held,
            stages[prog.stage],
            said,
        )
        if fill:  # every cell filled, the empty ones too
            sheet.write_cells(n + 1, list(zip(values, columns[fill], strict=True)))
        else:
            sheet.write_cells(
                n + 1,
                [(v, None if v is None else f) for v, f in zip(values, columns[""], strict=True)],
            )
    if progress is not None:
        progress(total, total)
    book.close()
