"""Guide: "Personnel preparation" — only the personnel subcommittee reads the
dossiers; each is checked against the term's rules with their source."""

from __future__ import annotations

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH


def test_the_personnel_subcommittee_reads_flagged_dossiers_and_the_office_cannot(login) -> None:  # type: ignore[no-untyped-def]
    personnel = login("nhansu")
    personnel.click("a:text('Đại hội đại biểu khóa I')")
    personnel.click("a:text('Nhân sự: hồ sơ nhân sự')")
    page = personnel.page
    personnel.sees("người chưa đáp ứng một quy định")
    flagged = page.locator("tr", has_text="chưa đạt").first
    flagged.locator("a").first.click()
    page.wait_for_load_state()
    personnel.axe.check(page)
    personnel.sees("Chỉ thị 45-CT/TW")  # each rule shown with its source
    personnel.go("/congresses/11/personnel/structure/")
    personnel.sees("Nữ")

    office = login("xahoabinh")
    office.go("/congresses/11/personnel/")
    assert office.page.locator("h1").inner_text() == "Không được phép"
