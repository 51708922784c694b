"""A result report filled from the counting station's signed package of results."""

from __future__ import annotations

import unicodedata

from django.db import transaction
from django.utils.translation import gettext_lazy

from daihoi.actor import Actor
from daihoi.audit.services import audit_change
from daihoi.congresses.models import Congress, Term
from daihoi.elections.models import ElectionKind, ReceivedResult, ResultStanding
from daihoi.errors import DomainError
from daihoi.organizations.models import Member
from daihoi.planning.models import (
    DelegateKind,
    Post,
    ReportPerson,
    ReportSource,
    ResultReport,
)
from daihoi.planning.services.reports import _locked_report, _require_editable, report_start

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


def _apply_package(
    actor: Actor | None, report: ResultReport, received: ReceivedResult
) -> dict[str, int]:
    """Add the elected of one package to the report's people, mark the report as coming
    from packages and record it; returns what was done."""
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
    done = {"added": added, "updated": updated, "elected": len(names)}
    if report.source == ReportSource.ENTERED:
        report.source = ReportSource.PACKAGE
        report.save(update_fields=["source"])
    audit_change(
        actor,
        "report.package",
        report,
        unit_path=congress.unit.path,
        after={"received": received.pk, "sha256": received.sha256, "kind": received.kind, **done},
    )
    return done


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
    done = _apply_package(actor, report, received)
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
        raise DomainError(
            "report.package_disputed",
            gettext_lazy(
                "Another package of this election and round was received: the office above the "
                "unit first keeps one of them."
            ),
        )
    done = _apply_package(actor, report, received)
    return done
