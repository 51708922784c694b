"""In headless Chromium: the projector after a vote closes and an election is sealed,
at 1920×1080 and at 1024×768. The result (tally and verdict) must be on the
screen, not cut off below it, and the elected names must not overlap or spill.
Set DAIHOI_SCREENSHOTS=/some/folder to keep the screenshots.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from daihoi.congresses import services
from daihoi.core.elections.formats import parse_election, result_to_json
from daihoi.core.elections.tally import decide
from daihoi.elections.models import Election, ElectionStatus
from tests.conftest import Tree
from tests.congresses.conftest import build_hall, check_in_all
from tests.core.builders import counts
from tests.documents.builders import election_data
from tests.e2e.test_browser import CHROMIUM, pytestmark  # noqa: F401 - same marks and skip
from tests.e2e.test_hall import login, shot

#: Long names, as a committee of fifteen has them.
NAMES = [
    "Nguyễn Thị Phương Thảo", "Trần Nguyễn Hoàng Khánh", "Lê Thị Thanh Huyền",
    "Phạm Văn Trường Giang", "Hoàng Thị Ngọc Ánh", "Vũ Đình Quang Nghĩa",
    "Đặng Thị Thu Hường", "Bùi Quốc Minh Tuấn", "Đỗ Thị Hồng Nhung",
    "Hồ Sỹ Đức Thắng", "Ngô Thị Bích Phượng", "Dương Văn Thành Trung",
    "Lý Thị Mỹ Duyên", "Trịnh Xuân Bảo Long", "Mai Thị Kim Oanh", "Tạ Văn Hưng",
]  # fmt: skip
SIZES = [(1920, 1080), (1024, 768)]


def seal_an_election(hall) -> None:  # type: ignore[no-untyped-def]
    people = [{"id": f"c{i + 1:02d}", "name": n} for i, n in enumerate(NAMES)]
    data = election_data(len(NAMES), 15, candidates=people)
    definition = parse_election(data)
    votes = [190 - i for i in range(len(NAMES))]
    result = decide(definition, counts(votes, valid=195, collected=197))
    Election.objects.create(
        congress=hall.congress,
        kind="committee",
        title="Bầu Ban Chấp hành Đảng bộ xã A lần thứ I, nhiệm kỳ 2025–2030",
        seats=15,
        summoned=200,
        status=ElectionStatus.FINALISED,
        result=result_to_json(result),
        sealed_at=timezone.now(),
    )


def boxes(page, selector: str) -> list[dict[str, float]]:  # type: ignore[no-untyped-def]
    return [e.bounding_box() for e in page.query_selector_all(selector)]


def inside(box: dict[str, float], width: int, height: int) -> bool:
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= width + 0.5
        and box["y"] + box["height"] <= height + 0.5
    )


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"] + 0.5
        or b["x"] + b["width"] <= a["x"] + 0.5
        or a["y"] + a["height"] <= b["y"] + 0.5
        or b["y"] + b["height"] <= a["y"] + 0.5
    )


def open_screen(browser, live_server, url: str, width: int, height: int):  # type: ignore[no-untyped-def]
    screen = login(
        browser, live_server.url, "province_viewer", viewport={"width": width, "height": height}
    )
    screen.goto(url)
    return screen


@pytest.mark.django_db(transaction=True)
def test_the_projector_shows_the_result_and_every_name_at_both_sizes(  # type: ignore[no-untyped-def]
    tree: Tree,
    live_server,
    browser,
) -> None:
    from daihoi.congresses.live import cache

    cache.clear()
    hall = build_hall(tree)
    check_in_all(hall, range(0, 9))
    services.agenda_item_start(actor=None, item=hall.item)
    services.vote_open(actor=hall.secretary, vote=hall.electronic)
    services.vote_close(actor=hall.secretary, vote=hall.electronic)
    url = f"{live_server.url}/congresses/{hall.congress.pk}/hall/screen/"

    # A vote has just closed: its figures and verdict are on the screen.
    for width, height in SIZES:
        screen = open_screen(browser, live_server, url, width, height)
        screen.wait_for_selector(".verdict-big")
        shot(screen, f"projector-vote-{width}x{height}", full=False)
        for selector in (".screen-vote .big-text", ".tally", ".verdict-big"):
            box = screen.query_selector(selector).bounding_box()
            assert box is not None and inside(box, width, height), (width, selector, box)
        screen.context.close()

    # Then an election is sealed: its fifteen elected, whole, apart, on the screen.
    seal_an_election(hall)
    for width, height in SIZES:
        screen = open_screen(browser, live_server, url, width, height)
        screen.wait_for_selector("ol.elected")
        shot(screen, f"projector-election-{width}x{height}", full=False)
        box = screen.query_selector(".screen-election").bounding_box()
        assert box is not None and inside(box, width, height), (width, box)
        names = boxes(screen, "ol.elected li")
        assert len(names) == 15
        for i, a in enumerate(names):
            assert inside(a, width, height), (width, NAMES[i], a)
            for b in names[i + 1 :]:
                assert not overlap(a, b), (width, a, b)
        spilled = screen.eval_on_selector_all(
            "ol.elected li .name",
            "names => names.filter(n => n.scrollWidth > n.parentElement.clientWidth + 1).length",
        )
        assert spilled == 0, (width, "a name runs past its column")
        screen.context.close()
