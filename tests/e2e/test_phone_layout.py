"""In headless Chromium at a phone's width (390 px): the hall's votes page fits the
screen (nothing runs off the right edge) and each question's title reads on a
few full lines, not a word a line."""

from __future__ import annotations

import pytest

from tests.conftest import Tree
from tests.congresses.conftest import build_hall
from tests.e2e.test_browser import CHROMIUM, pytestmark  # noqa: F401 - same marks and skip
from tests.e2e.test_hall import login, shot

WIDTH = 390


@pytest.mark.django_db(transaction=True)
def test_the_votes_page_fits_a_phone(tree: Tree, live_server, browser) -> None:  # type: ignore[no-untyped-def]
    hall = build_hall(tree)
    page = login(browser, live_server.url, "secretary", viewport={"width": WIDTH, "height": 844})
    page.goto(f"{live_server.url}/congresses/{hall.congress.pk}/hall/votes/")
    page.wait_for_selector("main table")
    shot(page, "phone-hall-votes")
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= WIDTH, f"the page is {overflow} px wide on a {WIDTH} px screen"
    for box in page.eval_on_selector_all(
        "main table a",
        """links => links.map(a => {
            const r = a.getBoundingClientRect();
            return {right: r.right, height: r.height,
                    line: parseFloat(getComputedStyle(a).lineHeight) || 24};
        })""",
    ):
        assert box["right"] <= WIDTH
        assert box["height"] <= 3 * box["line"] + 1, box  # a title on at most three lines
