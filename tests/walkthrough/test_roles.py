"""Guide: "Roles" — a role covers its unit and below, nothing beside it; a
congress's roles are granted on the congress page; what may not be seen is
"not found"."""

from __future__ import annotations

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH


def test_a_commune_office_sees_nothing_beside_it_and_grants_a_congress_role(login) -> None:  # type: ignore[no-untyped-def]
    office = login("xahoabinh")
    assert office.page.locator("h1").inner_text() == "Đảng bộ xã Hòa Bình"
    # Neither the province above nor the commune beside: "not found", not "forbidden".
    for code in ("TS", "TS-X02"):
        office.go(f"/units/{code}/")
        assert office.page.locator("h1").inner_text() == "Không tìm thấy"

    office.go("/units/TS-X01/")
    office.click("a:text('Đại hội đại biểu khóa I')")
    office.click("a:text('Phân công trong Đại hội')")
    for username in ("thuky", "chutich", "truongban", "kiemphieu", "kiemphieu2"):
        office.sees(username)
    page = office.page
    page.get_by_label("Tên đăng nhập").fill("nhansu")
    page.get_by_label("Vai trò").select_option(label="Đại biểu")
    office.click("button:text('Cấp quyền')")
    row = page.locator("tr", has_text="nhansu")
    assert "Đại biểu" in row.inner_text()

    # The personnel subcommittee now finds that congress on its start page too.
    member = login("nhansu")
    member.sees("Đại hội của bạn")
    member.sees("Đại hội Đảng bộ xã Hòa Bình")
    member.sees("Đảng bộ xã Hòa Bình")
