"""Guide: "Managing units (office role)" — the office's actions on its unit;
dissolving is the upper level's."""

from __future__ import annotations

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH

ACTIONS = ["Sửa", "Thêm đơn vị trực thuộc", "Nhập đơn vị từ tệp", "Phân quyền"]


def test_the_commune_office_adds_a_branch_and_only_the_province_may_dissolve(login) -> None:  # type: ignore[no-untyped-def]
    office = login("xahoabinh")
    actions = office.page.locator("main a").all_inner_texts()
    assert all(a in actions for a in ACTIONS), actions
    assert "Giải thể, hợp nhất" not in actions  # the upper level's decision

    office.click("a:text('Thêm đơn vị trực thuộc')")
    page = office.page
    page.locator("#id_code").fill("TS-X01-C11")
    page.locator("#id_name").fill("Chi bộ thôn 6")
    page.locator("#id_level").select_option(label="Chi bộ")
    page.locator("#id_members_count").fill("21")
    office.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Chi bộ thôn 6"
    assert "Đảng bộ xã Hòa Bình" in page.locator(".crumbs").inner_text()
    office.go("/units/TS-X01/")
    office.sees("Chi bộ thôn 6")
    office.sees("12 đơn vị đang hoạt động")

    province = login("tinhuy")
    province.go("/units/TS-X01/")
    assert "Giải thể, hợp nhất" in province.page.locator("main a").all_inner_texts()
