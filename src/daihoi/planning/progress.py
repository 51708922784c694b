"""Deadlines, progress and structure figures of congresses: pure logic, no Django.

Plain data in, plain data out, so the rules a board relies on ("which deadline
holds for this unit", "is it overdue", "what share of the committee is
women") can be read and tested on their own.

Which deadline holds for a unit's congress
    Milestones come from the documents (directives, plans) of the term issued
    by the unit itself or a unit above it. The most specific milestone wins:
    one naming the unit, then one for pilot congresses of its level (for a
    pilot congress), then one for its level. Among equally specific ones the
    nearest issuer wins (a district's plan over the province's), then the
    document issued last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Any, cast

from daihoi.core import eligibility

SEGMENT = 8  # digits per path segment (organizations.paths.SEGMENT)


@dataclass(frozen=True, slots=True)
class Milestone:
    """A deadline a document sets for the congresses of a level, or of one unit."""

    id: int
    document_id: int
    issuer_path: str
    issued_on: dt.date
    due: dt.date
    level_id: int | None = None
    unit_id: int | None = None
    pilot: bool = False
    report_days: int | None = None


class Specificity(IntEnum):
    LEVEL = 0
    PILOT_LEVEL = 1
    UNIT = 2


class DeadlineIndex:
    """Every milestone of a term, indexed so each unit's deadline costs a few dict lookups."""

    def __init__(self, milestones: Iterable[Milestone]):
        self._by_unit: dict[int, list[Milestone]] = {}
        self._by_level: dict[tuple[str, int, bool], Milestone] = {}
        # The nearest level milestone at or above a path, by (path, level, pilot).
        self._cache: dict[tuple[str, int, bool], Milestone | None] = {}
        # The answer for a unit that issues nothing and has no milestone of its own,
        # pilot fallback included: siblings share it, by (parent path, level, pilot).
        self._shared: dict[tuple[str, int, bool], Milestone | None] = {}
        self._issuers: set[str] = set()
        for m in milestones:
            if m.unit_id is not None:
                self._by_unit.setdefault(m.unit_id, []).append(m)
            elif m.level_id is not None:
                key = (m.issuer_path, m.level_id, m.pilot)
                held = self._by_level.get(key)
                if held is None or (m.issued_on, m.document_id) > (
                    held.issued_on,
                    held.document_id,
                ):
                    self._by_level[key] = m
                self._issuers.add(m.issuer_path)

    def __bool__(self) -> bool:
        return bool(self._by_unit or self._by_level)

    def for_unit(self, unit_id: int, path: str, level_id: int, is_pilot: bool) -> Milestone | None:
        if unit_id in self._by_unit:
            mine = [m for m in self._by_unit[unit_id] if path.startswith(m.issuer_path)]
            if mine:
                return max(mine, key=lambda m: (len(m.issuer_path), m.issued_on, m.document_id))
        if path in self._issuers:  # the unit's own documents may set its level's deadline
            by_level = self._by_level
            parent = path[:-SEGMENT]
            if is_pilot:
                found = by_level.get((path, level_id, True)) or self._above(parent, level_id, True)
                if found is not None:
                    return found
            return by_level.get((path, level_id, False)) or self._above(parent, level_id, False)
        # The common case: only units above set deadlines, so siblings share the answer.
        key = (path[:-SEGMENT], level_id, is_pilot)
        try:
            return self._shared[key]
        except KeyError:
            pass
        found = self._above(key[0], level_id, True) if is_pilot else None
        if found is None:
            found = self._above(key[0], level_id, False)
        self._shared[key] = found
        return found

    def _above(self, parent: str, level_id: int, pilot: bool) -> Milestone | None:
        """The nearest level milestone issued by ``parent`` or above; shared by siblings."""
        key = (parent, level_id, pilot)
        try:
            return self._cache[key]
        except KeyError:
            pass
        found = None
        for end in range(len(parent), 0, -SEGMENT):
            found = self._by_level.get((parent[:end], level_id, pilot))
            if found is not None:
                break
        self._cache[key] = found
        return found


class Stage(StrEnum):
    """Where a unit's congress stands, as an upper committee watches it."""

    NOT_SCHEDULED = "not_scheduled"
    SCHEDULED = "scheduled"
    HELD = "held"
    REPORTED = "reported"
    APPROVED = "approved"


STAGE_ORDER = list(Stage)


class Flag(StrEnum):
    """What needs attention; a unit may carry several."""

    OVERDUE = "overdue"  # not held, and the deadline has passed
    PLANNED_LATE = "planned_late"  # not held, planned for after the deadline
    HELD_LATE = "held_late"  # held after the deadline
    REPORT_LATE = "report_late"  # held, results not reported within the days the plan allows
    RETURNED = "returned"  # results sent back by the upper committee
    AWAITING = "awaiting"  # results reported, waiting for the upper committee
    PILOT = "pilot"  # a pilot congress (not a problem; a filter)


