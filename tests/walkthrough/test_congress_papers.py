"""Guide: "Congress papers" — the secretariat sees the papers it published and how many
delegates opened each; a delegate opens them on a 390-px phone through the link of
their vote pass, a paper opened once still opens with the network cut, and the QR
code of the hall's screen leads the phone back to its papers."""

from __future__ import annotations

from typing import Any

import cv2
import numpy
import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH

REPORT = "Báo cáo kiểm điểm của Ban Chấp hành Đảng bộ xã nhiệm kỳ 2020–2025"


def unbound_link(secretary) -> str:  # type: ignore[no-untyped-def]
    """The vote link of a delegate whose phone has not confirmed it yet, as their page shows it."""
    hall = secretary.page.url.split("/papers/")[0] + "/hall/"
    secretary.page.goto(hall + "delegates/")
    hrefs = []
    for row in secretary.page.locator("table tbody tr").all():
        cells = [c.inner_text().strip() for c in row.locator("td").all()]
        if len(cells) >= 6 and cells[5] == "":  # not checked in: their phone is not in use
            hrefs.append(row.locator("a").first.get_attribute("href"))
    for href in hrefs[:5]:
        secretary.page.goto(secretary.site.url + str(href))
        code = secretary.page.locator("code", has_text="/v/")
        if code.count():
            return str(code.first.inner_text()).strip()
    raise AssertionError("every delegate's link is already on a phone")


def test_a_delegate_reads_a_paper_on_the_phone_and_again_with_the_network_cut(login) -> None:  # type: ignore[no-untyped-def]
    secretary = login("thuky")
    secretary.click("a:text('Đại hội đang diễn ra')")
    secretary.click("nav a:text-is('Tài liệu đại hội')")
    secretary.sees("Chương trình Đại hội")
    secretary.sees(REPORT)
    secretary.sees("Dự thảo Báo cáo chính trị")
    row = secretary.page.locator("tr", has_text="Chương trình Đại hội")
    opened = int(row.locator("td.num").inner_text())
    assert opened > 0  # the demo's phones have opened the programme

    # The delegate opens the link of their pass, confirms the phone, then the papers.
    phone = login.phone(unbound_link(secretary))
    phone.tab_to("Tôi là đại biểu này")
    phone.enter()
    phone.click("a:text('Tài liệu đại hội')")
    phone.sees("Chương trình Đại hội")
    page = phone.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider
    phone.click(f"a:has-text('{REPORT}')")
    versions = page.locator(".version-list li").all_inner_texts()
    assert versions[0].startswith("Bản 2") and "bản hiện hành" in versions[0]
    assert "bản cũ" in versions[1]
    phone.click("a:text('Bản 2')")
    phone.sees("Bản 2, bản hiện hành")
    phone.sees("IV. BÀI HỌC KINH NGHIỆM")  # the Word file's text, reflowed to the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.wait_for_selector(".offline-note:text('Đã lưu trên điện thoại này')")
    reading = page.url

    # The network is cut; and, behind the phone's back, the paper renamed on the server:
    # what the phone shows now can only be its own copy.
    phone.site.execute(f"UPDATE papers_paper SET title = 'Đã đổi tên' WHERE title = '{REPORT}'")
    page.context.set_offline(True)
    page.reload()
    phone.sees("IV. BÀI HỌC KINH NGHIỆM")
    phone.sees(REPORT)
    page.wait_for_selector(".offline-note:text('Không có mạng')")
    page.goto(reading.split("/papers/")[0] + "/papers/")  # the list, opened before, too
    phone.sees("Chương trình Đại hội")
    page.context.set_offline(False)

    # The hall's screen shows a QR code; the phone scans it and lands on its own papers.
    papers = secretary.page.url.split("/hall/")[0].removeprefix(secretary.site.url) + "/papers/"
    secretary.go(papers + "screen/")
    scanned = _scan_qr(secretary.page.locator("svg"))
    assert scanned.startswith(phone.site.url + "/v/papers/")
    page.goto(scanned)
    assert page.url == reading.split("/papers/")[0] + "/papers/"
    phone.sees("Chương trình Đại hội")

    # Back online the secretariat sees one more delegate on the report's current version.
    secretary.go(papers)
    report = secretary.page.locator("tr", has_text="Đã đổi tên")
    assert int(report.locator("td.num").inner_text()) == 1

    # The secretariat withdraws it: the phone's list, opened online, drops the kept copy,
    # so with the network cut again the report no longer opens.
    secretary.click("a:text('Đã đổi tên')")
    secretary.click("button:text('Thu hồi tài liệu')")
    secretary.sees("đại biểu không còn thấy tài liệu này")
    phone.go(reading.removeprefix(phone.site.url).split("/papers/")[0] + "/papers/")
    assert "Đã đổi tên" not in page.inner_text("main")
    page.wait_for_selector(".offline-note:text('Đã lưu trên điện thoại này')")
    page.context.set_offline(True)
    with pytest.raises(PlaywrightError):
        page.goto(reading)
    page.context.set_offline(False)


def _scan_qr(code: Any) -> str:
    """What a phone's camera reads from the screen's QR code: the element's
    picture with a white margin round it (a camera sees the screen's too).
    Taken again, up to three times, while the detector finds nothing: once,
    under a loaded machine, a first picture read as nothing."""
    scanned = ""
    for _ in range(3):
        shot = code.screenshot()
        image = cv2.imdecode(numpy.frombuffer(shot, numpy.uint8), cv2.IMREAD_GRAYSCALE)
        image = cv2.copyMakeBorder(image, 24, 24, 24, 24, cv2.BORDER_CONSTANT, value=255)
        scanned, _points, _straight = cv2.QRCodeDetector().detectAndDecode(image)
        if scanned:
            break
        code.page.wait_for_timeout(300)
    return str(scanned)
