"""Results of many congresses from one spreadsheet: every row checked, then all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from daihoi.audit.models import AuditEntry
from daihoi.audit.services import audit_verify
from daihoi.congresses.models import Congress, CongressStatus
from daihoi.congresses.services import congresses_mark_held
from daihoi.planning.importing import reports_import
from daihoi.planning.models import ReportSource, ReportStatus, ResultReport
from daihoi.tables import ImportRefused
from tests.factories import make_congress, make_unit
from tests.planning.conftest import D, Plan, hold

HEADER = (
    "Mã đơn vị,Ngày đại hội,Số ủy viên BCH,Nữ,Dưới 40 tuổi,Dân tộc thiểu số,Tái cử,"
    "Số ủy viên BTV,Bí thư,Phó Bí thư,Đại biểu chính thức,Đại biểu dự khuyết"
)


def csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def run(plan: Plan, data: bytes, name: str = "ket-qua.csv"):  # type: ignore[no-untyped-def]
    return reports_import(
        actor=plan.tree.province_officer,
        under=plan.tree.P,
        term=plan.term,
        file_name=name,
        data=data,
    )


def refused(plan: Plan, data: bytes, name: str = "ket-qua.csv") -> list[str]:
    with translation.override("vi"), pytest.raises(ImportRefused) as info:
        run(plan, data, name)
    assert ResultReport.objects.count() == 0
    return [str(e) for e in info.value.errors]


def test_a_good_file_reports_every_row_and_records_the_congresses_held(plan: Plan) -> None:
    hold(plan.tree.congress_A, D(2025, 7, 20))
    result = run(
        plan,
        csv(
            "A,20/07/2025,15,3,2,1,9,5,Nguyễn Văn An,Trần Thị Bình,10,2",
            "A1,2025-06-05,5,1,1,0,2,,Lê Văn Cường,,1,",
            'B,05/08/2025,13,2,1,0,8,4,Phạm Văn Đức,"Hà Thị E, Vũ Văn G",9,1',
        ),
    )
    assert (result.reports, result.marked_held) == (3, 2)
    a = ResultReport.objects.get(congress=plan.tree.congress_A)
    assert (a.committee_size, a.women, a.young, a.minority, a.reelected, a.first_time) == (
        15,
        3,
        2,
        1,
        9,
        6,
    )
    assert a.status == ReportStatus.SUBMITTED and a.source == ReportSource.IMPORTED
    b = Congress.objects.get(pk=plan.tree.congress_B.pk)
    assert b.status == CongressStatus.HELD and b.held_from == D(2025, 8, 5)
    assert ResultReport.objects.get(congress=b).deputies == "Hà Thị E, Vũ Văn G"
    entry = AuditEntry.objects.filter(action="report.import").get()
    assert entry.after["reports"] == 3 and len(entry.after["marked_held"]) == 2
    # The congresses' own service recorded the moves: one audit entry a congress, with the
    # status and dates before and after.
    moved = AuditEntry.objects.filter(action="congress.status", object_id=str(b.pk)).get()
    assert (moved.before["status"], moved.before["held_from"]) == ("planned", None)
    assert (moved.after["status"], moved.after["held_from"]) == ("held", "2025-08-05")
    a1 = plan.tree.congress_A1
    assert AuditEntry.objects.filter(action="congress.status", object_id=str(a1.pk)).count() == 1


def test_an_xlsx_file_works_the_same(plan: Plan) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["unit", "held_on", "committee", "women", "under_40"])
    sheet.append(["A1", "05/06/2025", 7, 2, 1])
    out = io.BytesIO()
    book.save(out)
    assert run(plan, out.getvalue(), "ket-qua.xlsx").reports == 1


def test_a_malformed_file_is_refused_whole(plan: Plan) -> None:
    errors = refused(plan, b"PK\x03\x04 not really a workbook", "ket-qua.xlsx")
    assert "xlsx" in errors[0]
    assert refused(plan, b"\xff\xfe\x00bad", "ket-qua.csv")


def test_an_unknown_unit_a_unit_outside_and_a_repeat_are_named_with_their_row(
    plan: Plan,
) -> None:
    hold(plan.tree.congress_A, D(2025, 7, 20))
    data = csv("A,,15,3,2,1,9", "ZZ9,01/07/2025,9", "A,,15", "A1,01/06/2025,5,6")
    with translation.override("en"), pytest.raises(ImportRefused) as info:
        reports_import(actor=None, under=plan.tree.A, term=plan.term, file_name="f.csv", data=data)
    errors = {(e.row, e.column): e.message for e in info.value.errors}
    assert errors[(3, "Mã đơn vị")] == "unknown unit: ZZ9"
    assert "repeats row 2" in errors[(4, "Mã đơn vị")]
    assert "more than the 5 members" in errors[(5, "Nữ")]
    with translation.override("en"), pytest.raises(ImportRefused) as outside:
        reports_import(
            actor=None,
            under=plan.tree.A,
            term=plan.term,
            file_name="f.csv",
            data=csv("B1,01/06/2025,5"),
        )
    assert "outside" in outside.value.errors[0].message
    assert ResultReport.objects.count() == 0


def test_the_messages_are_in_vietnamese_with_row_and_column(plan: Plan) -> None:
    errors = refused(plan, csv("A2,01/06/2025,5", "A1,31/02/2025,x"))
    assert any(e.startswith("Dòng 2") and "Mã đơn vị" in e for e in errors), errors
    assert any(e.startswith("Dòng 3") and "Ngày đại hội" in e for e in errors), errors
    assert any("Số ủy viên BCH" in e and "x" in e for e in errors), errors


def test_one_bad_row_among_thousands_writes_nothing(plan: Plan) -> None:
    rows = ["A1,01/06/2025,5,1"] + [f"A,20/07/2025,15,{i % 16}" for i in range(1)]
    rows.append("B,01/08/2025,10,11")
    before = list(Congress.objects.values_list("pk", "status", "held_from"))
    errors = refused(plan, csv(*rows))
    assert len(errors) == 1 and errors[0].startswith("Dòng 4")
    assert list(Congress.objects.values_list("pk", "status", "held_from")) == before
    assert not AuditEntry.objects.filter(action__startswith="report").exists()


def test_a_result_already_reported_is_not_overwritten(plan: Plan) -> None:
    run(plan, csv("A1,01/06/2025,5,1"))
    with translation.override("en"), pytest.raises(ImportRefused) as info:
        run(plan, csv("A1,01/06/2025,6,1"))
    assert "already reported" in info.value.errors[0].message


def test_a_returned_import_can_be_imported_again(plan: Plan) -> None:
    from daihoi.planning.services import report_return

    run(plan, csv("A1,01/06/2025,5,1"))
    report = ResultReport.objects.get()
    report_return(actor=None, report=report, reason="Thiếu số đại biểu")
    run(plan, csv("A1,01/06/2025,6,2,,,,,,,3,1"))
    report.refresh_from_db()
    assert (report.status, report.committee_size, report.delegates) == ("submitted", 6, 3)


def test_the_import_page_lists_the_errors_and_imports_nothing(plan: Plan) -> None:
    client = plan.tree.client_for(plan.tree.province_officer)
    url = reverse("planning_reports_import", args=["P"])
    upload = io.BytesIO(csv("NOPE,01/06/2025,5"))
    upload.name = "ket-qua.csv"
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    assert "NOPE" in response.content.decode()
    good = io.BytesIO(csv("A1,01/06/2025,5"))
    good.name = "ket-qua.csv"
    assert client.post(url, {"file": good}).status_code == 302
    assert ResultReport.objects.count() == 1


def _branches(plan: Plan, n: int) -> list[Congress]:
    """``n`` more branches under commune A, each with a congress planned (not held)."""
    out = []
    for i in range(n):
        unit = make_unit(f"A1-{i}", parent=plan.tree.A, level=plan.tree.A1.level)
        out.append(make_congress(unit, term=plan.term, planned_date=D(2025, 6, 1)))
    return out


@pytest.mark.parametrize("n", [10, 40])
def test_marking_many_congresses_held_costs_an_audit_entry_each_and_keeps_the_chain(
    plan: Plan, n: int, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    congresses = _branches(plan, n)
    data = csv(*(f"A1-{i},{2 + i % 20:02d}/06/2025,7,2,1,0,3" for i in range(n)))
    # Reading and checking is a fixed number of queries; the congresses are updated with
    # one query per distinct day; each appends one audit entry (3 queries: lock the
    # chain's head, insert, move the head). Nothing else grows with the file.
    days = min(n, 20)
    with django_assert_max_num_queries(15 + days + 3 * n):
        result = run(plan, data)
    assert (result.reports, result.marked_held) == (n, n)
    for i, congress in enumerate(congresses):
        congress.refresh_from_db()
        day = D(2025, 6, 2 + i % 20)
        assert (congress.status, congress.held_from, congress.held_to) == ("held", day, day)
        entry = AuditEntry.objects.get(action="congress.status", object_id=str(congress.pk))
        assert entry.before["status"] == "planned" and entry.after["held_from"] == day.isoformat()
    assert audit_verify().ok


def test_a_batch_with_a_congress_already_held_changes_nothing(plan: Plan) -> None:
    fresh, done = _branches(plan, 2)
    hold(done, D(2025, 6, 3))
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        congresses_mark_held(actor=None, days={fresh.pk: D(2025, 6, 5), done.pk: D(2025, 6, 5)})
    fresh.refresh_from_db()
    assert (fresh.status, fresh.held_from) == ("planned", None)
    assert AuditEntry.objects.count() == entries
