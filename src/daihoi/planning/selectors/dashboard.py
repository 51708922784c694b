"""The dashboard of a subtree: progress and structure by level, and the units short of a target."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, cast

from django.db.models import Count, Q, Sum

from daihoi.congresses.models import Term
from daihoi.organizations.models import Level, Unit
from daihoi.planning import progress as rules
from daihoi.planning.models import Document
from daihoi.planning.progress import Progress, Stage
from daihoi.planning.selectors.documents import targets_for
from daihoi.planning.selectors.reports import _SCALED, REPORTED, _short_of, reports_in_subtree
from daihoi.planning.selectors.subtree import (
    _FAR,
    CalendarEntry,
    _collector_paused,
    _row,
    _subtree_data,
    calendar_entries,
    deadline_index,
)

# --- the dashboard ----------------------------------------------------------------------


@dataclass
class LevelProgress:
    level: Level
    total: int = 0
    stages: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    due: dt.date | None = None  # the deadline most of the level's units have

    def stage_cells(self) -> list[tuple[str, int]]:
        return [(s.value, self.stages.get(s.value, 0)) for s in Stage]

    @property
    def held_share(self) -> float:
        done = self.total - self.stages[Stage.NOT_SCHEDULED] - self.stages[Stage.SCHEDULED]
        return 100.0 * done / self.total if self.total else 0.0


@dataclass
class StructureRow:
    level: Level | None
    reports: int
    figures: rules.Figures
    standing: int = 0
    delegates: int = 0
    alternates: int = 0
    below_target: int = 0  # committees short of any target (when targets are given)


@dataclass
class Dashboard:
    unit: Unit
    term: Term
    today: dt.date
    levels: list[LevelProgress]
    totals: LevelProgress
    held_by_day: dict[int, list[tuple[dt.date, int]]]
    structure: list[StructureRow]
    structure_total: StructureRow
    targets: rules.Targets
    targets_document: Document | None
    below_target: int
    attention: dict[str, list[CalendarEntry]]
    attention_counts: dict[str, int]
    rows: int


ATTENTION_SHOWN = 8


_RAW_HELD = itemgetter(7)  # the held day in a row of _subtree_data
# Where Assessor.progress_all finds unit, path, level, status, pilot, planned, held, report.
_RAW_LAYOUT = (0, 1, 2, 4, 5, 6, 7, 8)
_EARLY_STAGES = (Stage.NOT_SCHEDULED, Stage.SCHEDULED)


def dashboard(unit: Unit, term: Term, today: dt.date) -> Dashboard:
    """Progress by level, structure against targets, what needs attention; fixed query count.

    The units are first grouped by level and progress (the same stage, deadline,
    flags): units of one group count the same everywhere, so the figures are
    summed per group, a few thousand of them for 60,000 units.
    """
    assessor = rules.Assessor(deadline_index(unit, term), today)
    levels = {lv.pk: lv for lv in Level.objects.all()}
    # The units' rows as the query gives them, grouped by level and progress object
    # (units given one answer by the assessor share it); Row objects are made only for
    # the few units the page names.
    groups: dict[tuple[int, int], list[tuple[Any, ...]]] = {}
    progress_of: dict[tuple[int, int], Progress] = {}
    with _collector_paused():
        data = _subtree_data(unit, term)
        for raw, progress in zip(data, assessor.progress_all(data, _RAW_LAYOUT), strict=True):
            key = (raw[2], id(progress))
            members = groups.get(key)
            if members is None:
                members = groups[key] = []
                progress_of[key] = progress
            members.append(raw)
    by_level: dict[int, LevelProgress] = {}
    totals = LevelProgress(level=Level(name=""))
    held_days: dict[int, Counter[dt.date]] = defaultdict(Counter)
    dues: dict[int, Counter[dt.date]] = defaultdict(Counter)
    # Per flag needing attention, the groups carrying it with their urgency (the oldest
    # deadline, the longest wait first); a group's units share it and are in tree order,
    # so its first few are its most urgent (and the most common deadline of a level,
    # among equals, the first met in tree order).
    flagged: dict[str, list[tuple[dt.date, list[tuple[Any, ...]]]]] = {
        f.value: [] for f in rules.ATTENTION
    }
    for key, members in groups.items():
        level_id = key[0]
        p = progress_of[key]
        n = len(members)
        lp = by_level.get(level_id)
        if lp is None:
            lp = by_level[level_id] = LevelProgress(level=levels[level_id])
        lp.total += n
        lp.stages[p.stage] += n
        totals.total += n
        totals.stages[p.stage] += n
        for f in p.flags:
            lp.flags[f] += n
            totals.flags[f] += n
            if f in flagged:
                flagged[f].append((p.report_due or p.due or _FAR, members))
        if p.stage not in _EARLY_STAGES:
            for held, count in Counter(map(_RAW_HELD, members)).items():
                day = assessor.day(held)
                if day is not None:
                    held_days[level_id][day] += count
        if p.due is not None:
            dues[level_id][p.due] += n
    ordered = sorted(by_level.values(), key=lambda lp: (lp.level.rank, lp.level.code))
    for lp in ordered:
        if dues[lp.level.pk]:
            lp.due = dues[lp.level.pk].most_common(1)[0][0]
    # Most urgent first, then in tree order (paths are unique: the rows are never compared).
    shown = {
        f: [
            _row(assessor, raw)
            for _urgency, _path, raw in heapq.nsmallest(
                ATTENTION_SHOWN,
                (
                    (urgency, raw[1], raw)
                    for urgency, members in items
                    for raw in members[:ATTENTION_SHOWN]
                ),
            )
        ]
        for f, items in flagged.items()
    }
    entries = calendar_entries([r for items in shown.values() for r in items])
    by_unit = {e.row.unit_id: e for e in entries}
    targets, targets_doc = targets_for(unit, term)
    structure, structure_total = structure_by_level(unit, term, levels, targets)
    return Dashboard(
        unit=unit,
        term=term,
        today=today,
        levels=ordered,
        totals=totals,
        held_by_day={lv: sorted(counter.items()) for lv, counter in held_days.items() if counter},
        structure=structure,
        structure_total=structure_total,
        targets=targets,
        targets_document=targets_doc,
        below_target=structure_total.below_target,
        attention={
            f: [by_unit[r.unit_id] for r in items if r.unit_id in by_unit]
            for f, items in shown.items()
        },
        attention_counts={f: totals.flags.get(f, 0) for f in flagged},
        rows=len(data),
    )


def structure_by_level(
    unit: Unit, term: Term, levels: dict[int, Level], targets: rules.Targets | None = None
) -> tuple[list[StructureRow], StructureRow]:
    """Sums of the reported committees (reported or approved), by level, in one query.

    With ``targets``, the same query also counts the committees short of any of
    them (as ``reports_below_target`` selects them).
    """
    extra: dict[str, Any] = {}
    qs = reports_in_subtree(unit, term).filter(status__in=REPORTED)
    if targets:
        qs = qs.alias(**_SCALED)
        extra["below"] = Count("pk", filter=Q(committee_size__gt=0) & _short_of(targets))
    data = qs.values("congress__unit__level_id").annotate(
        n=Count("pk"),
        size=Sum("committee_size"),
        women=Sum("women"),
        young=Sum("young"),
        minority=Sum("minority"),
        reelected=Sum("reelected"),
        standing=Sum("standing_size"),
        delegates=Sum("delegates"),
        alternates=Sum("alternates"),
        **extra,
    )
    out = []
    total = StructureRow(None, 0, rules.Figures())
    for d in data:
        figures = rules.Figures(d["size"], d["women"], d["young"], d["minority"], d["reelected"])
        row = StructureRow(
            levels[d["congress__unit__level_id"]],
            d["n"],
            figures,
            d["standing"],
            d["delegates"],
            d["alternates"],
            cast(dict[str, int], d).get("below", 0),
        )
        out.append(row)
        total = StructureRow(
            None,
            total.reports + row.reports,
            total.figures + figures,
            total.standing + row.standing,
            total.delegates + row.delegates,
            total.alternates + row.alternates,
            total.below_target + row.below_target,
        )
    out.sort(key=lambda s: s.level.rank if s.level else 0)
    return out, total
