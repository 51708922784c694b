"""A unit reports its results up; the upper committee approves them or sends them back."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.audit.services import audit_verify
from daihoi.congresses.models import CongressStatus
from daihoi.planning import services
from daihoi.planning.models import ReportStatus
from tests.planning.conftest import COMMITTEE, D, Plan, fill_report, hold


def test_results_are_reported_only_after_the_congress(plan: Plan) -> None:
    with pytest.raises(ValidationError, match="đã tổ chức"):
        services.report_start(actor=None, congress=plan.tree.congress_A)


def test_submitting_computes_the_structure_from_the_people_listed(plan: Plan) -> None:
    congress = hold(plan.tree.congress_A, D(2025, 7, 1))
    report = services.report_start(actor=None, congress=congress)
    fill_report(report)
    report = services.report_submit(actor=plan.tree.commune_officer, report=report)
    assert report.status == ReportStatus.SUBMITTED
    assert (report.committee_size, report.women, report.young, report.minority) == (5, 2, 2, 2)
    assert (report.reelected, report.first_time, report.standing_size) == (3, 2, 2)
    assert report.secretary == "Nguyễn Văn An"
    assert report.deputies == "Trần Thị Bình"
    assert (report.delegates, report.alternates) == (2, 1)
    assert report.submitted_by == plan.tree.commune_officer


def test_a_committee_member_without_sex_birth_date_or_ethnicity_stops_the_report(
    plan: Plan,
) -> None:
    report = services.report_start(actor=None, congress=hold(plan.tree.congress_A, D(2025, 7, 1)))
    services.person_add(
        actor=None,
        report=report,
        full_name="Vũ Văn Hải",
        sex="M",
        birth_date=None,
        ethnicity="",
        committee=True,
        reelected=False,
        standing=False,
        post="",
        delegate="",
    )
    with pytest.raises(ValidationError, match="Vũ Văn Hải"):
        services.report_submit(actor=None, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_person_is_on_the_committee_or_in_the_delegation(plan: Plan) -> None:
    report = services.report_start(actor=None, congress=hold(plan.tree.congress_A, D(2025, 7, 1)))
    with pytest.raises(ValidationError):
        services.person_add(
            actor=None,
            report=report,
            full_name="Ai Đó",
            sex="",
            birth_date=None,
            ethnicity="",
            committee=False,
            reelected=False,
            standing=True,
            post="",
            delegate="",
        )


def test_the_upper_office_approves_and_the_congress_results_are_approved(plan: Plan) -> None:
    t = plan.tree
    report = services.report_start(actor=None, congress=hold(t.congress_A, D(2025, 7, 1)))
    fill_report(report)
    services.report_submit(actor=t.commune_officer, report=report)
    client = t.client_for(t.province_officer)
    response = client.post(reverse("planning_report_approve", args=[t.congress_A.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    t.congress_A.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.reviewed_by == t.province_officer
    assert t.congress_A.status == CongressStatus.RESULTS_APPROVED
    assert AuditEntry.objects.filter(action="report.approve", object_id=str(report.pk)).exists()
    assert audit_verify().ok


def test_a_unit_cannot_approve_its_own_results(plan: Plan) -> None:
    t = plan.tree
    report = services.report_start(actor=None, congress=hold(t.congress_A, D(2025, 7, 1)))
    fill_report(report)
    services.report_submit(actor=t.commune_officer, report=report)
    client = t.client_for(t.commune_officer)
    assert (
        client.post(reverse("planning_report_approve", args=[t.congress_A.pk])).status_code == 403
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_sent_back_with_a_reason_then_corrected_and_reported_again(plan: Plan) -> None:
    t = plan.tree
    report = services.report_start(actor=None, congress=hold(t.congress_A, D(2025, 7, 1)))
    people = fill_report(report)
    services.report_submit(actor=None, report=report)
    client = t.client_for(t.province_officer)
    refused = client.post(reverse("planning_report_return", args=[t.congress_A.pk]), {"reason": ""})
    assert refused.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED  # no reason, not sent back
    client.post(
        reverse("planning_report_return", args=[t.congress_A.pk]),
        {"reason": "Ngày sinh đồng chí Phạm Thị Dung chưa đúng"},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.return_reason.startswith("Ngày sinh")
    page = t.client_for(t.commune_officer).get(reverse("planning_report", args=[t.congress_A.pk]))
    assert "Ngày sinh đồng chí Phạm Thị Dung chưa đúng" in page.content.decode()
    dung = next(p for p in people if p.full_name == "Phạm Thị Dung")
    services.person_update(
        actor=None,
        person=dung,
        full_name=dung.full_name,
        sex="F",
        birth_date=D(1980, 1, 1),
        ethnicity="Kinh",
        committee=True,
        reelected=False,
        standing=False,
        post="",
        delegate="",
    )
    report = services.report_submit(actor=None, report=report)
    assert report.status == ReportStatus.SUBMITTED and report.young == 1
    assert report.return_reason == ""


def test_a_submitted_report_is_not_changed_until_sent_back(plan: Plan) -> None:
    report = services.report_start(actor=None, congress=hold(plan.tree.congress_A, D(2025, 7, 1)))
    people = fill_report(report)
    services.report_submit(actor=None, report=report)
    with pytest.raises(ValidationError):
        services.person_remove(actor=None, person=people[0])


def test_sending_back_approved_results_reopens_the_congress_results(plan: Plan) -> None:
    t = plan.tree
    report = services.report_start(actor=None, congress=hold(t.congress_A, D(2025, 7, 1)))
    fill_report(report)
    services.report_submit(actor=None, report=report)
    services.report_approve(actor=None, report=report)
    services.report_return(actor=None, report=report, reason="Sai số liệu")
    t.congress_A.refresh_from_db()
    assert t.congress_A.status == CongressStatus.HELD


def test_the_report_page_lists_the_people_and_flags_a_missed_target(plan: Plan) -> None:
    t = plan.tree
    report = services.report_start(actor=None, congress=hold(t.congress_A, D(2025, 7, 1)))
    # Everyone re-elected: renewal 0% against the target of 30%.
    fill_report(report, [(*row[:4], True, *row[5:]) for row in COMMITTEE])
    services.report_submit(actor=None, report=report)
    html = (
        t.client_for(t.province_viewer)
        .get(reverse("planning_report", args=[t.congress_A.pk]))
        .content.decode()
    )
    assert "Trần Thị Bình" in html
    assert 'class="short"' in html
    assert reverse("planning_report_approve", args=[t.congress_A.pk]) not in html  # no review


def test_bulk_approval_of_the_chosen_reports_below(plan: Plan) -> None:
    t = plan.tree
    reports = []
    for congress in (t.congress_A, t.congress_B, t.congress_A1):
        report = services.report_start(actor=None, congress=hold(congress, D(2025, 6, 20)))
        fill_report(report)
        reports.append(services.report_submit(actor=None, report=report))
    client = t.client_for(t.commune_officer)
    # The commune approves its branch; its own report is the province's to approve.
    client.post(
        reverse("planning_reports_approve", args=[t.A.code]),
        {"report": [r.pk for r in reports]},
    )
    statuses = {r.congress.unit.code: r.__class__.objects.get(pk=r.pk).status for r in reports}
    assert statuses == {"A": "submitted", "B": "submitted", "A1": "approved"}


def test_approving_several_reports_is_all_or_none(plan: Plan) -> None:
    t = plan.tree
    submitted = services.report_start(actor=None, congress=hold(t.congress_A, D(2025, 6, 20)))
    fill_report(submitted)
    services.report_submit(actor=None, report=submitted)
    draft = services.report_start(actor=None, congress=hold(t.congress_B, D(2025, 6, 21)))
    with pytest.raises(ValidationError):
        services.reports_approve(actor=None, reports=[submitted, draft])
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED  # the first approval was undone
    assert not AuditEntry.objects.filter(action="report.approve").exists()
