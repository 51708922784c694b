"""Units and congresses with their status and deadlines (scope ``read:units``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from daihoi.accounts.access import Perm
from daihoi.accounts.models import ApiScope
from daihoi.api.v1.common import ERRORS, need
from daihoi.congresses.access import get_congress
from daihoi.congresses.models import Congress, Term
from daihoi.congresses.selectors import term_current
from daihoi.organizations.access import get_unit
from daihoi.organizations.models import Unit
from daihoi.organizations.selectors import unit_children
from daihoi.planning import progress
from daihoi.planning.models import ResultReport
from daihoi.planning.selectors.subtree import calendar_entries, subtree_rows, unit_deadline

router = Router(tags=["units"])


class UnitOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None
    members_count: int
    start_date: dt.date | None
    end_date: dt.date | None


class CongressBase(Schema):
    """A congress as recorded (the first ``/api/`` paths give only this)."""

    id: int
    unit: str
    term: str
    number: str
    kind: str
    is_pilot: bool
    status: str
    planned_date: dt.date | None
    held_from: dt.date | None
    held_to: dt.date | None
    summoned: int


def congress_fields(c: Congress) -> dict[str, Any]:
    """The recorded fields of :class:`CongressBase`."""
    return {
        "id": c.pk,
        "unit": c.unit.code,
        "term": str(c.term),
        "number": c.number,
        "kind": c.kind,
        "is_pilot": c.is_pilot,
        "status": c.status,
        "planned_date": c.planned_date,
        "held_from": c.held_from,
        "held_to": c.held_to,
        "summoned": c.summoned,
    }


class CongressOut(CongressBase):
    unit_name: str
    stage: str = Field(description="not_scheduled, scheduled, held, reported or approved")
    deadline: dt.date | None = Field(description="the congress's deadline from the plans")
    deadline_document: str | None = Field(description="the document that sets the deadline")
    report_due: dt.date | None
    flags: list[str] = Field(description="overdue, planned_late, held_late, report_late, …")


class UnitDetailOut(UnitOut):
    congress: CongressOut | None = Field(description="the unit's congress of the current term")


class ProgressOut(Schema):
    unit: str
    unit_name: str
    level: str
    congress: int | None
    status: str | None
    is_pilot: bool
    planned_date: dt.date | None
    held_from: dt.date | None
    stage: str
    deadline: dt.date | None
    report_due: dt.date | None
    flags: list[str]


class ProgressPage(Schema):
    count: int
    term: str
    items: list[ProgressOut]


class PageParams(Schema):
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)


def unit_out(unit: Unit, parent_code: str | None) -> UnitOut:
    return UnitOut(
        code=unit.code,
        name=unit.name,
        level=unit.level.code,
        parent=parent_code,
        members_count=unit.members_count,
        start_date=unit.start_date,
        end_date=unit.end_date,
    )


def congress_out(c: Congress) -> CongressOut:
    """A congress with its deadline and stage, as the preparation pages compute them."""
    found = unit_deadline(c.unit, c.term)
    milestone, document = found if found else (None, None)
    report = ResultReport.objects.filter(congress=c).values_list("status", flat=True).first()
    assessed = progress.assess(
        congress_status=c.status,
        planned=c.planned_date,
        held=c.held_from,
        report_status=report,
        is_pilot=c.is_pilot,
        milestone=milestone,
        today=timezone.localdate(),
        report_days=milestone.report_days if milestone else None,
    )
    return CongressOut(
        **congress_fields(c),
        unit_name=c.unit.name,
        stage=str(assessed.stage),
        deadline=assessed.due,
        deadline_document=str(document) if document else None,
        report_due=assessed.report_due,
        flags=sorted(str(f) for f in assessed.flags),
    )


@router.get("/units/{code}", response={200: UnitDetailOut, **ERRORS})
def unit_get(request: HttpRequest, code: str) -> UnitDetailOut:
    """A unit, and its congress of the current term with status and deadline."""
    need(request, ApiScope.READ_UNITS)
    unit = get_unit(request.user, code, Perm.VIEW)
    term = term_current()
    congress = (
        Congress.objects.select_related("unit", "unit__level", "term")
        .filter(unit=unit, term=term)
        .first()
        if term
        else None
    )
    base = unit_out(unit, unit.parent.code if unit.parent else None)
    return UnitDetailOut(**base.dict(), congress=congress_out(congress) if congress else None)


@router.get("/units/{code}/children", response={200: list[UnitOut], **ERRORS})
def unit_children_list(request: HttpRequest, code: str) -> list[UnitOut]:
    """The units directly below."""
    need(request, ApiScope.READ_UNITS)
    unit = get_unit(request.user, code, Perm.VIEW)
    return [unit_out(child, unit.code) for child in unit_children(unit)]


@router.get("/units/{code}/congresses", response={200: ProgressPage, **ERRORS})
def unit_congresses(request: HttpRequest, code: str, page: Query[PageParams]) -> ProgressPage:
    """Every active unit of the subtree with its congress of the current term, its stage and
    deadline (the preparation calendar's figures), in tree order."""
    need(request, ApiScope.READ_UNITS)
    unit = get_unit(request.user, code, Perm.VIEW)
    term: Term | None = term_current()
    if term is None:
        return ProgressPage(count=0, term="", items=[])
    rows = subtree_rows(unit, term, timezone.localdate())
    chunk = rows[page.offset : page.offset + page.limit]
    items = [
        ProgressOut(
            unit=e.unit.code,
            unit_name=e.unit.name,
            level=e.unit.level.code,
            congress=e.row.congress_id,
            status=e.congress.status if e.congress else None,
            is_pilot=e.row.is_pilot,
            planned_date=e.row.planned,
            held_from=e.row.held,
            stage=str(e.row.progress.stage),
            deadline=e.row.progress.due,
            report_due=e.row.progress.report_due,
            flags=sorted(str(f) for f in e.row.progress.flags),
        )
        for e in calendar_entries(chunk)
    ]
    return ProgressPage(count=len(rows), term=str(term), items=items)


@router.get("/congresses/{pk}", response={200: CongressOut, **ERRORS})
def congress_get(request: HttpRequest, pk: int) -> CongressOut:
    """A congress with its status, dates, deadline and stage."""
    need(request, ApiScope.READ_UNITS)
    return congress_out(get_congress(request.user, pk, Perm.VIEW))
