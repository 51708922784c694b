"""The hidden-stroke check and the page's uneven tone (issue 14): the crease of a
sheet folded in two, and its shadow, crossing a row's letters darken the paper
there, not the words; a thin stroke hidden by the letters is still seen, on the
crease or away from it."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import Thresholds
from daihoi.core.scanning.hidden import paper_by_line
from daihoi.core.scanning.marks import read_marks
from daihoi.core.scanning.template import SCALE, BlankSide, RowGeometry

from .deck import Scan, blank_ballot, interpret_page
from .helpers import image, states

PAPER, PRINT = 245, 25


def _scanned(side: BlankSide) -> npt.NDArray[np.float32]:
    """The blank as a gray scan: printing on paper, blurred a little."""
    page = np.where(side.printed > 0, PRINT, PAPER).astype(np.uint8)
    return np.asarray(cv2.GaussianBlur(page, (0, 0), 0.7), dtype=np.float32)


def _folded(page: npt.NDArray[np.float32], at: float, crease: float, shadow: float) -> None:
    """A crease along the line ``at`` (px), ``crease`` darker at its middle,
    and the shadow of the fold on the side below it, ``shadow`` darker."""
    d = np.arange(page.shape[0], dtype=np.float32) - at
    profile = 1.0 - crease * np.exp(-((d / (0.35 * SCALE)) ** 2))
    profile *= 1.0 - shadow * np.exp(-np.maximum(d, 0) / (15 * SCALE)) * (d >= 0)
    page *= profile[:, None]


def _hidden_stroke(page: npt.NDArray[np.float32], side: BlankSide, g: RowGeometry) -> None:
    """A 0.3 mm pen along the middle of the name's letters, only where the
    printing grown by a pixel is: no unexplained ink at all."""
    x0, x1 = g.words[0][0], g.words[-1][1]
    y = (g.band[0] + g.band[1]) // 2
    line = np.zeros(page.shape, dtype=np.uint8)
    cv2.line(line, (x0, y), (x1, y), 255, 2)
    on_letters = (line > 0) & (side.clear_rows == 0)
    page[on_letters] = np.minimum(page[on_letters], 60.0)


def _read(page: npt.NDArray[np.float32], side: BlankSide) -> dict[int, tuple[str, float | None]]:
    gray = np.clip(page + 0.5, 0, 255).astype(np.uint8)
    marks = read_marks(gray, side, "cross_out", Thresholds())
    return {r.number: (r.state, r.hidden) for r in marks.rows}


def _row(side: BlankSide, number: int) -> RowGeometry:
    return next(r for r in side.rows if r.number == number)


def test_a_crease_across_the_letters_is_not_a_hidden_stroke(
    cross_out: ElectionDefinition,
) -> None:
    side = blank_ballot(cross_out).sides[0]
    g = _row(side, 5)
    flat = _read(_scanned(side), side)
    for at in (g.band[0] + 3, (g.band[0] + g.band[1]) / 2, g.band[1] - 3):
        page = _scanned(side)
        _folded(page, at, crease=0.07, shadow=0.06)
        found = _read(page, side)
        assert {state for state, _ in found.values()} == {"kept"}, at
        # Every word as dark as on the flat page, to a few thousandths.
        for number, (_, hidden) in found.items():
            assert hidden is not None and abs(hidden - (flat[number][1] or 0.0)) < 0.01, at


def test_a_hidden_stroke_is_seen_on_the_crease_and_away_from_it(
    cross_out: ElectionDefinition,
) -> None:
    side = blank_ballot(cross_out).sides[0]
    creased, away = _row(side, 5), _row(side, 9)
    page = _scanned(side)
    _folded(page, (creased.band[0] + creased.band[1]) / 2, crease=0.07, shadow=0.06)
    _hidden_stroke(page, side, creased)
    _hidden_stroke(page, side, away)
    found = _read(page, side)
    assert found[5][0] == found[9][0] == "doubtful"
    assert {found[n][0] for n in found if n not in (5, 9)} == {"kept"}


def test_the_paper_level_of_a_line_leaves_out_ink_and_the_printing() -> None:
    gray = np.full((3, 40), 240, dtype=np.uint8)
    gray[1] = 223  # a crease along the second line, 7 % darker
    gray[0, :10] = 30  # a pen, or dust, on the first
    away = np.full(gray.shape, 255, dtype=np.uint8)
    away[2, 2:] = 0  # the third line is all printing but two pixels
    level = paper_by_line(gray, away, paper=245.0, lightest=210.0)
    assert level.shape == (3, 1)
    assert level[:, 0].tolist() == [240.0, 223.0, 245.0]  # the last: the page's


def test_a_folded_gray_scan_reads_clean(cross_out: ElectionDefinition) -> None:
    # Drawn by the deck: its crease crossed row 5's letters and the page's
    # single paper level read that row 8.5 % darker than usual (doubtful).
    scan = Scan(dpi=200, colour=False, angle=0.7, blur=0.5, noise=2.0, fold=2)
    reading = interpret_page(image(cross_out, rows={2: "line"}, scan=scan, seed=14), cross_out)
    assert reading.review == ()
    assert states(reading) == {n: "struck" if n == 2 else "kept" for n in range(1, 13)}
