"""docs/rules.md §4 (190-QĐ/TW Art. 14): the candidate list, with worked numbers."""

from __future__ import annotations

import pytest

from daihoi.core.elections.lists import (
    check_surplus,
    cut_by_poll,
    outside_nominee_admitted,
    poll_keep,
)
from daihoi.core.elections.model import Kind
from daihoi.core.elections.rules import builtin_profile

CPV = builtin_profile("cpv-2024").rules


def allowed(kind: Kind, seats: int, stage: str) -> list[int]:
    return [
        n
        for n in range(seats, 2 * seats + 3)
        if check_surplus(kind=kind, seats=seats, candidates=n, stage=stage, rules=CPV).ok  # type: ignore[arg-type]
    ]


def test_a_committee_list_must_exceed_the_seats() -> None:
    check = check_surplus(kind="committee", seats=15, candidates=15, stage="congress", rules=CPV)
    assert not check.ok and check.surplus == 0


@pytest.mark.parametrize(
    ("seats", "counts"),
    [
        (15, [17]),  # 10% of 15 is 1.5, 15% is 2.25: a surplus of 2
        (30, [33, 34]),  # 3 to 4.5
        (45, [50, 51]),  # 4.5 to 6.75
        (6, [7]),  # 0.6 to 0.9 holds no whole number: the least surplus above, 1
    ],
)
def test_the_convening_committee_proposes_a_surplus_of_10_to_15_percent(
    seats: int, counts: list[int]
) -> None:
    assert allowed("committee", seats, "proposal") == counts


def test_the_congress_may_allow_a_surplus_of_up_to_30_percent() -> None:
    # 15 seats: 30% is 4.5, so up to 19 names; 20 must go to a poll.
    assert allowed("committee", 15, "congress") == [16, 17, 18, 19]
    check = check_surplus(kind="committee", seats=15, candidates=20, stage="congress", rules=CPV)
    assert check.needs_poll and not check.ok


def test_a_committee_of_3_to_5_members_has_a_surplus_of_at_most_one() -> None:
    for seats in (3, 4, 5):
        assert allowed("committee", seats, "proposal") == [seats + 1]
        assert allowed("standing_committee", seats, "congress") == [seats + 1]


def test_delegations_need_no_surplus() -> None:
    check = check_surplus(kind="delegation", seats=10, candidates=10, stage="congress", rules=CPV)
    assert check.ok and check.most is None
    assert not check_surplus(
        kind="delegation", seats=10, candidates=9, stage="congress", rules=CPV
    ).ok


def test_an_outside_nominee_needs_more_than_30_percent_of_those_present() -> None:
    # 150 present: 30% is 45, which is not more than 30%; 46 is.
    assert not outside_nominee_admitted(45, 150, CPV)
    assert outside_nominee_admitted(46, 150, CPV)


def test_a_list_over_30_percent_is_cut_by_the_poll_ranking() -> None:
    # 15 seats: cut to 19 names. 22 names polled, votes 100 down to 79 in steps of one.
    poll = [(f"c{i:02d}", 100 - i) for i in range(22)]
    assert poll_keep(15, CPV) == 19
    cut = cut_by_poll(poll, poll_keep(15, CPV))
    assert cut.kept == tuple(f"c{i:02d}" for i in range(19))
    assert cut.dropped == ("c19", "c20", "c21")
    assert (cut.tied, cut.places_left) == ((), 0)


def test_a_poll_tie_at_the_cut_is_left_to_the_congress() -> None:
    poll = [("a", 90), ("b", 70), ("c", 80), ("d", 70), ("e", 60)]
    cut = cut_by_poll(poll, 3)
    assert (cut.kept, cut.tied, cut.places_left, cut.dropped) == (("a", "c"), ("b", "d"), 1, ("e",))
