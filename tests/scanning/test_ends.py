"""A quick stroke's light end past the name (issue 14): followed by the gray
pixels on its line where no level kept it; a stroke stopping inside the
letters, or ink off its line, is no end of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
import pytest

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import strokes
from daihoi.core.scanning.ends import Letters
from daihoi.core.scanning.readings import Thresholds
from daihoi.core.scanning.strokes import _coverage
from daihoi.core.scanning.template import SCALE, RowGeometry

from .deck import Scan, blank_ballot, interpret_page
from .helpers import image, states

PAPER, PRINT, PEN, STEP = 250, 40, 150, 23.0


def _row(
    cross_out: ElectionDefinition, *, widest_first: bool = False
) -> tuple[RowGeometry, npt.NDArray[np.bool_], Any]:
    """Row 3, or (``widest_first``) the row whose first word is widest."""
    side = blank_ballot(cross_out).sides[0]
    if widest_first:
        row = max(side.rows, key=lambda r: r.words[0][1] - r.words[0][0])
    else:
        row = next(r for r in side.rows if r.number == 3)
    inner = row.inner
    cells = slice(row.cells.x0 - inner.x0, row.cells.x1 - inner.x0)
    hidden = side.visible_rows[inner.slice()] == 0
    printed = side.printed[inner.slice()][:, cells] > 0
    return row, hidden, printed


def _scan(
    row: RowGeometry,
    hidden: npt.NDArray[np.bool_],
    printed: npt.NDArray[np.bool_],
    *,
    stops: float,
    tail: int | None,
    tail_dy: int = 0,
    at_start: bool = False,
    through: int | None = None,
) -> tuple[npt.NDArray[np.bool_], Letters]:
    """A stroke from before the name to ``stops`` of its last word (its pieces
    where the letters leave them in sight), and the row's gray pixels with a
    light ``tail`` (its gray) past the last word, ``tail_dy`` off the line;
    ``at_start``: the other way, from ``stops`` of the first word (counted
    from its right) to past the name, the tail before the first word.
    ``through``: the stroke's gray through that word too, where no level
    keeps it."""
    inner = row.inner
    y = (row.band[0] + row.band[1]) // 2 - inner.y0
    first, last = row.words[0], row.words[-1]
    stroke = np.zeros(hidden.shape, dtype=np.bool_)
    if at_start:
        begin = first[1] - inner.x0 - round((first[1] - first[0]) * stops)
        stroke[y - 1 : y + 2, begin : last[1] - inner.x0 + 12] = True
    else:
        end = last[0] - inner.x0 + round((last[1] - last[0]) * stops)
        stroke[y - 1 : y + 2, first[0] - inner.x0 - 12 : end] = True
    clean = stroke & ~hidden
    left = row.cells.x0 - inner.x0
    gray = np.full(printed.shape, PAPER, dtype=np.uint8)
    gray[stroke[:, left : left + printed.shape[1]]] = PEN
    if tail is not None:
        long = round(1.2 * SCALE)
        x = first[0] - row.cells.x0 - long if at_start else last[1] - row.cells.x0
        gray[y - 1 + tail_dy : y + 2 + tail_dy, x : x + long] = tail
    if through is not None:
        end_word = first if at_start else last
        gray[y - 1 : y + 2, end_word[0] - row.cells.x0 : end_word[1] - row.cells.x0] = through
    gray[printed] = PRINT
    gray = cv2.GaussianBlur(gray, (3, 3), 0.6)
    return clean, Letters.of(gray, printed, STEP)


@pytest.mark.parametrize("at_start", [False, True])
def test_a_light_end_past_the_first_or_last_word_finishes_the_stroke(
    cross_out: ElectionDefinition, at_start: bool
) -> None:
    row, hidden, printed = _row(cross_out)
    th = Thresholds()
    clean, letters = _scan(row, hidden, printed, stops=0.4, tail=PAPER - 30, at_start=at_start)
    assert _coverage(clean, hidden, row, th)[0] < th.struck
    assert _coverage(clean, hidden, row, th, letters=lambda: letters)[0] >= th.struck


@pytest.mark.parametrize(
    ("stops", "tail", "tail_dy", "why"),
    [
        (0.4, None, 0, "no tail: the stroke stops inside the letters"),
        (0.4, PAPER - 12, 0, "a tail lighter than the faint level's step"),
        (0.4, PAPER - 30, 6, "ink past the word, off the stroke's line"),
        (0.0, PAPER - 30, 0, "the stroke never runs into the last word"),
    ],
)
@pytest.mark.parametrize("at_start", [False, True])
def test_no_end_is_made_up(
    cross_out: ElectionDefinition,
    stops: float,
    tail: int | None,
    tail_dy: int,
    why: str,
    at_start: bool,
) -> None:
    row, hidden, printed = _row(cross_out)
    th = Thresholds()
    clean, letters = _scan(row, hidden, printed, stops=stops, tail=tail, tail_dy=tail_dy,
                           at_start=at_start)  # fmt: skip
    assert _coverage(clean, hidden, row, th, letters=lambda: letters)[0] < th.struck, why


@pytest.mark.parametrize("at_start", [False, True])
def test_a_stroke_the_letters_hide_through_a_whole_end_word_is_followed_through_it(
    cross_out: ElectionDefinition, at_start: bool
) -> None:
    """A stroke that stops in the space beside the first or last word, no
    level keeping any of it in that word: its line, light where the letters
    leave it in sight and past the word, carries it through (a word as
    short as "Lê" leaves too little of it in sight)."""
    row, hidden, printed = _row(cross_out, widest_first=at_start)
    th = Thresholds()
    light = PAPER - 30
    clean, letters = _scan(row, hidden, printed, stops=0.0, tail=light, at_start=at_start,
                           through=light)  # fmt: skip
    assert _coverage(clean, hidden, row, th)[0] < th.struck
    coverage, _, unseen, _ = _coverage(clean, hidden, row, th, letters=lambda: letters)
    assert coverage >= th.struck
    # No piece of it shows in that word: its letters' darkness is asked next.
    assert (0 if at_start else len(row.words) - 1) in unseen
    # Through the word but not past it, or past it but lighter than the step
    # through the word: no stroke through it.
    for tail, through in ((None, light), (light, PAPER - 12)):
        clean, letters = _scan(row, hidden, printed, stops=0.0, tail=tail, at_start=at_start,
                               through=through)  # fmt: skip
        assert _coverage(clean, hidden, row, th, letters=_given(letters))[0] < th.struck


def _given(letters: Letters) -> Callable[[], Letters]:
    return lambda: letters


#: A thin black pen on a 150 dpi gray scan: its quick strokes' ends are lost.
THIN_GRAY = Scan(dpi=150, angle=0.6, blur=0.5, noise=2.0, colour=False)
TAPERED = {1: "tapered", 3: "tapered", 5: "tapered", 7: "tapered", 9: "tapered", 11: "tapered"}


def test_quick_strokes_on_a_coarse_gray_scan_are_struck(
    cross_out: ElectionDefinition, monkeypatch: pytest.MonkeyPatch
) -> None:
    pictures = [
        image(cross_out, rows=TAPERED, seed=seed, scan=THIN_GRAY, pen="black", pen_width=0.3)
        for seed in (2, 5, 10, 14)
    ]
    for picture in pictures:
        found = states(interpret_page(picture, cross_out))
        assert {n for n, s in found.items() if s == "struck"} == set(TAPERED)
        assert all(found[n] == "kept" for n in found if n not in TAPERED)
    # Without the ends followed, each ballot had a row read over part of the name.
    monkeypatch.setattr(strokes, "with_tails", lambda columns, *args: columns)
    for picture in pictures:
        found = states(interpret_page(picture, cross_out))
        assert any(found[n] == "doubtful" for n in TAPERED)


@pytest.mark.parametrize("style", ["short", "partial", "one_word"])
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_strokes_that_stop_short_stay_doubtful_on_the_same_scan(
    cross_out: ElectionDefinition, style: str, seed: int
) -> None:
    picture = image(cross_out, rows={4: style, 8: style, 6: "tapered"}, seed=seed,
                    scan=THIN_GRAY, pen="black", pen_width=0.3)  # fmt: skip
    found = states(interpret_page(picture, cross_out))
    assert found[4] == "doubtful" and found[8] == "doubtful"
