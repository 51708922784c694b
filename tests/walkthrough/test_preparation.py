"""Guide: "Preparation across levels" — the four tabs over the subtree, and
another day with ``?on=``."""

from __future__ import annotations

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH

TABS = ["Tổng quan", "Lịch đại hội", "Kết quả đã báo cáo", "Chỉ thị, kế hoạch"]


def test_the_province_follows_its_communes_preparation_tab_by_tab(login, worker) -> None:  # type: ignore[no-untyped-def]
    province = login("tinhuy")
    province.click("a:text('Chuẩn bị đại hội: kế hoạch, thời hạn, kết quả')")
    page = province.page
    province.sees("Tiến độ theo cấp")
    today = page.locator("main").inner_text()

    # Another day: the demo is set in 2025.
    province.go("/units/TS/dashboard/?on=15/08/2025")
    province.sees("Tiến độ theo cấp")
    assert page.locator("main").inner_text() != today
    # Every figure links to the units behind it.
    assert page.locator("main a:text('xem tất cả ›')").count() > 0

    for tab in TABS[1:]:
        province.click(f"main a:text-is('{tab}')")
        assert page.locator("main table, main ul, main ol").count() > 0, tab
    province.click("main a:text-is('Lịch đại hội')")
    province.sees("Đảng bộ xã Hòa Bình")
    # The export is written in the background; its page follows it to the file.
    province.click("main button:has-text('Xuất ra Excel')")
    province.sees("Xuất lịch đại hội ra Excel")
    page.locator("main a:has-text('Tải tệp Excel')").wait_for(timeout=60_000)
    with page.expect_download() as calendar:
        page.click("main a:has-text('Tải tệp Excel')")
    assert calendar.value.suggested_filename.endswith(".xlsx")
