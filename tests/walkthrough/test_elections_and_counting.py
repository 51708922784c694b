"""Guide: "Elections and the counting room" — the list vote, double entry, a
mismatch resolved by the head, the seal and the result, on Hòa Bình's election.

The head and the clerks work with the keyboard alone: Tab to a control, Enter to press it,
the ballot field named by its label as a screen reader reads it.
"""

from __future__ import annotations

import re

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH

TITLE = "Bầu Ban Chấp hành Đảng bộ xã Hòa Bình khóa I, nhiệm kỳ 2025–2030"
BALLOTS = ["3 7", "1 2", "0", "3-5", "16 17", "2", "7 12", "1"]


def type_batch(clerk, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    """A clerk types each ballot and presses Enter; the field is ready for the next one."""
    page = clerk.page
    for n, line in enumerate(lines, start=1):
        assert clerk.focused() == f"Phiếu {n}", clerk.focused()
        page.keyboard.type(line)
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#entry .count strong:text-is('{n}')")
        assert f"#{n}: " in page.inner_text("#entry .count")  # the last one echoed back
    # A stray Enter on the empty field records nothing.
    page.keyboard.press("Enter")
    page.wait_for_selector("#entry .error")
    assert page.get_by_role("alert").inner_text()
    assert page.inner_text("#entry .count strong") == str(len(lines))
    clerk.axe.check(page)


def take_and_type(login, username: str, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    clerk = login(username)
    clerk.sees("Đại hội của bạn")
    clerk.tab_to(f"Nhập phiếu: {TITLE}")
    clerk.enter()
    clerk.tab_to("Nhận tập này")
    clerk.enter()
    clerk.sees("Tập 1")
    type_batch(clerk, lines)
    clerk.tab_to("Tôi đã nhập xong cả tập")
    clerk.enter()
    clerk.tab_to("Có, đóng phần nhập của tôi")  # closing one's entry asks first
    clerk.enter()


def test_the_committee_counts_by_double_entry_resolves_and_seals(login) -> None:  # type: ignore[no-untyped-def]
    # The office records the congress's vote on the number and the list.
    office = login("xahoabinh")
    office.click("a:text('Đại hội đại biểu khóa I')")
    office.click(f"a:text('{TITLE}')")
    office.sees("Số dư 13,3%, trong mức 10–15%.")
    office.sees("118")  # the base after the deduction, shown as it changes
    page = office.page
    page.get_by_label("Số đại biểu có mặt:").fill("118")
    page.get_by_label("Đồng ý:", exact=True).fill("116")
    page.get_by_label("Không đồng ý:").fill("2")
    office.click("button:text('Ghi kết quả biểu quyết')")
    office.sees("Đại hội đã biểu quyết thông qua danh sách.")
    office.sees("118 có mặt, 116 đồng ý, 2 không đồng ý")

    # The head opens the first batch from the desk the start page leads to.
    head = login("truongban")
    head.click(f"a:text('Bàn trưởng ban kiểm phiếu: {TITLE}')")
    head.tab_to("Mở tập phiếu tiếp theo")
    head.enter()
    head.sees("Đã mở tập 1 để nhập")

    # Two clerks type the same stack; the second mistypes the fourth ballot.
    take_and_type(login, "kiemphieu", BALLOTS)
    take_and_type(login, "kiemphieu2", [*BALLOTS[:3], "3-6", *BALLOTS[4:]])

    # The head sees the differing place side by side, never who typed what.
    head.reload()
    head.tab_to("Xử lý")
    head.enter()
    desk = head.page
    assert desk.locator("td:text-is('#4')").count() == 1
    assert "kiemphieu" not in desk.inner_text("main")
    head.tab_to("Phiếu 4")
    desk.keyboard.type("3-5")
    head.tab_to("Lý do")
    desk.keyboard.type("Đối chiếu phiếu giấy số 4 trong tập")
    head.tab_to("Ghi quyết định")
    head.enter()
    head.sees("Tập 1 đã được xử lý và tính phiếu")
    head.sees("Kết quả tạm tính")

    # The seal: nobody reaches more than half of 118 with eight ballots.
    head.tab_to("Niêm phong kết quả")
    head.enter()
    head.tab_to("Có, niêm phong kết quả")  # the seal asks first, with the figures
    head.enter()
    head.sees("Kết quả đã được niêm phong.")
    head.sees("118")
    seal = head.page.get_by_title("Mã niêm phong").inner_text()
    assert re.fullmatch(r"[0-9a-f]{16}…", seal), seal  # the start of the SHA-256
    with desk.expect_download() as minutes:
        desk.click("a:text('Biên bản kiểm phiếu (PDF)')")
    with open(minutes.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # Nobody elected: the office opens the next round from the sealed result.
    office.go(head.page.url.removeprefix(head.site.url))
    office.sees("niêm phong")
    office.click("button:text('Lập lần bầu tiếp theo với những người này')")
    office.sees("lần bầu 2")
