"""The figures a congress reports must be possible together (core/elections/figures.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.elections import parse_election
from daihoi.core.elections.errors import InvalidInput, render
from daihoi.core.elections.figures import Figures, figure_problems


def codes(f: Figures) -> list[tuple[str, str | None]]:
    return [(e.code, e.field) for e in figure_problems(f)]


def test_more_present_than_summoned_is_refused() -> None:
    assert codes(Figures(summoned=120, present=130)) == [("present_over_summoned", "present")]
    assert codes(Figures(summoned=120, present=120)) == []


def test_deductions_must_leave_someone_to_vote() -> None:
    assert codes(Figures(summoned=120, deducted=500)) == [
        ("deductions_leave_no_base", "deductions")
    ]
    assert codes(Figures(summoned=120, deducted=120)) == [
        ("deductions_leave_no_base", "deductions")
    ]
    assert codes(Figures(summoned=120, deducted=119)) == []


def test_ballots_collected_cannot_exceed_issued_nor_issued_the_present() -> None:
    assert codes(Figures(present=113, collected=118)) == [
        ("collected_over_present", "ballots_collected")
    ]
    assert codes(Figures(present=113, issued=113, collected=118)) == [
        ("collected_over_issued", "ballots_collected")
    ]
    assert codes(Figures(present=113, issued=118)) == [("issued_over_present", "ballots_issued")]
    assert codes(Figures(present=113, issued=113, collected=113)) == []


def test_votes_for_and_against_cannot_exceed_those_present() -> None:
    assert codes(Figures(present=100, agree=60, disagree=41)) == [("votes_over_present", "agree")]
    assert codes(Figures(present=100, agree=60, disagree=40)) == []


def test_a_figure_not_known_takes_part_in_no_check() -> None:
    assert codes(Figures(collected=10**9)) == []
    assert codes(Figures(summoned=1, agree=10**9)) == []


def test_a_negative_figure_is_refused_before_anything_else() -> None:
    assert codes(Figures(summoned=10, present=-1)) == [("too_small", "present")]


def test_each_refusal_names_the_rule_with_the_figures_in_vietnamese() -> None:
    (error,) = figure_problems(Figures(summoned=120, present=130))
    text = render(error, "vi")
    assert "130" in text and "120" in text and "triệu tập" in text


@given(
    summoned=st.integers(1, 500),
    present=st.integers(0, 600),
    issued=st.none() | st.integers(0, 600),
    collected=st.none() | st.integers(0, 600),
)
def test_figures_that_pass_can_all_be_true(
    summoned: int, present: int, issued: int | None, collected: int | None
) -> None:
    f = Figures(summoned=summoned, present=present, issued=issued, collected=collected)
    if not figure_problems(f):
        assert present <= summoned
        assert issued is None or issued <= present
        assert collected is None or collected <= (issued if issued is not None else present)


def test_the_election_file_refuses_deductions_with_the_same_rule() -> None:
    data = {
        "format": "daihoi/election@1",
        "id": "e1",
        "title": "Bầu thử",
        "kind": "committee",
        "round": 1,
        "seats": 1,
        "profile": "cpv-2024",
        "electorate": {
            "congress": "delegates",
            "summoned": 120,
            "deductions": [{"reason": "vắng", "count": 500}],
        },
        "candidates": [{"id": "a", "name": "Nguyễn Văn An"}, {"id": "b", "name": "Lê Văn Bình"}],
    }
    try:
        parse_election(data, file="e1")
    except InvalidInput as exc:
        assert [(e.code, e.field) for e in exc.errors] == [
            ("deductions_leave_no_base", "electorate.deductions")
        ]
    else:
        raise AssertionError("500 deducted from 120 summoned was accepted")
