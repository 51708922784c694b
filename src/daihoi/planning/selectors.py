"""Reads of plans, progress and reported results, each a fixed number of queries.

A subtree's progress is computed from one query over its units (with their
congress of the term and its report) and one over the milestones that can
apply; deadlines and stages are then the pure rules of ``progress``. The
dashboard, the calendar, the Excel export and the reminders all read it, so
they agree on every figure.
"""

from __future__ import annotations

import datetime as dt
import gc
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple, cast

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from daihoi.congresses.models import Congress, Term
from daihoi.core.collation import in_name_order
from daihoi.organizations.models import Level, Unit
from daihoi.organizations.paths import ancestor_paths, subtree_upper_bound
from daihoi.planning import progress as rules
from daihoi.planning.models import Document, Milestone, ReportStatus, ResultReport
from daihoi.planning.progress import Progress, Stage

REPORTED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


# --- documents ---------------------------------------------------------------------


def _documents(term: Term) -> QuerySet[Document]:
    return (
        Document.objects.filter(term=term)
        .select_related("issuer", "issuer__level", "implements")
        .defer("file_data", "implements__file_data")
    )


def documents_chain(unit: Unit, term: Term) -> list[Document]:
    """The documents of the term issued by the units from the top down to ``unit``.

    Each comes with its milestones (``milestone_list``), top issuer first.
    """
    docs = list(
        _documents(term)
        .filter(issuer__path__in=ancestor_paths(unit.path))
        .order_by("issuer__depth", "issued_on", "pk")
    )
    _attach_milestones(docs)
    return docs


def documents_below(unit: Unit, term: Term, limit: int = 50) -> tuple[list[Document], int]:
    """Documents issued by units below ``unit`` (how the lower levels implement it)."""
    qs = _documents(term).filter(
        issuer__path__gt=unit.path, issuer__path__lt=subtree_upper_bound(unit.path)
    )
    return list(qs.order_by("-issued_on", "pk")[:limit]), qs.count()


def document_implementations(document: Document, visible_paths: Sequence[str] | None) -> list[Any]:
    """Documents that implement ``document``; only those the reader may see when paths are given.

    ``visible_paths`` are the roots of the reader's subtrees (None: everything).
    """
    qs = _documents(document.term).filter(implements=document).order_by("issuer__path", "pk")
    if visible_paths is None:
        return list(qs)
    cond = Q(pk__in=[])
    for path in visible_paths:
        cond |= Q(issuer__path__gte=path, issuer__path__lt=subtree_upper_bound(path))
        cond |= Q(issuer__path__in=ancestor_paths(path))
    return list(qs.filter(cond))


def _attach_milestones(docs: list[Document]) -> None:
    by_doc: dict[int, list[Milestone]] = defaultdict(list)
    for m in (
        Milestone.objects.filter(document__in=[d.pk for d in docs])
        .select_related("level", "unit")
        .order_by("due", "pk")
    ):
        by_doc[m.document_id].append(m)
    for d in docs:
        d.milestone_list = by_doc.get(d.pk, [])  # type: ignore[attr-defined]


def document_milestones(document: Document) -> list[Milestone]:
    return list(document.milestones.select_related("level", "unit").order_by("due", "pk"))


def implementable_documents(unit: Unit, term: Term) -> QuerySet[Document]:
    """What a document issued by ``unit`` may implement: its own and its upper units' documents."""
    return (
        Document.objects.filter(term=term, issuer__path__in=ancestor_paths(unit.path))
        .select_related("issuer")
        .defer("file_data")
        .order_by("issuer__depth", "issued_on", "pk")
    )


