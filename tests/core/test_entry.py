from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.elections.entry import EntryError, ballot_text, compare_entries, parse_entry
from daihoi.core.elections.model import Ballot

IDS = [f"c{i}" for i in range(1, 18)]
FIVE = IDS[:5]


def test_it_reads_the_struck_numbers_and_ranges() -> None:
    assert parse_entry("3 7, 10-12", form="cross_out", ids=IDS) == Ballot(
        crossed=("c3", "c7", "c10", "c11", "c12")
    )


def test_zero_is_a_ballot_with_nothing_struck() -> None:
    assert parse_entry("0", form="cross_out", ids=IDS) == Ballot(crossed=())


def test_an_empty_line_is_refused_so_a_stray_enter_records_nothing() -> None:
    with pytest.raises(EntryError) as info:
        parse_entry("  ", form="cross_out", ids=IDS)
    assert info.value.code == "empty"


def test_defect_letters_are_recorded_in_the_rules_order() -> None:
    ballot = parse_entry("x 2 k", form="cross_out", ids=IDS)
    assert ballot == Ballot(crossed=("c2",), defects=("not_issued", "extra_content"))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("18", "out_of_range"),
        ("3 3", "repeated"),
        ("3 q", "unknown_token"),
        ("0 4", "zero_with_marks"),
        ("c3", "prefix_on_cross_out"),
        ("5-2", "out_of_range"),
    ],
)
def test_a_mistyped_line_is_refused_with_its_reason(text: str, code: str) -> None:
    with pytest.raises(EntryError) as info:
        parse_entry(text, form="cross_out", ids=IDS)
    assert info.value.code == code


def test_on_the_agree_form_the_numbers_are_disagree_and_the_rest_agree() -> None:
    ballot = parse_entry("2 c4 t5", form="agree_disagree", ids=FIVE)
    assert ballot.marks == (
        ("c1", "agree"),
        ("c2", "disagree"),
        ("c3", "agree"),
        ("c4", "both"),
        ("c5", "none"),
    )


def test_a_one_name_ballot_left_blank_is_typed_t1() -> None:
    assert parse_entry("t1", form="single", ids=["c1"]).marks == (("c1", "none"),)


@given(st.sets(st.integers(1, 17)), st.sets(st.sampled_from("kvx")))
def test_typing_back_what_was_read_reads_the_same(numbers: set[int], defects: set[str]) -> None:
    text = " ".join([*map(str, numbers), *defects]) or "0"
    ballot = parse_entry(text, form="cross_out", ids=IDS)
    assert parse_entry(ballot_text(ballot, ids=IDS), form="cross_out", ids=IDS) == ballot


def test_streams_that_agree_have_no_difference() -> None:
    assert compare_entries([["a", "b"], ["a", "b"]]) == []


def test_a_skipped_ballot_differs_from_there_on_and_at_the_end() -> None:
    assert compare_entries([["a", "b", "c"], ["a", "c"]]) == [2, 3]


def test_triple_entry_differs_where_any_stream_differs() -> None:
    assert compare_entries([["a", "b"], ["a", "b"], ["a", "x"]]) == [2]
