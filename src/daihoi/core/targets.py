"""Assessing a resolution's targets against what was achieved (đạt, vượt, không đạt).

Pure: plain dataclasses in, an :class:`Assessment` out; Decimal arithmetic
only, no Django. One function a kind; :func:`assess` picks it.

The kinds (the words a resolution uses):

=============  ===============================================  =============================
kind           the resolution says                              compared value
=============  ===============================================  =============================
``level``      "đến năm 2025, tỷ lệ … đạt 95%"                  the last year's figure
``sum``        "cả nhiệm kỳ kết nạp 100 đảng viên"              the sum of every year
``growth``     "tốc độ tăng trưởng bình quân 8%/năm"            compound annual growth from the
                                                                baseline to the latest year
``average``    "thu nhập bình quân giai đoạn … 60 triệu đồng"   the mean of the yearly figures
``at_least``   "hằng năm kết nạp ít nhất 15 đảng viên"          the worst year (lowest)
``at_most``    "tỷ lệ hộ nghèo hằng năm dưới 2%"                the worst year (highest)
=============  ===============================================  =============================

Decisions where the resolution's words are silent:

- **Direction.** ``higher`` is better or ``lower`` is better, as the target
  says. ``at_least`` is always higher-is-better and ``at_most`` always
  lower-is-better, whatever direction is passed.
- **Exceeded** (vượt) means strictly better than the target in its direction
  by more than ``tolerance`` (in the target's own unit, 0 by default);
  **achieved** (đạt) means not worse than the target; **not achieved** means
  worse. With a tolerance of 0.5, a growth of 8.4% against 8% is achieved and
  8.6% exceeded.
- **Computed values** (growth, average) are rounded half up to two decimals
  before they are compared, so what the table shows is what was compared:
  7.996% shows as 8,00% and achieves 8%.
- **Estimates** (ước) count like any figure; the assessment says it rests on
  one (``estimated``) so the table marks it.
- **Missing years.** A cumulative sum needs every year: with one missing it is
  *not assessable* (the partial sum is still given). A level needs the last
  year. Growth is measured to the latest year present, over the years elapsed
  since the baseline. An average and the at-least/at-most kinds are assessed on
  the years present. Every assessment lists the missing years.
- **Baseline zero** (or none) makes growth not assessable: no rate of growth
  starts from nothing. Other kinds do not use the baseline.
- **Percentage of the target** is value ÷ target × 100, two decimals, for
  either direction (a poverty rate of 1,5% against at most 2% is 75% of the
  target, and achieved); none when the target is zero.
- **Roll-up.** The figures of lower units add up only when every one is a sum
  or a level of the same kind as the upper target, in the same unit, and the
  unit is not a rate (``%``): :func:`rollup_sum`.

Every reason is a code with its parameters (:class:`Reason`), so the app
words it in the reader's language and formats numbers its own way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

__all__ = [
    "Actual",
    "Assessment",
    "Direction",
    "Kind",
    "Reason",
    "Spec",
    "Status",
    "actual_path",
    "assess",
    "assess_at_least",
    "assess_at_most",
    "assess_average",
    "assess_growth",
    "assess_level",
    "assess_sum",
    "compare",
    "goal_path",
    "percent_of",
    "rollup_sum",
]

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class Kind(StrEnum):
    LEVEL = "level"
    SUM = "sum"
    GROWTH = "growth"
    AVERAGE = "average"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Status(StrEnum):
    EXCEEDED = "exceeded"
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    NOT_ASSESSABLE = "not_assessable"


@dataclass(frozen=True, slots=True)
class Actual:
    """A year's figure; ``estimate`` marks the last year's estimate (ước)."""

    year: int
    value: Decimal
    estimate: bool = False


@dataclass(frozen=True, slots=True)
class Spec:
    """What the resolution set: the kind, the target, the baseline, the years it covers."""

    kind: Kind
    target: Decimal
    first_year: int
    last_year: int
    direction: Direction = Direction.HIGHER
    baseline: Decimal | None = None
    baseline_year: int | None = None
    tolerance: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        if self.last_year < self.first_year:
            raise ValueError("last_year before first_year")
        if self.tolerance < 0:
            raise ValueError("tolerance below zero")

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def effective_direction(self) -> Direction:
        if self.kind is Kind.AT_LEAST:
            return Direction.HIGHER
        if self.kind is Kind.AT_MOST:
            return Direction.LOWER
        return self.direction


@dataclass(frozen=True, slots=True)
class Reason:
    """Why: a code (``growth``, ``sum_missing`` …) and the figures it names."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Assessment:
    status: Status
    value: Decimal | None  # the figure compared with the target
    percent: Decimal | None  # value ÷ target × 100, two decimals
    reason: Reason
    estimated: bool = False  # the value rests on an estimate (ước)
    missing_years: tuple[int, ...] = ()

    @property
    def assessable(self) -> bool:
        return self.status is not Status.NOT_ASSESSABLE


