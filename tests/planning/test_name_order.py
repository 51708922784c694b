"""The people of a results report are listed in ballot order by given name."""

from __future__ import annotations

from daihoi.planning import selectors, services
from tests.planning.conftest import D, Plan, hold


def test_the_reports_people_are_in_vietnamese_order(plan: Plan) -> None:
    report = services.report_start(actor=None, congress=hold(plan.tree.congress_A, D(2025, 7, 1)))
    for name in ("Võ Văn Đỗ", "Huỳnh Thị Bình", "Hà Văn Bình", "Lê Thị An"):
        services.person_add(
            actor=None,
            report=report,
            full_name=name,
            sex="M",
            birth_date=D(1980, 1, 1),
            ethnicity="Kinh",
            committee=True,
            reelected=False,
            standing=False,
            post="",
            delegate="",
        )
    names = [p.full_name for p in selectors.report_people(report)]
    assert names == ["Lê Thị An", "Hà Văn Bình", "Huỳnh Thị Bình", "Võ Văn Đỗ"]
