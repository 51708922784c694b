"""Guide: "The congress in session" — the secretariat's check-in desk and a vote
cast from a delegate's phone, all with the keyboard alone.

The phone reads its link from the vote passes (PDF) as a phone's camera would:
the QR codes are decoded from the printed page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import cv2
import pypdfium2

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH


def _codes(image: Any) -> Iterator[str]:
    """The QR codes of a page of passes: the whole page at once, then a window the
    size of two rows of passes sliding down each column, as a phone frames one."""
    _found, texts, _points, _straight = cv2.QRCodeDetector().detectAndDecodeMulti(image)
    yield from texts
    height, width = image.shape
    for top in range(7):
        for column in range(2):
            window = image[
                height * top // 8 : height * (top + 2) // 8,
                width * column // 2 : width * (column + 1) // 2,
            ]
            text, _points, _straight = cv2.QRCodeDetector().detectAndDecode(window)
            yield text


def pass_link(pdf: bytes, delegate: str) -> str:
    """The vote link of one delegate, read from the QR codes of the printed passes.

    OpenCV's reader misses a few codes at any one resolution (which ones depends on
    the links, so on the demo's random key: 116 of 120 read at 3 px a point in one
    run of this suite), so the page is framed again closer and farther, as a phone
    is moved until it reads the code."""
    document = pypdfium2.PdfDocument(pdf)
    for scale in (3, 3.5, 2.5, 4):
        for page in document:
            image = page.render(scale=scale, grayscale=True).to_numpy()
            if image.ndim == 3:
                image = image[:, :, 0]
            for text in _codes(image):
                if f"/v/{delegate}." in text:
                    return str(text)
    raise AssertionError(f"no pass of delegate {delegate} could be read")


def absent_delegate(page) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """(id, name, check-in code) of the first delegate not checked in, as the list shows."""
    for row in page.locator("table tbody tr").all():
        cells = [c.inner_text().strip() for c in row.locator("td").all()]
        if len(cells) >= 6 and cells[5] == "":
            href = row.locator("a").first.get_attribute("href") or ""
            delegate = href.rstrip("/").rsplit("/", 1)[-1]
            return delegate, cells[1].replace("đương nhiên", "").strip(), cells[4]
    raise AssertionError("every delegate is already checked in")


def without_tone_marks(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_the_secretariat_checks_in_by_keyboard_and_a_delegate_votes_from_a_phone(login) -> None:  # type: ignore[no-untyped-def]
    secretary = login("thuky")
    secretary.sees("Đại hội của bạn")
    secretary.tab_to("Đại hội đang diễn ra")
    page = secretary.enter()
    hall = page.url.removeprefix(secretary.site.url)
    present = int(re.search(r"(\d+) / 120 đại biểu có mặt", page.inner_text("main")).group(1))

    secretary.tab_to("Đại biểu")
    secretary.enter()
    first, name, code = absent_delegate(page)

    # The desk: the code field has the focus and its label; a typed code, then Enter.
    secretary.tab_to("Bàn điểm danh")
    secretary.enter()
    assert secretary.focused() == "Quét thẻ hoặc gõ mã trên thẻ, rồi nhấn Enter"
    page.keyboard.type(code.lower())
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#checkin-result >> text={name}")
    assert page.input_value("#code") == ""
    assert page.locator("#checkin-result").get_attribute("aria-live") == "polite"
    secretary.axe.check(page)

    # And by name without tone marks: Tab to the search, type, Tab to that person's button.
    _, second, _ = absent_delegate(secretary.go(hall + "delegates/"))
    secretary.go(hall + "desk/")
    secretary.tab_to("Hoặc tìm theo tên")
    page.keyboard.type(without_tone_marks(second))
    page.wait_for_selector(f"#search-results >> text={second}")
    secretary.tab_to(f"Điểm danh {second}")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#checkin-result >> text={second}")
    secretary.axe.check(page)
    assert f"{present + 2} / 120 đại biểu có mặt" in secretary.go(hall).inner_text("main")

    # The chair opens the prepared electronic vote on the candidate list.
    chair = login("chutich")
    chair.click("a:text('Đại hội đang diễn ra')")
    chair.click("nav a:text-is('Biểu quyết')")
    chair.click("a:text('Biểu quyết danh sách bầu cử Ban Chấp hành khóa mới')")
    chair.click("button:text('Mở biểu quyết')")
    chair.page.wait_for_selector(".live-count")

    # The delegate checked in first opens the link of their pass and votes, keyboard only.
    passes = secretary.page.request.get(secretary.site.url + hall + "passes.pdf")
    assert passes.ok
    phone = login.phone(pass_link(passes.body(), first))
    assert name in phone.page.inner_text("main")
    phone.tab_to("Tôi là đại biểu này")
    phone.enter()
    phone.page.wait_for_selector(".vote-button.agree")
    assert phone.page.locator("#ballot").get_attribute("aria-live") == "polite"
    phone.tab_to("Tán thành")
    phone.page.keyboard.press("Enter")
    # A secret choice is written with at least nine others: till then it is sent, not recorded.
    phone.page.wait_for_selector(".sent")
    phone.axe.check(phone.page)

    chair.click("button:text('Kết thúc biểu quyết và công bố kết quả')")
    chair.click("button:text('Có, kết thúc biểu quyết')")  # closing asks first
    chair.page.wait_for_selector(".verdict")
    phone.page.wait_for_selector(".done", timeout=15_000)  # sent again, written at the close
