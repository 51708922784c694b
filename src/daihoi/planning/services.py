"""Writes of plans and reported results. Each is atomic and leaves its audit entry.

A report's life: the unit's office starts it after its congress was held and
lists the new committee, its standing committee and secretary, and its
delegation (typed, or taken from the counting station's signed packages) →
it submits, and the structure counts are computed from the people listed →
the upper committee approves it (chuẩn y: the congress's status becomes
"results approved") or sends it back with a reason → the unit corrects and
submits again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.actor import Actor, stored_user
from daihoi.audit.services import audit_change, audit_record
from daihoi.congresses.models import Congress, CongressStatus, Term
from daihoi.congresses.services import congress_set_status
from daihoi.elections.models import ElectionKind, ReceivedResult, ResultStanding
from daihoi.errors import DomainError
from daihoi.organizations.models import Level, Member, Unit
from daihoi.planning import progress as rules
from daihoi.planning.models import (
    DelegateKind,
    Document,
    Milestone,
    Post,
    ReportPerson,
    ReportSource,
    ReportStatus,
    ResultReport,
)

MAX_FILE_BYTES = 10 * 1024 * 1024
FILE_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
TARGET_FIELDS = ("target_women", "target_young", "target_minority", "target_renewal")
DOCUMENT_FIELDS = (
    "issuer_id",
    "issued_by",
    "term_id",
    "kind",
    "number",
    "issued_on",
    "title",
    "implements_id",
    "report_days",
    *TARGET_FIELDS,
    "file_name",
    "file_sha256",
)


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


# --- documents and milestones -----------------------------------------------------------


def _check_implements(issuer: Unit, term: Term, implements: Document | None) -> None:
    if implements is None:
        return
    if implements.term_id != term.pk:
        raise DomainError(
            "document.implements_other_term",
            gettext_lazy("A document implements a document of the same term."),
        )
    if not issuer.path.startswith(implements.issuer.path):
        raise DomainError(
            "document.implements_below",
            gettext_lazy("A document implements a document of its own unit or of a unit above it."),
        )


def _check_file(file_name: str, data: bytes) -> str:
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in FILE_TYPES:
        raise ValidationError(
            _("Only these files are accepted: %s.") % ", ".join(sorted(FILE_TYPES))
        )
    if len(data) > MAX_FILE_BYTES:
        raise DomainError("document.file_too_large", gettext_lazy("The file is larger than 10 MB."))
    if not data:
        raise DomainError("document.file_empty", gettext_lazy("The file is empty."))
    return FILE_TYPES[suffix]


def _check_targets(values: dict[str, Decimal | None]) -> None:
    for name, value in values.items():
        if value is not None and not (0 <= value <= 100):
            raise DomainError(
                "document.target_share",
                gettext_lazy("A target share is between 0 and 100 percent."),
            )
        if name not in TARGET_FIELDS:
            raise ValueError(name)


@transaction.atomic
def document_create(
    *,
    actor: Actor | None,
    issuer: Unit,
    term: Term,
    kind: str,
    number: str,
    issued_on: dt.date,
    title: str,
    implements: Document | None = None,
    report_days: int | None = None,
    targets: dict[str, Decimal | None] | None = None,
    file_name: str = "",
    file_data: bytes | None = None,
    issued_by: str = "",
) -> Document:
    number = " ".join(number.split())
    _check_implements(issuer, term, implements)
    _check_targets(targets or {})
    if Document.objects.filter(issuer=issuer, term=term, number=number).exists():
        raise ValidationError(
            _("%(unit)s already has a document numbered %(number)s in this term.")
            % {"unit": issuer.name, "number": number}
        )
    document = Document(
        issuer=issuer,
        issued_by=" ".join(issued_by.split()),
        term=term,
        kind=kind,
        number=number,
        issued_on=issued_on,
        title=title.strip(),
        implements=implements,
        report_days=report_days,
        **(targets or {}),
    )
    if file_data is not None:
        document.file_type = _check_file(file_name, file_data)
        document.file_name = PurePath(file_name).name[:255]
        document.file_data = file_data
        document.file_sha256 = hashlib.sha256(file_data).hexdigest()
    document.full_clean(exclude=["file_data"])
    document.save()
    audit_record(
        actor=actor,
        action="document.create",
        object_type="document",
        object_id=document.pk,
        unit_path=issuer.path,
        after=_snapshot(document, DOCUMENT_FIELDS),
    )
    return document


@transaction.atomic
def document_update(
    *,
    actor: Actor | None,
    document: Document,
    kind: str,
    number: str,
    issued_on: dt.date,
    title: str,
    implements: Document | None,
    report_days: int | None,
    targets: dict[str, Decimal | None],
    file_name: str = "",
    file_data: bytes | None = None,
    issued_by: str = "",
) -> Document:
    document = (
        Document.objects.select_for_update()
        .select_related("issuer", "term")
        .defer("file_data")
        .get(pk=document.pk)
    )
    before = _snapshot(document, DOCUMENT_FIELDS)
    number = " ".join(number.split())
    if implements is not None and implements.pk == document.pk:
        raise DomainError(
            "document.implements_itself", gettext_lazy("A document cannot implement itself.")
        )
    _check_implements(document.issuer, document.term, implements)
    _check_targets(targets)
    # A chain of "implements" never loops: walk up from the new upper document.
    seen, up = {document.pk}, implements
    while up is not None:
        if up.pk in seen:
            raise DomainError(
                "document.implements_loop",
                gettext_lazy("The documents would implement each other in a loop."),
            )
        seen.add(up.pk)
        up = up.implements
    if (
        Document.objects.filter(issuer=document.issuer, term=document.term, number=number)
        .exclude(pk=document.pk)
        .exists()
    ):
        raise ValidationError(
            _("%(unit)s already has a document numbered %(number)s in this term.")
            % {"unit": document.issuer.name, "number": number}
        )
    document.kind, document.number, document.issued_on = kind, number, issued_on
    document.issued_by = " ".join(issued_by.split())
    document.title, document.implements, document.report_days = (
        title.strip(),
        implements,
        report_days,
    )
    for name, value in targets.items():
        setattr(document, name, value)
    fields = [
        "kind",
        "number",
        "issued_on",
        "issued_by",
        "title",
        "implements",
        "report_days",
        *TARGET_FIELDS,
    ]
    if file_data is not None:
        document.file_type = _check_file(file_name, file_data)
        document.file_name = PurePath(file_name).name[:255]
        document.file_data = file_data
        document.file_sha256 = hashlib.sha256(file_data).hexdigest()
        fields += ["file_type", "file_name", "file_data", "file_sha256"]
    document.full_clean(exclude=["file_data", "issuer", "term", "implements"])
    document.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="document.update",
        object_type="document",
        object_id=document.pk,
        unit_path=document.issuer.path,
        before=before,
        after=_snapshot(document, DOCUMENT_FIELDS),
    )
    return document


@transaction.atomic
def document_delete(*, actor: Actor | None, document: Document) -> None:
    document = (
        Document.objects.select_for_update()
        .select_related("issuer")
        .defer("file_data")
        .get(pk=document.pk)
    )
    if document.implemented_by.exists():
        raise ValidationError(
            _("Other documents implement %s: it cannot be deleted.") % document.number
        )
    before = _snapshot(document, DOCUMENT_FIELDS)
    before["milestones"] = list(document.milestones.values("level_id", "unit_id", "pilot", "due"))
    pk, path = document.pk, document.issuer.path
    document.delete()
    audit_record(
        actor=actor,
        action="document.delete",
        object_type="document",
        object_id=pk,
        unit_path=path,
        before=before,
    )


@transaction.atomic
def milestone_add(
    *,
    actor: Actor | None,
    document: Document,
    due: dt.date,
    level: Level | None = None,
    unit: Unit | None = None,
    pilot: bool = False,
    note: str = "",
) -> Milestone:
    """A deadline for the congresses of a level (or its pilot congresses), or of one unit."""
    issuer = document.issuer
    if (level is None) == (unit is None):
        raise DomainError(
            "milestone.level_or_unit", gettext_lazy("Choose a level or a unit, not both.")
        )
    if unit is not None:
        if pilot:
            raise DomainError(
                "milestone.pilot_with_unit",
                gettext_lazy("“Pilot congresses only” goes with a level, not a unit."),
            )
        if not issuer.contains(unit):
            raise ValidationError(
                _("%(unit)s is not below %(issuer)s.") % {"unit": unit.name, "issuer": issuer.name}
            )
        if document.milestones.filter(unit=unit).exists():
            raise ValidationError(_("This document already has a deadline for %s.") % unit.name)
    if level is not None:
        if level.rank < issuer.level.rank:
            raise ValidationError(
                _("%(issuer)s sets no deadline for the level above it (%(level)s).")
                % {"issuer": issuer.name, "level": level.name}
            )
        if document.milestones.filter(level=level, pilot=pilot).exists():
            raise ValidationError(
                _("This document already has a deadline for %s.")
                % (level.name + (" (" + _("pilot congresses") + ")" if pilot else ""))
            )
    milestone = Milestone.objects.create(
        document=document, level=level, unit=unit, pilot=pilot, due=due, note=note.strip()
    )
    audit_record(
        actor=actor,
        action="milestone.add",
        object_type="document",
        object_id=document.pk,
        unit_path=issuer.path,
        after={
            "milestone": milestone.pk,
            "level_id": milestone.level_id,
            "unit_id": milestone.unit_id,
            "pilot": pilot,
            "due": due,
            "note": milestone.note,
        },
    )
    return milestone


@transaction.atomic
def milestone_remove(*, actor: Actor | None, milestone: Milestone) -> None:
    document = milestone.document
    before = {
        "milestone": milestone.pk,
        "level_id": milestone.level_id,
        "unit_id": milestone.unit_id,
        "pilot": milestone.pilot,
        "due": milestone.due,
        "note": milestone.note,
    }
    milestone.delete()
    audit_record(
        actor=actor,
        action="milestone.remove",
        object_type="document",
        object_id=document.pk,
        unit_path=document.issuer.path,
        before=before,
    )


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
        raise ValidationError(
            _("The report is “%s”: it can no longer be changed.") % report.get_status_display()
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
        object_type="result_report",
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
        raise ValidationError(
            _(
                "Standing committee, secretary, deputy and re-elected apply to members "
                "of the executive committee."
            )
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
        object_type="result_report",
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
        object_type="result_report",
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
        object_type="result_report",
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
        object_type="result_report",
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
        object_type="result_report",
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
        object_type="result_report",
        before={"status": "submitted"},
        after={"status": "approved"},
    )
    return report


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
        object_type="result_report",
        before={"status": before},
        after={"status": "returned", "reason": reason},
    )
    return report


# --- from the counting station's packages -------------------------------------------------


def _name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def _elected_names(received: ReceivedResult) -> list[str]:
    result = received.result or {}
    return [
        c["name"]
        for c in result.get("candidates", [])
        if c.get("status") == "elected" and c.get("name")
    ]


def _previous_committee(congress: Congress) -> tuple[set[int], set[str]]:
    """Members and names of the unit's committee in the term before (for "re-elected")."""
    previous = (
        Term.objects.filter(start_year__lt=congress.term.start_year).order_by("-start_year").first()
    )
    if previous is None:
        return set(), set()
    people = ReportPerson.objects.filter(
        report__congress__unit=congress.unit, report__congress__term=previous, committee=True
    ).values_list("member_id", "full_name")
    return {m for m, _ in people if m}, {_name_key(n) for _, n in people}


