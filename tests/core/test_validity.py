"""docs/rules.md §1–§2: ballot forms, and valid and invalid ballots (244-QĐ/TW Art. 17(2))."""

from __future__ import annotations

from daihoi.core.elections.tally import count_ballots

from .builders import cross, election, marks


def test_a_list_with_a_surplus_uses_the_cross_out_ballot() -> None:
    assert election(seats=2, n=3).form == "cross_out"


def test_a_list_without_surplus_uses_the_agree_disagree_ballot() -> None:
    assert election(seats=3, n=3).form == "agree_disagree"


def test_a_one_name_list_uses_the_two_box_ballot() -> None:
    assert election(seats=1, n=1).form == "single"


def test_it_rejects_a_ballot_over_the_seats() -> None:
    # 5 names for 2 seats: keeping 3 (striking 2) is one too many.
    e = election(seats=2, n=5)
    c = count_ballots(e, [cross("c1", "c2"), cross("c1", "c2", "c3")])
    assert (c.valid, c.invalid_by_reason) == (1, (("over_seats", 1),))
    # only the valid ballot gives votes: c4, c5 kept there
    assert c.votes == (0, 0, 0, 1, 1)


def test_a_ballot_keeping_fewer_names_than_seats_is_valid() -> None:
    e = election(seats=3, n=5)
    c = count_ballots(e, [cross("c1", "c2", "c3", "c4")])  # keeps c5 only
    assert (c.valid, c.votes) == (1, (0, 0, 0, 0, 1))


def test_it_rejects_a_ballot_with_every_name_struck() -> None:
    e = election(seats=2, n=3)
    c = count_ballots(e, [cross("c1", "c2", "c3"), cross("c3")])
    assert (c.valid, c.invalid_by_reason) == (1, (("all_crossed", 1),))
    assert c.votes == (1, 1, 0)


def test_it_rejects_a_one_name_ballot_marked_in_both_boxes_or_neither() -> None:
    e = election(seats=1, n=1)
    ballots = [marks(c1="both"), marks(c1="none"), marks(), marks(c1="agree"), marks(c1="disagree")]
    c = count_ballots(e, ballots)
    assert (c.collected, c.valid, c.invalid_by_reason) == (5, 2, (("single_unmarked", 3),))
    assert c.votes == (1,)


def test_both_or_neither_box_for_one_person_leaves_a_no_surplus_ballot_valid() -> None:
    # 244-QĐ/TW Art. 32(1): that person simply gets no vote from the ballot.
    e = election(seats=3, n=3)
    c = count_ballots(e, [marks(c1="agree", c2="both", c3="none"), marks(c1="agree", c2="agree")])
    assert (c.valid, c.invalid) == (2, 0)
    assert c.votes == (2, 1, 0)


def test_agreeing_with_every_name_of_a_no_surplus_list_is_valid() -> None:
    # The four-column form has no surplus: agreeing with all never exceeds the seats.
    e = election(seats=3, n=3)
    c = count_ballots(e, [marks(c1="agree", c2="agree", c3="agree")])
    assert (c.valid, c.votes) == (1, (1, 1, 1))


def test_it_rejects_a_ballot_not_issued_by_the_counting_committee() -> None:
    e = election(seats=2, n=3)
    c = count_ballots(e, [cross("c1", defects=("not_issued",))])
    assert (c.valid, c.invalid_by_reason, c.votes) == (0, (("not_issued", 1),), (0, 0, 0))


def test_it_rejects_a_ballot_with_a_name_written_in() -> None:
    e = election(seats=2, n=3)
    c = count_ballots(e, [cross("c1", defects=("added_name",))])
    assert c.invalid_by_reason == (("added_name", 1),)


def test_it_rejects_a_ballot_with_a_signature_or_other_writing() -> None:
    e = election(seats=2, n=3)
    c = count_ballots(e, [cross("c1", defects=("extra_content",))])
    assert c.invalid_by_reason == (("extra_content", 1),)


def test_a_ballot_with_several_defects_counts_once_under_the_first_code() -> None:
    e = election(seats=2, n=3)
    ballots = [
        cross(defects=("extra_content", "not_issued")),  # over_seats too; not_issued is first
        cross(defects=("extra_content", "added_name")),  # over_seats comes first in the table
        cross("c1", "c2", "c3", defects=("extra_content",)),  # all_crossed before extra_content
        cross("c1", defects=("extra_content", "added_name")),  # added_name before extra_content
    ]
    c = count_ballots(e, ballots)
    assert c.collected == 4 and c.valid == 0
    assert c.invalid_by_reason == (
        ("not_issued", 1),
        ("over_seats", 1),
        ("all_crossed", 1),
        ("added_name", 1),
    )


def test_a_code_not_in_force_is_ignored_and_the_ballot_judged_by_the_rest() -> None:
    rules = {"invalid_codes": ["not_issued", "over_seats", "all_crossed", "single_unmarked"]}
    e = election(seats=2, n=3, rules=rules)
    ballots = [
        cross("c1", defects=("extra_content",)),  # valid: extra_content not in force
        cross(defects=("added_name",)),  # over_seats still applies
    ]
    c = count_ballots(e, ballots)
    assert (c.valid, c.invalid_by_reason) == (1, (("over_seats", 1),))
    assert c.votes == (0, 1, 1)


def test_invalid_ballots_count_in_collected_but_give_no_votes() -> None:
    e = election(seats=2, n=3)
    c = count_ballots(e, [cross("c1"), cross("c1", defects=("extra_content",)), cross()])
    assert (c.collected, c.valid, c.invalid) == (3, 1, 2)
    assert c.votes == (0, 1, 1)
