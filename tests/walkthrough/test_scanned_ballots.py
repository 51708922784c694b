"""Guide: "Scanned ballots" — the ballot printed from the election page, scanned
(here: rendered at 200 dpi), read by ``daihoi scan interpret`` without a database.
A ballot without the red stamp is not counted: it waits for the committee."""

from __future__ import annotations

import json

import pypdfium2

from tests.walkthrough.conftest import daihoi
from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH


def test_a_printed_ballot_without_its_stamp_is_read_and_held_for_review(login, tmp_path) -> None:  # type: ignore[no-untyped-def]
    office = login("xahoabinh")
    office.click("a:text('Đại hội đại biểu khóa I')")
    office.click("a:text('Bầu Ban Chấp hành Đảng bộ xã Hòa Bình khóa I, nhiệm kỳ 2025–2030')")
    page = office.page
    files = {}
    for label in ("Phiếu bầu (PDF)", "Tệp cuộc bầu (JSON)"):
        with page.expect_download() as download:
            page.click(f"a:text('{label}')")
        files[label] = tmp_path / download.value.suggested_filename
        download.value.save_as(files[label])

    scan = tmp_path / "trang-1.png"
    pdf = pypdfium2.PdfDocument(files["Phiếu bầu (PDF)"].read_bytes())
    pdf[0].render(scale=200 / 72).to_pil().save(scan)

    done = daihoi(tmp_path, "scan", "interpret", str(files["Tệp cuộc bầu (JSON)"]), str(scan))
    assert done.returncode == 1, done.stderr  # read, but some ballot waits for review
    head, ballot = (json.loads(line) for line in done.stdout.splitlines())
    assert head["format"] == "daihoi/ballots@1"
    assert ballot["ref"] == str(scan)
    assert "no_stamp" in ballot["review"]
    assert "1 phiếu cần ban kiểm phiếu xem" in done.stderr


def test_the_head_uploads_scans_and_follows_the_worker_read_them(login, worker, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Guide: the counting desk's "Đọc phiếu đã quét": the files go to the background
    worker, the page counts the pages read, then the batch and what waits."""
    title = "Bầu Ban Chấp hành Đảng bộ xã Hòa Bình khóa I, nhiệm kỳ 2025–2030"
    office = login("xahoabinh")
    office.click("a:text('Đại hội đại biểu khóa I')")
    office.click(f"a:text('{title}')")
    page = office.page
    page.get_by_label("Số đại biểu có mặt:").fill("118")
    page.get_by_label("Đồng ý:", exact=True).fill("116")
    page.get_by_label("Không đồng ý:").fill("2")
    office.click("button:text('Ghi kết quả biểu quyết')")
    office.sees("Đại hội đã biểu quyết thông qua danh sách.")
    with page.expect_download() as download:
        page.click("a:text('Phiếu bầu (PDF)')")
    pdf = pypdfium2.PdfDocument(download.value.path().read_bytes())
    scans = [tmp_path / "may-quet-1.png", tmp_path / "may-quet-2.png"]
    for scan in scans:  # printed, never stamped: both wait for the committee
        pdf[0].render(scale=200 / 72).to_pil().save(scan)
    (tmp_path / "ghi-chu.docx").write_bytes(b"PK\x03\x04")

    head = login("truongban")
    head.click(f"a:text('Bàn trưởng ban kiểm phiếu: {title}')")
    head.click("a:text('Đọc phiếu đã quét')")
    desk = head.page
    desk.set_input_files("input[name=files]", [str(tmp_path / "ghi-chu.docx")])
    head.click("button:text('Tải lên và đọc')")
    head.sees("Không phải tệp ảnh hoặc PDF (PNG, JPEG, TIFF hoặc PDF): ghi-chu.docx")
    desk.set_input_files("input[name=files]", [str(s) for s in scans])
    head.click("button:text('Tải lên và đọc')")
    head.sees("Đọc ảnh quét")
    desk.wait_for_selector("text=Đã đọc 2 trang.", timeout=60_000)
    head.sees("Tập 1: đã tính 0 phiếu, 2 phiếu chờ Ban kiểm phiếu quyết định.")
    head.click("a:text('Quyết định các phiếu bị đánh dấu')")
    head.sees("Không có dấu (không có mực đỏ) ở ô đóng dấu")
