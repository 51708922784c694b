"""The calendar's row writer gives the XML XlsxWriter itself writes, cell by cell."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import xlsxwriter

from daihoi.planning.exports import _Sheet

ROWS = [
    (1, "P", "Tỉnh & <thành>", None, None, "có", dt.date(2025, 6, 1), None, "35-CT/TW", None),
    (2, "=1+1", " leading space", "Xã", "Tỉnh", None, None, dt.date(2025, 6, 30), None, None),
    (3, "A\x01B", "_x0041_", "Xã", "Tỉnh", None, dt.date(2025, 7, 2), None, None, "held"),
    (4.5, "", "trailing ", "Xã", "Tỉnh", None, None, None, None, None),
    (5, "a\tb", "x\ny\n", "Xã", "\ufffe", '"quoted"', None, None, "_x00e9_", "a > b"),
]


def _sheet_xml(fast: bool) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("S", worksheet_class=_Sheet if fast else None)
    for col in range(10):
        sheet.set_column(col, col, 10 + col)
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    fill = book.add_format({"bg_color": "#FDECEA", "pattern": 1})
    fill_day = book.add_format({"bg_color": "#FDECEA", "pattern": 1, "num_format": "dd/mm/yyyy"})
    sheet.write_string(0, 0, "title", book.add_format({"bold": True}))
    for y, values in enumerate(ROWS, start=1):
        filled = y % 2 == 0
        formats = [
            (fill_day if filled else day) if isinstance(v, dt.date) else (fill if filled else None)
            for v in values
        ]
        if fast:
            assert isinstance(sheet, _Sheet)
            sheet.repeating = frozenset({3, 4, 6})
            sheet.write_cells(
                y,
                [
                    (v, f if v is not None or filled else None)
                    for v, f in zip(values, formats, strict=True)
                ],
            )
            continue
        for x, (v, f) in enumerate(zip(values, formats, strict=True)):
            if v is None:
                if filled:
                    sheet.write_blank(y, x, None, f)
            elif isinstance(v, str):
                sheet.write_string(y, x, v, f)
            elif isinstance(v, dt.date):
                sheet.write_datetime(y, x, v, f)
            else:
                sheet.write_number(y, x, v, f)
    book.close()
    return zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml")


def test_write_cells_writes_what_xlsxwriter_writes_cell_by_cell() -> None:
    stock, fast = _sheet_xml(fast=False), _sheet_xml(fast=True)
    assert b"_x0001_" in stock and b"&amp; &lt;th" in stock and b'xml:space="preserve"' in stock
    assert fast == stock


def test_write_cells_refuses_a_row_already_written() -> None:
    book = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True})
    sheet = book.add_worksheet("S", worksheet_class=_Sheet)
    sheet.write_cells(3, [(1, None)])
    with pytest.raises(AssertionError):
        sheet.write_cells(2, [(1, None)])
    with pytest.raises(TypeError):
        sheet.write_cells(4, [(object(), None)])
    book.close()
