"""The calendar of a subtree: every unit, its deadline and stage, overdue highlighted, Excel."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from daihoi.planning import services
from daihoi.planning.progress import Flag, Stage
from daihoi.planning.selectors import subtree_rows
from daihoi.planning.services.exports import export_run, export_start
from tests.factories import make_congress, make_unit
from tests.planning.conftest import TODAY, D, Plan, hold
from tests.planning.exporting import exported


def by_code(plan: Plan, today=TODAY):  # type: ignore[no-untyped-def]
    rows = subtree_rows(plan.tree.P, plan.term, today)
    codes = {u.pk: u.code for u in plan.tree.P.__class__.objects.all()}
    return {codes[r.unit_id]: r for r in rows}


def test_every_unit_has_its_deadline_and_stage(plan: Plan) -> None:
    hold(plan.tree.congress_A1, D(2025, 6, 10))
    rows = by_code(plan)
    assert set(rows) == {"P", "A", "A1", "A2", "B", "B1"}
    assert rows["A1"].progress.stage is Stage.HELD
    assert rows["A1"].progress.due == D(2025, 6, 30)
    assert rows["A2"].progress.stage is Stage.NOT_SCHEDULED  # no congress set up at all
    assert Flag.OVERDUE in rows["A2"].progress.flags
    assert Flag.OVERDUE in rows["B1"].progress.flags
    assert rows["A"].progress.due == D(2025, 8, 31)
    assert Flag.OVERDUE in rows["A"].progress.flags  # 1/9/2025, not held
    assert Flag.OVERDUE not in rows["P"].progress.flags  # due 31/10
    assert Flag.REPORT_LATE in rows["A1"].progress.flags  # held 10/6, nothing by 25/6


def test_a_lower_plan_can_set_an_earlier_deadline_for_its_own_subtree(plan: Plan) -> None:
    lower = services.document_create(
        actor=None,
        issuer=plan.tree.A,
        term=plan.term,
        kind="plan",
        number="12-KH/ĐU",
        issued_on=D(2025, 2, 1),
        title="Kế hoạch của xã A",
        implements=plan.document,
    )
    services.milestone_add(actor=None, document=lower, level=plan.tree.A1.level, due=D(2025, 5, 31))
    rows = by_code(plan)
    assert rows["A1"].progress.due == D(2025, 5, 31)
    assert rows["B1"].progress.due == D(2025, 6, 30)


def test_the_calendar_highlights_the_overdue_and_filters(plan: Plan) -> None:
    client = plan.tree.client_for(plan.tree.province_officer)
    url = reverse("planning_calendar", args=["P"])
    html = client.get(url, {"on": "01/09/2025"}).content.decode()
    assert 'class="overdue"' in html
    assert "Chi bộ thôn 2" in html
    only = client.get(url, {"on": "2025-09-01", "flag": "overdue", "level": plan.tree.A1.level_id})
    names = only.content.decode()
    assert "Chi bộ thôn 2" in names and "Chi bộ thôn B1" in names
    assert ">Đảng bộ xã B</a>" not in names  # a commune, not a branch


def test_a_commune_sees_its_own_subtree_only(plan: Plan) -> None:
    client = plan.tree.client_for(plan.tree.commune_officer)
    html = client.get(reverse("planning_calendar", args=["A"])).content.decode()
    table = html.split("<table")[1]
    assert "Chi bộ thôn 1" in table and "Chi bộ thôn B1" not in table


def test_the_excel_export_has_every_filtered_unit_with_overdue_filled(plan: Plan) -> None:
    client = plan.tree.client_for(plan.tree.province_viewer)
    sheet = load_workbook(io.BytesIO(exported(client, "P", on="01/09/2025"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("STT", "Mã", "Đơn vị")
    codes = [r[1] for r in rows[2:]]
    assert sorted(codes) == ["A", "A1", "A2", "B", "B1", "P"]
    a2 = next(i for i, r in enumerate(rows) if r[1] == "A2") + 1
    assert sheet.cell(a2, 1).fill.fgColor.rgb.endswith("FDECEA")
    assert rows[a2 - 1][7].strftime("%d/%m/%Y") == "30/06/2025"
    assert "Quá hạn" in rows[a2 - 1][11]


def test_a_unit_named_like_a_formula_stays_text_in_the_excel_export(plan: Plan) -> None:
    make_unit("F1", parent=plan.tree.A, level=plan.tree.A1.level, name="=1+cmd|' /C calc'!A0")
    client = plan.tree.client_for(plan.tree.province_viewer)
    sheet = load_workbook(io.BytesIO(exported(client, "P"))).active
    names = [r[2] for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert "'=1+cmd|' /C calc'!A0" in names
    assert not any(isinstance(n, str) and n.startswith("=") for n in names)


@pytest.mark.parametrize("extra", [0, 40])
def test_the_calendar_and_dashboard_queries_do_not_grow_with_the_tree(
    plan: Plan, extra: int, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for i in range(extra):
        unit = make_unit(f"A1-{i}", parent=plan.tree.A, level=plan.tree.A1.level)
        congress = make_congress(unit, planned_date=D(2025, 6, 1), is_pilot=i % 7 == 0)
        if i % 3 == 0:
            hold(congress, D(2025, 6, 2))
    client = plan.tree.client_for(plan.tree.province_officer)
    # The dashboard also lists the documents from the top with their dissemination (3).
    for name, most in (
        ("planning_calendar", 14),
        ("planning_dashboard", 17),
        ("planning_reports", 14),
    ):
        with django_assert_max_num_queries(most):
            assert client.get(reverse(name, args=["P"]), {"on": "01/09/2025"}).status_code == 200
    job = export_start(
        actor=plan.tree.province_officer,
        unit=plan.tree.P,
        term=plan.term,
        as_of=D(2025, 9, 1),
        filters={},
    )
    # The worker's share: the job, the rows, the units, the documents, and the job's
    # updates (state, total, done): none of them per unit.
    with django_assert_max_num_queries(12):
        export_run(job.pk)
