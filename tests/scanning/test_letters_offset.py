"""A row read where its own letters are (issue 14): a sheet bulging along its
crease moves a row's letters a pixel or two from its rules; their edges must not
read as ink, and nothing a pen left may be explained away by moving them."""

from __future__ import annotations

import cv2
import numpy as np

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import Thresholds
from daihoi.core.scanning.levels import LETTERS_REACH, Levels, letters_offset
from daihoi.core.scanning.marks import read_marks
from daihoi.core.scanning.readings import Gray, RowReading, RowState
from daihoi.core.scanning.strokes import read_row
from daihoi.core.scanning.template import SCALE, BlankSide, RowGeometry

from .deck import blank_ballot

PAPER, PRINT, PEN = 245, 25, 60
CONTRAST = PAPER - PRINT
#: The scanner's blur (px of the blank's raster): letters' edges a pixel or two
#: off the printing then read as ink, as on the deck's creased sheets.
BLUR = 1.0


def _scanned(side: BlankSide, *, letters: tuple[RowGeometry, int, int] | None = None) -> Gray:
    """The blank as a scan, blurred a little; ``letters``: a row's cells moved
    by (dx, dy) px before the scanner's blur, its rules left in place."""
    return _blurred(_printed(side) if letters is None else _moved(side, *letters))


def _row(side: BlankSide, number: int) -> RowGeometry:
    return next(r for r in side.rows if r.number == number)


def _line(page: Gray, x0: int, x1: int, y: int, width_px: int = 2) -> None:
    cv2.line(page, (x0, y), (x1, y), PEN, width_px)


def _first(page: Gray, side: BlankSide, g: RowGeometry) -> RowState:
    """The row read where its rules are (here, where registration put it)."""
    th = Thresholds()
    levels = Levels(
        ink=PAPER - th.ink * CONTRAST,
        faint=PAPER - th.faint * CONTRAST,
        colour=th.colour,
        page=page,
        make_colour=None,
        contrast=CONTRAST,
    )
    return read_row(levels, side, g, (0.0, 0.0), "cross_out", th).state


def _read(page: Gray, side: BlankSide) -> dict[int, tuple[RowState, tuple[float, float]]]:
    return {r.number: (r.state, r.offset_mm) for r in _rows(page, side)}


def _rows(page: Gray, side: BlankSide) -> tuple[RowReading, ...]:
    return read_marks(page, side, "cross_out", Thresholds()).rows


def test_the_letters_are_found_where_the_sheet_moved_them(
    cross_out: ElectionDefinition,
) -> None:
    side = blank_ballot(cross_out).sides[0]
    for number, dx, dy in ((3, 2, -1), (5, 0, -2), (8, -2, 0), (5, 1, 2)):
        g = _row(side, number)
        page = _scanned(side, letters=(g, dx, dy))
        assert letters_offset(page, side, g, (0.0, 0.0), CONTRAST) == (dx, dy)
        # Rules that already put the row there (to the pixel) are kept as found.
        assert letters_offset(page, side, g, (dx + 0.4, dy - 0.4), CONTRAST) == (
            dx + 0.4,
            dy - 0.4,
        )
    still = _scanned(side)
    assert letters_offset(still, side, _row(side, 3), (0.3, -0.2), CONTRAST) == (0.3, -0.2)


def test_the_letters_are_looked_for_only_within_reach_of_the_rules(
    cross_out: ElectionDefinition,
) -> None:
    side = blank_ballot(cross_out).sides[0]
    g = _row(side, 5)
    for dy in (LETTERS_REACH + 1, -(LETTERS_REACH + 2)):
        page = _scanned(side, letters=(g, 0, dy))
        found = letters_offset(page, side, g, (0.0, 0.0), CONTRAST)
        assert abs(found[0]) <= LETTERS_REACH and abs(found[1]) <= LETTERS_REACH
        # From rules two pixels off, they are found.
        near = (0.0, float(dy - (2 if dy > 0 else -2)))
        assert letters_offset(page, side, g, near, CONTRAST) == (0.0, float(dy))


def test_a_row_whose_letters_moved_is_read_kept_where_they_are(
    cross_out: ElectionDefinition,
) -> None:
    side = blank_ballot(cross_out).sides[0]
    for number, dx, dy in ((3, 2, -1), (5, 1, -2), (8, -2, 0)):
        g = _row(side, number)
        page = _scanned(side, letters=(g, dx, dy))
        assert _first(page, side, g) == "doubtful"  # the letters' edges, as ink
        found = _read(page, side)
        assert found[number] == ("kept", (round(dx / SCALE, 3), round(dy / SCALE, 3)))
        assert {state for state, _ in found.values()} == {"kept"}


def test_letters_edges_read_as_a_stroke_make_the_row_doubtful(
    cross_out: ElectionDefinition,
) -> None:
    side = blank_ballot(cross_out).sides[0]
    for number, dx, dy in ((3, -2, 0), (5, 2, -1)):
        g = _row(side, number)
        page = _scanned(side, letters=(g, dx, dy))
        # Every word's letters show a fringe as long as they are: "struck".
        assert _first(page, side, g) == "struck"
        found = _read(page, side)
        assert found[number][0] == "doubtful"
        assert {found[n][0] for n in found if n != number} == {"kept"}
        assert {r.number: r.doubt for r in _rows(page, side) if r.doubt} == {
            number: "letters_moved"
        }


def test_a_stroke_stays_what_it_is_wherever_the_letters_are(
    cross_out: ElectionDefinition,
) -> None:
    side = blank_ballot(cross_out).sides[0]
    g = _row(side, 3)
    top, baseline = g.band
    middle = (top + baseline) // 2
    word = g.words[len(g.words) // 2]
    for dx, dy in ((0, 0), (1, -2), (0, 2)):
        # Through the whole name: struck, moved letters or not.
        page = _moved(side, g, dx, dy)
        _line(page, g.words[0][0] - 6 + dx, g.words[-1][1] + 6 + dx, middle + dy, 3)
        page = _blurred(page)
        assert _read(page, side)[3][0] == "struck", (dx, dy)
    strokes = {
        "through one word": (word[0], word[1], middle),
        "along the letters' top": (g.words[0][0], g.words[1][1], top - 1),
        "under the first word": (g.words[0][0], g.words[0][1], baseline + 3),
    }
    for name, (x0, x1, y) in strokes.items():
        for dx, dy in ((1, -2), (-2, 0), (0, 2)):
            page = _moved(side, g, dx, dy)
            _line(page, x0 + dx, x1 + dx, y + dy)
            page = _blurred(page)
            found = _read(page, side)
            assert found[3][0] == "doubtful", (name, dx, dy)
            assert {found[n][0] for n in found if n != 3} == {"kept"}, (name, dx, dy)


def _moved(side: BlankSide, g: RowGeometry, dx: int, dy: int) -> Gray:
    """The blank's printing, row ``g``'s cells moved by (dx, dy) px."""
    printed = _printed(side)
    page = printed.copy()
    page[g.inner.slice()] = printed[g.inner.slice(-dx, -dy)]
    return page


def _printed(side: BlankSide) -> Gray:
    return np.where(side.printed > 0, PRINT, PAPER).astype(np.uint8)


def _blurred(page: Gray) -> Gray:
    return np.asarray(cv2.GaussianBlur(page, (0, 0), BLUR), dtype=np.uint8)
