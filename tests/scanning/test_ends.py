"""The gray pixels on a stroke's line where no level kept it (issue 14): a
quick stroke's light end past the name, a word the letters' fringe took in
whole, a light line through a word of a row otherwise unmarked. A stroke
stopping inside the letters, ink off its line, a word left standing between
two strokes and dust beside a word are none of these."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
import pytest

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import strokes
from daihoi.core.scanning.ends import Letters, _through, light_line_through, seen_through
from daihoi.core.scanning.readings import Thresholds
from daihoi.core.scanning.strokes import _coverage
from daihoi.core.scanning.template import SCALE, RowGeometry

from .deck import Scan, blank_ballot, interpret_page
from .helpers import image, reasons, states

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


def _middle(
    row: RowGeometry,
    hidden: npt.NDArray[np.bool_],
    printed: npt.NDArray[np.bool_],
    *,
    through: bool,
    blur: float = 0.6,
    reach: float = 0.0,
    y: int | None = None,
) -> tuple[npt.NDArray[np.bool_], Letters, int]:
    """A stroke along the letters' middle (or at row ``y`` of the row) from
    before the name to past it, no piece of it kept in the middle word (the
    letters' fringe took it in), and the row's gray pixels: the stroke
    through that word too (``through``), or two strokes stopping in the
    spaces either side of it, or ``reach`` of the word's width into it from
    either side. Also the middle word's index."""
    inner = row.inner
    k = len(row.words) // 2
    if y is None:
        y = (row.band[0] + row.band[1]) // 2 - inner.y0
    first, last, word = row.words[0], row.words[-1], row.words[k]
    stroke = np.zeros(hidden.shape, dtype=np.bool_)
    stroke[y - 1 : y + 2, first[0] - inner.x0 - 12 : last[1] - inner.x0 + 12] = True
    clean = stroke & ~hidden
    a, b = word[0] - inner.x0, word[1] - inner.x0
    clean[:, a - 1 : b + 1] = False
    left = row.cells.x0 - inner.x0
    drawn = stroke.copy() if through else clean.copy()
    if reach:
        into = round((b - a) * reach)
        drawn[y - 1 : y + 2, a : a + into] = drawn[y - 1 : y + 2, b - into : b] = True
    drawn = drawn[:, left : left + printed.shape[1]]
    gray = np.full(printed.shape, PAPER, dtype=np.uint8)
    gray[drawn] = PEN
    gray[printed] = PRINT
    gray = cv2.GaussianBlur(gray, (0, 0), blur)
    return clean, Letters.of(gray, printed, STEP), k


def test_a_stroke_the_letters_hide_in_a_whole_middle_word_is_seen_through_it(
    cross_out: ElectionDefinition,
) -> None:
    """No piece of the stroke in the middle word: the word is unseen (its
    darkness is asked) unless the gray pixels show the stroke's line between
    its letters."""
    row, hidden, printed = _row(cross_out)
    assert len(row.words) >= 3
    th = Thresholds()
    clean, letters, k = _middle(row, hidden, printed, through=True)
    coverage, _, unseen, _ = _coverage(clean, hidden, row, th)
    assert coverage >= th.struck and k in unseen
    coverage, _, unseen, _ = _coverage(clean, hidden, row, th, letters=_given(letters))
    assert coverage >= th.struck and k not in unseen


@pytest.mark.parametrize(("blur", "reach"), [(0.6, 0.0), (1.0, 0.0), (1.4, 0.0), (0.6, 0.3)])
def test_a_word_left_standing_between_two_strokes_is_not_seen_through(
    cross_out: ElectionDefinition, blur: float, reach: float
) -> None:
    """Two strokes stopping in the spaces either side of the middle word, or
    ``reach`` of the way into it from either side: the paper on their line
    between its letters is bare (in its middle third, at least), however
    much the scan's blur darkens it beside the stems."""
    row, hidden, printed = _row(cross_out)
    th = Thresholds()
    clean, letters, k = _middle(row, hidden, printed, through=False, blur=blur, reach=reach)
    _, _, unseen, _ = _coverage(clean, hidden, row, th, letters=_given(letters))
    assert k in unseen


@pytest.mark.parametrize(
    ("spans", "through"),
    [
        (((0, 60),), True),
        (((0, 19), (41, 60)), False),  # two strokes stopping short of the middle third
        (((0, 19),), False),
    ],
)
def test_a_line_shows_through_a_word_only_across_its_middle_third(
    spans: tuple[tuple[int, int], ...], through: bool
) -> None:
    """On a word whose letters leave the line in sight everywhere, darker
    columns in two thirds of it are not a stroke through it unless some are
    in its middle third."""
    gray = np.full((40, 60), PAPER, dtype=np.uint8)
    for a, b in spans:
        gray[19:22, a:b] = PEN
    letters = Letters.of(gray, np.zeros(gray.shape, dtype=np.bool_), STEP)
    assert _through(letters, (0.0, 20.0), range(60)) is through


def test_a_line_below_the_letters_band_is_not_seen_through_a_word(
    cross_out: ElectionDefinition,
) -> None:
    """A line under the middle word (below the letters' band, where only the
    descenders hide it) does not go through its letters."""
    row, hidden, printed = _row(cross_out)
    below = row.band[1] - row.inner.y0 + 1
    clean, letters, k = _middle(row, hidden, printed, through=True, y=below)
    words = [(a - row.cells.x0, b - row.cells.x0) for a, b in row.words]
    left = row.cells.x0 - row.inner.x0
    band = (row.band[0] - row.inner.y0, row.band[1] - row.inner.y0)
    shown = [i != k for i in range(len(words))]
    assert not seen_through(clean[:, left:], letters, words, shown, band)[k]
    # The same line counts where the band is taken to reach it.
    assert seen_through(clean[:, left:], letters, words, shown, (band[0], below + 3))[k]


@pytest.mark.parametrize(
    ("line", "dy", "away", "found"),
    [
        (True, 0, 0, True),
        (False, 0, 0, False),  # dust beside the word, nothing through it
        (True, 6, 0, False),  # a line through the word, but not the speck's
        (True, 0, 12, False),  # the speck 2 mm from the word: no part of it
    ],
)
def test_a_speck_of_faint_ink_on_a_light_line_through_a_word_is_a_stroke(
    cross_out: ElectionDefinition, line: bool, dy: int, away: int, found: bool
) -> None:
    row, _, printed = _row(cross_out)
    inner = row.inner
    k = len(row.words) // 2
    y = (row.band[0] + row.band[1]) // 2 - inner.y0
    a, b = (v - row.cells.x0 for v in row.words[k])
    faint = np.zeros(printed.shape, dtype=np.bool_)
    faint[y - 1 : y + 2, a - 6 - away : a - 1 - away] = True
    gray = np.full(printed.shape, PAPER, dtype=np.uint8)
    if line:
        gray[y + dy - 1 : y + dy + 1, a - 6 - away : b + 6] = PAPER - 40
    gray[printed] = PRINT
    letters = Letters.of(cv2.GaussianBlur(gray, (0, 0), 0.6), printed, STEP)
    words = [(x0 - row.cells.x0, x1 - row.cells.x0) for x0, x1 in row.words]
    band = (row.band[0] - inner.y0, row.band[1] - inner.y0)
    assert light_line_through(faint, letters, words, band) is found


#: A thin light pen on a 150 dpi colour JPEG: its colour blurred away.
LIGHT_COLOUR = Scan(dpi=150, colour=True, angle=1.1, blur=0.2, noise=0.8, jpeg=70)
SHORT = {2: "short", 5: "short", 8: "short", 11: "short"}


def test_short_light_strokes_on_a_coarse_colour_scan_are_not_kept(
    cross_out: ElectionDefinition, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A short stroke of a thin light-blue pen leaves a speck of faint ink
    at most: followed along its line through the word, it is doubtful; no
    row left standing is."""
    picture = image(cross_out, rows=SHORT, seed=7, scan=LIGHT_COLOUR, pen="light_blue",
                    pen_width=0.25)  # fmt: skip
    found = reasons(interpret_page(picture, cross_out))
    assert set(found) == set(SHORT)
    assert "light_line" in found.values()
    monkeypatch.setattr(strokes, "_light_line", lambda *args: False)
    found = reasons(interpret_page(picture, cross_out))
    assert set(found) < set(SHORT)


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
