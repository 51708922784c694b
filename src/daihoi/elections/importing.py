"""A candidate list from a spreadsheet: every row checked, then all added or none."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from daihoi.tables import ImportRefused, RowError, header_columns, parse_date, read_table

HEADERS = {
    "full_name": ("full_name", "name", "họ và tên", "họ tên", "ho va ten"),
    "note": ("note", "ghi chú", "ghi chu"),
    "born": ("born", "date of birth", "ngày sinh", "ngay sinh"),
}


def candidate_rows(file_name: str, data: bytes) -> list[dict[str, Any]]:
    table = read_table(file_name, data)
    if not table:
        raise ImportRefused(file_name, [RowError(1, "-", _("the file is empty"))])
    columns = header_columns(table[0], HEADERS, required=("full_name",))
    if columns.errors:
        raise ImportRefused(file_name, columns.errors)
    errors: list[RowError] = []
    rows: list[dict[str, Any]] = []
    for n, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue

        def get(key: str, cells: list[str] = cells) -> str:
            return columns.get(cells, key)

        name = " ".join(get("full_name").split())
        if not name:
            errors.append(RowError(n, "full_name", _("this field is required")))
            continue
        born = None
        if text := get("born"):
            try:
                born = parse_date(text)
            except ValueError:
                errors.append(RowError(n, "born", _("not a date (dd/mm/yyyy): %s") % text))
        rows.append({"full_name": name, "note": get("note"), "born": born})
    if errors:
        raise ImportRefused(file_name, errors)
    if not rows:
        raise ImportRefused(file_name, [RowError(2, "full_name", _("no name in the file"))])
    return rows
