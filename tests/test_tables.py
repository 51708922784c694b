"""Reading uploaded spreadsheets within bounds, before any importer looks at them."""

from __future__ import annotations

import re
import time

import pytest
from django.utils import translation

from daihoi.core import bounded
from daihoi.tables import ImportRefused, RowError, column_letter, header_columns, read_table
from tests.hostile import (
    GOOD,
    HEADER,
    hostile_files,
    rewrite_sheet,
    xlsx_declaring_the_whole_sheet,
    xlsx_file,
    xlsx_formula,
)


@pytest.mark.parametrize("name", sorted(hostile_files()))
def test_a_hostile_file_is_refused_naming_its_row(name: str) -> None:
    file_name, data, row = hostile_files()[name]
    with pytest.raises(ImportRefused) as caught:
        read_table(file_name, data)
    errors = caught.value.errors
    assert errors and errors[0].row == row, [str(e) for e in errors]
    assert all(len(str(e)) < 300 for e in errors)


def test_a_small_xlsx_declaring_the_whole_sheet_is_refused_at_once() -> None:
    data = xlsx_declaring_the_whole_sheet()
    assert len(data) < 10_000
    started = time.perf_counter()
    with pytest.raises(ImportRefused) as caught:
        read_table("f.xlsx", data)
    assert time.perf_counter() - started < 1.0
    assert "A1:XFD1048576" in str(caught.value.errors[0])


def test_a_control_character_is_named_by_row_and_column_heading() -> None:
    _name, data, _row = hostile_files()["csv-nul"]
    with pytest.raises(ImportRefused) as caught:
        read_table("f.csv", data)
    error = caught.value.errors[0]
    assert (error.row, error.column) == (3, "name")
    assert "U+0000" in error.message


def test_a_formula_with_its_saved_value_reads_as_that_value() -> None:
    assert read_table("f.xlsx", xlsx_formula("A")) == [HEADER, GOOD, ["T-2", "Tên khác", "A"]]


def test_a_formula_without_a_saved_value_is_refused_not_read_as_blank() -> None:
    with translation.override("en"), pytest.raises(ImportRefused) as caught:
        read_table("f.xlsx", xlsx_formula(None))
    error = caught.value.errors[0]
    assert (error.row, error.column) == (3, "C") and "formula" in error.message


def test_tabs_and_line_breaks_in_a_cell_are_text() -> None:
    data = '"code","name"\n"T-1","dòng một\ndòng hai\tcột"\n'.encode()
    assert read_table("f.csv", data)[1] == ["T-1", "dòng một\ndòng hai\tcột"]


def test_columns_are_named_as_a_spreadsheet_names_them() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 16383)] == ["A", "Z", "AA", "ZZ", "XFD"]


def test_a_row_wider_than_the_column_limit_is_refused_with_its_row() -> None:
    data = ("a,b\n1,2\n" + ",".join(["x"] * 201) + "\n").encode()
    with pytest.raises(ImportRefused) as caught:
        read_table("f.csv", data)
    assert caught.value.errors[0].row == 3


def test_a_file_longer_than_the_row_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounded, "MAX_ROWS", 10)
    data = ("a,b\n" + "1,2\n" * 10).encode()
    with pytest.raises(ImportRefused) as caught:
        read_table("f.csv", data)
    assert caught.value.errors[0].row == 11
    xlsx = xlsx_file(*([["1", "2", "3"]] * 9))
    with pytest.raises(ImportRefused) as caught:
        read_table("f.xlsx", xlsx)
    assert caught.value.errors[0].row == 0  # its declared dimension says so at once
    undeclared = rewrite_sheet(xlsx, lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml))
    with pytest.raises(ImportRefused) as caught:
        read_table("f.xlsx", undeclared)
    assert caught.value.errors[0].row == 11  # counted while reading


NAMES = {"name": ("name", "họ và tên"), "born": ("born", "ngày sinh"), "note": ("note",)}


def test_a_header_maps_each_known_column_in_any_order() -> None:
    columns = header_columns(["NOTE", "Họ và tên"], NAMES, required=["name"])
    assert columns.index == {"note": 0, "name": 1} and not columns.errors
    assert columns.get(["x", "An"], "name") == "An"
    assert columns.get(["x"], "name") == "" and columns.get(["x", "An"], "born") == ""
    assert columns.labels["name"] == "Họ và tên"


def test_a_header_names_an_unknown_a_repeated_and_a_missing_column() -> None:
    with translation.override("vi"):
        columns = header_columns(
            ["colour", "note", "Note", ""], NAMES, required=["name"], labels={"name": "Họ và tên"}
        )
        assert [(e.row, e.column, e.message) for e in columns.errors] == [
            (1, "colour", "cột không rõ"),
            (1, "Note", "cột này xuất hiện hai lần"),
            (1, "Họ và tên", "thiếu cột bắt buộc"),
        ]


def test_a_lenient_header_passes_over_other_columns_and_reads_the_first() -> None:
    columns = header_columns(["STT", "name", "name"], NAMES, lenient=True)
    assert columns.index == {"name": 1} and not columns.errors


def test_a_header_lets_the_importer_claim_columns_of_its_own() -> None:
    years: list[int] = []

    def year(i: int, text: str) -> list[RowError] | None:
        if not text.isdigit():
            return None
        years.append(int(text))
        return [] if int(text) < 2030 else [RowError(1, text, "too late")]

    columns = header_columns(["name", "2025", "2031"], NAMES, other=year)
    assert years == [2025, 2031] and columns.index == {"name": 0}
    assert [e.column for e in columns.errors] == ["2031"]