ATTENTION = (Flag.OVERDUE, Flag.REPORT_LATE, Flag.RETURNED, Flag.PLANNED_LATE, Flag.AWAITING)


# Congress statuses (congresses.CongressStatus) and report statuses (ReportStatus), as text.
CONGRESS_HELD = ("held", "results_approved")
CONGRESS_APPROVED = "results_approved"


@dataclass(frozen=True, slots=True)
class Progress:
    stage: Stage
    due: dt.date | None
    flags: frozenset[Flag]
    report_due: dt.date | None = None


_NO_FLAGS: frozenset[Flag] = frozenset()


def assess(
    *,
    congress_status: str | None,
    planned: dt.date | None,
    held: dt.date | None,
    report_status: str | None,
    is_pilot: bool,
    milestone: Milestone | None,
    today: dt.date,
    report_days: int | None = None,
) -> Progress:
    """The stage of one unit's congress and what needs attention about it.

    ``congress_status`` is None when the unit has no congress set up for the
    term; ``report_status`` is None when nothing was reported yet.
    ``report_days`` defaults to the milestone's document's. (Called once per
    unit of a subtree, 60,000 times for the whole organization: kept plain.)
    """
    flags: list[Flag] = [Flag.PILOT] if is_pilot else []
    is_held = congress_status in CONGRESS_HELD
    if report_status == "approved" or congress_status == CONGRESS_APPROVED:
        stage = Stage.APPROVED
    elif report_status == "submitted":
        stage = Stage.REPORTED
        flags.append(Flag.AWAITING)
    elif is_held:
        stage = Stage.HELD
    elif congress_status is not None and planned is not None:
        stage = Stage.SCHEDULED
    else:
        stage = Stage.NOT_SCHEDULED
    if report_status == "returned" and stage is not Stage.APPROVED:
        flags.append(Flag.RETURNED)
    due = report_due = None
    if milestone is not None:
        due = milestone.due
        if stage is Stage.NOT_SCHEDULED or stage is Stage.SCHEDULED:
            if today > due:
                flags.append(Flag.OVERDUE)
            elif planned is not None and planned > due:
                flags.append(Flag.PLANNED_LATE)
        elif held is not None and held > due:
            flags.append(Flag.HELD_LATE)
        if report_days is None:
            report_days = milestone.report_days
    if report_days is not None and held is not None and is_held:
        report_due = held + dt.timedelta(days=report_days)
        if stage is Stage.HELD and today > report_due:
            flags.append(Flag.REPORT_LATE)
    return Progress(stage, due, frozenset(flags) if flags else _NO_FLAGS, report_due)


class Assessor:
    """``assess`` of every unit of a subtree on one day, memoised on the inputs.

    Siblings of one level share their deadline, and a whole tree has only a few
    hundred dates and a handful of statuses, so across 60,000 units a few
    thousand distinct answers are computed and the rest are dictionary hits.
    The answers are ``assess``'s own (the same immutable ``Progress`` objects),
    so what a page shows cannot differ from the rule.

    Dates may be given as ``datetime.date`` or as ISO text ("2025-06-30", as
    SQLite returns them): they are read only when an answer is first computed.
    """

    __slots__ = ("_days", "_for_unit", "_index", "_memo", "_today")

    def __init__(self, index: DeadlineIndex, today: dt.date) -> None:
        self._index = index if index else None
        self._for_unit = index.for_unit if index else None
        self._today = today
        self._memo: dict[tuple[object, ...], tuple[Progress, dt.date | None, dt.date | None]] = {}
        self._days: dict[object, dt.date | None] = {None: None}

    def day(self, value: object) -> dt.date | None:
        """A date given as ``datetime.date`` or ISO text, read once per distinct value."""
        try:
            return self._days[value]
        except KeyError:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
            self._days[value] = day
            return day

    def progress_all(self, rows: Iterable[Sequence[Any]], layout: Sequence[int]) -> list[Progress]:
        """The progress of every unit of ``rows``, as ``__call__`` gives it, in one loop.

        ``layout`` gives the positions in a row of the unit id, path, level id,
        congress status, pilot, planned, held and report status. For whole
        trees: no call per unit, the shared deadline and the memo read inline.
        """
        u_at, path_at, level_at, status_at, pilot_at, planned_at, held_at, report_at = layout
        index, index_for_unit = self._index, self._for_unit
        by_unit: dict[int, list[Milestone]] = index._by_unit if index is not None else {}
        issuers: set[str] = index._issuers if index is not None else set()
        shared = index._shared if index is not None else {}
        memo = self._memo
        out: list[Progress] = []
        append = out.append
        for r in rows:
            unit_id, path, level_id, pilot = r[u_at], r[path_at], r[level_at], bool(r[pilot_at])
            if index_for_unit is None:
                milestone = None
            elif unit_id in by_unit or path in issuers:
                milestone = index_for_unit(unit_id, path, level_id, pilot)
            else:
                try:
                    milestone = shared[(path[:-SEGMENT], level_id, pilot)]
                except KeyError:
                    milestone = index_for_unit(unit_id, path, level_id, pilot)
            status, planned, held, report = r[status_at], r[planned_at], r[held_at], r[report_at]
            key: tuple[object, ...]
            if milestone is None:
                key = (status, planned, held, report, pilot, None, None)
            else:
                key = (status, planned, held, report, pilot, milestone.due, milestone.report_days)
            answer = memo.get(key)
            if answer is None:
                answer = self(unit_id, path, level_id, status, planned, held, report, pilot)[1:]
            append(answer[0])
        return out

    def __call__(
        self,
        unit_id: int,
        path: str,
        level_id: int,
        congress_status: str | None,
        planned: object,
        held: object,
        report_status: str | None,
        is_pilot: bool,
    ) -> tuple[Milestone | None, Progress, dt.date | None, dt.date | None]:
        """(milestone, progress, planned, held) of one unit, the dates as ``datetime.date``."""
        milestone = self._for_unit(unit_id, path, level_id, is_pilot) if self._for_unit else None
        # A milestone counts by its day and its days for reporting, not by which one it is.
        key = (
            congress_status,
            planned,
            held,
            report_status,
            is_pilot,
            None if milestone is None else milestone.due,
            None if milestone is None else milestone.report_days,
        )
        try:
            return milestone, *self._memo[key]
        except KeyError:
            pass
        planned_day, held_day = self.day(planned), self.day(held)
        answer = (
            assess(
                congress_status=congress_status,
                planned=planned_day,
                held=held_day,
                report_status=report_status,
                is_pilot=is_pilot,
                milestone=milestone,
                today=self._today,
            ),
            planned_day,
            held_day,
        )
        self._memo[key] = answer
        return milestone, *answer


