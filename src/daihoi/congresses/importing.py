"""The list of delegates from a spreadsheet: every row checked, then all added or none."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from daihoi.congresses.models import DelegateKind
from daihoi.tables import ImportRefused, RowError, named_rows, norm, parse_date

HEADERS = {
    "full_name": ("full_name", "name", "họ và tên", "họ tên", "ho va ten"),
    "sex": ("sex", "giới tính", "gioi tinh"),
    "birth_date": ("birth_date", "born", "date of birth", "ngày sinh", "ngay sinh"),
    "ethnicity": ("ethnicity", "dân tộc", "dan toc"),
    "joined_on": ("joined_on", "joined", "ngày vào đảng", "ngay vao dang"),
    "education": ("education", "trình độ chuyên môn", "chuyên môn", "học vấn"),
    "political_theory": ("political_theory", "lý luận chính trị", "lý luận", "ly luan chinh tri"),
    "position": ("position", "chức vụ, đơn vị", "chức vụ", "đơn vị"),
    "kind": ("kind", "loại", "loại đại biểu"),
    "is_ex_officio": ("ex_officio", "đương nhiên", "đại biểu đương nhiên"),
}

FEMALE = {"nữ", "nu", "f", "female"}
MALE = {"nam", "m", "male"}
ALTERNATE = {"dự khuyết", "du khuyet", "alternate"}
OFFICIAL = {"chính thức", "chinh thuc", "official", ""}
YES = {"x", "có", "co", "yes", "1", "true"}


def delegate_rows(file_name: str, data: bytes) -> list[dict[str, Any]]:
    """Rows for ``delegates_add_many``; raises ``ImportRefused`` naming every bad cell."""
    columns, named, errors = named_rows(file_name, data, HEADERS)
    rows: list[dict[str, Any]] = []
    for n, cells, name in named:

        def get(key: str, cells: list[str] = cells) -> str:
            return columns.get(cells, key)

        row: dict[str, Any] = {"full_name": name}
        sex = norm(get("sex"))
        if sex in FEMALE:
            row["sex"] = "F"
        elif sex in MALE:
            row["sex"] = "M"
        elif sex:
            errors.append(RowError(n, "sex", _("write Nam or Nữ: %s") % get("sex")))
        for key in ("birth_date", "joined_on"):
            if text := get(key):
                try:
                    row[key] = parse_date(text)
                except ValueError:
                    errors.append(RowError(n, key, _("not a date (dd/mm/yyyy): %s") % text))
        kind = norm(get("kind"))
        if kind in ALTERNATE:
            row["kind"] = DelegateKind.ALTERNATE
        elif kind in OFFICIAL:
            row["kind"] = DelegateKind.OFFICIAL
        else:
            errors.append(RowError(n, "kind", _("write chính thức or dự khuyết: %s") % get("kind")))
        row["is_ex_officio"] = norm(get("is_ex_officio")) in YES
        for key in ("ethnicity", "education", "political_theory", "position"):
            row[key] = get(key)
        rows.append(row)
    if errors:
        raise ImportRefused(file_name, errors)
    if not rows:
        raise ImportRefused(file_name, [RowError(2, "full_name", _("no name in the file"))])
    return rows
