"""Deciding a step, with worked numbers for each rule (docs/nomination.md)."""

from __future__ import annotations

from typing import Any

import pytest

from daihoi.core.nomination import (
    BallotRecord,
    Decision,
    NominationError,
    Tally,
    count_step,
    decide_step,
    hand_on,
)

from .nomination_builders import make_step, nominees, votes_ballots


def sixty_summoned(step_params: dict[str, Any], votes: list[int]) -> tuple[Tally, Decision]:
    """60 summoned, 57 collected, 2 of them invalid (a blank line ticked, a
    sheet the committee refused): 55 valid."""
    step = make_step("2", max_ticks=6, **step_params)
    names = nominees(*[f"Người Số {chr(65 + i)}" for i in range(len(votes))])
    records = votes_ballots("2", {n.id: v for n, v in zip(names, votes, strict=True)}, 55)
    records += [
        BallotRecord(step="2", ticks=("p1",), write_ins=(" ",)),
        BallotRecord(step="2", ticks=("p1",), spoiled="ký tên"),
    ]
    tally = count_step(step, names, records)
    assert (tally.summoned, tally.collected, tally.valid) == (60, 57, 55)
    return tally, decide_step(step, tally)


def statuses(decision: Decision) -> dict[str, str]:
    return {o.name: o.status for o in decision.outcomes}


def test_more_than_half_of_summoned_is_strict_exactly_half_fails() -> None:
    _, decision = sixty_summoned(
        {"rule": "share_of_summoned", "percent": 50}, [31, 30, 29, 0, 0, 0]
    )
    assert statuses(decision)["Người Số A"] == "passed"
    assert statuses(decision)["Người Số B"] == "not_passed"  # 30 is half of 60: not more
    assert decision.least_votes == 31
    a = decision.outcomes[0]
    assert (a.votes, a.share_of_summoned, a.share_of_valid) == (31, "51,67", "56,36")
    assert decision.rule == (
        "Được giới thiệu tiếp khi có số phiếu giới thiệu trên 50% số người được triệu tập "
        "(60 người), tức từ 31 phiếu trở lên"
    )
    assert dict(decision.parameters)["percent"].value == 50


def test_at_least_a_share_of_valid_includes_the_boundary() -> None:
    # 50 % of 55 valid is 27,5: 28 passes, 27 fails.
    _, decision = sixty_summoned({"rule": "share_of_valid", "percent": 50}, [28, 27, 0, 0, 0, 0])
    assert statuses(decision) == {
        "Người Số A": "passed",
        "Người Số B": "not_passed",
        **{f"Người Số {c}": "not_passed" for c in "CDEF"},
    }
    assert decision.least_votes == 28
    assert "từ 50% số phiếu hợp lệ (55 phiếu) trở lên, tức từ 28 phiếu" in decision.rule


def test_at_least_a_whole_share_of_valid_passes_on_equality() -> None:
    # 60 % of 55 is exactly 33: 33 passes, 32 fails.
    _, decision = sixty_summoned({"rule": "share_of_valid", "percent": 60}, [33, 32, 0, 0, 0, 0])
    assert statuses(decision)["Người Số A"] == "passed"
    assert statuses(decision)["Người Số B"] == "not_passed"


@pytest.mark.parametrize(
    ("ties", "tied_status"),
    [("all_go_on", "passed"), ("none_go_on", "not_passed"), ("needs_decision", "needs_decision")],
)
def test_top_three_with_a_tie_at_the_cutoff(ties: str, tied_status: str) -> None:
    _, decision = sixty_summoned(
        {"rule": "top", "count": 3, "ties": ties}, [40, 35, 20, 20, 20, 10]
    )
    got = statuses(decision)
    assert got["Người Số A"] == got["Người Số B"] == "passed"
    assert got["Người Số C"] == got["Người Số D"] == got["Người Số E"] == tied_status
    assert got["Người Số F"] == "not_passed"
    assert decision.least_votes is None
    assert decision.rule.startswith("Lấy 3 người có số phiếu giới thiệu cao nhất; ")


def test_top_without_a_tie_takes_exactly_the_count() -> None:
    _, decision = sixty_summoned({"rule": "top", "count": 3}, [40, 35, 21, 20, 20, 10])
    assert [o.status for o in decision.outcomes] == ["passed"] * 3 + ["not_passed"] * 3


def test_top_never_carries_a_name_with_no_vote() -> None:
    _, decision = sixty_summoned(
        {"rule": "top", "count": 5, "ties": "all_go_on"}, [9, 3, 0, 0, 0, 0]
    )
    assert [o.status for o in decision.outcomes] == ["passed"] * 2 + ["not_passed"] * 4


