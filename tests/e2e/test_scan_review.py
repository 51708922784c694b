"""In headless Chromium: flagged scans decided from the keyboard alone.

The cursor is in the field when the page opens and again after each decision;
Enter alone accepts the reader's suggestion; row numbers correct it; the next
ballot replaces the decided one without a page load.
"""

from __future__ import annotations

import pytest

from daihoi.elections.models import ScannedBallot, ScanStatus
from tests.e2e.test_browser import pytestmark  # noqa: F401 - same marks and skip
from tests.e2e.test_counting_room import login
from tests.elections.test_review import flagged_ballots
from tests.elections.test_scanning import scan_room  # noqa: F401 - the fixture


@pytest.mark.django_db(transaction=True)
def test_a_committee_member_decides_flagged_scans_from_the_keyboard(  # type: ignore[no-untyped-def]
    scan_room,  # noqa: F811 - the fixture imported above
    live_server,
    browser,
) -> None:
    election, head, tmp = scan_room
    head.set_password("correct horse battery")
    head.save()
    flagged_ballots(election, tmp)
    page = login(browser, live_server.url, "head")
    page.goto(f"{live_server.url}/elections/{election.pk}/review/")
    first, second, third = ScannedBallot.objects.filter(status=ScanStatus.REVIEW).order_by("pk")
    assert page.locator("#review-ref .ref").inner_text() == first.ref
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'fix'")
    assert page.locator("img[alt='Dòng 3 trên phiếu đã quét']").evaluate("i => i.naturalWidth") > 0

    page.keyboard.press("Enter")  # accept: row 3 kept
    page.wait_for_selector(f"#review-ref .ref:text-is('{second.ref}')")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'fix'")
    page.keyboard.type("4")  # correct: row 4 was not struck after all (no stamp: k stays)
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#review-ref .ref:text-is('{third.ref}')")
    page.keyboard.type("1 4")  # the unread page, typed in full
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Không còn phiếu quét nào chờ quyết định")

    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.decision == {"crossed": []}
    assert second.decision is not None and second.decision["crossed"] == []
    assert second.decision["defects"] == ["not_issued"]
    assert third.decision is not None and len(third.decision["crossed"]) == 2
