"""Writes to terms and congresses. Each one is atomic and leaves an audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.audit.services import audit_record
from daihoi.congresses.models import STATUS_MOVES, Congress, CongressStatus, Term
from daihoi.organizations.models import Unit

CONGRESS_FIELDS = (
    "unit_id",
    "term_id",
    "number",
    "kind",
    "is_pilot",
    "planned_date",
    "held_from",
    "held_to",
    "status",
    "summoned",
)


def congress_snapshot(congress: Congress) -> dict[str, Any]:
    return {f: getattr(congress, f) for f in CONGRESS_FIELDS}


@transaction.atomic
def term_create(*, actor: Any, start_year: int, end_year: int) -> Term:
    term = Term(start_year=start_year, end_year=end_year)
    term.full_clean()
    term.save()
    audit_record(
        actor=actor,
        action="term.create",
        object_type="term",
        object_id=term.pk,
        after={"start_year": start_year, "end_year": end_year},
    )
    return term


@transaction.atomic
def congress_create(
    *,
    actor: Any,
    unit: Unit,
    term: Term,
    kind: str,
    number: str = "",
    is_pilot: bool = False,
    planned_date: dt.date | None = None,
    summoned: int = 0,
) -> Congress:
    if not unit.is_active:
        raise ValidationError(_("A dissolved unit holds no congress."))
    if Congress.objects.filter(unit=unit, term=term).exists():
        raise ValidationError(_("This unit already has a congress for the term %s.") % term)
    congress = Congress(
        unit=unit,
        term=term,
        kind=kind,
        number=number,
        is_pilot=is_pilot,
        planned_date=planned_date,
        summoned=summoned,
    )
    congress.full_clean()
    congress.save()
    audit_record(
        actor=actor,
        action="congress.create",
        object_type="congress",
        object_id=congress.pk,
        unit_path=unit.path,
        after=congress_snapshot(congress),
    )
    return congress


@transaction.atomic
def congress_update(
    *,
    actor: Any,
    congress: Congress,
    kind: str,
    number: str,
    is_pilot: bool,
    planned_date: dt.date | None,
    held_from: dt.date | None,
    held_to: dt.date | None,
    summoned: int,
) -> Congress:
    congress = Congress.objects.select_for_update().select_related("unit").get(pk=congress.pk)
    before = congress_snapshot(congress)
    congress.kind, congress.number, congress.is_pilot = kind, number, is_pilot
    congress.planned_date, congress.held_from, congress.held_to = planned_date, held_from, held_to
    congress.summoned = summoned
    congress.full_clean()
    congress.save()
    audit_record(
        actor=actor,
        action="congress.update",
        object_type="congress",
        object_id=congress.pk,
        unit_path=congress.unit.path,
        before=before,
        after=congress_snapshot(congress),
    )
    return congress


@transaction.atomic
def congress_set_status(*, actor: Any, congress: Congress, status: str) -> Congress:
    """Move a congress one step along planned → preparing → held → results approved."""
    congress = Congress.objects.select_for_update().select_related("unit").get(pk=congress.pk)
    if status not in STATUS_MOVES.get(congress.status, ()):
        raise ValidationError(
            _("A congress cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": CongressStatus(congress.status).label,
                "new": CongressStatus(status).label if status in CongressStatus.values else status,
            }
        )
    if status == CongressStatus.HELD and congress.held_from is None:
        raise ValidationError(_("Enter the date the congress was held first."))
    before = congress_snapshot(congress)
    congress.status = status
    congress.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="congress.status",
        object_type="congress",
        object_id=congress.pk,
        unit_path=congress.unit.path,
        before=before,
        after=congress_snapshot(congress),
    )
    return congress
