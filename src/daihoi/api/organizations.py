"""Units and congresses, read-only, under the first paths (session only); the
versioned API (``api.v1``) is the one for other systems, and shapes a unit the same way."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from daihoi.accounts.access import Perm
from daihoi.api.v1.units import CongressBase, UnitOut, congress_fields, unit_out
from daihoi.congresses.access import get_congress
from daihoi.organizations.access import get_unit
from daihoi.organizations.selectors import unit_children

router = Router(tags=["organizations"])


@router.get("/units/{code}", response=UnitOut)
def unit_get(request: HttpRequest, code: str) -> UnitOut:
    unit = get_unit(request.user, code, Perm.VIEW)
    return unit_out(unit, unit.parent.code if unit.parent else None)


@router.get("/units/{code}/children", response=list[UnitOut])
def unit_children_list(request: HttpRequest, code: str) -> list[UnitOut]:
    unit = get_unit(request.user, code, Perm.VIEW)
    return [unit_out(child, unit.code) for child in unit_children(unit)]


@router.get("/congresses/{pk}", response=CongressBase)
def congress_get(request: HttpRequest, pk: int) -> CongressBase:
    c = get_congress(request.user, pk, Perm.VIEW)
    return CongressBase(**congress_fields(c))
