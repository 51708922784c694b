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
