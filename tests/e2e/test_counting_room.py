"""In headless Chromium: two clerks count a small election, one mismatch, seal, minutes.

Each clerk has their own browser context (their own login, as on two laptops).
"""

from __future__ import annotations

import pytest

from daihoi.elections.models import ElectionStatus
from tests.e2e.test_browser import CHROMIUM, pytestmark  # noqa: F401 - same marks and skip
from tests.elections.conftest import Room, approve, room  # noqa: F401 - the fixture


def login(browser, base: str, username: str):  # type: ignore[no-untyped-def]
    page = browser.new_context().new_page()
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct horse battery")
    page.click(".login button[type=submit]")
    page.wait_for_load_state()
    return page


def type_ballots(page, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    for n, line in enumerate(lines, start=1):
        page.fill("#line", line)
        page.press("#line", "Enter")
        page.wait_for_selector(f"#entry .count strong:text-is('{n}')")


@pytest.mark.django_db(transaction=True)
def test_two_clerks_count_resolve_seal_and_download_the_minutes(  # type: ignore[no-untyped-def]
    room: Room,  # noqa: F811 - the fixture imported above
    live_server,
    browser,
) -> None:
    approve(room)
    base = live_server.url
    election = room.election.pk

    head = login(browser, base, "head")
    head.goto(f"{base}/elections/{election}/batches/")
    head.click("text=Mở tập phiếu tiếp theo")
    head.wait_for_selector("text=Đã mở tập 1 để nhập")

    # Nine ballots; base 9, threshold 5. Clerk 2 mistypes the fourth ballot.
    ballots = ["5", "5", "4", "5", "4", "3", "0", "5", "4"]
    for user, lines in (("clerk1", ballots), ("clerk2", [*ballots[:3], "2", *ballots[4:]])):
        page = login(browser, base, user)
        page.goto(f"{base}/elections/{election}/count/")
        page.click("text=Nhận tập này")
        page.wait_for_selector("#line")
        type_ballots(page, lines)
        page.click("text=Tôi đã nhập xong cả tập")
        page.click("text=Có, đóng phần nhập của tôi")  # closing asks first
        page.wait_for_load_state()

    head.goto(f"{base}/elections/{election}/batches/")
    head.click("text=Xử lý")
    assert head.locator("td >> text=#4").count() == 1
    head.fill("input[name=p4]", "5")
    head.fill("#reason", "Đối chiếu phiếu giấy số 4")
    head.click("text=Ghi quyết định")
    head.wait_for_selector("text=Tập 1 đã được xử lý và tính phiếu")
    head.click("text=Niêm phong kết quả")
    head.click("text=Có, niêm phong kết quả")  # sealing asks first
    head.wait_for_selector("text=Đã bầu đủ 4 người")
    with head.expect_download() as download:
        head.click("text=Biên bản kiểm phiếu (PDF)")
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"

    room.election.refresh_from_db()
    assert room.election.status == ElectionStatus.FINALISED
    # "0" keeps all five names for four seats: invalid; 8 valid ballots.
    assert room.election.result["ballots"]["valid"] == 8
