"""Reads of the organization tree, each a bounded number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from daihoi.audit.models import AuditEntry
from daihoi.core.collation import search_form
from daihoi.organizations.models import Level, Unit
from daihoi.organizations.paths import ancestor_ids


def unit_ancestors(unit: Unit) -> list[Unit]:
    """The units above ``unit``, root first (one query)."""
    ids = ancestor_ids(unit.path)[:-1]
    by_id = {u.pk: u for u in Unit.objects.filter(pk__in=ids).only("code", "name", "path")}
    return [by_id[i] for i in ids if i in by_id]


def unit_children(unit: Unit) -> QuerySet[Unit]:
    """Direct children with the size of each one's subtree below it (active units only)."""
    return (
        Unit.objects.filter(parent=unit)
        .select_related("level")
        .annotate(child_count=Count("children", filter=Q(children__end_date__isnull=True)))
        .order_by(F("end_date").asc(nulls_first=True), "code")
    )


def subtree_summary(unit: Unit) -> dict[str, Any]:
    """Active units of the subtree, in all and by level.

    Members are not summed over the subtree: a đảng bộ's count already includes
    its branches' members.
    """
    qs = Unit.objects.subtree(unit).active()
    by_level = list(
        qs.values("level__name", "level__rank").annotate(n=Count("id")).order_by("level__rank")
    )
    return {"by_level": by_level, "units": sum(row["n"] for row in by_level)}


def units_moved_out(unit: Unit) -> list[dict[str, Any]]:
    """Units that were below ``unit`` and were moved away (e.g. when it merged), from the audit."""
    moves = AuditEntry.objects.filter(action="unit.move", before__parent_id=unit.pk).order_by("seq")
    ids = [int(m.object_id) for m in moves]
    names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
    codes = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "code"))
    return [
        {"at": m.at, "name": names.get(int(m.object_id), ""), "code": codes.get(int(m.object_id))}
        for m in moves
    ]


def unit_search(unit: Unit, query: str, limit: int = 50) -> list[Unit]:
    """Units of the subtree whose name (or code) holds every word typed.

    Case, tone marks and vowel marks do not matter ("hoa binh" finds Hòa Bình,
    "dong" finds Đông). The name that is the query comes first, then names
    holding the query as whole words ("thôn 3" before "thôn 30" and "thôn 1"),
    then names holding it at all, then the rest; higher units first within
    each. Each unit comes with its parent, to tell apart units of one name.
    """
    typed = search_form(query)
    words = typed.split()
    if not words:
        return []
    qs = Unit.objects.subtree(unit).select_related("level", "parent")
    for word in words:
        qs = qs.filter(Q(search_name__contains=word) | Q(code__icontains=word))
    rank = Case(
        When(Q(search_name=typed) | Q(code__iexact=typed), then=Value(0)),
        When(
            Q(search_name__endswith=f" {typed}")
            | Q(search_name__startswith=f"{typed} ")
            | Q(search_name__contains=f" {typed} "),
            then=Value(1),
        ),
        When(search_name__contains=typed, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return list(qs.annotate(rank=rank).order_by("rank", "depth", "search_name", "code")[:limit])


def units_visible(root_paths: list[str]) -> QuerySet[Unit]:
    """The top units a user holds roles on."""
    return Unit.objects.filter(path__in=root_paths).select_related("level").order_by("path")


def levels_all() -> QuerySet[Level]:
    return Level.objects.all()
