"""A unit's collected comments from a spreadsheet (.xlsx, .csv) or a Word table (.docx).

The first row names the columns, in Vietnamese or English, in any order:
``Đoạn`` (the paragraph number, required), ``Ý kiến`` (the comment,
required), ``Mã đơn vị`` (the code of the unit that sent it; the unit chosen
on the page when absent or empty), ``Người góp ý`` (who, optional). In a
Word file the first table is read. Every row is checked before anything is
written; one bad row refuses the whole file, each error named by its row.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.consultation import services
from daihoi.consultation.models import Round
from daihoi.core import bounded
from daihoi.organizations.models import Unit
from daihoi.tables import ImportRefused, RowError, checked_rows, header_columns, read_table

MAX_ROWS = 100_000
COLUMNS = {
    "paragraph": {"đoạn", "đoạn số", "số đoạn", "paragraph"},
    "text": {"ý kiến", "nội dung", "nội dung góp ý", "góp ý", "comment", "ý kiến góp ý"},
    "unit": {"mã đơn vị", "đơn vị", "unit", "unit code"},
    "author": {"người góp ý", "author", "họ và tên"},
}
REQUIRED = ("paragraph", "text")
COLUMN_LABELS = {
    "paragraph": "Đoạn",
    "text": "Ý kiến",
    "unit": "Mã đơn vị",
    "author": "Người góp ý",
}


def _docx_rows(file_name: str, data: bytes) -> list[list[str]]:
    from docx import Document

    if bounded.check_zip(data) is not None:
        raise ImportRefused(file_name, [RowError(0, "-", _("not a Word (.docx) file"))])
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a file that is not one
        raise ImportRefused(file_name, [RowError(0, "-", _("not a Word (.docx) file"))]) from exc
    if not document.tables:
        raise ImportRefused(
            file_name, [RowError(0, "-", _("the Word file has no table of comments"))]
        )
    return [[cell.text.strip() for cell in row.cells] for row in document.tables[0].rows]


def read_rows(file_name: str, data: bytes) -> list[list[str]]:
    if file_name.lower().endswith(".docx"):
        return checked_rows(file_name, _docx_rows(file_name, data))
    return read_table(file_name, data)


def parse_comments(
    *, round_: Round, file_name: str, data: bytes, default_unit: Unit, allowed: list[Unit]
) -> list[dict[str, Any]]:
    """The rows as comments to write, or ImportRefused naming every bad row."""
    rows = read_rows(file_name, data)
    if not rows:
        raise ImportRefused(file_name, [RowError(0, "-", _("the file is empty"))])
    columns = header_columns(
        rows[0], COLUMNS, required=REQUIRED, labels=COLUMN_LABELS, lenient=True
    )
    if columns.errors:
        raise ImportRefused(file_name, columns.errors)
    where = columns.index
    if len(rows) - 1 > MAX_ROWS:
        raise ImportRefused(file_name, [RowError(0, "-", _("more than 100,000 rows"))])
    numbers = set(round_.version.paragraphs.values_list("number", flat=True))
    codes = {r[where["unit"]] for r in rows[1:] if "unit" in where and len(r) > where["unit"]}
    units = {u.code: u for u in Unit.objects.filter(code__in={c for c in codes if c})}
    allowed_paths = [u.path for u in allowed]
    errors: list[RowError] = []
    out: list[dict[str, Any]] = []

    def get(row: list[str], key: str) -> str:
        return columns.get(row, key).strip()

    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        number_text, text = get(row, "paragraph"), get(row, "text")
        try:
            number = int(number_text)
        except ValueError:
            errors.append(RowError(n, COLUMN_LABELS["paragraph"], _("not a paragraph number")))
            continue
        if number not in numbers:
            errors.append(
                RowError(n, COLUMN_LABELS["paragraph"], _("the draft has no paragraph %d") % number)
            )
            continue
        try:
            text = services.clean_comment_text(text)
        except ValidationError as exc:
            errors.append(RowError(n, COLUMN_LABELS["text"], exc.messages[0]))
            continue
        code = get(row, "unit")
        unit = units.get(code) if code else default_unit
        if unit is None:
            errors.append(RowError(n, COLUMN_LABELS["unit"], _("no unit has the code %s") % code))
            continue
        if not any(unit.path.startswith(p) for p in allowed_paths):
            errors.append(
                RowError(
                    n,
                    COLUMN_LABELS["unit"],
                    _("%s is not a unit you collect comments for in this round") % code,
                )
            )
            continue
        out.append(
            {"paragraph": number, "text": text, "unit": unit, "author": get(row, "author")[:200]}
        )
    if errors:
        raise ImportRefused(file_name, errors)
    if not out:
        raise ImportRefused(file_name, [RowError(0, "-", _("the file has no comment"))])
    return out


def comments_import(
    *,
    round_: Round,
    file_name: str,
    data: bytes,
    default_unit: Unit,
    allowed: list[Unit],
    user: Actor | None,
) -> int:
    """Read and check the whole file, then write every comment in one transaction."""
    services.check_open(round_)
    rows = parse_comments(
        round_=round_, file_name=file_name, data=data, default_unit=default_unit, allowed=allowed
    )
    return services.comments_bulk_create(round_=round_, rows=rows, user=user, file_name=file_name)
