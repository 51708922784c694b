"""In headless Chromium: the congress in session.

The secretariat checks delegates in by a typed code and by name search, enters
a show of hands, opens an electronic vote that two delegates cast from their
own phones (their own browser contexts), closes it, and the projector shows
the result. Set DAIHOI_SCREENSHOTS=/some/folder to keep screenshots of the pages.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from daihoi.congresses import services, voting
from daihoi.congresses.models import ProceduralVote, VoteCast
from tests.conftest import Tree
from tests.congresses.conftest import build_hall, check_in_all
from tests.e2e.test_browser import CHROMIUM, pytestmark  # noqa: F401 - same marks and skip

SHOTS = os.environ.get("DAIHOI_SCREENSHOTS", "")


def shot(page, name: str, full: bool = True) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full)


def login(browser, base: str, username: str, **context):  # type: ignore[no-untyped-def]
    page = browser.new_context(**context).new_page()
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct horse battery")
    page.click(".login button[type=submit]")
    page.wait_for_load_state()
    return page


@pytest.mark.django_db(transaction=True)
def test_check_in_vote_by_hands_and_by_phone_and_the_projector_shows_it(  # type: ignore[no-untyped-def]
    tree: Tree, live_server, browser
) -> None:
    from daihoi.congresses.live import cache

    cache.clear()
    hall = build_hall(tree)
    base = live_server.url
    congress = hall.congress.pk
    desk = login(browser, base, "secretary", viewport={"width": 1280, "height": 900})

    # Check-in by the code a scanner (or a person) types, then Enter.
    desk.goto(f"{base}/congresses/{congress}/hall/desk/")
    desk.fill("#code", hall.delegates[0].code.lower())
    desk.press("#code", "Enter")
    desk.wait_for_selector(".checkin.ok >> text=Nguyễn Văn An")
    assert desk.input_value("#code") == ""
    # And by name, without tone marks.
    desk.fill("#search", "tran binh")
    desk.wait_for_selector("#search-results >> text=Trần Thị Bình")
    desk.click("#search-results button:text('Điểm danh')")
    desk.wait_for_selector(".checkin.ok >> text=Trần Thị Bình")
    assert "2</span> / 10" in desk.inner_html("#checkin-result")
    shot(desk, "desk")

    check_in_all(hall, range(2, 9))  # the others came through the other desks

    # A show of hands: the counters' figures, the engine's verdict.
    desk.goto(f"{base}/congresses/{congress}/hall/votes/{hall.hands.pk}/")
    desk.fill("#id_present", "9")
    desk.fill("#id_agree", "8")
    desk.fill("#id_disagree", "1")
    desk.fill("#id_abstain", "0")
    desk.click("button:text('Ghi kết quả kiểm đếm')")
    desk.wait_for_selector(".verdict.passed")
    assert "quá một nửa của 9" in desk.inner_text(".verdict")

    # An electronic vote, from two delegates' phones.
    desk.goto(f"{base}/congresses/{congress}/hall/votes/{hall.electronic.pk}/")
    desk.click("button:text('Mở biểu quyết')")
    desk.wait_for_selector(".live-count")
    shot(desk, "vote-open")
    phones = []
    for delegate, label in (
        (hall.delegates[0], "Tán thành"),
        (hall.delegates[1], "Không tán thành"),
    ):
        phone = browser.new_context(viewport={"width": 390, "height": 760}).new_page()
        phone.on("dialog", lambda dialog: dialog.accept())
        phone.goto(f"{base}/v/{voting.pass_token(delegate)}/")
        phone.click("button:text('Tôi là đại biểu này')")
        phone.wait_for_selector(".vote-button.agree")
        shot(phone, f"phone-{delegate.number}")
        phone.click(f".vote-button:text-is('{label}')")
        # A secret vote is written in batches: sent, not recorded yet (fewer than 2k).
        phone.wait_for_selector(".sent")
        shot(phone, f"phone-{delegate.number}-sent")
        phones.append((delegate, phone))
    assert "Tán thành" not in desk.inner_text("main")  # hidden until closed
    desk.click("button:text('Kết thúc biểu quyết và công bố kết quả')")
    desk.click("button:text('Có, kết thúc biểu quyết')")  # closing asks first
    desk.wait_for_selector(".verdict")
    for delegate, phone in phones:  # the pages sent their choices again: recorded
        phone.wait_for_selector(".done", timeout=10_000)
        shot(phone, f"phone-{delegate.number}-done")

    vote = ProceduralVote.objects.get(pk=hall.electronic.pk)
    assert (vote.agree, vote.disagree, vote.abstain, vote.passed) == (1, 1, 0, False)
    assert VoteCast.objects.filter(vote=vote).count() == 2

    # The projector, on a viewer's login: it updates by itself.
    screen = login(browser, base, "province_viewer", viewport={"width": 1600, "height": 900})
    screen.goto(f"{base}/congresses/{congress}/hall/screen/")
    screen.wait_for_selector(".verdict-big >> text=KHÔNG THÔNG QUA")
    assert "Biểu quyết chương trình Đại hội" in screen.inner_text("#screen")
    services.agenda_item_start(actor=None, item=hall.item)
    screen.wait_for_selector(".screen-item >> text=Bầu Đoàn Chủ tịch", timeout=10_000)
    shot(screen, "projector", full=False)
    if SHOTS:
        for name, path in (
            ("hall-home", "hall/"),
            ("delegates", "hall/delegates/"),
            ("credentials", "hall/credentials/"),
            ("agenda", "hall/agenda/"),
            ("votes", "hall/votes/"),
            ("attendance", "hall/attendance/"),
            ("delegate", f"hall/delegates/{hall.delegates[5].pk}/"),
        ):
            desk.goto(f"{base}/congresses/{congress}/{path}")
            shot(desk, name)
