"""A congress's result report: started, filled, submitted, approved or sent back."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.accounts.actors import stored_user
from daihoi.actor import Actor
from daihoi.audit.services import audit_change
from daihoi.congresses.models import Congress, CongressStatus
from daihoi.congresses.services import congress_set_status
from daihoi.errors import DomainError
from daihoi.planning import progress as rules
from daihoi.planning.models import (
    DelegateKind,
    Post,
    ReportPerson,
    ReportSource,
    ReportStatus,
    ResultReport,
)
from daihoi.planning.services.documents import _snapshot

# --- result reports ---------------------------------------------------------------------------

REPORT_FIELDS = (
    "status",
    "source",
    "committee_size",
    "women",
    "young",
    "minority",
    "reelected",
    "standing_size",
    "secretary",
    "deputies",
    "delegates",
    "alternates",
    "note",
    "return_reason",
)
PERSON_FIELDS = (
    "full_name",
    "sex",
    "birth_date",
    "ethnicity",
    "committee",
    "reelected",
    "standing",
    "post",
    "delegate",
    "member_id",
)


def _locked_report(report: ResultReport) -> ResultReport:
    return (
        ResultReport.objects.select_for_update()
        .select_related("congress", "congress__unit", "congress__term")
        .get(pk=report.pk)
    )


def _require_editable(report: ResultReport) -> None:
    if not report.editable:
        raise DomainError(
            "report.not_editable",
            gettext_lazy("The report is “%(status)s”: it can no longer be changed."),
            status=report.get_status_display(),
        )


def _require_held(congress: Congress) -> None:
    if congress.status not in (CongressStatus.HELD, CongressStatus.RESULTS_APPROVED):
        raise ValidationError(
            _("Results are reported after the congress: record it as held first (now “%s”).")
            % congress.get_status_display()
        )


@transaction.atomic
def report_start(*, actor: Actor | None, congress: Congress) -> ResultReport:
    congress = Congress.objects.select_for_update().select_related("unit").get(pk=congress.pk)
    existing = ResultReport.objects.filter(congress=congress).first()
    if existing is not None:
        return existing
    _require_held(congress)
    report = ResultReport.objects.create(congress=congress)
    audit_change(
        actor,
        "report.start",
        report,
        unit_path=report.congress.unit.path,
        after={"congress": congress.pk},
    )
    return report


def _clean_person(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    data["full_name"] = " ".join(unicodedata.normalize("NFC", data["full_name"]).split())
    data["ethnicity"] = " ".join(unicodedata.normalize("NFC", data.get("ethnicity", "")).split())
    if not data["full_name"]:
        raise DomainError("report.person_name", gettext_lazy("Enter the person's full name."))
    if not data.get("committee") and (
        data.get("standing") or data.get("post") or data.get("reelected")
    ):
        raise DomainError(
            "report.person_not_committee",
            gettext_lazy(
                "Standing committee, secretary, deputy and re-elected apply to members "
                "of the executive committee."
            ),
        )
    if not data.get("committee") and not data.get("delegate"):
        raise DomainError(
            "report.person_role",
            gettext_lazy("A person in the report is a committee member, a delegate, or both."),
        )
    return data


@transaction.atomic
def person_add(*, actor: Actor | None, report: ResultReport, **data: Any) -> ReportPerson:
    report = _locked_report(report)
    _require_editable(report)
    data = _clean_person(data)
    person = ReportPerson(report=report, **data)
    person.full_clean()
    person.save()
    audit_change(
        actor,
        "report.person_add",
        report,
        unit_path=report.congress.unit.path,
        after=_snapshot(person, PERSON_FIELDS),
    )
    return person


@transaction.atomic
def person_update(*, actor: Actor | None, person: ReportPerson, **data: Any) -> ReportPerson:
    report = _locked_report(person.report)
    _require_editable(report)
    person = ReportPerson.objects.get(pk=person.pk, report=report)
    before = _snapshot(person, PERSON_FIELDS)
    for name, value in _clean_person(data).items():
        setattr(person, name, value)
    person.full_clean()
    person.save()
    audit_change(
        actor,
        "report.person_update",
        report,
        unit_path=report.congress.unit.path,
        before=before,
        after=_snapshot(person, PERSON_FIELDS),
    )
    return person


@transaction.atomic
def person_remove(*, actor: Actor | None, person: ReportPerson) -> None:
    report = _locked_report(person.report)
    _require_editable(report)
    before = _snapshot(person, PERSON_FIELDS)
    ReportPerson.objects.filter(pk=person.pk, report=report).delete()
    audit_change(
        actor,
        "report.person_remove",
        report,
        unit_path=report.congress.unit.path,
        before=before,
    )


@transaction.atomic
def report_set_note(*, actor: Actor | None, report: ResultReport, note: str) -> ResultReport:
    report = _locked_report(report)
    _require_editable(report)
    before = {"note": report.note}
    report.note = note.strip()
    report.save(update_fields=["note"])
    audit_change(
        actor,
        "report.note",
        report,
        unit_path=report.congress.unit.path,
        before=before,
        after={"note": report.note},
    )
    return report


def report_problems(report: ResultReport, people: list[ReportPerson]) -> list[str]:
    """What stops a report being submitted, in words for the unit to fix."""
    if report.source == ReportSource.IMPORTED and not people:
        return []
    problems = []
    committee = [p for p in people if p.committee]
    if not committee:
        problems.append(_("List the members of the new executive committee."))
    missing = [p.full_name for p in committee if not (p.sex and p.birth_date and p.ethnicity)]
    if missing:
        problems.append(
            _("Enter the sex, date of birth and ethnicity of: %s.") % ", ".join(missing)
        )
    secretaries = [p for p in committee if p.post == Post.SECRETARY]
    if len(secretaries) > 1:
        problems.append(_("Only one secretary: %s.") % ", ".join(p.full_name for p in secretaries))
    seen: dict[str, str] = {}
    for p in people:
        key = p.full_name.casefold() + (p.birth_date.isoformat() if p.birth_date else "")
        if key in seen:
            problems.append(_("%s is listed twice.") % p.full_name)
        seen[key] = p.full_name
    return problems


def figures_from_people(
    people: list[ReportPerson], held_on: dt.date
) -> tuple[rules.Figures, dict[str, Any]]:
    committee = [p for p in people if p.committee]
    figures = rules.figures_of(
        [rules.Person(p.sex, p.birth_date, p.ethnicity, p.reelected) for p in committee], held_on
    )
    extra = {
        "standing_size": sum(1 for p in committee if p.standing),
        "secretary": next((p.full_name for p in committee if p.post == Post.SECRETARY), ""),
        "deputies": ", ".join(p.full_name for p in committee if p.post == Post.DEPUTY)[:500],
        "delegates": sum(1 for p in people if p.delegate == DelegateKind.OFFICIAL),
        "alternates": sum(1 for p in people if p.delegate == DelegateKind.ALTERNATE),
    }
    return figures, extra


@transaction.atomic
def report_submit(*, actor: Actor | None, report: ResultReport) -> ResultReport:
    report = _locked_report(report)
    _require_editable(report)
    congress = report.congress
    _require_held(congress)
    people = list(report.people.all())
    problems = report_problems(report, people)
    if problems:
        raise ValidationError(problems)
    before = _snapshot(report, REPORT_FIELDS)
    if people:
        held_on = congress.held_from or timezone.localdate()
        figures, extra = figures_from_people(people, held_on)
        report.committee_size, report.women, report.young = (
            figures.size,
            figures.women,
            figures.young,
        )
        report.minority, report.reelected = figures.minority, figures.reelected
        for name, value in extra.items():
            setattr(report, name, value)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = stored_user(actor)
    report.return_reason = ""
    report.full_clean(exclude=["congress"])
    report.save()
    audit_change(
        actor,
        "report.submit",
        report,
        unit_path=report.congress.unit.path,
        before=before,
        after=_snapshot(report, REPORT_FIELDS),
    )
    return report


@transaction.atomic
def report_approve(*, actor: Actor | None, report: ResultReport) -> ResultReport:
    """Chuẩn y: the upper committee approves; the congress's results are then approved."""
    report = _locked_report(report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted report can be approved (this one is “%s”).")
            % report.get_status_display()
        )
    report.status = ReportStatus.APPROVED
    report.reviewed_at = timezone.now()
    report.reviewed_by = stored_user(actor)
    report.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    if report.congress.status == CongressStatus.HELD:
        congress_set_status(
            actor=actor, congress=report.congress, status=CongressStatus.RESULTS_APPROVED
        )
    audit_change(
        actor,
        "report.approve",
        report,
        unit_path=report.congress.unit.path,
        before={"status": "submitted"},
        after={"status": "approved"},
    )
    return report


