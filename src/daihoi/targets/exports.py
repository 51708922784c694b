"""The review table as Excel (openpyxl) and as DOCX (``documents.review_table``), in Vietnamese."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from daihoi.core import targets as core
from daihoi.documents.minutes import header_date
from daihoi.documents.review_table import (
    ReviewChart,
    ReviewDocument,
    ReviewGroup,
    ReviewRow,
    group_numeral,
    render_review_docx,
)
from daihoi.organizations.models import Unit
from daihoi.organizations.selectors import unit_ancestors
from daihoi.tables import as_text
from daihoi.targets.charts import paths
from daihoi.targets.models import Group, Kind
from daihoi.targets.selectors import Review, Row
from daihoi.targets.wording import STATUS_LABELS, num, percent, reason_text, target_value_text


def target_text(row: Row) -> str:
    """The target's value for a table whose next column holds the unit of measure."""
    return target_value_text(row.target, measure=False)


def _year_cell(row: Row, year: int) -> str:
    a = row.by_year.get(year)
    return "" if a is None else num(a.value)


def year_heads(review: Review) -> list[str]:
    estimated = {y for r in review.rows for y, a in r.by_year.items() if a.estimate}
    return [_("Est. %s") % y if y in estimated else str(y) for y in review.years]


def result_text(row: Row) -> str:
    a = row.assessment
    if a.value is None:
        return "—"
    text = num(a.value) + ("%" if row.target.kind == Kind.GROWTH else "")
    return text + (" " + _("(est.)") if a.estimated else "")


def _groups(review: Review) -> list[tuple[str, list[Row]]]:
    order = list(Group)
    grouped: dict[str, list[Row]] = {}
    for r in review.rows:
        grouped.setdefault(r.target.group, []).append(r)
    return [(str(g.label), grouped[g.value]) for g in order if g.value in grouped]


def summary_text(review: Review) -> str:
    c = review.counts
    return _(
        "%(total)s targets: %(exceeded)s exceeded, %(achieved)s achieved, "
        "%(not_achieved)s not achieved, %(not_assessable)s not assessable."
    ) % {"total": len(review.rows), **c}


def review_xlsx(review: Review) -> bytes:
    with translation.override("vi"):
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = _("Review")
        heads = [
            pgettext("row number", "No."),
            _("Target"),
            _("Unit of measure"),
            _("Resolution's target"),
            _("Baseline"),
            *year_heads(review),
            _("Term result"),
            _("Against the target (%)"),
            _("Assessment"),
            _("How it was computed"),
        ]
        sheet.append(
            [
                _("Review of the resolution's targets — %(unit)s, term %(term)s")
                % {"unit": review.unit.name, "term": review.term}
            ]
        )
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(heads)
        thin = Side(style="thin", color="999999")
        for c in sheet[2]:
            c.font = Font(bold=True)
            c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            c.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        for i, (title, rows) in enumerate(_groups(review), start=1):
            sheet.append([group_numeral(i), title.upper()])
            for c in sheet[sheet.max_row]:
                c.font = Font(bold=True)
            for r in rows:
                t = r.target
                sheet.append(
                    [
                        t.number,
                        as_text(t.name),
                        as_text(t.measure),
                        target_text(r),
                        t.baseline,
                        *(r.by_year[y].value if y in r.by_year else None for y in review.years),
                        r.assessment.value,
                        r.assessment.percent,
                        str(STATUS_LABELS[r.assessment.status]),
                        reason_text(r.assessment, t.measure),
                    ]
                )
        sheet.append([])
        sheet.append([summary_text(review)])
        for col, width in zip("ABCDE", (6, 48, 12, 16, 12), strict=True):
            sheet.column_dimensions[col].width = width
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _upper_body(unit: Unit) -> str:
    ancestors = unit_ancestors(unit)
    return ancestors[-1].name if ancestors else ""


def review_document(review: Review, today: dt.date, *, charts: bool = True) -> ReviewDocument:
    with translation.override("vi"):
        groups = []
        for i, (title, rows) in enumerate(_groups(review), start=1):
            groups.append(
                ReviewGroup(
                    f"{group_numeral(i)}. {title.upper()}",
                    tuple(
                        ReviewRow(
                            number=str(r.target.number),
                            name=r.target.name,
                            measure=r.target.measure,
                            target=target_text(r),
                            years=tuple(_year_cell(r, y) for y in review.years),
                            result=result_text(r),
                            percent=percent(r.assessment.percent),
                            status=str(STATUS_LABELS[r.assessment.status]),
                            reason=reason_text(r.assessment, r.target.measure),
                        )
                        for r in rows
                    ),
                )
            )
        drawn = []
        if charts:
            for r in review.rows:
                actuals = [core.Actual(a.year, a.value, a.estimate) for a in r.by_year.values()]
                goal, actual = paths(r.target, actuals)
                drawn.append(
                    ReviewChart(
                        f"{r.target.number}. {r.target.name}"
                        + (f" ({r.target.measure})" if r.target.measure else ""),
                        _("Achieved"),
                        _("Path to the target"),
                        tuple(actual),
                        tuple(goal),
                    )
                )
        place = review.unit.name.split(" ", 3)[-1] if review.unit.name else ""
        return ReviewDocument(
            upper_body=_upper_body(review.unit),
            issuing_body=review.unit.name,
            date_line=header_date(place, today),
            subtitle=_("Term %s") % review.term,
            year_heads=tuple(year_heads(review)),
            groups=tuple(groups),
            summary=summary_text(review),
            charts=tuple(drawn),
        )


def review_docx(review: Review, today: dt.date) -> bytes:
    return render_review_docx(review_document(review, today))
