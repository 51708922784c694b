"""The ballot's geometry: what the printer draws and the scanner reads."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.core.ballots.layout import (
    FIDUCIAL_CLEARANCE,
    MARGIN,
    PAPER_SIZES,
    ROW_MAX,
    ROW_MIN,
    BallotLayout,
    LayoutError,
    Rect,
    ballot_layout,
)
from daihoi.core.elections.ballot_order import ballot_order

from .builders import definition

MODEST = settings(max_examples=60, deadline=None)


def check_geometry(layout: BallotLayout) -> None:
    """Rows apart, everything inside the margins, nothing near a fiducial."""
    page = Rect(0, 0, layout.width, layout.height)
    for side in layout.sides:
        assert side.content == Rect(
            MARGIN, MARGIN, layout.width - 2 * MARGIN, layout.height - 2 * MARGIN
        )
        for fiducial in side.fiducials:
            assert page.contains(fiducial.rect)
            assert not fiducial.rect.overlaps(side.content)
            keep_out = fiducial.rect.grown(FIDUCIAL_CLEARANCE)
            for box in (*side.boxes(), *(row.rect for row in side.rows)):
                assert not keep_out.overlaps(box)
        for box in side.boxes():
            assert side.content.contains(box)
        for row in side.rows:
            assert side.content.contains(row.rect)
            assert row.rect.height >= ROW_MIN
            for cell in (row.number_box, row.name_box, row.agree_box, row.disagree_box):
                if cell is not None:
                    assert row.rect.contains(cell)
        for a, b in itertools.combinations(side.rows, 2):
            assert not a.rect.overlaps(b.rect)
        for row in side.rows:
            for box in side.boxes():
                assert not row.rect.overlaps(box)
        for one, other in itertools.combinations(side.boxes(), 2):
            # the code may sit beside the title on the back, never on it
            assert not one.overlaps(other), (one, other)


@MODEST
@given(n=st.integers(min_value=1, max_value=360), surplus=st.booleans())
def test_rows_never_overlap_and_stay_inside_the_margins(n: int, surplus: bool) -> None:
    seats = max(1, n - 1) if surplus and n > 1 else n
    d = definition(n, seats)
    if d.form == "agree_disagree" and n > 180:
        with pytest.raises(LayoutError):
            ballot_layout(d)
        return
    layout = ballot_layout(d)
    check_geometry(layout)
    assert len(layout.rows) == n
    assert [row.number for row in layout.rows] == list(range(1, n + 1))


@MODEST
@given(n=st.integers(min_value=1, max_value=300))
def test_the_same_definition_always_gives_the_same_layout(n: int) -> None:
    assert ballot_layout(definition(n)) == ballot_layout(definition(n))


@pytest.mark.parametrize(
    ("n", "paper", "columns", "sides"),
    [
        (1, "A4", 1, 1),
        (2, "A4", 1, 1),
        (15, "A4", 1, 1),
        (17, "A4", 1, 1),
        (50, "A3", 2, 1),
        (90, "A3", 3, 1),
        (300, "A3", 4, 2),
    ],
)
def test_lists_of_every_size_fit_one_sheet(n: int, paper: str, columns: int, sides: int) -> None:
    layout = ballot_layout(definition(n))
    check_geometry(layout)
    assert (layout.paper, layout.columns, len(layout.sides)) == (paper, columns, sides)
    assert (layout.width, layout.height) == PAPER_SIZES[layout.paper]
    assert len(layout.rows) == n


def test_a_short_list_gets_the_full_row_height() -> None:
    assert ballot_layout(definition(17)).row_height == ROW_MAX


def test_three_hundred_names_are_one_a3_sheet_on_both_sides_with_8_mm_rows() -> None:
    layout = ballot_layout(definition(300))
    assert layout.row_height == 8.0
    front, back = layout.sides
    assert (len(front.rows), len(back.rows)) == (144, 156)
    assert front.stamp_box is not None and back.stamp_box is None
    assert front.rows[-1].number == 144 and back.rows[0].number == 145


def test_a_list_too_long_for_one_sheet_is_refused() -> None:
    with pytest.raises(LayoutError) as caught:
        ballot_layout(definition(361))
    assert (caught.value.count, caught.value.most) == (361, 360)


def test_rows_follow_the_ballot_order_not_the_file_order() -> None:
    d = definition(17)
    expected = [d.candidates[i].id for i in ballot_order(d.candidates, d.rules.order)]
    assert [row.candidate_id for row in ballot_layout(d).rows] == expected
    assert expected != [c.id for c in d.candidates]


def test_rows_fill_each_column_top_to_bottom_then_the_next() -> None:
    layout = ballot_layout(definition(50))
    first, second = ([row for row in layout.rows if row.column == c] for c in range(layout.columns))
    assert [row.number for row in first] == list(range(1, 26))
    assert all(a.rect.bottom == b.rect.y for a, b in itertools.pairwise(first))
    assert second[0].rect.y == first[0].rect.y
    assert second[0].rect.x > first[0].rect.right


def test_the_cross_out_form_has_no_boxes_to_mark() -> None:
    row = ballot_layout(definition(17)).rows[0]
    assert row.agree_box is None and row.disagree_box is None
    assert row.name_box.x == row.number_box.right
    assert row.name_box.right == row.rect.right


def test_the_agree_disagree_form_has_two_boxes_after_each_name() -> None:
    layout = ballot_layout(definition(5, 5))
    assert layout.form == "agree_disagree"
    for row in layout.rows:
        assert row.agree_box is not None and row.disagree_box is not None
        assert row.agree_box.x == row.name_box.right
        assert row.disagree_box.x == row.agree_box.right
        assert row.disagree_box.right == row.rect.right


def test_a_single_name_gets_one_tall_row_with_two_boxes() -> None:
    layout = ballot_layout(definition(1, 1))
    assert layout.form == "single"
    (row,) = layout.rows
    assert row.agree_box is not None and row.disagree_box is not None
    assert row.rect.height > ROW_MAX


def test_the_fiducials_sit_in_the_corners_and_only_the_bottom_left_one_is_hollow() -> None:
    layout = ballot_layout(definition(17))
    tl, tr, br, bl = layout.sides[0].fiducials
    assert tl.rect.x == bl.rect.x < tr.rect.x == br.rect.x
    assert tl.rect.y == tr.rect.y < bl.rect.y == br.rect.y
    assert [f.hole is not None for f in (tl, tr, br, bl)] == [False, False, False, True]
    assert bl.hole is not None and bl.rect.contains(bl.hole)
    assert bl.hole.centre == bl.rect.centre


def test_the_stamp_box_is_top_left_and_the_code_on_every_side() -> None:
    layout = ballot_layout(definition(300))
    front = layout.sides[0]
    assert front.stamp_box is not None and front.party_box is not None
    assert front.stamp_box.right < layout.width / 2 < front.party_box.x
    assert front.stamp_box.bottom < front.rows[0].rect.y
    for side in layout.sides:
        assert side.code_box.width == side.code_box.height
