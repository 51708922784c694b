"""Guide: "Logging in and finding your units"."""

from __future__ import annotations

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH


def test_the_province_office_lands_on_its_province_and_finds_a_commune(login) -> None:  # type: ignore[no-untyped-def]
    tinhuy = login("tinhuy")
    page = tinhuy.page
    assert page.locator("h1").inner_text() == "Đảng bộ tỉnh Thạch Sơn (hư cấu)"
    tinhuy.sees("Đảng bộ xã Hòa Bình")
    # The abolished district stays, greyed out, with its date and where it merged.
    tinhuy.sees("Đảng bộ huyện Ngân Thủy (cũ)")
    page.fill("#q", "Hòa Bình")
    page.wait_for_selector("#search-results a")
    assert "Đảng bộ xã Hòa Bình" in page.locator("#search-results").inner_text()
    tinhuy.click("#search-results a:has-text('Đảng bộ xã Hòa Bình')")
    assert page.locator("h1").inner_text() == "Đảng bộ xã Hòa Bình"
    assert "Đảng bộ tỉnh Thạch Sơn (hư cấu)" in page.locator(".crumbs").inner_text()
