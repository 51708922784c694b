"""Counting a step's ballots: valid and invalid sheets, write-ins, refusals."""

from __future__ import annotations

import pytest

from daihoi.core.nomination import BallotRecord, NominationError, count_step

from .nomination_builders import make_step, nominees

NAMES = nominees("Lê Thị An", "Trần Văn Bình", "Đỗ Văn Dương")


def pick(*ticks: str, write_ins: tuple[str, ...] = (), step: str = "2") -> BallotRecord:
    return BallotRecord(step=step, ticks=ticks, write_ins=write_ins)


def test_it_counts_valid_invalid_and_blank_sheets() -> None:
    step = make_step("2", summoned=10, max_ticks=2, blank_lines=1)
    records = [
        pick("p1", "p2"),
        pick("p1", write_ins=("Nguyễn Văn An",)),
        pick(),  # blank: valid, introduces no one
        pick("p1", "p2", "p3"),  # three ticks, two allowed
        pick("p1", "p2", write_ins=("Nguyễn Văn An",)),  # a written name counts as a tick
        pick("p2", write_ins=("  ",)),  # a blank line ticked with nothing written
        BallotRecord(step="2", ticks=("p3",), spoiled="không phải phiếu do tổ kiểm phiếu phát"),
    ]
    tally = count_step(step, NAMES, records)
    assert (tally.collected, tally.valid, tally.blank) == (7, 3, 1)
    assert tally.invalid == (
        (3, "over_ticks"),
        (4, "over_ticks"),
        (5, "tick_on_nothing"),
        (6, "spoiled"),
    )
    assert tally.invalid_by_reason == {"over_ticks": 2, "tick_on_nothing": 1, "spoiled": 1}
    assert tally.votes == (("p1", 2), ("p2", 1), ("p3", 0))
    assert tally.votes_of("p1") == 2
    assert [(w.name, w.votes) for w in tally.write_ins] == [("Nguyễn Văn An", 1)]


def test_write_ins_are_grouped_by_the_search_matching() -> None:
    step = make_step("2", summoned=10, max_ticks=3, blank_lines=3)
    records = [
        pick(write_ins=("Nguyễn Văn An",)),
        pick(write_ins=("nguyen van an",)),
        pick(write_ins=("NGUYỄN  VĂN AN ",)),
        pick(write_ins=("Nguyễn Văn Ân",)),  # the search finds it for "an": one person
        pick(write_ins=("Nguyễn Văn An",)),
        pick(write_ins=("Trần Thị Hoà", "Tran Thi Hoa")),  # the same person twice: one vote
        pick(write_ins=("Trần Thị Hòa",)),
    ]
    tally = count_step(step, NAMES, records)
    groups = {w.key: w for w in tally.write_ins}
    assert set(groups) == {"nguyen van an", "tran thi hoa"}
    an = groups["nguyen van an"]
    assert (an.name, an.votes, an.id) == ("Nguyễn Văn An", 5, "write-in:nguyen van an")
    assert an.spellings == (
        ("Nguyễn Văn An", 2),
        ("Nguyễn Văn Ân", 1),
        ("NGUYỄN VĂN AN", 1),
        ("nguyen van an", 1),
    )
    hoa = groups["tran thi hoa"]
    assert hoa.votes == 2
    assert dict(hoa.spellings) == {"Trần Thị Hoà": 1, "Trần Thị Hòa": 1}


def test_a_misspelt_name_stays_apart() -> None:
    step = make_step("2", summoned=10, max_ticks=1, blank_lines=1)
    tally = count_step(
        step, NAMES, [pick(write_ins=("Nguyễn Văn An",)), pick(write_ins=("Ngyễn Văn An",))]
    )
    assert [w.key for w in tally.write_ins] == ["nguyen van an", "ngyen van an"]


def test_approve_sheets_with_no_mark_are_valid_and_blank() -> None:
    step = make_step("5", form="approve", summoned=5)
    records = [
        BallotRecord(step="5", marks=(("p1", "agree"), ("p2", "disagree"), ("p3", "blank"))),
        BallotRecord(step="5"),
        BallotRecord(step="5", marks=(("p1", "blank"),)),
        BallotRecord(step="5", marks=(("p1", "agree"),), spoiled="rách"),
    ]
    tally = count_step(step, NAMES, records)
    assert (tally.collected, tally.valid, tally.blank) == (4, 3, 2)
    assert tally.votes == (("p1", 1), ("p2", 0), ("p3", 0))
    assert tally.disagree == (("p1", 0), ("p2", 1), ("p3", 0))