# --- structure of an elected committee -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    sex: str  # "F", "M" or "" when not known
    birth_date: dt.date | None
    ethnicity: str
    reelected: bool


@dataclass(frozen=True, slots=True)
class Figures:
    """Counts of a committee; shares are computed from them, never stored apart."""

    size: int = 0
    women: int = 0
    young: int = 0
    minority: int = 0
    reelected: int = 0

    @property
    def first_time(self) -> int:
        return self.size - self.reelected

    def share(self, part: int) -> float | None:
        return None if self.size == 0 else 100.0 * part / self.size

    @property
    def renewal(self) -> float | None:
        """Đổi mới: the share of members elected to the committee for the first time."""
        return self.share(self.first_time)

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.size + other.size,
            self.women + other.women,
            self.young + other.young,
            self.minority + other.minority,
            self.reelected + other.reelected,
        )

    def problems(self) -> list[str]:
        """Counts that cannot be true of one committee (codes, for the caller to word)."""
        found = []
        for name in ("women", "young", "minority", "reelected"):
            value = getattr(self, name)
            if value < 0:
                found.append(f"{name}_negative")
            elif value > self.size:
                found.append(f"{name}_over_size")
        return found


def figures_of(people: Sequence[Person], on: dt.date) -> Figures:
    """The structure of a committee on the day of its congress (age is counted that day).

    Who is young, who is of a minority and how an age is counted are the
    rules of :func:`daihoi.core.eligibility.structure`, the candidates' own.
    """
    counted = eligibility.structure(
        [
            eligibility.Person(
                sex=cast(eligibility.Sex, p.sex),
                birth_date=p.birth_date,
                ethnicity=p.ethnicity,
                reelection=p.reelected,
            )
            for p in people
        ],
        on,
    )
    return Figures(
        size=counted.size,
        women=counted.share("women").count,
        young=counted.share("young").count,
        minority=counted.share("minority").count,
        reelected=counted.share("reelected").count,
    )


@dataclass(frozen=True, slots=True)
class Targets:
    """Shares (percent) a plan asks of the new committees; None where it sets none."""

    women: float | None = None
    young: float | None = None
    minority: float | None = None
    renewal: float | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.women, self.young, self.minority, self.renewal))

    def shortfalls(self, figures: Figures) -> list[str]:
        """Which targets a committee falls short of, compared exactly as
        :class:`daihoi.core.eligibility.Share` compares (100 × count ≥ target × size)."""
        counts = {
            "women": figures.women,
            "young": figures.young,
            "minority": figures.minority,
            "renewal": figures.first_time,
        }
        return [
            name
            for name, target in (
                ("women", self.women),
                ("young", self.young),
                ("minority", self.minority),
                ("renewal", self.renewal),
            )
            if target is not None
            and eligibility.Share(name, counts[name], figures.size, Decimal(str(target))).meets
            is False
        ]
