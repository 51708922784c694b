"""Guide: "Importing units from Excel or CSV" — a wrong row refuses the whole
file with its row and column named; a right file imports every row."""

from __future__ import annotations

from pathlib import Path

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH

HEADER = "Mã,Tên,Cấp,Mã cấp trên,Số đảng viên,Ngày thành lập\n"


def upload(office, path: Path) -> str:  # type: ignore[no-untyped-def]
    office.go("/units/TS-X01/import/")
    office.page.set_input_files("input[type=file]", str(path))
    office.click("main button:text('Nhập')")
    return str(office.page.inner_text("main"))


def test_a_wrong_row_imports_nothing_and_a_right_file_imports_every_row(login, tmp_path) -> None:  # type: ignore[no-untyped-def]
    office = login("xahoabinh")
    wrong = tmp_path / "sai.csv"
    wrong.write_text(
        HEADER
        + "TS-X01-C20,Chi bộ thôn 7,chi-bo,TS-X01,20,01/07/2025\n"
        + "TS-X01-C21,Chi bộ thôn 8,Cấp không có,TS-X01,15,01/07/2025\n",
        encoding="utf-8",
    )
    shown = upload(office, wrong)
    assert "Không nhập được gì." in shown
    assert "Dòng 3, cột “Cấp”" in shown  # the row and the column, as the file names it
    office.go("/units/TS-X01/")
    assert "Chi bộ thôn 7" not in office.page.inner_text("main")

    right = tmp_path / "dung.csv"
    right.write_text(
        HEADER
        + "TS-X01-C21,Chi bộ thôn 8,Chi bộ,TS-X01-C20,15,01/07/2025\n"
        + "TS-X01-C20,Chi bộ thôn 7,chi-bo,TS-X01,20,01/07/2025\n",
        encoding="utf-8",
    )
    upload(office, right)
    office.go("/units/TS-X01/")
    office.sees("Chi bộ thôn 7")
    office.go("/units/TS-X01-C21/")
    assert "Chi bộ thôn 7" in office.page.locator(".crumbs").inner_text()
