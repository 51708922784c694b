"""The target assessment core: each kind, its edge cases, and its invariants."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.targets import (
    Actual,
    Direction,
    Kind,
    Spec,
    Status,
    actual_path,
    assess,
    compare,
    goal_path,
    percent_of,
    rollup_sum,
)

D = Decimal


def spec(kind: Kind, target: str, **kw: object) -> Spec:
    return Spec(kind=kind, target=D(target), first_year=2021, last_year=2025, **kw)  # type: ignore[arg-type]


def years(*values: str, start: int = 2021, estimate_last: bool = False) -> list[Actual]:
    out = [Actual(start + i, D(v)) for i, v in enumerate(values)]
    if estimate_last and out:
        last = out[-1]
        out[-1] = Actual(last.year, last.value, estimate=True)
    return out


# --- level ---------------------------------------------------------------------------


def test_a_level_is_the_last_years_figure() -> None:
    a = assess(spec(Kind.LEVEL, "95"), years("80", "85", "90", "93", "96"))
    assert a.status is Status.EXCEEDED
    assert a.value == D("96")
    assert a.percent == D("101.05")
    assert a.reason.code == "level" and a.reason.params["year"] == 2025


def test_a_level_equal_to_the_target_is_achieved_not_exceeded() -> None:
    assert assess(spec(Kind.LEVEL, "95"), years("90", "95", start=2024)).status is Status.ACHIEVED


def test_a_level_without_the_last_year_is_not_assessable() -> None:
    a = assess(spec(Kind.LEVEL, "95"), years("80", "85", "90", "99"))
    assert a.status is Status.NOT_ASSESSABLE
    assert a.missing_years == (2025,)
    assert a.reason.code == "level_missing"


def test_lower_is_better_turns_the_comparison_round() -> None:
    s = spec(Kind.LEVEL, "2", direction=Direction.LOWER)
    assert assess(s, years("1.5", start=2025)).status is Status.EXCEEDED
    assert assess(s, years("2", start=2025)).status is Status.ACHIEVED
    a = assess(s, years("2.4", start=2025))
    assert a.status is Status.NOT_ACHIEVED
    assert a.percent == D("120.00")


def test_a_tolerance_widens_achieved_before_exceeded() -> None:
    s = spec(Kind.LEVEL, "95", tolerance=D("0.5"))
    assert assess(s, years("95.4", start=2025)).status is Status.ACHIEVED
    assert assess(s, years("95.6", start=2025)).status is Status.EXCEEDED


def test_the_estimate_of_the_last_year_counts_and_is_flagged() -> None:
    a = assess(spec(Kind.LEVEL, "95"), years("90", "96", start=2024, estimate_last=True))
    assert a.status is Status.EXCEEDED
    assert a.estimated


def test_a_target_of_zero_has_no_percentage_but_is_assessed() -> None:
    s = spec(Kind.LEVEL, "0", direction=Direction.LOWER)
    a = assess(s, years("0", start=2025))
    assert a.status is Status.ACHIEVED
    assert a.percent is None


# --- sum -------------------------------------------------------------------------------


def test_a_sum_adds_every_year() -> None:
    a = assess(spec(Kind.SUM, "100"), years("18", "22", "20", "21", "19"))
    assert a.status is Status.ACHIEVED
    assert a.value == D("100")
    assert a.percent == D("100.00")


def test_a_sum_with_a_year_missing_is_not_assessable_and_gives_the_partial_sum() -> None:
    a = assess(spec(Kind.SUM, "100"), [Actual(2021, D(30)), Actual(2023, D(40))])
    assert a.status is Status.NOT_ASSESSABLE
    assert a.missing_years == (2022, 2024, 2025)
    assert a.reason.params["partial"] == D(70)


# --- growth ----------------------------------------------------------------------------


def test_growth_is_compound_from_the_baseline() -> None:
    # 100 growing 8% a year for five years is 146.93280768
    s = spec(Kind.GROWTH, "8", baseline=D(100), baseline_year=2020)
    a = assess(s, years("108", "116.64", "125.97", "136.05", "146.93"))
    assert a.value == D("8.00")
    assert a.status is Status.ACHIEVED
    assert a.reason.params["span"] == 5
    assert a.reason.params["baseline"] == D(100)


def test_growth_just_below_the_target_is_not_achieved() -> None:
    s = spec(Kind.GROWTH, "8", baseline=D(100), baseline_year=2020)
    a = assess(s, years("140", start=2025))
    assert a.value == D("6.96")
    assert a.status is Status.NOT_ACHIEVED


def test_growth_from_a_zero_baseline_is_not_assessable() -> None:
    s = spec(Kind.GROWTH, "8", baseline=D(0), baseline_year=2020)
    a = assess(s, years("10", "20"))
    assert a.status is Status.NOT_ASSESSABLE
    assert a.reason.code == "growth_baseline_zero"


def test_growth_without_a_baseline_is_not_assessable() -> None:
    a = assess(spec(Kind.GROWTH, "8"), years("10", "20"))
    assert a.reason.code == "growth_no_baseline"


def test_growth_with_the_last_year_missing_runs_to_the_latest_year_present() -> None:
    s = spec(Kind.GROWTH, "10", baseline=D(100), baseline_year=2020)
    a = assess(s, years("110", "121", "133.1"))
    assert a.value == D("10.00")
    assert a.reason.params["year"] == 2023
    assert a.missing_years == (2024, 2025)


# --- average ---------------------------------------------------------------------------


def test_an_average_is_of_the_years_present() -> None:
    a = assess(spec(Kind.AVERAGE, "60"), [Actual(2021, D(50)), Actual(2022, D(71))])
    assert a.value == D("60.50")
    assert a.status is Status.EXCEEDED
    assert a.missing_years == (2023, 2024, 2025)
    assert a.reason.params["years"] == 2


def test_an_average_without_figures_is_not_assessable() -> None:
    assert assess(spec(Kind.AVERAGE, "60"), []).status is Status.NOT_ASSESSABLE


# --- at least / at most ----------------------------------------------------------------


def test_at_least_is_decided_by_the_worst_year() -> None:
    a = assess(spec(Kind.AT_LEAST, "15"), years("18", "14", "20", "16", "15"))
    assert a.status is Status.NOT_ACHIEVED
    assert a.value == D(14)
    assert a.reason.params["year"] == 2022
    assert a.reason.params["failing"] == (2022,)


def test_at_most_is_lower_is_better_whatever_the_direction_says() -> None:
    s = spec(Kind.AT_MOST, "2", direction=Direction.HIGHER)
    a = assess(s, years("1.8", "1.5", "1.2", "1.1", "0.9"))
    assert a.status is Status.EXCEEDED  # the worst year, 1.8, is below 2
    assert a.value == D("1.8")
    assert assess(s, years("1.8", "2")).status is Status.ACHIEVED
    assert assess(s, years("1.8", "2.3")).status is Status.NOT_ACHIEVED


# --- bad input ---------------------------------------------------------------------------


def test_a_year_outside_the_term_is_refused() -> None:
    with pytest.raises(ValueError, match="2026"):
        assess(spec(Kind.LEVEL, "1"), [Actual(2026, D(1))])


def test_a_year_given_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        assess(spec(Kind.SUM, "1"), [Actual(2022, D(1)), Actual(2022, D(2))])


# --- roll-up -----------------------------------------------------------------------------


def test_lower_sums_add_up_in_the_same_unit() -> None:
    lower = [(Kind.SUM, "đảng viên", D(40)), (Kind.SUM, " Đảng viên ", D(35))]
    assert rollup_sum(Kind.SUM, "đảng viên", lower) == D(75)


def test_rates_growth_and_mixed_kinds_do_not_add_up() -> None:
    assert rollup_sum(Kind.LEVEL, "%", [(Kind.LEVEL, "%", D(90))]) is None
    assert rollup_sum(Kind.GROWTH, "%/năm", [(Kind.GROWTH, "%/năm", D(8))]) is None
    assert rollup_sum(Kind.SUM, "xã", [(Kind.LEVEL, "xã", D(1))]) is None
    assert rollup_sum(Kind.SUM, "xã", [(Kind.SUM, "xã", None)]) is None


# --- invariants --------------------------------------------------------------------------

values = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)


@given(value=values, target=values)
def test_the_two_directions_mirror_each_other(value: Decimal, target: Decimal) -> None:
    up = compare(value, target, Direction.HIGHER)
    down = compare(target, value, Direction.LOWER)
    assert up is down


@given(five=st.lists(values, min_size=5, max_size=5), target=values)
def test_a_better_year_never_worsens_an_assessment(five: list[Decimal], target: Decimal) -> None:
    order = [Status.NOT_ACHIEVED, Status.ACHIEVED, Status.EXCEEDED]
    for kind in (Kind.LEVEL, Kind.SUM, Kind.AVERAGE, Kind.AT_LEAST):
        s = Spec(kind=kind, target=target, first_year=2021, last_year=2025)
        before = assess(s, [Actual(2021 + i, v) for i, v in enumerate(five)])
        better = [Actual(2021 + i, v + 1) for i, v in enumerate(five)]
        after = assess(s, better)
        assert order.index(after.status) >= order.index(before.status)


@given(value=values, target=values.filter(lambda t: t > 0))
def test_the_percentage_is_the_share_of_the_target(value: Decimal, target: Decimal) -> None:
    pct = percent_of(value, target)
    assert pct is not None
    assert abs(pct - value * 100 / target) <= Decimal("0.005")


@given(
    base=st.decimals(min_value=1, max_value=10**5, places=2),
    rate=st.integers(min_value=-20, max_value=40),
)
def test_growth_recovers_the_rate_it_was_built_with(base: Decimal, rate: int) -> None:
    factor = 1 + Decimal(rate) / 100
    s = Spec(
        kind=Kind.GROWTH,
        target=D(rate),
        first_year=2021,
        last_year=2025,
        baseline=base,
        baseline_year=2020,
    )
    a = assess(s, [Actual(2025, base * factor**5)])
    assert a.value == Decimal(rate).quantize(Decimal("0.01"))
    assert a.status is Status.ACHIEVED


# --- chart paths --------------------------------------------------------------------------


def test_the_growth_goal_compounds_the_baseline() -> None:
    s = spec(Kind.GROWTH, "10", baseline=D(100), baseline_year=2020)
    path = dict(goal_path(s))
    assert path[2020] == D(100)
    assert path[2022] == D("121.00")
    assert path[2025] == D("161.05")


def test_a_sum_is_drawn_as_running_totals_against_an_even_share() -> None:
    s = spec(Kind.SUM, "100")
    assert goal_path(s)[1] == (2022, D("40.00"))
    assert actual_path(s, [Actual(2021, D(30)), Actual(2023, D(10))]) == [
        (2021, D(30)),
        (2023, D(40)),
    ]


def test_a_level_runs_straight_from_the_baseline() -> None:
    s = spec(Kind.LEVEL, "95", baseline=D(70), baseline_year=2020)
    assert dict(goal_path(s))[2023] == D("85.00")
    assert actual_path(s, [Actual(2021, D(75))]) == [(2020, D(70)), (2021, D(75))]