def _apply_package(report: ResultReport, received: ReceivedResult) -> dict[str, int]:
    """Add the elected of one package to the report's people; returns what was done."""
    kind = received.kind
    congress = report.congress
    names = _elected_names(received)
    people = {_name_key(p.full_name): p for p in report.people.all()}
    unit = congress.unit
    matches: dict[str, list[Member]] = {}
    if names:
        for m in Member.objects.filter(
            unit__path__startswith=unit.path, full_name__in=list(set(names))
        ):
            matches.setdefault(_name_key(m.full_name), []).append(m)
    prev_members, prev_names = _previous_committee(congress)
    added = updated = 0
    for name in names:
        key = _name_key(name)
        person = people.get(key)
        if person is None:
            person = ReportPerson(report=report, full_name=" ".join(name.split()))
            found = matches.get(key, [])
            if len(found) == 1:
                m = found[0]
                person.member = m
                person.sex, person.birth_date, person.ethnicity = m.sex, m.birth_date, m.ethnicity
            people[key] = person
            added += 1
        else:
            updated += 1
        if kind in (
            ElectionKind.COMMITTEE,
            ElectionKind.STANDING_COMMITTEE,
            ElectionKind.SECRETARY,
            ElectionKind.DEPUTY_SECRETARY,
        ):
            person.committee = True
            person.reelected = person.reelected or (
                (person.member_id in prev_members) if person.member_id else key in prev_names
            )
        if kind == ElectionKind.STANDING_COMMITTEE:
            person.standing = True
        if kind == ElectionKind.SECRETARY:
            person.post = Post.SECRETARY
        elif kind == ElectionKind.DEPUTY_SECRETARY and person.post != Post.SECRETARY:
            person.post = Post.DEPUTY
        if kind == ElectionKind.DELEGATION:
            person.delegate = DelegateKind.OFFICIAL
        elif kind == ElectionKind.DELEGATION_ALTERNATE and not person.delegate:
            person.delegate = DelegateKind.ALTERNATE
        if person.committee or person.delegate:
            person.save()
    report.packages.add(received)
    return {"added": added, "updated": updated, "elected": len(names)}


