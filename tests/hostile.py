"""Spreadsheets that a careless or hostile user uploads, for every importer's tests.

Each file has a header row, a good row 2 and the trouble in row 3 (or in the
whole file), so that a test can check the row named in the refusal.
"""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook

HEADER = ["code", "name", "parent"]
GOOD = ["T-1", "Tên tốt", "A"]
LONG_CELL = "x" * 131_073


def csv_file(*rows: list[str]) -> bytes:
    lines = [",".join(f'"{c}"' for c in row) for row in (HEADER, GOOD, *rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_file(*rows: list[object]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (HEADER, GOOD, *rows):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_sheet(data: bytes, edit: object) -> bytes:
    """The .xlsx with its first sheet's XML passed through ``edit`` (bytes -> bytes)."""
    assert callable(edit)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = edit(content)
            target.writestr(info, content)
    return out.getvalue()


def xlsx_declaring_the_whole_sheet() -> bytes:
    """A small file whose sheet claims A1:XFD1048576 and one cell at its far corner."""
    return rewrite_sheet(
        xlsx_file(),
        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml),
    )


def xlsx_far_cell_without_dimension() -> bytes:
    """No dimension at all, and a cell in the last column of row 3."""
    return rewrite_sheet(
        xlsx_file(),
        lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml).replace(
            b"</sheetData>",
            b'<row r="3"><c r="XFD3" t="inlineStr"><is><t>far</t></is></c></row></sheetData>',
        ),
    )


def xlsx_formula(cached: str | None) -> bytes:
    """Row 3's parent is a formula (=C2), saved with ``cached`` as its value or none."""
    data = xlsx_file(["T-2", "Tên khác", "=C2"])
    if cached is None:
        return data
    return rewrite_sheet(
        data,
        lambda xml: xml.replace(
            b'<c r="C3"><f>C2</f><v></v></c>',
            b'<c r="C3" t="str"><f>C2</f><v>' + cached.encode() + b"</v></c>",
        ),
    )


#: name -> (file name, bytes, the row the refusal must name)
def hostile_files() -> dict[str, tuple[str, bytes, int]]:
    return {
        "csv-nul": ("f.csv", csv_file(["T-2", "Tên\x00lạ", "A"]), 3),
        "csv-bell": ("f.csv", csv_file(["T-2", "Tên\x07lạ", "A"]), 3),
        "csv-escape": ("f.csv", csv_file(["T-2", "Tên\x1b[31m", "A"]), 3),
        "csv-long-cell": ("f.csv", csv_file(["T-2", LONG_CELL, "A"]), 3),
        "xlsx-c1-control": ("f.xlsx", xlsx_file(["T-2", "Tên\x85lạ", "A"]), 3),
        "xlsx-formula-unsaved": ("f.xlsx", xlsx_formula(None), 3),
        "xlsx-whole-sheet": ("f.xlsx", xlsx_declaring_the_whole_sheet(), 0),
        "xlsx-far-cell": ("f.xlsx", xlsx_far_cell_without_dimension(), 3),
        "xlsx-not-zip": ("f.xlsx", b"PK\x03\x04 not really", 0),
    }
