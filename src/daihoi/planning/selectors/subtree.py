"""The progress of every congress of a subtree, one row a unit, in a fixed number of
queries; the calendar."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Coalesce

from daihoi.congresses.models import Congress, Term
from daihoi.organizations.models import Unit
from daihoi.organizations.paths import ancestor_paths, subtree_upper_bound
from daihoi.planning import progress as rules
from daihoi.planning.models import Document, Milestone, ResultReport
from daihoi.planning.progress import Progress

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
