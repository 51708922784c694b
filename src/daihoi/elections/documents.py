"""The election's documents, drawn by the pure ``daihoi.documents`` package.

This module only gathers what the documents say from the database: the
committee's names for the header, the counting committee for the signatures.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from daihoi.accounts.models import CongressGrant, CongressRole
from daihoi.core.collation import name_key
from daihoi.core.elections import ElectionDefinition, result_from_json
from daihoi.documents.accuracy_report import (
    AccuracyLine,
    AccuracyReport,
    render_accuracy_report_pdf,
)
from daihoi.documents.ballot_pdf import BallotHeader, render_ballot_pdf
from daihoi.documents.minutes import (
    CountingMember,
    MinutesContext,
    render_minutes_docx,
    render_minutes_pdf,
)
from daihoi.elections.definition import real_definition
from daihoi.elections.models import Election


def _upper_name(election: Election) -> str:
    parent = election.congress.unit.parent
    return parent.name if parent else ""


PLACE_PREFIXES = (
    "đảng bộ ",
    "chi bộ ",
    "xã ",
    "phường ",
    "thị trấn ",
    "đặc khu ",
    "tỉnh ",
    "thành phố ",
    "huyện ",
    "quận ",
)


def place_name(unit_name: str) -> str:
    """The locality a unit's name gives, for the date line: "Đảng bộ xã Hòa Bình" → "Hòa Bình"."""
    place = unit_name.strip()
    changed = True
    while changed:
        changed = False
        for prefix in PLACE_PREFIXES:
            if place.lower().startswith(prefix):
                place, changed = place[len(prefix) :], True
    return place


def ballot_pdf(election: Election, definition: ElectionDefinition | None = None) -> bytes:
    """The ballot as printed, with the committee's names: the real ballot unless the
    ``definition`` given is another (a test definition prints the MẪU THỬ ballot)."""
    unit = election.congress.unit
    header = BallotHeader(committee=unit.name, upper=_upper_name(election))
    return render_ballot_pdf(definition or real_definition(election), header=header)


def committee_members(election: Election) -> tuple[CountingMember, ...]:
    """The counting committee as recorded by name for the minutes, the head first,
    the others in Vietnamese order; empty if the head has recorded none."""
    recorded = election.counting_committee or []
    rank = {"head": 0, "deputy": 1, "member": 2}
    ordered = sorted(recorded, key=lambda m: (rank.get(m["role"], 2), name_key(m["name"])))
    return tuple(CountingMember(name=m["name"], role=m["role"]) for m in ordered)


def _context(election: Election) -> MinutesContext:
    congress = election.congress
    grants = (
        CongressGrant.objects.filter(
            congress=congress,
            role__in=[CongressRole.COUNTING_HEAD, CongressRole.COUNTING_CLERK],
        )
        .select_related("user")
        .order_by("role", "user__full_name")
    )
    members = committee_members(election) or tuple(
        CountingMember(
            name=g.user.full_name or g.user.username,
            role="head" if g.role == CongressRole.COUNTING_HEAD else "member",
        )
        for g in sorted(grants, key=lambda g: g.role != CongressRole.COUNTING_HEAD)
    )
    kind = "Đại hội đại biểu" if congress.kind == "delegates" else "Đại hội"
    number = f" lần thứ {congress.number}" if congress.number else ""
    place = place_name(congress.unit.name)
    return MinutesContext(
        upper_body=_upper_name(election),
        convening_body=congress.unit.name,
        congress_title=f"{kind} {congress.unit.name}{number}, nhiệm kỳ {congress.term}",
        place=place,
        counted_at=timezone.localtime(election.sealed_at or timezone.now()),
        members=members,
    )


def minutes_pdf(election: Election) -> bytes:
    definition = real_definition(election)
    return render_minutes_pdf(definition, result_from_json(election.result), _context(election))


def minutes_docx(election: Election) -> bytes:
    definition = real_definition(election)
    return render_minutes_docx(definition, result_from_json(election.result), _context(election))


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    return str(value)


def accuracy_report_pdf(election: Election, report: dict[str, Any]) -> bytes:
    """The test run's report (``services.election_test_report``) to print and sign."""
    congress = election.congress
    members = committee_members(election)
    return render_accuracy_report_pdf(
        AccuracyReport(
            upper_body=_upper_name(election),
            convening_body=congress.unit.name,
            place=place_name(congress.unit.name),
            day=timezone.localdate(),
            election_title=str(report.get("title", election.title)),
            trial_id=str(report.get("test_id", "")),
            expected_file=str(report.get("expected_file", "")),
            batches=int(report.get("batches", 0)),
            pending_batches=int(report.get("pending_batches", 0)),
            waiting_scans=int(report.get("waiting_scans", 0)),
            problem=str(report.get("problem", "")),
            lines=tuple(
                AccuracyLine(
                    label=str(line["label"]),
                    expected=_shown(line["expected"]),
                    counted=_shown(line["counted"]),
                    equal=bool(line["equal"]),
                )
                for line in report.get("lines", [])
            ),
            passed=bool(report.get("passed")),
            head=next((m.name for m in members if m.role == "head"), None),
            members=tuple(m.name for m in members if m.role != "head"),
        )
    )
