"""Reads of terms and congresses."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from daihoi.congresses.models import Congress, Term
from daihoi.organizations.models import Unit
from daihoi.organizations.paths import subtree_upper_bound


def term_current() -> Term | None:
    return Term.objects.order_by("-start_year").first()


def congresses_in_subtree(
    unit: Unit, term: Term, *, status: str = "", level_id: int | None = None
) -> QuerySet[Congress]:
    qs = Congress.objects.filter(
        term=term, unit__path__gte=unit.path, unit__path__lt=subtree_upper_bound(unit.path)
    ).select_related("unit", "unit__level")
    if status:
        qs = qs.filter(status=status)
    if level_id:
        qs = qs.filter(unit__level_id=level_id)
    return qs.order_by("planned_date", "unit__path")


def congress_status_counts(unit: Unit, term: Term) -> dict[str, int]:
    rows = (
        Congress.objects.filter(
            term=term, unit__path__gte=unit.path, unit__path__lt=subtree_upper_bound(unit.path)
        )
        .values("status")
        .annotate(n=Count("id"))
    )
    return {r["status"]: r["n"] for r in rows}


def congress_of_unit(unit: Unit, term: Term | None) -> Congress | None:
    if term is None:
        return None
    return Congress.objects.filter(unit=unit, term=term).first()
