"""Guide: "Speeches (tham luận)" — the secretariat registers, accepts and orders the
speeches, gives the floor to one, and the projector shows the speaker and counts down;
the accepted speeches come out as one Word book in the programme's order."""

from __future__ import annotations

import io
import re

import docx

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH

WAITING = "Công tác dân vận và phát huy vai trò của Mặt trận ở khu dân cư"
FIRST = "Phát triển nông nghiệp ứng dụng công nghệ cao gắn với xây dựng nông thôn mới"


def programme(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The accepted speeches' titles, in the order the page shows."""
    return [
        row.get_attribute("data-speech") or ""
        for row in page.locator("table.speeches tr.speech.accepted").all()
    ]


def seconds(text: str) -> int:
    minutes, secs = text.strip().lstrip("-").split(":")
    return int(minutes) * 60 + int(secs)


def test_the_secretariat_orders_the_speeches_and_the_projector_counts_one_down(  # type: ignore[no-untyped-def]
    login, site
) -> None:
    secretary = login("thuky")
    secretary.click("main a:has-text('Đại hội đang diễn ra') >> nth=0")
    secretary.click("nav.hall-nav a:text-is('Tham luận')")
    page = secretary.page
    hall = page.url.removeprefix(site.url).removesuffix("speeches/")
    assert len(programme(page)) == 3
    secretary.sees("Không chấp nhận")  # the declined one, with its reason
    secretary.sees("Đoàn Chủ tịch tiếp thu và trả lời bằng văn bản")

    # A file that is not a Word document is refused, in Vietnamese, and nothing is saved.
    rows = page.locator("table.speeches tbody tr").count()
    page.fill("#id_title", "Tham luận của Chi bộ thôn 3")
    page.select_option("#id_delegate", index=5)
    page.set_input_files(
        "#id_file",
        {"name": "tham-luan.docx", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 not word"},
    )
    secretary.click("main button:text-is('Đăng ký')")
    secretary.sees("không phải tài liệu Word (.docx)")
    assert page.locator("table.speeches tbody tr").count() == rows

    # Accept a waiting speech: it joins the programme at its end, then moves up to second.
    secretary.click(f"tr.speech[data-speech='{WAITING}'] button:text-is('Chấp nhận')")
    secretary.sees("Đã chấp nhận tham luận vào chương trình.")
    assert programme(page)[-1] == WAITING
    secretary.click(f"tr.speech[data-speech='{WAITING}'] button[aria-label='Chuyển lên']")
    page.fill(f"tr.speech[data-speech='{WAITING}'] input[name=position]", "2")
    secretary.click(f"tr.speech[data-speech='{WAITING}'] button:text-is('Đặt vào vị trí')")
    assert programme(page)[:2] == [FIRST, WAITING] and len(programme(page)) == 4

    # Six minutes for the first, then the floor: the page shows it speaking with its clock.
    page.fill(f"tr.speech[data-speech='{FIRST}'] input[name=minutes]", "6")
    secretary.click(f"tr.speech[data-speech='{FIRST}'] button:text-is('Đặt')")
    secretary.click(f"tr.speech[data-speech='{FIRST}'] button:text-is('Mời phát biểu')")
    secretary.sees("Đang trình bày")

    # The projector, opened by the presidium: the speaker, the title, the countdown.
    screen = login("chutich")
    screen.go(hall + "screen/")
    shown = screen.page.locator("#screen .screen-speech")
    assert FIRST in shown.inner_text()
    clock = shown.locator(".countdown")
    first = seconds(clock.inner_text())
    assert 330 <= first <= 360, clock.inner_text()
    screen.page.wait_for_timeout(2500)
    later = seconds(clock.inner_text())
    assert 1 <= first - later <= 4, (first, later)
    assert "over" not in (clock.get_attribute("class") or "")
    # The next speech is announced under it.
    assert "Tham luận tiếp theo" in screen.page.inner_text("#screen")

    # The speaker runs past the time (as if seven minutes had gone by): the clock turns red.
    site.execute(
        "update congresses_speech set started_at = started_at - interval '7 minutes' "
        "where ended_at is null and started_at is not null"
        if site.database_url
        else "update congresses_speech set started_at = datetime(started_at, '-7 minutes') "
        "where ended_at is null and started_at is not null"
    )
    screen.page.wait_for_function(
        "() => document.querySelector('#screen .countdown.over') !== null", timeout=8000
    )
    assert re.fullmatch(r"-\d+:\d\d", shown.locator(".countdown").inner_text().strip())

    # The speech ends: the projector no longer shows it.
    secretary.click("section.speech-now button:text-is('Kết thúc trình bày')")
    secretary.sees("Đã kết thúc phần trình bày.")
    screen.page.wait_for_function(
        "() => document.querySelector('#screen .screen-speech') === null", timeout=8000
    )

    # The book: the four accepted speeches, in the programme's order.
    with page.expect_download() as download:
        page.click("main a:text-is('Tập tham luận đã chấp nhận (DOCX)')")
    book = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    texts = [p.text for p in book.paragraphs if p.text.strip()]
    assert texts[0] == "TẬP THAM LUẬN"
    contents = texts.index("MỤC LỤC")
    listed = texts[contents + 1 : contents + 5]
    assert listed[0].startswith(f"1. {FIRST} – Đồng chí ")
    assert listed[1].startswith(f"2. {WAITING} – Đồng chí ")
    assert [t for t in texts if t.startswith("THAM LUẬN SỐ")] == [
        f"THAM LUẬN SỐ {n}" for n in range(1, 5)
    ]