def test_top_among_those_above_the_share_of_summoned() -> None:
    # Above 50 % of 60 are A, B, C (31+); the top two of them go on.
    _, decision = sixty_summoned(
        {"rule": "top_of_share", "count": 2, "percent": 50, "share_of": "summoned"},
        [45, 40, 31, 30, 10, 0],
    )
    got = statuses(decision)
    assert [got[f"Người Số {c}"] for c in "ABCDEF"] == ["passed"] * 2 + ["not_passed"] * 4
    assert decision.rule == (
        "Lấy 2 người có số phiếu giới thiệu cao nhất trong số những người có số phiếu giới "
        "thiệu trên 50% số người được triệu tập (60 người), tức từ 31 phiếu trở lên; "
        "những người bằng phiếu ở vị trí cuối chờ cấp có thẩm quyền quyết định"
    )


def test_top_of_share_takes_fewer_than_the_count_when_few_pass_the_share() -> None:
    _, decision = sixty_summoned(
        {"rule": "top_of_share", "count": 3, "percent": 50, "share_of": "valid"},
        [45, 28, 27, 27, 27, 0],
    )
    # 28 is at least 50 % of 55 valid; the three tied at 27 are below it, not a tie at the cutoff.
    assert [o.status for o in decision.outcomes] == ["passed"] * 2 + ["not_passed"] * 4


def test_top_of_share_with_a_tie_at_the_cutoff() -> None:
    _, decision = sixty_summoned(
        {"rule": "top_of_share", "count": 2, "ties": "none_go_on"}, [45, 40, 40, 31, 0, 0]
    )
    assert [o.status for o in decision.outcomes] == ["passed"] + ["not_passed"] * 5


def test_order_is_votes_then_ballot_order() -> None:
    step = make_step("2", max_ticks=3)
    names = nominees("Trần Văn Bình", "Lê Thị An", "Đỗ Văn Dương", "Lê Văn An")
    votes = {"p1": 5, "p2": 7, "p3": 7, "p4": 7}
    decision = decide_step(step, count_step(step, names, votes_ballots("2", votes, 9)))
    assert [o.name for o in decision.outcomes] == [
        "Lê Thị An",
        "Lê Văn An",
        "Đỗ Văn Dương",
        "Trần Văn Bình",
    ]


def test_written_in_names_are_decided_like_listed_ones() -> None:
    step = make_step("2", summoned=5, max_ticks=2)
    names = nominees("Trần Văn Bình")
    records = [
        BallotRecord(step="2", ticks=("p1",), write_ins=("Nguyễn Văn An",)),
        BallotRecord(step="2", write_ins=("nguyen van an",)),
        BallotRecord(step="2", write_ins=("NGUYỄN VĂN AN",)),
        BallotRecord(step="2", ticks=("p1",)),
    ]
    decision = decide_step(step, count_step(step, names, records))
    first = decision.outcomes[0]
    assert (first.name, first.votes, first.status, first.written_in) == (
        "Nguyễn Văn An",
        3,
        "passed",
        True,
    )
    assert [(n.id, n.name) for n in hand_on(decision)] == [
        ("write-in:nguyen van an", "Nguyễn Văn An")
    ]


def test_approve_counts_agree_against_those_summoned() -> None:
    step = make_step("5", form="approve", summoned=11)
    names = nominees("Lê Thị An", "Trần Văn Bình")
    agree_six = [BallotRecord(step="5", marks=(("p1", "agree"), ("p2", "agree")))] * 5
    agree_six += [BallotRecord(step="5", marks=(("p1", "agree"), ("p2", "disagree")))]
    agree_six += [BallotRecord(step="5", marks=(("p1", "disagree"),))] * 4
    tally = count_step(step, names, agree_six)
    assert tally.votes == (("p1", 6), ("p2", 5))
    assert tally.disagree == (("p1", 4), ("p2", 1))
    decision = decide_step(step, tally)
    # More than 50 % of 11 is 6 or more: 6 passes, 5 fails.
    assert statuses(decision) == {"Lê Thị An": "passed", "Trần Văn Bình": "not_passed"}
    assert decision.rule.startswith("Được giới thiệu tiếp khi có số phiếu đồng ý trên 50%")
    assert [n.name for n in hand_on(decision)] == ["Lê Thị An"]


def test_hand_on_waits_for_the_bodys_decision_on_a_tie() -> None:
    _, decision = sixty_summoned({"rule": "top", "count": 1}, [20, 20, 5, 0, 0, 0])
    with pytest.raises(NominationError) as refused:
        hand_on(decision)
    assert refused.value.problems == (
        "step '2': Người Số A (p1) is tied at the cutoff; "
        "the body must decide whether the name goes on",
        "step '2': Người Số B (p2) is tied at the cutoff; "
        "the body must decide whether the name goes on",
    )
    assert [n.id for n in hand_on(decision, {"p1": False, "p2": True})] == ["p2"]
    with pytest.raises(
        NominationError, match=r"decided: 'p3' was not tied at the cutoff of step '2'"
    ):
        hand_on(decision, {"p1": True, "p2": False, "p3": True})


def test_it_refuses_a_tally_of_another_step() -> None:
    tally, _ = sixty_summoned({"rule": "top", "count": 1}, [1, 0, 0, 0, 0, 0])
    with pytest.raises(NominationError, match=r"tally: a tally of step '2', not of step '3'"):
        decide_step(make_step("3"), tally)
