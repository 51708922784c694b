"""Guide: "Comments on the draft documents" — the upper level's draft open to
the commune, its round's progress section by section, the comment report."""

from __future__ import annotations

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH


def test_the_commune_office_finds_the_provinces_draft_and_its_round(login) -> None:  # type: ignore[no-untyped-def]
    office = login("xahoabinh")
    office.click("a:text('Đại hội đại biểu khóa I')")
    office.click("main a:text('Góp ý dự thảo văn kiện')")
    office.sees("Dự thảo của cấp trên đang xin ý kiến đơn vị")
    office.click("main a:has-text('Lấy ý kiến')")
    office.sees("Tiến độ xử lý theo từng phần")
    with office.page.expect_download() as report:
        office.page.click("a:text('Báo cáo tổng hợp ý kiến (DOCX)')")
    assert report.value.suggested_filename.endswith(".docx")
    office.click("main td a >> nth=0")
    office.sees("Đoạn")
