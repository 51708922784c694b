"""The calendar of a subtree as an Excel workbook (openpyxl, written row by row)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from daihoi.congresses.models import Term
from daihoi.organizations.models import Unit
from daihoi.planning.forms import FLAG_LABELS, STAGE_LABELS
from daihoi.planning.models import Document
from daihoi.planning.progress import Flag
from daihoi.planning.selectors import Row

OVERDUE_FILL = PatternFill("solid", fgColor="FDECEA")
LATE_FILL = PatternFill("solid", fgColor="FFF6E0")
DATE_FORMAT = "DD/MM/YYYY"


def calendar_xlsx(unit: Unit, term: Term, rows: Sequence[Row], today: dt.date) -> bytes:
    units = {
        pk: (code, name, level, parent)
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
        value: object, *, bold: bool = False, fill: PatternFill | None = None
    ) -> WriteOnlyCell:
        c = WriteOnlyCell(sheet, value=value)
        if isinstance(value, dt.date):
            c.number_format = DATE_FORMAT
        if bold:
            c.font = Font(bold=True)
            c.alignment = Alignment(wrap_text=True, vertical="top")
        if fill is not None:
            c.fill = fill
        return c

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
    for n, r in enumerate(rows, start=1):
        code, name, level, parent = units.get(r.unit_id, ("", "", "", ""))
        flags = r.progress.flags - {Flag.PILOT}
        fill = (
            OVERDUE_FILL
            if Flag.OVERDUE in flags or Flag.REPORT_LATE in flags
            else LATE_FILL
            if flags & {Flag.PLANNED_LATE, Flag.HELD_LATE, Flag.RETURNED}
            else None
        )
        values: list[object] = [
            n,
            code,
            name,
            level,
            parent or "",
            _("yes") if r.is_pilot else "",
            r.planned,
            r.progress.due,
            numbers.get(r.milestone.document_id, "") if r.milestone else "",
            r.held,
            str(STAGE_LABELS[r.progress.stage]),
            "; ".join(str(FLAG_LABELS[f]) for f in sorted(flags)),
        ]
        sheet.append([cell(v, fill=fill) for v in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
