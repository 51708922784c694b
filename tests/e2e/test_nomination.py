"""In headless Chromium, on the demo: `nhansu` and `tinhuy-nhansu` (two personnel logins,
as on two laptops) run steps 3, 4 and 5 of Hòa Bình's introduction procedure — each sheet
typed twice, a sheet of another step and a wrong count refused, step 3's ballot printed and
its minutes downloaded — to the proposed list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from daihoi.congresses.models import Congress
from daihoi.personnel.models import StepRecord
from tests.e2e.test_browser import CHROMIUM, pytestmark  # noqa: F401 - same marks and skip
from tests.personnel.test_nomination_print import pdf_text

PASSWORD = "daihoi-demo-2025"


def login(browser: Any, base: str, username: str) -> Any:
    page = browser.new_context().new_page()
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click(".login button[type=submit]")
    page.wait_for_load_state()
    return page


def submit(page: Any, button: str) -> None:
    """Click a form's button and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(f"button:text-is('{button}')")


def save_sheet(page: Any) -> None:
    """Save the typed sheet: the page answers with its entry part alone (htmx)."""
    with page.expect_response(lambda r: r.request.method == "POST" and "/entry/" in r.url):
        page.click("button:text-is('Ghi phiếu')")


def type_sheets(page: Any, url: str, field: str, sheets: list[str]) -> None:
    page.goto(url)
    for n, text in enumerate(sheets, start=1):
        page.fill(field, text)
        save_sheet(page)
        page.wait_for_selector(f"h2:text-is('Lần nhập của bạn: {n} phiếu')")
        # The cursor is back in the field for the next sheet.
        page.wait_for_function(
            "id => document.activeElement && document.activeElement.id === id",
            arg=field.removeprefix("#"),
            timeout=5000,
        )
    submit(page, "Tôi đã nhập xong cả tập")


def run_step(pages: list[Any], base: str, code: str, sheets: int) -> None:
    nhansu = pages[0]
    step_url = f"{base}/steps/{code}/"
    nhansu.goto(step_url)
    if nhansu.locator("text=Mở bước để nhập phiếu").count():
        submit(nhansu, "Mở bước để nhập phiếu")
        nhansu.wait_for_selector("text=Bước đã mở để nhập phiếu.")
    record = StepRecord.objects.get(run__congress__unit__code="TS-X01", code=code)
    every = f"1-{len(record.names)}"
    field = "#id_agree" if code == "5" else "#id_ticks"
    for page in pages:
        type_sheets(page, f"{step_url}entry/", field, [every] * sheets)
    nhansu.goto(step_url)
    nhansu.fill("#id_collected", str(sheets))
    submit(nhansu, "Niêm phong bước")
    nhansu.wait_for_selector(f"h1:has-text('Kết quả bước {code}')")


@pytest.mark.django_db(transaction=True)
def test_nhansu_runs_the_last_three_steps_to_the_proposed_list(
    settings: Any, tmp_path: Path, live_server: Any, browser: Any
) -> None:
    from daihoi.demo import demo_build

    settings.DATA_DIR = tmp_path
    demo_build(seed=2025)
    congress = Congress.objects.get(unit__code="TS-X01")
    base = f"{live_server.url}/congresses/{congress.pk}/nomination"
    nhansu = login(browser, live_server.url, "nhansu")
    nhansu.goto(base + "/")
    assert "MẬT" in nhansu.locator("main").inner_text()
    nhansu.click("text=Bước 3")
    assert "Danh sách trên phiếu" in nhansu.locator("main").inner_text()

    # A sheet of another step, and a number beyond the ballot: refused, nothing saved.
    nhansu.goto(base + "/steps/3/entry/")
    nhansu.fill("#id_code", "2")
    nhansu.fill("#id_ticks", "1 2")
    save_sheet(nhansu)
    nhansu.wait_for_selector("text=không phải của bước 3")
    # The step is this one's again for the next sheet; what was typed stays.
    assert nhansu.input_value("#id_code") == "3"
    assert nhansu.input_value("#id_ticks") == "1 2"
    nhansu.fill("#id_ticks", "99")
    save_sheet(nhansu)
    nhansu.wait_for_selector("text=Số 99 không có trên phiếu")
    assert not StepRecord.objects.get(run__congress=congress, code="3").entries.exists()

    second = login(browser, live_server.url, "tinhuy-nhansu")
    pages = [nhansu, second]
    # Step 3: the wrong count of the box is refused before the seal.
    for page in pages:
        type_sheets(page, base + "/steps/3/entry/", "#id_ticks", ["1-2"] * 7)
    nhansu.goto(base + "/steps/3/")
    nhansu.fill("#id_collected", "8")
    submit(nhansu, "Niêm phong bước")
    nhansu.wait_for_selector("text=Số phiếu thu vào: 8, nhưng đã nhập 7")
    nhansu.fill("#id_collected", "7")
    submit(nhansu, "Niêm phong bước")
    nhansu.wait_for_selector("h1:has-text('Kết quả bước 3')")
    assert "2 người được giới thiệu tiếp." in nhansu.locator("main").inner_text()

    # The ballot prints from the step page; the minutes wait for the counting committee,
    # then download from the result page, naming it and the sealed figures.
    nhansu.goto(base + "/steps/3/")
    with nhansu.expect_download() as ballot:
        nhansu.click("text=In phiếu (PDF)")
    assert ballot.value.suggested_filename == f"phieu-dh{congress.pk}-buoc-3.pdf"
    assert "PHIẾU GIỚI THIỆU NHÂN SỰ" in pdf_text(Path(ballot.value.path()).read_bytes())
    nhansu.goto(base + "/steps/3/result/")
    assert "Ghi tổ kiểm phiếu ở trang của bước trước" in nhansu.locator("main").inner_text()
    nhansu.goto(base + "/steps/3/")
    nhansu.fill("#id_head", "Trần Văn Kiểm")
    nhansu.fill("#id_members", "Lê Thị Phiếu")
    nhansu.fill("#id_present", "7")
    nhansu.fill("#id_issued", "7")
    submit(nhansu, "Lưu để in phiếu và biên bản")
    nhansu.wait_for_selector("text=Đã lưu để in phiếu và biên bản.")
    nhansu.goto(base + "/steps/3/result/")
    with nhansu.expect_download() as minutes:
        nhansu.click("text=Biên bản (PDF)")
    assert minutes.value.suggested_filename == f"bien-ban-dh{congress.pk}-buoc-3.pdf"
    text = pdf_text(Path(minutes.value.path()).read_bytes())
    assert "BIÊN BẢN KIỂM PHIẾU GIỚI THIỆU NHÂN SỰ" in text and "Trần Văn Kiểm" in text
    assert "Số phiếu thu vào: 7" in text and "Số người có mặt: 7" in text

    run_step(pages, base, "4", 17)
    run_step(pages, base, "5", 6)
    nhansu.goto(base + "/")
    text = nhansu.locator("main").inner_text()
    assert "2 người đạt ở bước cuối" in text
    last = StepRecord.objects.get(run__congress=congress, code="5")
    assert len(last.handed_on) == 2 and last.state == "sealed"
