"""Guide: "Preparation across levels" — a commune records its conference disseminating
35-CT/TW (hội nghị quán triệt), and the province sees it counted."""

from __future__ import annotations

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH


def _communes_held(person) -> int:  # type: ignore[no-untyped-def]
    row = person.page.locator("#coverage-levels tbody tr", has_text="Xã, phường, đặc khu")
    return int(row.locator("td").nth(1).inner_text())


def test_a_commune_records_its_conference_and_the_province_counts_it(login) -> None:  # type: ignore[no-untyped-def]
    province = login("tinhuy")
    province.click("a:text('Chuẩn bị đại hội: kế hoạch, thời hạn, kết quả')")
    province.sees("Quán triệt chỉ thị, kế hoạch")
    province.click("#dissemination tr:has(a:text-is('35-CT/TW')) td.num a")
    province.sees("Tiến độ quán triệt: 35-CT/TW")
    before = _communes_held(province)
    missing = province.page.locator("#coverage-missing")
    assert missing.locator("a:text-is('Đảng bộ xã Hòa Bình')").count() == 1

    commune = login("xahoabinh")
    commune.click("a:text('Chuẩn bị đại hội: kế hoạch, thời hạn, kết quả')")
    commune.click("main a:text-is('Chỉ thị, kế hoạch')")
    commune.click("main a:has-text('35-CT/TW')")
    commune.sees("chưa ghi nhận")
    commune.click("main a:text-is('Ghi nhận hội nghị quán triệt')")
    page = commune.page
    # More attending than summoned: refused, in Vietnamese, nothing saved.
    page.fill("#id_held_on", "18/07/2025")
    page.fill("#id_summoned", "48")
    page.fill("#id_attended", "50")
    commune.click("main button:text-is('Lưu')")
    commune.sees("Số dự: 50 người, nhiều hơn số được triệu tập (48).")
    page.fill("#id_attended", "46")
    page.fill("#id_note", "Hội trường Đảng ủy xã")
    commune.click("main button:text-is('Lưu')")
    commune.sees("Đã ghi nhận hội nghị quán triệt 35-CT/TW của Đảng bộ xã Hòa Bình.")
    commune.sees("đã tổ chức ngày 18/07/2025, 46/48 người được triệu tập dự.")

    province.reload()
    assert _communes_held(province) == before + 1
    assert missing.locator("a:text-is('Đảng bộ xã Hòa Bình')").count() == 0