@transaction.atomic
def report_from_package(
    *, actor: Actor | None, congress: Congress, data: bytes, trusted: list[str] | None = None
) -> tuple[ResultReport, dict[str, int] | None]:
    """Verify and keep a counting station's package, then list its elected in the report.

    The checks are ``daihoi package import``'s (``package_import``), with the
    package's unit required to be the congress's. Raises ``PackageError`` or
    ``ValidationError`` and keeps nothing when one fails. A package kept as a
    dispute (another one of the same election and round stands) is kept but
    not used: the second value is then ``None``.
    """
    from daihoi.elections.packages import package_import

    report = _locked_report(report_start(actor=actor, congress=congress))
    _require_editable(report)
    received, _verified = package_import(
        actor=actor, data=data, trusted=trusted, unit=congress.unit
    )
    if received.standing != ResultStanding.STANDING:
        return report, None
    done = _apply_package(report, received)
    if report.source == ReportSource.ENTERED:
        report.source = ReportSource.PACKAGE
        report.save(update_fields=["source"])
    audit_change(
        actor,
        "report.package",
        report,
        unit_path=report.congress.unit.path,
        object_type="result_report",
        after={"received": received.pk, "sha256": received.sha256, "kind": received.kind, **done},
    )
    return report, done


@transaction.atomic
def report_attach_package(
    *, actor: Actor | None, report: ResultReport, received: ReceivedResult
) -> dict[str, int]:
    """Use a package the portal already received (``daihoi package import``) for the report."""
    report = _locked_report(report)
    _require_editable(report)
    if received.unit_id != report.congress.unit_id:
        raise DomainError(
            "report.package_other_unit", gettext_lazy("The package is the result of another unit.")
        )
    if received.planning_reports.exists():
        raise DomainError(
            "report.package_used", gettext_lazy("This package is already in a report.")
        )
    if received.standing != ResultStanding.STANDING:
        raise DomainError(
            "report.package_not_standing",
            gettext_lazy(
                "This package is disputed or set aside: only the package that stands can be used."
            ),
        )
    dispute = received.dispute
    if dispute is not None and dispute.resolved_at is None:
        raise ValidationError(
            _(
                "Another package of this election and round was received: the office above the "
                "unit first keeps one of them."
            )
        )
    done = _apply_package(report, received)
    if report.source == ReportSource.ENTERED:
        report.source = ReportSource.PACKAGE
        report.save(update_fields=["source"])
    audit_change(
        actor,
        "report.package",
        report,
        unit_path=report.congress.unit.path,
        object_type="result_report",
        after={"received": received.pk, "sha256": received.sha256, "kind": received.kind, **done},
    )
    return done