def refusal(
    step_params: dict[str, object], records: list[BallotRecord], form: str = "pick"
) -> tuple[str, ...]:
    step = make_step("2", form=form, **step_params)
    with pytest.raises(NominationError) as refused:
        count_step(step, NAMES, records)
    return refused.value.problems


def test_it_refuses_a_name_not_on_the_list() -> None:
    assert refusal({}, [pick("p1"), pick("p9")]) == (
        "records[1], field ticks: 'p9' is not on this step's list",
    )


def test_it_refuses_a_name_ticked_twice_on_one_sheet() -> None:
    assert refusal({}, [pick("p1", "p1")]) == (
        "records[0], field ticks: 'p1' is given twice on one ballot",
    )


def test_it_refuses_a_ballot_of_another_step() -> None:
    assert refusal({}, [pick("p1"), pick("p1", step="3")]) == (
        "records[1], field step: a ballot of step '3', not of step '2'",
    )


def test_it_refuses_more_collected_than_summoned() -> None:
    assert refusal({"summoned": 2}, [pick("p1")] * 3) == (
        "records[2]: 3 ballots collected, more than the 2 summoned to step '2'",
    )


def test_it_refuses_more_names_written_than_blank_lines() -> None:
    assert refusal({"blank_lines": 1}, [pick(write_ins=("Lê A", "Lê B"))]) == (
        "records[0], field write_ins: 2 names written, the ballot has 1 blank line",
    )


def test_it_refuses_marks_on_a_pick_sheet_and_ticks_on_an_approve_sheet() -> None:
    assert refusal({}, [BallotRecord(step="2", marks=(("p1", "agree"),))]) == (
        "records[0], field marks: a 'pick' ballot has no agree/disagree marks",
    )
    assert refusal({}, [pick("p1"), pick(write_ins=("Lê A",))], form="approve") == (
        "records[0], field ticks: an 'approve' ballot has only marks",
        "records[1], field write_ins: an 'approve' ballot has only marks",
    )


def test_it_refuses_a_mark_that_is_not_agree_disagree_or_blank() -> None:
    bad = BallotRecord(step="2", marks=(("p1", "yes"),))
    unknown = BallotRecord(step="2", marks=(("p7", "agree"),))
    assert refusal({}, [bad, unknown], form="approve") == (
        "records[0], field marks: 'yes' is not one of agree, disagree, blank",
        "records[1], field marks: 'p7' is not on this step's list",
    )


def test_it_refuses_a_list_with_an_id_twice() -> None:
    step = make_step("2")
    with pytest.raises(NominationError, match=r"names: id 'p1' is on the step's list twice"):
        count_step(step, NAMES + NAMES[:1], [])


def test_it_refuses_to_count_before_the_unit_sets_the_number_summoned() -> None:
    step = make_step("2", summoned=None)
    with pytest.raises(
        NominationError, match=r"step '2', parameter summoned: not set; the unit must set it"
    ):
        count_step(step, NAMES, [])


def test_every_problem_is_reported_and_nothing_counted() -> None:
    problems = refusal({"summoned": 3}, [pick("p9"), pick(step="1"), pick("p1"), pick("p1")])
    assert problems == (
        "records[3]: 4 ballots collected, more than the 3 summoned to step '2'",
        "records[0], field ticks: 'p9' is not on this step's list",
        "records[1], field step: a ballot of step '1', not of step '2'",
    )


def test_a_written_name_like_a_listed_one_is_flagged_not_added() -> None:
    step = make_step("2", summoned=10, max_ticks=2, blank_lines=1)
    records = [pick("p1"), pick("p2", write_ins=("le thi an",))]
    tally = count_step(step, NAMES, records)
    assert tally.votes == (("p1", 1), ("p2", 1), ("p3", 0))
    (group,) = tally.write_ins
    assert (group.name, group.votes, group.like_listed) == ("le thi an", 1, ("p1",))
