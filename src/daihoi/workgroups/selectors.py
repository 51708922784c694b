"""The reads of the working groups: a committee's groups, a group's page, a unit's
recommendations, the overdue ones for the dashboard, and the report's data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Min, Q, QuerySet

from daihoi.congresses.models import Congress
from daihoi.congresses.selectors import term_current
from daihoi.core import fieldwork
from daihoi.organizations.models import Unit
from daihoi.organizations.paths import subtree_upper_bound
from daihoi.workgroups.models import (
    Attendance,
    FollowedUnit,
    GroupMember,
    Recommendation,
    Visit,
    WorkGroup,
)


def groups_of_unit(unit: Unit) -> QuerySet[WorkGroup]:
    """The committee's groups, each with its units, visits and open recommendations counted."""
    return (
        WorkGroup.objects.filter(unit=unit)
        .annotate(
            n_units=Count("followed", distinct=True),
            n_visits=Count("visits", distinct=True),
            n_open=Count(
                "recommendations", filter=Q(recommendations__done_on__isnull=True), distinct=True
            ),
        )
        .order_by("name")
    )


def followed_units(group: WorkGroup) -> list[Unit]:
    return [
        f.unit
        for f in FollowedUnit.objects.filter(group=group)
        .select_related("unit", "unit__level")
        .order_by("unit__path")
    ]


def members(group: WorkGroup) -> list[GroupMember]:
    return list(GroupMember.objects.filter(group=group).select_related("user").order_by("pk"))


def visits(group: WorkGroup) -> list[Visit]:
    return list(
        Visit.objects.filter(group=group)
        .select_related("unit")
        .annotate(n_recommendations=Count("recommendations"))
        .order_by("-visited_on", "-pk")
    )


def recommendations(group: WorkGroup) -> list[Recommendation]:
    """Not done first (by deadline), then those done."""
    return list(
        Recommendation.objects.filter(group=group)
        .select_related("unit", "visit")
        .order_by(F("done_on").desc(nulls_first=True), "deadline", "pk")
    )


def recommendations_to_unit(unit: Unit) -> list[Recommendation]:
    """Every group's recommendations to ``unit``: not done first, by deadline."""
    return list(
        Recommendation.objects.filter(unit=unit)
        .select_related("group", "group__unit", "visit", "unit")
        .order_by(F("done_on").desc(nulls_first=True), "deadline", "pk")
    )


@dataclass
class CongressAttendance:
    congress: Congress
    members: list[GroupMember]


def attendance(group: WorkGroup) -> list[CongressAttendance]:
    """The current term's congresses of the followed units, pilot congresses first,
    each with the members who attend it: two queries."""
    term = term_current()
    if term is None:
        return []
    congresses = list(
        Congress.objects.filter(
            term=term, unit__in=FollowedUnit.objects.filter(group=group).values("unit")
        ).select_related("unit")
    )
    congresses.sort(
        key=lambda c: fieldwork.attendance_order(
            fieldwork.CongressKey(c.is_pilot, c.held_from or c.planned_date, c.unit.path)
        )
    )
    by_congress: dict[int, list[GroupMember]] = {}
    for a in (
        Attendance.objects.filter(member__group=group)
        .select_related("member")
        .order_by("member_id")
    ):
        by_congress.setdefault(a.congress_id, []).append(a.member)
    return [CongressAttendance(c, by_congress.get(c.pk, [])) for c in congresses]


@dataclass
class OverdueUnit:
    code: str
    name: str
    overdue: int  # open recommendations past their deadline
    oldest: dt.date  # the earliest of their deadlines


@dataclass
class Overdue:
    units: list[OverdueUnit]
    total_units: int


def overdue_units(unit: Unit, today: dt.date, limit: int = 10) -> Overdue:
    """Units of ``unit``'s subtree with recommendations not done past their deadline,
    the longest overdue first (the units needing attention): one query."""
    rows = list(
        Recommendation.objects.filter(
            done_on__isnull=True,
            deadline__lt=today,
            unit__path__gte=unit.path,
            unit__path__lt=subtree_upper_bound(unit.path),
        )
        .values("unit_id", "unit__code", "unit__name")
        .annotate(n=Count("pk"), oldest=Min("deadline"))
        .order_by("oldest", "unit_id")
    )
    return Overdue(
        [OverdueUnit(r["unit__code"], r["unit__name"], r["n"], r["oldest"]) for r in rows[:limit]],
        len(rows),
    )