def targets_for(unit: Unit, term: Term) -> tuple[rules.Targets, Document | None]:
    """Targets for ``unit``: from the nearest document above it (or its own) that sets any."""
    docs = (
        Document.objects.filter(term=term, issuer__path__in=ancestor_paths(unit.path))
        .filter(
            Q(target_women__isnull=False)
            | Q(target_young__isnull=False)
            | Q(target_minority__isnull=False)
            | Q(target_renewal__isnull=False)
        )
        .select_related("issuer")
        .defer("file_data")
        .order_by("-issuer__depth", "-issued_on", "-pk")
    )
    doc = docs.first()
    if doc is None:
        return rules.Targets(), None

    def f(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    return (
        rules.Targets(
            f(doc.target_women), f(doc.target_young), f(doc.target_minority), f(doc.target_renewal)
        ),
        doc,
    )


# --- progress of a subtree ---------------------------------------------------------------

# The days allowed for reporting: the milestone's document's, else those of the documents
# it implements, up to three levels (a district plan implementing a province plan
# implementing a directive).
_REPORT_DAYS = Coalesce(
    "document__report_days",
    "document__implements__report_days",
    "document__implements__implements__report_days",
    "document__implements__implements__implements__report_days",
)


#: The columns of a milestone that ``progress.Milestone`` is made of, in its order.
_MILESTONE_COLUMNS = (
    "pk",
    "document_id",
    "document__issuer__path",
    "document__issued_on",
    "due",
    "level_id",
    "unit_id",
    "pilot",
    "report_days",
)


def deadline_index(unit: Unit, term: Term) -> rules.DeadlineIndex:
    """Every milestone that can apply to a unit of the subtree: issued above it, by it, or below."""
    qs = (
        Milestone.objects.filter(document__term=term)
        .filter(
            Q(document__issuer__path__in=ancestor_paths(unit.path))
            | Q(
                document__issuer__path__gt=unit.path,
                document__issuer__path__lt=subtree_upper_bound(unit.path),
            )
        )
        .annotate(report_days=_REPORT_DAYS)
        .values_list(*_MILESTONE_COLUMNS)
    )
    return rules.DeadlineIndex(rules.Milestone(*row) for row in qs)


def unit_deadline(unit: Unit, term: Term) -> tuple[rules.Milestone, Document] | None:
    """The deadline for ``unit``'s own congress and the document that sets it."""
    index = rules.DeadlineIndex(
        rules.Milestone(*row)
        for row in Milestone.objects.filter(
            document__term=term, document__issuer__path__in=ancestor_paths(unit.path)
        )
        .annotate(report_days=_REPORT_DAYS)
        .values_list(*_MILESTONE_COLUMNS)
    )
    congress = Congress.objects.filter(unit=unit, term=term).only("is_pilot").first()
    found = index.for_unit(unit.pk, unit.path, unit.level_id, bool(congress and congress.is_pilot))
    if found is None:
        return None
    document = (
        Document.objects.defer("file_data").select_related("issuer").get(pk=found.document_id)
    )
    return found, document


def report_figures(report: ResultReport) -> rules.Figures:
    return rules.Figures(
        report.committee_size, report.women, report.young, report.minority, report.reelected
    )


class Row(NamedTuple):
    """One unit of the subtree with its congress of the term, its report, and its progress.

    A named tuple: 60,000 of them are made for the whole organization's calendar.
    """

    unit_id: int
    path: str
    level_id: int
    congress_id: int | None
    is_pilot: bool
    planned: dt.date | None
    held: dt.date | None
    progress: Progress
    milestone: rules.Milestone | None


def _subtree_data(unit: Unit, term: Term) -> list[tuple[Any, ...]]:
    """Every active unit of the subtree with its congress of the term and its report, as tuples.

    (unit id, path, level id, congress id, congress status, pilot, planned, held,
    report status), in tree order. One query over the path range, read with the
    driver's cursor: at 60,000 rows Django's per-value converters would cost
    more than the query itself. On SQLite the dates come as ISO text, read once
    per distinct day by ``progress.Assessor``.
    """
    # On SQLite a unary plus leaves the value as stored (ISO text, 0/1) but drops the
    # column's declared type, so the driver calls no converter for it.
    raw = "+{}" if connection.vendor == "sqlite" else "{}"
    sql = (
        f"SELECT u.id, u.path, u.level_id, c.id, c.status, {raw.format('c.is_pilot')}, "
        f"{raw.format('c.planned_date')}, {raw.format('c.held_from')}, r.status "
        f"FROM {Unit._meta.db_table} u "
        f"LEFT JOIN {Congress._meta.db_table} c ON c.unit_id = u.id AND c.term_id = %s "
        f"LEFT JOIN {ResultReport._meta.db_table} r ON r.congress_id = c.id "
        "WHERE u.path >= %s AND u.path < %s AND u.end_date IS NULL "
        "ORDER BY u.path"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [term.pk, unit.path, subtree_upper_bound(unit.path)])
        data: list[tuple[Any, ...]] = cursor.fetchall()
    return data


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while 60,000 rows are built.

    The rows are tuples (tracked by the collector), and building them triggers
    collections that walk the ones already built again and again (measured: up
    to a quarter of the pass on PostgreSQL). Nothing built here forms a cycle;
    the collector resumes after (if it was running), whatever happens.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _row(assessor: rules.Assessor, raw: tuple[Any, ...]) -> Row:
    """A row of ``_subtree_data`` with its deadline and progress."""
    pk, path, level_id, cid, status, pilot, planned, held, report = raw
    pilot = bool(pilot)
    milestone, progress, planned, held = assessor(
        pk, path, level_id, status, planned, held, report, pilot
    )
    return Row(pk, path, level_id, cid, pilot, planned, held, progress, milestone)


def subtree_rows(unit: Unit, term: Term, today: dt.date) -> list[Row]:
    """Every active unit of the subtree (``unit`` included), in tree order, with its progress.

    Two queries (the milestones, the units); the rules run once per distinct
    input (``progress.Assessor``), not once per unit.
    """
    assessor = rules.Assessor(deadline_index(unit, term), today)
    with _collector_paused():
        return [_row(assessor, raw) for raw in _subtree_data(unit, term)]


def filter_rows(
    rows: Iterable[Row],
    *,
    level_id: int | None = None,
    stage: str = "",
    flag: str = "",
) -> list[Row]:
    out = list(rows)
    if level_id:
        out = [r for r in out if r.level_id == level_id]
    if stage:
        out = [r for r in out if r.progress.stage == stage]
    if flag:
        out = [r for r in out if flag in r.progress.flags]
    return out


_FAR = dt.date.max


_PATH = attrgetter("path")


def _day_that_matters(r: Row) -> dt.date:
    return r.held or r.planned or r.progress.due or _FAR


def calendar_order(rows: list[Row]) -> list[Row]:
    """By the day that matters: held, else planned, else the deadline; then tree order.

    Two stable sorts (tree order, then the day) instead of one on (day, path) tuples:
    the first is almost free on rows already in tree order.
    """
    out = sorted(rows, key=_PATH)
    out.sort(key=_day_that_matters)
    return out


@dataclass
class CalendarEntry:
    row: Row
    unit: Unit
    congress: Congress | None


def calendar_entries(rows: Sequence[Row]) -> list[CalendarEntry]:
    """Names, levels and congresses of a page of rows (two queries)."""
    ids = [r.unit_id for r in rows]
    units = Unit.objects.select_related("level", "parent").in_bulk(ids)
    cids = [r.congress_id for r in rows if r.congress_id]
    congresses = Congress.objects.in_bulk(cids)
    return [
        CalendarEntry(r, units[r.unit_id], congresses.get(r.congress_id or 0))
        for r in rows
        if r.unit_id in units
    ]


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


def reports_in_subtree(unit: Unit, term: Term) -> QuerySet[ResultReport]:
    return ResultReport.objects.filter(
        congress__term=term,
        congress__unit__path__gte=unit.path,
        congress__unit__path__lt=subtree_upper_bound(unit.path),
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


# Parts of a committee × 10,000, to compare shares with targets in integers.
_SCALED = {
    "women_x": F("women") * 10000,
    "young_x": F("young") * 10000,
    "minority_x": F("minority") * 10000,
    "renewal_x": (F("committee_size") - F("reelected")) * 10000,
}


def _short_of(targets: rules.Targets) -> Q:
    """A committee short of any of the targets: part / size < target %, in integers.

    part / size < target %  ⇔  part × 10000 < (target × 100) × size; needs ``_SCALED``.
    """
    cond = Q(pk__in=[])
    for name, target in (
        ("women", targets.women),
        ("young", targets.young),
        ("minority", targets.minority),
        ("renewal", targets.renewal),
    ):
        if target is not None:
            hundredths = round(target * 100)
            cond |= Q(**{f"{name}_x__lt": F("committee_size") * hundredths})
    return cond


def reports_below_target(
    unit: Unit, term: Term, targets: rules.Targets, *, level_id: int | None = None
) -> QuerySet[ResultReport]:
    """Reported committees short of any of the targets (compared in the database, in integers)."""
    qs = reports_in_subtree(unit, term).filter(status__in=REPORTED, committee_size__gt=0)
    if level_id:
        qs = qs.filter(congress__unit__level_id=level_id)
    return qs.alias(**_SCALED).filter(_short_of(targets))


def reports_list(
    unit: Unit,
    term: Term,
    *,
    status: str = "",
    level_id: int | None = None,
    below: rules.Targets | None = None,
) -> QuerySet[ResultReport]:
    qs = (
        reports_below_target(unit, term, below, level_id=level_id)
        if below
        else reports_in_subtree(unit, term)
    )
    if status:
        qs = qs.filter(status=status)
    if level_id:
        qs = qs.filter(congress__unit__level_id=level_id)
    return qs.select_related(
        "congress", "congress__unit", "congress__unit__level", "congress__unit__parent"
    ).order_by("submitted_at", "congress__unit__path")


def report_people(report: ResultReport) -> list[Any]:
    """The people of a report in ballot order by given name (RULES.md §1)."""
    return in_name_order(report.people.order_by("pk"), name=attrgetter("full_name"))


def received_unlinked(unit: Unit) -> list[Any]:
    """Packages received for this unit that stand and that no report uses yet."""
    from daihoi.elections.models import ReceivedResult, ResultStanding

    return list(
        ReceivedResult.objects.filter(
            unit=unit, planning_reports__isnull=True, standing=ResultStanding.STANDING
        )
        .exclude(dispute__resolved_at__isnull=True, dispute__isnull=False)
        .defer("package")
        .order_by("-received_at")
    )


def station_keys_of(unit: Unit) -> list[Any]:
    """The counting station keys registered (and not withdrawn) for exactly this unit."""
    from daihoi.elections.models import StationKey

    return list(StationKey.objects.filter(unit=unit, withdrawn_at__isnull=True))


def open_disputes_of(unit: Unit) -> list[Any]:
    """This unit's elections with two or more packages, not yet resolved."""
    from daihoi.elections.models import ResultDispute

    return list(ResultDispute.objects.filter(unit=unit, resolved_at__isnull=True))


def report_history(report: ResultReport) -> list[Any]:
    """Submissions, approvals and returns of a report, from the audit chain."""
    from daihoi.audit.models import AuditEntry

    return list(
        AuditEntry.objects.filter(object_type="result_report", object_id=str(report.pk))
        .filter(
            action__in=[
                "report.submit",
                "report.approve",
                "report.return",
                "report.import",
                "report.package",
            ]
        )
        .order_by("seq")
    )
