"""Importing targets and figures from a spreadsheet: all of it, or nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from daihoi.tables import ImportRefused
from daihoi.targets.importing import parse_decimal, targets_import
from daihoi.targets.models import Actual, Target
from tests.targets.conftest import Terms, make_target

HEAD = ["STT", "Chỉ tiêu", "Nhóm", "Đơn vị tính", "Loại", "Chiều", "Mục tiêu", "2021", "2025 (ước)"]


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(terms: Terms, rows: list[list[object]]):  # type: ignore[no-untyped-def]
    return targets_import(
        actor=None, unit=terms.tree.A, term=terms.old, file_name="nq.xlsx", data=xlsx(rows)
    )


def test_it_creates_targets_and_sets_figures_with_estimates(terms: Terms) -> None:
    existing = make_target(terms.tree.A, terms.old, "Kết nạp đảng viên")
    done = run(
        terms,
        [
            HEAD,
            [1, "Kết nạp đảng viên", "", "", "", "", "", 20, 23],
            [2, "Tỷ lệ hộ nghèo", "Văn hóa – xã hội", "%", "cuối kỳ", "giảm", "1", "2,5", 0.8],
        ],
    )
    assert (done.created, done.figures) == (1, 4)
    poverty = Target.objects.get(name="Tỷ lệ hộ nghèo")
    assert (poverty.kind, poverty.direction, poverty.group) == ("level", "lower", "society")
    assert Actual.objects.get(target=poverty, year=2021).value == Decimal("2.5")
    last = Actual.objects.get(target=existing, year=2025)
    assert last.estimate and last.source == "nq.xlsx"


def test_a_bad_file_names_every_row_and_writes_nothing(terms: Terms) -> None:
    with pytest.raises(ImportRefused) as refused:
        run(
            terms,
            [
                HEAD,
                [1, "Kết nạp đảng viên", "Xây dựng Đảng", "", "cộng dồn", "", "100", "abc", ""],
                [2, "Kết nạp  đảng viên", "Xây dựng Đảng", "", "cộng dồn", "", "100", "", ""],
                [3, "Mới", "Kinh tế", "", "không rõ", "", "5", "", ""],
            ],
        )
    where = {(e.row, e.column): e.message for e in refused.value.errors}
    assert "abc" in where[(2, "2021")]
    assert "2" in where[(3, "Chỉ tiêu")]  # the same target as row 2
    assert (4, "Loại") in where
    assert len(where) == 3
    assert not Target.objects.exists()
    assert not Actual.objects.exists()


def test_a_year_column_outside_the_term_is_refused(terms: Terms) -> None:
    with pytest.raises(ImportRefused) as refused:
        run(terms, [["Chỉ tiêu", "2026"], ["x", "1"]])
    (error,) = refused.value.errors
    assert (error.row, error.column) == (1, "2026")
    assert "2026" in error.message
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("8,5", "8.5"),
        ("8.5", "8.5"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1.234.567", "1234567"),
        ("-3", "-3"),
    ],
)
def test_numbers_take_either_decimal_mark(text: str, value: str) -> None:
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1.2.3", "8%", ""])
def test_what_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_decimal(text)