# --- helpers -----------------------------------------------------------------------


def round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(value: Decimal, target: Decimal) -> Decimal | None:
    if target == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        return round2(value * HUNDRED / target)


def compare(
    value: Decimal, target: Decimal, direction: Direction, tolerance: Decimal = Decimal(0)
) -> Status:
    """Exceeded when better than the target by more than ``tolerance``; achieved when not worse."""
    better = value - target if direction is Direction.HIGHER else target - value
    if better > tolerance:
        return Status.EXCEEDED
    if better >= 0:
        return Status.ACHIEVED
    return Status.NOT_ACHIEVED


def _in_term(spec: Spec, actuals: Sequence[Actual]) -> dict[int, Actual]:
    by_year: dict[int, Actual] = {}
    for a in actuals:
        if a.year not in spec.years:
            raise ValueError(f"year {a.year} outside {spec.first_year}–{spec.last_year}")
        if a.year in by_year:
            raise ValueError(f"year {a.year} given twice")
        by_year[a.year] = a
    return by_year


def _missing(spec: Spec, by_year: Mapping[int, Actual]) -> tuple[int, ...]:
    return tuple(y for y in spec.years if y not in by_year)


def _not_assessable(code: str, missing: tuple[int, ...], **params: object) -> Assessment:
    return Assessment(Status.NOT_ASSESSABLE, None, None, Reason(code, params), False, missing)


def _result(
    spec: Spec,
    value: Decimal,
    code: str,
    used: Sequence[Actual],
    missing: tuple[int, ...],
    **params: object,
) -> Assessment:
    status = compare(value, spec.target, spec.effective_direction, spec.tolerance)
    return Assessment(
        status,
        value,
        percent_of(value, spec.target),
        Reason(code, {"value": value, "target": spec.target, **params}),
        any(a.estimate for a in used),
        missing,
    )


# --- one function a kind -----------------------------------------------------------


def assess_level(spec: Spec, actuals: Sequence[Actual]) -> Assessment:
    """The last year's figure against the target."""
    by_year = _in_term(spec, actuals)
    missing = _missing(spec, by_year)
    last = by_year.get(spec.last_year)
    if last is None:
        return _not_assessable("level_missing", missing, year=spec.last_year)
    return _result(spec, last.value, "level", [last], missing, year=last.year)


def assess_sum(spec: Spec, actuals: Sequence[Actual]) -> Assessment:
    """The sum over the term; not assessable with a year missing."""
    by_year = _in_term(spec, actuals)
    missing = _missing(spec, by_year)
    total = sum((a.value for a in by_year.values()), Decimal(0))
    if missing:
        return _not_assessable(
            "sum_missing",
            missing,
            partial=total,
            years=len(by_year),
            first=spec.first_year,
            last=spec.last_year,
        )
    return _result(
        spec,
        total,
        "sum",
        list(by_year.values()),
        missing,
        first=spec.first_year,
        last=spec.last_year,
    )


def assess_growth(spec: Spec, actuals: Sequence[Actual]) -> Assessment:
    """Compound average annual growth (%) from the baseline to the latest year present.

    rate = (latest ÷ baseline) ^ (1 ÷ years elapsed) − 1, in percent.
    """
    by_year = _in_term(spec, actuals)
    missing = _missing(spec, by_year)
    if spec.baseline is None or spec.baseline_year is None:
        return _not_assessable("growth_no_baseline", missing)
    if spec.baseline <= 0:
        return _not_assessable("growth_baseline_zero", missing, baseline=spec.baseline)
    later = [a for a in by_year.values() if a.year > spec.baseline_year]
    if not later:
        return _not_assessable("no_figures", missing)
    latest = max(later, key=lambda a: a.year)
    if latest.value < 0:
        return _not_assessable("growth_negative", missing, year=latest.year)
    span = latest.year - spec.baseline_year
    with localcontext() as ctx:
        ctx.prec = 28
        ratio = latest.value / spec.baseline
        factor = ratio ** (Decimal(1) / Decimal(span)) if ratio > 0 else Decimal(0)
        rate = round2((factor - 1) * HUNDRED)
    return _result(
        spec,
        rate,
        "growth",
        [latest],
        missing,
        baseline=spec.baseline,
        baseline_year=spec.baseline_year,
        end=latest.value,
        year=latest.year,
        span=span,
    )


def assess_average(spec: Spec, actuals: Sequence[Actual]) -> Assessment:
    """The mean of the yearly figures present."""
    by_year = _in_term(spec, actuals)
    missing = _missing(spec, by_year)
    if not by_year:
        return _not_assessable("no_figures", missing)
    used = list(by_year.values())
    with localcontext() as ctx:
        ctx.prec = 28
        mean = round2(sum((a.value for a in used), Decimal(0)) / len(used))
    return _result(spec, mean, "average", used, missing, years=len(used))


