"""Guide: "Reviewing the term's resolution (targets)" — Hòa Bình's 15 targets
with their assessment, a target's page, the next term's drafts."""

from __future__ import annotations

import re

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH


def test_the_commune_office_reads_the_assessment_of_its_fifteen_targets(login) -> None:  # type: ignore[no-untyped-def]
    office = login("xahoabinh")
    office.click("a:text('Đại hội đại biểu khóa I')")
    office.click("a:text('Đánh giá thực hiện nghị quyết')")
    page = office.page
    summary = re.search(
        r"(\d+) chỉ tiêu: (\d+) vượt, (\d+) đạt, (\d+) không đạt, (\d+) chưa đánh giá được",
        page.inner_text("main"),
    )
    assert summary, page.inner_text("main")[:300]
    total, *kinds = map(int, summary.groups())
    assert total == 15 == sum(kinds)
    # Each assessment says how it was computed.
    office.sees("so với mục tiêu")
    office.click("main td a >> nth=0")
    assert page.locator("main svg, main img").count() > 0  # its figures against the path
    office.go("/units/TS-X01/targets/")
    office.sees("2025–2030")
