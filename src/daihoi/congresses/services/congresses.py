"""Terms and congresses: their creation, dates and status; the hall's settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.congresses.models import STATUS_MOVES, Congress, CongressStatus, Term
from daihoi.congresses.services.common import _hall_audit, _locked_congress
from daihoi.core.elections.rules import BUILTIN_PROFILES
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
def term_create(*, actor: Actor | None, start_year: int, end_year: int) -> Term:
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
    actor: Actor | None,
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
    actor: Actor | None,
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
def congress_set_status(*, actor: Actor | None, congress: Congress, status: str) -> Congress:
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


# Rows locked and updated per statement: below SQLite's limit of bound parameters.
_HELD_CHUNK = 900


@transaction.atomic
def congresses_mark_held(*, actor: Actor | None, days: dict[int, dt.date]) -> list[Congress]:
    """Record many congresses as held, each on its day (congress id → day), all or none.

    The batch form of ``congress_update`` (the dates) followed by ``congress_set_status``
    (planned → preparing → held), for imports of thousands of results: the rows are
    locked, every congress must be planned or preparing, ``held_to`` moves to the day
    when it was empty or earlier, and each congress gets **one** audit entry,
    ``congress.status``, whose ``before`` and ``after`` are its full snapshots (the
    status and dates before and after). The statuses and dates are written in bulk.
    """
    ids = sorted(days)
    congresses: list[Congress] = []
    for i in range(0, len(ids), _HELD_CHUNK):
        congresses += (
            Congress.objects.select_for_update()
            .select_related("unit")
            .filter(pk__in=ids[i : i + _HELD_CHUNK])
            .order_by("pk")
        )
    if len(congresses) != len(ids):
        raise ValidationError(_("A congress to record as held no longer exists."))
    before = {}
    # One UPDATE per distinct (day, end day): a batch has a few dozen days, not thousands.
    same_days: dict[tuple[dt.date, dt.date], list[int]] = {}
    for congress in congresses:
        if congress.status not in (CongressStatus.PLANNED, CongressStatus.PREPARING):
            raise ValidationError(
                _("A congress cannot go from “%(old)s” to “%(new)s”.")
                % {
                    "old": CongressStatus(congress.status).label,
                    "new": CongressStatus.HELD.label,
                }
            )
        before[congress.pk] = congress_snapshot(congress)
        day = days[congress.pk]
        congress.held_from = day
        if congress.held_to is None or congress.held_to < day:
            congress.held_to = day
        congress.status = CongressStatus.HELD
        same_days.setdefault((day, congress.held_to), []).append(congress.pk)
    for (day, end), pks in same_days.items():
        for i in range(0, len(pks), _HELD_CHUNK):
            Congress.objects.filter(pk__in=pks[i : i + _HELD_CHUNK]).update(
                held_from=day, held_to=end, status=CongressStatus.HELD
            )
    for congress in congresses:
        audit_record(
            actor=actor,
            action="congress.status",
            object_type="congress",
            object_id=congress.pk,
            unit_path=congress.unit.path,
            before=before[congress.pk],
            after=congress_snapshot(congress),
        )
    return congresses


@transaction.atomic
def congress_hall_settings(
    *, actor: Actor | None, congress: Congress, profile: str, venue: str
) -> Congress:
    if profile not in BUILTIN_PROFILES:
        raise ValidationError(_("Unknown rules profile: %s") % profile)
    congress = _locked_congress(congress)
    congress.profile, congress.venue = profile, venue.strip()
    congress.save(update_fields=["profile", "venue"])
    _hall_audit(actor, "congress.hall_settings", congress, profile=profile, venue=congress.venue)
    return congress