def _each_year(spec: Spec, actuals: Sequence[Actual], *, lowest: bool) -> Assessment:
    by_year = _in_term(spec, actuals)
    missing = _missing(spec, by_year)
    if not by_year:
        return _not_assessable("no_figures", missing)
    ordered = sorted(by_year.values(), key=lambda a: (a.value, a.year))
    worst = ordered[0] if lowest else ordered[-1]
    failing = tuple(
        sorted(
            a.year
            for a in by_year.values()
            if compare(a.value, spec.target, spec.effective_direction) is Status.NOT_ACHIEVED
        )
    )
    return _result(
        spec,
        worst.value,
        spec.kind.value,
        [worst],
        missing,
        year=worst.year,
        failing=failing,
    )


def assess_at_least(spec: Spec, actuals: Sequence[Actual]) -> Assessment:
    """Every year at least the target: the lowest year decides."""
    return _each_year(spec, actuals, lowest=True)


def assess_at_most(spec: Spec, actuals: Sequence[Actual]) -> Assessment:
    """Every year at most the target: the highest year decides."""
    return _each_year(spec, actuals, lowest=False)


_BY_KIND = {
    Kind.LEVEL: assess_level,
    Kind.SUM: assess_sum,
    Kind.GROWTH: assess_growth,
    Kind.AVERAGE: assess_average,
    Kind.AT_LEAST: assess_at_least,
    Kind.AT_MOST: assess_at_most,
}


def assess(spec: Spec, actuals: Sequence[Actual]) -> Assessment:
    """Assess ``actuals`` (years within the spec's years, each at most once) by the spec's kind."""
    return _BY_KIND[spec.kind](spec, actuals)


# --- roll-up -----------------------------------------------------------------------


def _is_rate(unit: str) -> bool:
    return "%" in unit


def rollup_sum(
    upper_kind: Kind, upper_unit: str, lower: Sequence[tuple[Kind, str, Decimal | None]]
) -> Decimal | None:
    """The lower units' figures added up, when they can be: else None.

    Each lower item is (kind, unit of measure, its compared value). They add up
    when the upper target is a sum or a level, every lower one is of the same
    kind and unit (compared without case or surrounding spaces), the unit is not
    a rate, and every value is known.
    """
    if upper_kind not in (Kind.SUM, Kind.LEVEL) or _is_rate(upper_unit) or not lower:
        return None
    unit = upper_unit.strip().casefold()
    total = Decimal(0)
    for kind, lower_unit, value in lower:
        if kind is not upper_kind or lower_unit.strip().casefold() != unit or value is None:
            return None
        total += value
    return total


# --- the paths a chart draws -------------------------------------------------------


def goal_path(spec: Spec) -> list[tuple[int, Decimal]]:
    """Where the target says the figure should be each year (for a chart).

    A level runs straight from the baseline to the target; growth compounds the
    baseline by the target rate; a sum accumulates an equal share a year; the
    other kinds hold the target every year.
    """
    years = list(spec.years)
    with localcontext() as ctx:
        ctx.prec = 28
        if spec.kind is Kind.GROWTH:
            if spec.baseline is None or spec.baseline_year is None or spec.baseline <= 0:
                return []
            factor = 1 + spec.target / HUNDRED
            start = [(spec.baseline_year, spec.baseline)]
            return start + [
                (y, round2(spec.baseline * factor ** (y - spec.baseline_year))) for y in years
            ]
        if spec.kind is Kind.SUM:
            share = spec.target / len(years)
            return [(y, round2(share * (i + 1))) for i, y in enumerate(years)]
        if spec.kind is Kind.LEVEL and spec.baseline is not None and spec.baseline_year is not None:
            span = spec.last_year - spec.baseline_year
            if span > 0:
                step = (spec.target - spec.baseline) / span
                return [(spec.baseline_year, spec.baseline)] + [
                    (y, round2(spec.baseline + step * (y - spec.baseline_year))) for y in years
                ]
        return [(y, spec.target) for y in years]


def actual_path(spec: Spec, actuals: Sequence[Actual]) -> list[tuple[int, Decimal]]:
    """The figures on the goal's scale: running totals for a sum, from the baseline for the rest."""
    by_year = _in_term(spec, actuals)
    out: list[tuple[int, Decimal]] = []
    if spec.kind is Kind.SUM:
        running = Decimal(0)
        for y in spec.years:
            if y in by_year:
                running += by_year[y].value
                out.append((y, running))
        return out
    if (
        spec.kind in (Kind.GROWTH, Kind.LEVEL)
        and spec.baseline is not None
        and spec.baseline_year is not None
        and spec.baseline_year < spec.first_year
    ):
        out.append((spec.baseline_year, spec.baseline))
    return out + [(y, by_year[y].value) for y in spec.years if y in by_year]
