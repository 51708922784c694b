"""Guide: "Congresses" — the four contents of a congress, the candidate list in
ballot order, and the subtree's congresses filtered by status."""

from __future__ import annotations

from daihoi.core.collation import name_key
from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH


def test_a_congress_page_shows_its_four_contents_and_the_list_in_ballot_order(login) -> None:  # type: ignore[no-untyped-def]
    office = login("xahoabinh")
    office.click("a:text('Đại hội đại biểu khóa I')")
    headings = office.page.locator("main h2").all_inner_texts()
    assert [h.split(".")[0] for h in headings] == ["1", "2", "3", "4"], headings
    office.sees("Số lượng cần bầu: 15 · số người trong danh sách: 17")
    names = [
        li.split(" (")[0] for li in office.page.locator("ol.ballot-order li").all_inner_texts()
    ]
    assert len(names) == 17
    assert names == sorted(names, key=name_key)  # theo vần A, B, C by given name

    province = login("tinhuy")
    province.click("a:text('Tất cả đại hội của đơn vị và cấp dưới')")
    page = province.page
    page.locator("select[name=status]").select_option(label="Đã tổ chức")
    page.locator("select[name=level]").select_option(label="Chi bộ")
    province.click("button:text('Lọc')")
    rows = page.locator("table tbody tr").all_inner_texts()
    assert rows and all("Đã tổ chức" in r and "Chi bộ" in r for r in rows)
