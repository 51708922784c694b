"""The dashboard of a subtree: progress by level, structure against targets, attention."""

from __future__ import annotations

import base64
import re

import pytest
from django.urls import reverse

from daihoi.planning import services
from daihoi.planning.selectors import dashboard, reports_below_target, subtree_rows
from tests.factories import make_congress, make_unit
from tests.planning.conftest import TODAY, D, Plan, fill_report, hold


def reported(plan: Plan) -> None:
    t = plan.tree
    for congress, day in ((t.congress_A1, D(2025, 6, 5)), (t.congress_A, D(2025, 8, 20))):
        report = services.report_start(actor=None, congress=hold(congress, day))
        fill_report(report)
        services.report_submit(actor=None, report=report)
    services.report_approve(actor=None, report=t.congress_A1.result_report)


def test_the_figures_add_up_by_level(plan: Plan) -> None:
    reported(plan)
    board = dashboard(plan.tree.P, plan.term, TODAY)
    assert board.totals.total == 6
    by_name = {lp.level.name: lp for lp in board.levels}
    branches = by_name["Cấp 2"]
    assert branches.total == 3
    assert branches.stages["approved"] == 1 and branches.flags["overdue"] == 2
    assert branches.due == D(2025, 6, 30)
    assert board.structure_total.reports == 2
    assert board.structure_total.figures.size == 10 and board.structure_total.figures.women == 4
    assert board.targets.women == 15 and board.targets_document == plan.document
    assert board.attention_counts["overdue"] == 3  # A2 and B1 (30/6), B (31/8)
    assert board.attention_counts["awaiting"] == 1  # A


def test_a_committee_short_of_a_target_is_counted_and_listed(plan: Plan) -> None:
    t = plan.tree
    report = services.report_start(actor=None, congress=hold(t.congress_B, D(2025, 8, 1)))
    services.person_add(
        actor=None,
        report=report,
        full_name="Nguyễn Văn Tám",
        sex="M",
        birth_date=D(1960, 1, 1),
        ethnicity="Kinh",
        committee=True,
        reelected=True,
        standing=False,
        post="",
        delegate="",
    )
    services.report_submit(actor=None, report=report)
    board = dashboard(t.P, plan.term, TODAY)
    assert board.below_target == 1
    assert [s.below_target for s in board.structure] == [1]  # a commune, B
    assert reports_below_target(t.P, plan.term, board.targets).get().congress == t.congress_B
    html = (
        t.client_for(t.province_officer)
        .get(reverse("planning_reports", args=["P"]), {"below": "1"})
        .content.decode()
    )
    assert "Đảng bộ xã B" in html


def test_the_page_draws_charts_without_scripts_and_links_every_figure(plan: Plan) -> None:
    reported(plan)
    client = plan.tree.client_for(plan.tree.province_viewer)
    response = client.get(reverse("planning_dashboard", args=["P"]), {"on": "01/09/2025"})
    html = response.content.decode()
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert len(images) == 3
    for data in images:
        svg = base64.b64decode(data).decode()
        assert "<svg" in svg and "<script" not in svg and " style=" not in svg
    assert "?level=" in html and "flag=overdue" in html
    # No inline script or style on the page itself (the CSP would block them).
    assert "<script>" not in html and ' style="' not in html


def test_a_commune_dashboard_covers_its_subtree_only(plan: Plan) -> None:
    board = dashboard(plan.tree.A, plan.term, TODAY)
    assert board.totals.total == 3


def test_the_dashboard_says_so_when_nothing_is_reported(plan: Plan) -> None:
    client = plan.tree.client_for(plan.tree.commune_officer)
    response = client.get(reverse("planning_dashboard", args=["A"]))
    assert response.status_code == 200
    assert "Chưa có đơn vị nào báo cáo kết quả." in response.content.decode()
    reported(plan)  # and once results are in, it no longer says so
    response = client.get(reverse("planning_dashboard", args=["A"]))
    assert "Chưa có đơn vị nào báo cáo kết quả." not in response.content.decode()


@pytest.mark.parametrize("extra", [0, 30])
def test_the_dashboard_costs_the_same_queries_however_many_units_and_reports(
    plan: Plan, extra: int, django_assert_max_num_queries, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    reported(plan)
    for i in range(extra):
        unit = make_unit(f"A1-{i}", parent=plan.tree.A, level=plan.tree.A1.level)
        congress = make_congress(unit, term=plan.term, planned_date=D(2025, 6, 1))
        if i % 2:
            report = services.report_start(actor=None, congress=hold(congress, D(2025, 6, 2)))
            fill_report(report)
            services.report_submit(actor=None, report=report)
    # The subtree's progress: the milestones, then the units (with congress and report).
    with django_assert_num_queries(2):
        assert len(subtree_rows(plan.tree.P, plan.term, TODAY)) == 6 + extra
    # The page: session, user, two-factor device, unit, grants, term; milestones, levels,
    # units; the names of the units needing attention (2); targets; structure and "short of
    # a target"; the documents from the top and, over the subtree, its units and their
    # dissemination conferences (3); the units with working groups' recommendations overdue.
    client = plan.tree.client_for(plan.tree.province_officer)
    url = reverse("planning_dashboard", args=["P"])
    client.get(url)
    with django_assert_max_num_queries(17):
        assert client.get(url, {"on": "01/09/2025"}).status_code == 200