@transaction.atomic
def reports_approve(*, actor: Actor | None, reports: list[ResultReport]) -> int:
    """Approve several reports at once, all or none: one refused leaves every one as it was."""
    for report in reports:
        report_approve(actor=actor, report=report)
    return len(reports)


@transaction.atomic
def report_return(*, actor: Actor | None, report: ResultReport, reason: str) -> ResultReport:
    """Send a report back with the reason; an approved one too, which un-approves the congress."""
    report = _locked_report(report)
    reason = reason.strip()
    if not reason:
        raise DomainError(
            "report.return_reason", gettext_lazy("Give the reason for sending the report back.")
        )
    if report.status not in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        raise ValidationError(
            _("Only a submitted or approved report can be sent back (this one is “%s”).")
            % report.get_status_display()
        )
    before = report.status
    report.status = ReportStatus.RETURNED
    report.return_reason = reason
    report.reviewed_at = timezone.now()
    report.reviewed_by = stored_user(actor)
    report.save(update_fields=["status", "return_reason", "reviewed_at", "reviewed_by"])
    if (
        before == ReportStatus.APPROVED
        and report.congress.status == CongressStatus.RESULTS_APPROVED
    ):
        congress_set_status(actor=actor, congress=report.congress, status=CongressStatus.HELD)
    audit_change(
        actor,
        "report.return",
        report,
        unit_path=report.congress.unit.path,
        before={"status": before},
        after={"status": "returned", "reason": reason},
    )
    return report
