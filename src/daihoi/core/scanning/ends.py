"""The gray pixels on a stroke's line, where the ink levels lose it: a
quick stroke's light end past the name's first or last letter, a word whose
letters' fringe took in all of the stroke, a light line through a word of a
row otherwise unmarked.

A quick stroke is lighter and thinner where it lands and where it leaves.
When its end runs out of the name, the last letters hide it and the tail
past them is short and light: the reader's margin round the printing
(where a thin line is taken for the letters' fringe) and its least piece of
ink leave nothing of it, so the stroke's pieces stop inside the word and
the row would be read struck over only part of it.

The gray pixels still show the tail: on the stroke's line, just past the
word's edge, the paper is darker than the same column's paper above and
below it. Each column is compared with its own paper, so the toner, the
scan's tone, a crease across the row and the letters' blur beside it cancel
out. Such a tail joins the stroke as a piece of it, and the stroke's gaps are
then bridged as any other (``strokes._bridge``): over letters that could
hide it, never over more clear paper than a lifted pen leaves.

A stroke that stops inside the letters leaves no tail past them: it is
still a stroke that stops short.

Sometimes no level keeps any of the stroke in the end word at all: its
pieces stop in the space beside it. Ink past the word on the same line is
then not enough (it may be another mark). The line must also show through
the word itself, where its letters leave it in sight: between them and in
their counters. The word's letters are then still asked their darkness,
as for any word a struck row's stroke does not show in.

The letters' fringe, which the ink level leaves out, can take in the whole
of a word, so that a stroke along the letters' middle shows only in the
spaces beside it: its line through the word is looked for the same way
(:func:`seen_through`). And a thin light pen on a coarse colour scan can
leave no more than a speck of faint ink where it crosses a space, which dust
leaves too: on a line the gray pixels show through a word beside it, the row
is no longer read unmarked (:func:`light_line_through`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from .readings import Gray, Thresholds
from .template import SCALE

#: The stroke's line is fitted over this many mm of it before the word's end.
FIT_MM = 8.0
#: Past the word's edge, the tail is looked for over this many mm …
PAST_MM = 0.5
#: … and must show in this many of those columns.
PAST_SHOWING = 2
#: A pixel this close (px, up or down) to the printing is its fringe.
FRINGE_PX = 2
#: The fitted line rises or falls by at most this much (px a px).
MAX_SLOPE = 0.3
#: The line is looked for this far (px) up or down from where it is fitted …
REACH_PX = 2
#: … and a column's paper this far from it or more.
AWAY_PX = 4
#: A stroke's line shows through a word (:func:`_through`) only where the
#: letters leave it in sight in this many columns or more …
THROUGH_LEAST = 4
#: … and shows in this share of them.
THROUGH_SHARE = 0.5
#: A stroke shows in a word this far (mm) inside the word's ends: not where
#: a stroke stopping in the space beside it reaches into the first letter.
INSET_MM = 0.5
#: A word the stroke shows in nowhere at the ink level is looked through
#: along the line its pixels take within this many mm on either side …
NEAR_MM = 4.0
#: … in this many columns or more on each side.
SIDE_LEAST = 2
#: A speck of faint ink in a row read unmarked is looked at with the words
#: it lies in or within this many mm of …
LIGHT_NEAR_MM = 1.0
#: … along a line sloping as the speck does, at most this much (px a px).
LIGHT_SLOPE = 0.1


@dataclass(frozen=True, slots=True)
class Letters:
    """A row's number and name cells as scanned: the gray pixels, the pixels
    the blank prints or lies within ``FRINGE_PX`` above or below, and how
    much darker than its column's paper a pixel on a stroke's line must be
    (the faint level's step from the paper)."""

    gray: Gray
    near: npt.NDArray[np.bool_]
    step: float

    @classmethod
    def of(cls, gray: Gray, printed: npt.NDArray[np.bool_], step: float) -> Letters:
        kernel = np.ones((2 * FRINGE_PX + 1, 1), dtype=np.uint8)
        near = np.asarray(cv2.dilate(printed.astype(np.uint8), kernel) > 0, dtype=np.bool_)
        return cls(gray, near, step)


def with_tails(
    columns: npt.NDArray[np.bool_],
    struck: npt.NDArray[np.bool_],
    lines: npt.NDArray[np.bool_],
    words: list[tuple[int, int]],
    letters: Callable[[], Letters],
    th: Thresholds,
) -> npt.NDArray[np.bool_]:
    """``columns`` (the stroke's, over the cells) with the tail past the first
    or the last word where the stroke (``lines``, its pixels) runs into that
    word from the name's inside, its pieces stop there (``struck``: the
    columns bridged), and the gray pixels show it on its line past the word.

    Only when every other word is struck through already: the name is then
    struck but for an end. ``letters`` is called only then. ``columns``
    itself when no tail is found."""
    if not words:
        return columns
    shares = [float(struck[a:b].mean()) if b > a else 1.0 for a, b in words]
    short = [k for k, share in enumerate(shares) if share < th.struck]
    if not short or not set(short) <= {0, len(words) - 1}:
        return columns
    out = columns
    for k in short:
        a, b = words[k]
        # The last word's end, unless the name's only word is entered from its right.
        rightwards = k == len(words) - 1 and (k > 0 or bool(struck[a]))
        # The space between the word and the next one in (none for one word).
        if len(words) == 1:
            space = (a, a)
        else:
            space = (words[k - 1][1], a) if rightwards else (b, words[k + 1][0])
        tail = _tail(lines, letters(), struck, (a, b), space, rightwards=rightwards)
        if tail is not None:
            out = out.copy() if out is columns else out
            out[tail[0] : tail[1]] = True
    return out


def _tail(
    lines: npt.NDArray[np.bool_],
    letters: Letters,
    struck: npt.NDArray[np.bool_],
    word: tuple[int, int],
    space: tuple[int, int],
    *,
    rightwards: bool,
) -> tuple[int, int] | None:
    """The columns past ``word`` (``PAST_MM`` of them) where the stroke shows,
    when it runs into the word from the other side without a break and
    stops in it; its line fitted over its last ``FIT_MM`` before the word's
    edge, from the columns where the printing leaves all of it in sight.

    When the stroke stops in ``space`` (the columns between the word and
    the next one in) with none of it in the word, the line must show
    through the word too (``THROUGH_LEAST``, ``THROUGH_SHARE``): the
    columns returned then run from the tail over the whole word."""
    a, b = word
    covered = struck[a:b]
    entered = covered[0] if rightwards else covered[-1]
    if covered.all():
        return None
    whole = not covered.any()
    if whole:
        # The stroke stops in the space beside the word: the letters may
        # have hidden all of it there.
        if not (struck[space[0] : space[1]].any()):
            return None
        stop = a if rightwards else b
    elif entered:
        bare = np.flatnonzero(~covered)
        stop = a + int(bare[0]) if rightwards else a + int(bare[-1]) + 1
        if (struck[stop:b] if rightwards else struck[a:stop]).any():
            return None  # struck again further out: not an end the letters hid
    else:
        return None
    height, width = lines.shape
    fit, past = round(FIT_MM * SCALE), round(PAST_MM * SCALE)
    if rightwards:
        before = range(max(0, stop - fit), stop)
        beyond = range(b, min(width, b + past))
    else:
        before = range(stop, min(width, stop + fit))
        beyond = range(max(0, a - past), a)
    xs, ys = _points(lines, letters, before)
    if len(xs) < 3 or len(beyond) < PAST_SHOWING:
        return None
    slope, level = line = _line(xs, ys)
    showing = [x for x in beyond if _shade(letters, x, slope * x + level, height)]
    if len(showing) < PAST_SHOWING:
        return None
    if not whole:
        return (min(showing), max(showing) + 1)
    # Through the word too, where its letters leave the line in sight
    # (between them, in their counters): else ink past the word is no end of
    # this stroke.
    if not _through(letters, line, range(a, b)):
        return None
    return (a, max(showing) + 1) if rightwards else (min(showing), b)


def seen_through(
    lines: npt.NDArray[np.bool_],
    letters: Letters,
    words: list[tuple[int, int]],
    shown: list[bool],
    band: tuple[int, int],
) -> list[bool]:
    """``shown`` (whether the stroke shows between each word's letters), with
    a word no level kept any of the stroke in taken as shown when the gray
    pixels show the stroke's line through it.

    The letters' fringe, which the ink level leaves out, can take in the
    whole of a word, so that a stroke along the letters' middle shows only
    in the spaces beside it. Its line is then fitted over its pixels
    (``lines``) within ``NEAR_MM`` on both sides of the word, in at least
    ``SIDE_LEAST`` columns on each; it must run in the letters' ``band``
    and show through the word where its letters leave it in sight
    (:func:`_through`), ``INSET_MM`` inside the word's ends as for the ink. Two
    strokes stopping on either side of a word left standing, a ring round
    it, or a bow above it leave the paper on that line bare."""
    width = lines.shape[1]
    near, inset = round(NEAR_MM * SCALE), round(INSET_MM * SCALE)
    out = list(shown)
    for k, (a, b) in enumerate(words):
        if shown[k] or b - a <= 2 * inset:
            continue
        left = _points(lines, letters, range(max(0, a - near), a))
        right = _points(lines, letters, range(b, min(width, b + near)))
        if min(len(left[0]), len(right[0])) < SIDE_LEAST:
            continue
        slope, level = line = _line(left[0] + right[0], left[1] + right[1])
        inside = [x for x in range(a + inset, b - inset) if band[0] <= slope * x + level < band[1]]
        out[k] = len(inside) == b - a - 2 * inset and _through(letters, line, inside)
    return out


def light_line_through(
    faint: npt.NDArray[np.bool_],
    letters: Letters,
    words: list[tuple[int, int]],
    band: tuple[int, int],
) -> bool:
    """Whether a light stroke runs through a word of a row read unmarked: a
    piece of faint ink (``faint``, over the cells) in the letters' ``band``,
    in a word or within ``LIGHT_NEAR_MM`` of it, lies on a line the gray
    pixels show through that word (:func:`_through`).

    A thin, light pen on a coarse colour scan (its colour lost to the blur
    and the JPEG's halved colour) may leave no ink at all and a speck of
    faint ink where it crosses a space: too little to tell from dust by
    area. Dust lies on no line through the letters beside it. The line is
    level through the piece's middle, or as it slopes when the piece is
    long enough to say (within ``LIGHT_SLOPE``)."""
    part = np.ascontiguousarray(faint, dtype=np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(part, connectivity=8)
    near, inset = round(LIGHT_NEAR_MM * SCALE), round(INSET_MM * SCALE)
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == i)
        middle = y + float(ys.mean())
        if not band[0] <= middle < band[1]:
            continue
        slope = 0.0
        if w >= 4:
            slope = float(np.clip(np.polyfit(xs, ys, 1)[0], -LIGHT_SLOPE, LIGHT_SLOPE))
        line = (slope, middle - slope * (x + float(xs.mean())))
        for a, b in words:
            if x + w < a - near or x > b + near or b - a <= 2 * inset:
                continue
            if _through(letters, line, range(a + inset, b - inset)):
                return True
    return False


def _points(
    lines: npt.NDArray[np.bool_], letters: Letters, columns: range
) -> tuple[list[float], list[float]]:
    """The stroke's middle (x, y) in each of ``columns`` where the printing
    leaves the whole of its width in sight: nothing printed just above or
    below it."""
    xs: list[float] = []
    ys: list[float] = []
    for x in columns:
        found = np.flatnonzero(lines[:, x])
        if found.size and not letters.near[max(0, found[0] - 1) : found[-1] + 2, x].any():
            xs.append(float(x))
            ys.append(float(found.mean()))
    return xs, ys


def _line(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """The line (slope, level at x = 0) through the points: no steeper than a
    stroke within its row, through their middle."""
    along, across = np.asarray(xs), np.asarray(ys)
    slope = float(np.clip(np.polyfit(along, across, 1)[0], -MAX_SLOPE, MAX_SLOPE))
    return slope, float(across.mean() - slope * along.mean())


def _through(letters: Letters, line: tuple[float, float], columns: list[int] | range) -> bool:
    """Whether the stroke's ``line`` shows through ``columns`` (a word's)
    where the letters leave it in sight (:func:`_shade`): in
    ``THROUGH_LEAST`` columns or more, in ``THROUGH_SHARE`` of them, and in
    the middle third of the columns (two strokes stopping a little way into
    the word from either side do not)."""
    slope, level = line
    height = letters.gray.shape[0]
    shades = [_shade(letters, x, slope * x + level, height, between=True) for x in columns]
    sighted = [shade for shade in shades if shade is not None]
    if len(sighted) < THROUGH_LEAST or sum(sighted) < THROUGH_SHARE * len(sighted):
        return False
    third = len(shades) // 3
    return any(shades[third : len(shades) - third])


def _shade(
    letters: Letters, x: int, at: float, height: int, *, between: bool = False
) -> bool | None:
    """Whether column ``x`` is darker within ``REACH_PX`` of row ``at`` than its
    own paper (``AWAY_PX`` or more from it) by ``letters.step``; ``None`` when
    the column does not show that row (something printed there) or has too
    little paper of its own to compare.

    ``between``: the column lies between letters. Beside a letter's stem
    the scan's blur darkens the paper: where the columns either side print
    at that row, the column is then compared with its paper beside the same
    letters only (the rows where those columns print), which the blur
    darkens alike."""
    y = round(at)
    low, high = y - REACH_PX, y + REACH_PX + 1
    if low < 0 or high > height:
        return None
    near = letters.near
    if near[low:high, x].any():
        return None
    paper = (np.abs(np.arange(height) - y) >= AWAY_PX) & ~near[:, x]
    if between:
        beside: npt.NDArray[np.bool_] = np.asarray(near[:, max(0, x - 1) : x + 2].any(axis=1))
        if beside[low:high].any():
            paper &= beside
    if np.count_nonzero(paper) < 3:
        return None
    column = letters.gray[:, x].astype(np.float32)
    return bool(np.median(column[paper]) - column[low:high].min() >= letters.step)
