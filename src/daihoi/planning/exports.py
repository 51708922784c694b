"""The calendar of a subtree as an Excel workbook (openpyxl, written row by row)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from daihoi.congresses.models import Term
from daihoi.organizations.models import Unit
from daihoi.planning.forms import FLAG_LABELS, STAGE_LABELS
from daihoi.planning.models import Document
from daihoi.planning.progress import Flag
from daihoi.planning.selectors import Row
from daihoi.tables import as_text

OVERDUE_FILL = PatternFill("solid", fgColor="FDECEA")
LATE_FILL = PatternFill("solid", fgColor="FFF6E0")
DATE_FORMAT = "DD/MM/YYYY"


def calendar_xlsx(unit: Unit, term: Term, rows: Sequence[Row], today: dt.date) -> bytes:
    """The rows as a workbook, written row by row (openpyxl's write-only mode).

    60,000 rows make 700,000 cells, so each costs as little as it can: plain
    values where there is no style, one style array per kind of styled cell
    (date, filled, filled date) copied into the cells that need it, the labels
    translated once, empty cells left out.
    """
    units = {
        pk: (as_text(code), as_text(name), as_text(level), as_text(parent) or None)
        for pk, code, name, level, parent in Unit.objects.subtree(unit).values_list(
            "pk", "code", "name", "level__name", "parent__name"
        )
    }
    doc_ids = {r.milestone.document_id for r in rows if r.milestone}
    numbers = dict(Document.objects.filter(pk__in=doc_ids).values_list("pk", "number"))
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Calendar"))
    sheet.freeze_panes = "A3"
    widths = (6, 16, 40, 18, 32, 8, 13, 13, 16, 13, 24, 40)
    for i, w in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = w

    def cell(
        value: object, *, bold: bool = False, fill: PatternFill | None = None, date: bool = False
    ) -> Cell:
        c = WriteOnlyCell(sheet, value=value)
        if date:
            c.number_format = DATE_FORMAT
        if bold:
            c.font = Font(bold=True)
            c.alignment = Alignment(wrap_text=True, vertical="top")
        if fill is not None:
            c.fill = fill
        return c

    # The style of each kind of cell, made once: setting a style on a cell looks it up in
    # the workbook's tables, too slow for every cell of 60,000 rows. Keyed by plain names
    # (hashing openpyxl's style objects is itself slow).
    style = {
        (name, date): cell(None, fill=fill, date=date)._style
        for name, fill in (("", None), ("overdue", OVERDUE_FILL), ("late", LATE_FILL))
        for date in (False, True)
    }

    def styled(value: object, fill: str, date: bool) -> Cell:
        return Cell(sheet, row=1, column=1, value=value, style_array=style[(fill, date)])

    title = _("Congresses in %(unit)s, term %(term)s — as of %(day)s") % {
        "unit": unit.name,
        "term": term,
        "day": today.strftime("%d/%m/%Y"),
    }
    sheet.append([cell(title, bold=True)])
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
    sheet.append([cell(h, bold=True) for h in header])
    yes = _("yes")
    stages = {stage: str(label) for stage, label in STAGE_LABELS.items()}
    attention: dict[frozenset[Flag], str | None] = {}
    missing = (None, None, None, None)
    for n, r in enumerate(rows, start=1):
        code, name, level, parent = units.get(r.unit_id, missing)
        progress = r.progress
        flags = progress.flags
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
        number = numbers.get(r.milestone.document_id) if r.milestone else None
        planned, due, held = r.planned, progress.due, r.held
        if not fill:
            sheet.append(
                [
                    n,
                    code,
                    name,
                    level,
                    parent,
                    yes if r.is_pilot else None,
                    None if planned is None else styled(planned, "", True),
                    None if due is None else styled(due, "", True),
                    number,
                    None if held is None else styled(held, "", True),
                    stages[progress.stage],
                    said,
                ]
            )
        else:
            sheet.append(
                [
                    styled(n, fill, False),
                    styled(code, fill, False),
                    styled(name, fill, False),
                    styled(level, fill, False),
                    styled(parent, fill, False),
                    styled(yes if r.is_pilot else None, fill, False),
                    styled(planned, fill, True),
                    styled(due, fill, True),
                    styled(number, fill, False),
                    styled(held, fill, True),
                    styled(stages[progress.stage], fill, False),
                    styled(said, fill, False),
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
