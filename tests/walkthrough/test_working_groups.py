"""Guide: "Working groups (đoàn, tổ công tác)" — the province's working group records a
visit to Hòa Bình with a recommendation, the commune's office answers it, the group
marks it done; the province sees the overdue ones and takes the group's report."""

from __future__ import annotations

import datetime as dt

import docx

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH

GROUP = "Tổ công tác số 1 của Ban Thường vụ Tỉnh ủy"
TEXT = "Gửi Tổ công tác danh sách đại biểu dự đại hội sau khi thẩm tra tư cách."


def test_the_group_recommends_the_commune_answers_the_group_marks_it_done(login) -> None:  # type: ignore[no-untyped-def]
    today = dt.date.today()
    member = login("tocongtac")
    member.click("main a:text-is('Đoàn, tổ công tác')")
    member.click(f"main a:text-is('{GROUP}')")
    member.sees("Vũ Minh Trưởng")
    member.click("main a:text-is('Ghi chuyến làm việc')")
    page = member.page
    page.select_option("#id_unit", label="Đảng bộ xã Hòa Bình")
    # A day still to come is refused, in Vietnamese, nothing saved.
    tomorrow = (today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    page.fill("#id_visited_on", tomorrow)
    member.click("main button:text-is('Lưu')")
    member.sees(f"Ngày làm việc: ngày {tomorrow} chưa đến.")
    page.fill("#id_visited_on", "28/07/2025")
    page.fill("#id_notes", "Dự phiên trù bị, kiểm tra công tác chuẩn bị đại hội.")
    page.fill("#id_findings", "Công tác thẩm tra tư cách đại biểu chưa xong.")
    member.click("main button:text-is('Lưu')")
    member.sees("Đã ghi chuyến làm việc với Đảng bộ xã Hòa Bình.")
    member.sees("Làm việc với Đảng bộ xã Hòa Bình ngày 28/07/2025")
    # A deadline before the visit is refused.
    page.fill("#id_text", TEXT)
    page.fill("#id_deadline", "01/07/2025")
    member.click("main button:text-is('Ghi kiến nghị')")
    member.sees("Hạn thực hiện: ngày 01/07/2025 trước ngày làm việc (28/07/2025).")
    deadline = (today + dt.timedelta(days=20)).strftime("%d/%m/%Y")
    page.fill("#id_deadline", deadline)
    member.click("main button:text-is('Ghi kiến nghị')")
    member.sees("Đã ghi kiến nghị.")
    member.sees(TEXT)

    commune = login("xahoabinh")
    commune.click("main a:text-is('Kiến nghị của đoàn công tác')")
    row = commune.page.locator("#recommendations tr", has_text=TEXT)
    with commune.page.expect_navigation():
        row.locator("a:text-is('Trả lời')").click()
    commune.sees(TEXT)
    commune.page.fill("#id_answer", "Đã gửi danh sách 150 đại biểu kèm biên bản thẩm tra.")
    commune.click("main button:text-is('Gửi trả lời')")
    commune.sees(f"Đã gửi trả lời đến {GROUP}.")
    assert "đơn vị đã trả lời" in row.inner_text()

    member.click(f"main a:text-is('{GROUP}')")
    mine = member.page.locator("#recommendations tr", has_text=TEXT)
    assert "Đã gửi danh sách 150 đại biểu" in mine.inner_text()
    with member.page.expect_navigation():
        mine.locator("button:text-is('Xác nhận hoàn thành')").click()
    member.sees("Đã xác nhận kiến nghị hoàn thành.")
    assert "đã hoàn thành" in mine.inner_text()

    # The province: Hòa Bình among the units needing attention (its older recommendation is
    # past its deadline), and the group's report in Word.
    province = login("tinhuy")
    province.click("a:text('Chuẩn bị đại hội: kế hoạch, thời hạn, kết quả')")
    overdue = province.page.locator("#overdue-recommendations")
    assert "Đảng bộ xã Hòa Bình" in overdue.inner_text()
    province.click("#overdue-recommendations a:text-is('Đảng bộ xã Hòa Bình')")
    province.sees("Bổ sung cán bộ trẻ")
    province.go("/units/TS/workgroups/")
    province.click(f"main a:text-is('{GROUP}')")
    with province.page.expect_download() as download:
        province.page.click("main a:text-is('Báo cáo của đoàn (DOCX)')")
    report = docx.Document(str(download.value.path()))
    rows = [[c.text for c in r.cells] for t in report.tables for r in t.rows]
    done = next(r for r in rows if TEXT in r)
    assert done[-1] == "Đã hoàn thành"
    assert any(r[1] == "Đảng bộ xã Cao Sơn (đại hội điểm)" for r in rows)
