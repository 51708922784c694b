"""Ink outside the rows on a long list: a stroke running on past a row's end
is that row's in every column; a mark or a written-in name is not."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import outside
from daihoi.core.scanning.outside import find_streak, outside_ink, sparse_blobs
from daihoi.core.scanning.readings import Thresholds
from daihoi.core.scanning.template import SCALE, BlankSide, blank_ballot
from daihoi.documents.ballot_pdf import blank_ballot_pdf
from tests.documents.builders import definition

from .deck import Scan, interpret_page
from .helpers import image, states

#: The smallest blob counted (px at the reader's resolution), as the reader takes it.
SPECK = max(1, round(Thresholds().speck_mm2 * SCALE * SCALE))


@pytest.fixture(scope="module")
def long_list() -> ElectionDefinition:
    """Ninety names for 75 seats: A3, three columns of thirty rows."""
    return definition(90, seats=75, id="bch-2025-r1-e")


@pytest.fixture(scope="module")
def long_blank(long_list: ElectionDefinition) -> BlankSide:
    return blank_ballot(long_list, render=blank_ballot_pdf).sides[0]


def _column_ends(blank: BlankSide) -> dict[int, int]:
    """A row of each column: its number by its column."""
    ends: dict[int, int] = {}
    for row in blank.rows:
        ends.setdefault(row.column, row.number)
    return ends


def _run_on(blank: BlankSide, number: int, past_mm: float, gap_mm: float = 0.0) -> np.ndarray:
    """Ink of a 0.5 mm line through row ``number``'s name, running ``past_mm`` past
    the row's end; with ``gap_mm``, the part past the row starts that far beyond
    where the printing around the rule ends (a separate mark)."""
    row = next(r for r in blank.rows if r.number == number)
    ink = np.zeros(blank.clear_outside.shape, dtype=np.uint8)
    y = (row.inner.y0 + row.inner.y1) // 2
    end = row.inner.x1 + round(past_mm * SCALE)
    thick = max(1, round(0.5 * SCALE))
    cv2.line(ink, (row.inner.x0 + 6, y), (end, y), 255, thick)
    if gap_mm:
        ink[:, row.inner.x1 :] = 0
        start = row.inner.x1 + round((1.7 + gap_mm) * SCALE)
        cv2.line(ink, (start, y), (start + round(3.0 * SCALE), y), 255, thick)
    return ink


def test_the_long_list_has_columns_whose_rule_is_printed_wider(long_blank: BlankSide) -> None:
    # What the fix is about: past some columns' rows, ink outside the rows is
    # looked for further from the row than past others.
    starts = set()
    for number in _column_ends(long_blank).values():
        row = next(r for r in long_blank.rows if r.number == number)
        line = long_blank.clear_outside[(row.inner.y0 + row.inner.y1) // 2, row.inner.x1 :]
        starts.add(int(np.flatnonzero(line)[0]))
    assert len(starts) > 1


@pytest.mark.parametrize("past_mm", [2.0, 3.5, 5.0])
def test_a_stroke_running_past_a_row_in_any_column_is_the_rows(
    long_blank: BlankSide, past_mm: float
) -> None:
    for number in _column_ends(long_blank).values():
        row = next(r for r in long_blank.rows if r.number == number)
        ink = _run_on(long_blank, number, past_mm)
        assert outside_ink(ink, long_blank, SPECK, [row.inner]) == (0.0, 0.0), number
        if past_mm >= 3.5:  # not struck: the same ink past the row is outside the rows
            assert outside_ink(ink, long_blank, SPECK, [])[1] >= 1.0, number


def test_a_mark_apart_from_a_struck_rows_end_is_still_ink_outside_the_rows(
    long_blank: BlankSide,
) -> None:
    for number in _column_ends(long_blank).values():
        row = next(r for r in long_blank.rows if r.number == number)
        ink = _run_on(long_blank, number, 0.0, gap_mm=1.5)
        assert outside_ink(ink, long_blank, SPECK, [row.inner])[1] >= 1.0, number


@pytest.mark.parametrize(
    ("seed", "scan"),
    [
        (1, Scan(dpi=200, angle=-0.8)),
        (2, Scan(dpi=150, angle=1.2, colour=False, jpeg=60)),
        (3, Scan(dpi=300, angle=-2.0, colour=False, noise=4.0)),
    ],
)
def test_overrunning_strokes_on_a_ninety_name_ballot_go_nowhere_near_review(
    long_list: ElectionDefinition, seed: int, scan: Scan
) -> None:
    # Rows whose names are long enough for the deck's stroke to run past the
    # row's end, in each of the three columns.
    rows = {n: "overrun" for n in (5, 20, 38, 39, 50, 70, 79, 81)}
    picture = image(long_list, rows=rows, seed=seed, scan=scan, pen="black", pen_width=0.7)
    reading = interpret_page(picture, long_list)
    found = states(reading)
    assert {n for n, s in found.items() if s == "struck"} == set(rows)
    assert reading.review == ()


@pytest.mark.parametrize("outside", ["name", "mark"])
def test_a_written_in_name_or_a_mark_on_the_long_list_still_goes_to_review(
    long_list: ElectionDefinition, outside: str
) -> None:
    rows = {n: "overrun" for n in (20, 38, 70, 79)}
    picture = image(long_list, rows=rows, seed=4, outside=outside)
    reading = interpret_page(picture, long_list)
    assert "ink_outside_rows" in reading.review


@settings(max_examples=200, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 60), st.integers(1, 60)),
    dots=st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(1, 6)), max_size=25),
)
def test_blobs_found_band_by_band_are_the_whole_images_blobs(
    shape: tuple[int, int], dots: list[tuple[float, float, int]]
) -> None:
    height, width = shape
    picture = np.zeros(shape, dtype=np.uint8)
    for fy, fx, size in dots:  # squares and lines, touching or not, at the edges too
        y, x = int(fy * (height - 1)), int(fx * (width - 1))
        picture[y : y + size, x : x + 1 + size % 3] = 255
    _, _, whole, _ = cv2.connectedComponentsWithStats(picture, connectivity=8)
    found = sparse_blobs(picture)
    assert sorted(map(tuple, found.tolist())) == sorted(map(tuple, whole[1:].tolist()))


def _rules_moved(side: BlankSide, dy: int) -> npt.NDArray[np.uint8]:
    """The blank's long lines across the page, as ink ``dy`` pixels lower (a
    page not flat, a stretched feed: the table a pixel or two off)."""
    rules = cv2.morphologyEx(side.printed, cv2.MORPH_OPEN, np.ones((1, 120), np.uint8))
    return np.roll(rules, dy, axis=0)


@pytest.mark.parametrize("dy", [-3, 2, 3])
def test_the_tables_own_rules_a_little_off_are_no_streak(
    agree: ElectionDefinition, dy: int
) -> None:
    side = blank_ballot(agree, render=blank_ballot_pdf).sides[0]
    ink = _rules_moved(side, dy)
    # What the reader leaves of them is a line across the page …
    frame = side.frame.slice()
    assert outside._line(cv2.bitwise_and(ink, side.clear_rows)[frame], 0.0, down=False)
    # … which is theirs, not a streak's.
    assert not find_streak(ink, side, (0.0, 0.0))


def test_a_streak_across_the_page_between_the_rules_is_found(agree: ElectionDefinition) -> None:
    side = blank_ballot(agree, render=blank_ballot_pdf).sides[0]
    row = side.rows[3]
    y = (row.band[0] + row.band[1]) // 2
    ink = np.zeros(side.printed.shape, dtype=np.uint8)
    ink[y : y + 2, :] = 255
    assert find_streak(ink, side, (0.0, 0.0))
    ink = _rules_moved(side, 2)  # … and among the rules a little off
    ink[y : y + 2, :] = 255
    assert find_streak(ink, side, (0.0, 0.0))
