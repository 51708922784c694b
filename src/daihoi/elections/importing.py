"""A candidate list from a spreadsheet: every row checked, then all added or none."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from daihoi.tables import ImportRefused, RowError, named_rows, parse_date

HEADERS = {
    "full_name": ("full_name", "name", "họ và tên", "họ tên", "ho va ten"),
    "note": ("note", "ghi chú", "ghi chu"),
    "born": ("born", "date of birth", "ngày sinh", "ngay sinh"),
}


def candidate_rows(file_name: str, data: bytes) -> list[dict[str, Any]]:
    columns, named, errors = named_rows(file_name, data, HEADERS)
    rows: list[dict[str, Any]] = []
    for n, cells, name in named:

        def get(key: str, cells: list[str] = cells) -> str:
            return columns.get(cells, key)

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
