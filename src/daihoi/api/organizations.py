"""Units and congresses, read-only, under the first paths (session only); the
versioned API (``api.v1``) is the one for other systems, and shapes a unit the same way."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from daihoi.accounts.access import Perm
from daihoi.api.v1.units import UnitOut, unit_out
from daihoi.congresses.access import get_congress
from daihoi.organizations.access import get_unit
from daihoi.organizations.selectors import unit_children

router = Router(tags=["organizations"])


class CongressOut(Schema):
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


@router.get("/units/{code}", response=UnitOut)
def unit_get(request: HttpRequest, code: str) -> UnitOut:
    unit = get_unit(request.user, code, Perm.VIEW)
    return unit_out(unit, unit.parent.code if unit.parent else None)


@router.get("/units/{code}/children", response=list[UnitOut])
def unit_children_list(request: HttpRequest, code: str) -> list[UnitOut]:
    unit = get_unit(request.user, code, Perm.VIEW)
    return [unit_out(child, unit.code) for child in unit_children(unit)]


@router.get("/congresses/{pk}", response=CongressOut)
def congress_get(request: HttpRequest, pk: int) -> CongressOut:
    c = get_congress(request.user, pk, Perm.VIEW)
    return CongressOut(
        id=c.pk,
        unit=c.unit.code,
        term=str(c.term),
        number=c.number,
        kind=c.kind,
        is_pilot=c.is_pilot,
        status=c.status,
        planned_date=c.planned_date,
        held_from=c.held_from,
        held_to=c.held_to,
        summoned=c.summoned,
    )
