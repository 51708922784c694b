"""Outside the rows: ink elsewhere on the page, a streak across it, the stamp,
and how much of the blank's printing the scan shows."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from functools import lru_cache

import cv2
import numpy as np
import numpy.typing as npt

from .levels import REACH_MM
from .readings import Gray, StampReading, Thresholds
from .template import INSET, SCALE, BlankSide, Box

#: A struck row's stroke may run on past the row's end by this much (mm), in the
#: row's own height: that ink is the stroke's, not ink outside the rows.
OVERRUN_MM = 6.0


def outside_ink(
    ink: Gray, blank: BlankSide, speck: int, struck: list[Box] | None = None
) -> tuple[float, float]:
    """Total and largest blob of unexplained ink outside the rows, in mm².

    A blob that starts at the end of a struck row (``struck``: their inner
    boxes), within the row's height and no longer than :data:`OVERRUN_MM`,
    is the stroke running on, not ink outside the rows."""
    frame = blank.frame
    region = (slice(frame.y0, frame.y1), slice(frame.x0, frame.x1))
    seen = cv2.bitwise_and(ink[region], blank.clear_outside[region])
    if not cv2.countNonZero(seen):
        return 0.0, 0.0
    # Half the resolution, a cell inked when two of its four pixels are: single
    # pixels of noise and dust go, and the blobs are counted four times faster.
    half = cv2.resize(seen, (seen.shape[1] // 2, seen.shape[0] // 2), interpolation=cv2.INTER_AREA)
    _, half = cv2.threshold(half, 127, 255, cv2.THRESH_BINARY)
    if not cv2.countNonZero(half):
        return 0.0, 0.0
    stats = sparse_blobs(np.asarray(half, dtype=np.uint8))
    areas = stats[:, cv2.CC_STAT_AREA] * 4
    if struck:
        x0 = frame.x0 + 2 * stats[:, cv2.CC_STAT_LEFT]
        y0 = frame.y0 + 2 * stats[:, cv2.CC_STAT_TOP]
        x1 = x0 + 2 * stats[:, cv2.CC_STAT_WIDTH]
        y1 = y0 + 2 * stats[:, cv2.CC_STAT_HEIGHT]
        rule = round((INSET + 0.5) * SCALE)
        run = round(OVERRUN_MM * SCALE)
        on = np.zeros(areas.shape, dtype=np.bool_)
        for box in struck:
            left, right = _row_ends(blank.clear_outside, box)
            within = (y0 >= box.y0 - rule) & (y1 <= box.y1 + rule) & (x1 - x0 <= run)
            # Where ink outside the rows is first looked for past the row's end
            # (the rule, grown as the printing is): a half-resolution cell's
            # width of it, and the stroke is still the row's.
            after = (x0 <= right + _CELL) & (x0 >= box.x1 - 2)
            before = (x1 >= left - _CELL) & (x1 <= box.x0 + 2)
            on |= within & (after | before)
        areas = areas[~on]
    areas = areas[areas >= speck]
    if areas.size == 0:
        return 0.0, 0.0
    per_mm2 = SCALE * SCALE
    return float(areas.sum()) / per_mm2, float(areas.max()) / per_mm2


def sparse_blobs(binary: Gray) -> npt.NDArray[np.int32]:
    """The 8-connected blobs of a mostly empty binary image, as
    ``connectedComponentsWithStats`` gives them (background left out), each
    band of lines between two empty lines labelled on its own, cut to its
    inked columns: a blob cannot cross an empty line, and labelling a whole
    page for a few specks costs more than the rest of this check."""
    found: list[npt.NDArray[np.int32]] = [np.zeros((0, 5), dtype=np.int32)]
    inked = cv2.findNonZero(binary)  # (x, y) by line, then column
    if inked is None:
        return found[0]
    inked = inked.reshape(-1, 2)
    xs, ys = inked[:, 0], inked[:, 1]
    # Where the next inked pixel is more than a line further down, a band ends.
    ends = np.flatnonzero(np.diff(ys) > 1) + 1
    for first, last in itertools.pairwise([0, *ends.tolist(), len(ys)]):
        y0, y1 = int(ys[first]), int(ys[last - 1]) + 1
        x0, x1 = int(xs[first:last].min()), int(xs[first:last].max()) + 1
        _, _, stats, _ = cv2.connectedComponentsWithStats(
            np.ascontiguousarray(binary[y0:y1, x0:x1]), connectivity=8
        )
        blobs = np.array(stats[1:], dtype=np.int32)
        blobs[:, cv2.CC_STAT_LEFT] += x0
        blobs[:, cv2.CC_STAT_TOP] += y0
        found.append(blobs)
    return np.concatenate(found)


#: A blob's edges are known to this many pixels: a cell at half resolution,
#: inked when two of its four pixels are, and a pixel of rounding.
_CELL = 3


def _row_ends(clear_outside: npt.NDArray[np.uint8], box: Box) -> tuple[int, int]:
    """Where ink outside the rows is looked for nearest a row's two ends, along
    its middle: past the rule ending the row and the printing grown around
    it. Not a fixed distance: on a list of two or three columns, the later
    columns' rules fall a pixel further from their rows' interiors (the
    columns' positions rounded to pixels), and a thicker rule would too.
    Within 4 mm; else a rule's width from the row."""
    y = (box.y0 + box.y1) // 2
    reach = round(4.0 * SCALE)
    rule = round((INSET + 0.5) * SCALE)
    line = clear_outside[y]
    ahead = np.flatnonzero(line[box.x1 : box.x1 + reach])
    behind = np.flatnonzero(line[max(box.x0 - reach, 0) : box.x0][::-1])
    right = box.x1 + int(ahead[0]) if ahead.size else box.x1 + rule
    left = box.x0 - 1 - int(behind[0]) if behind.size else box.x0 - rule
    return left, right


def find_streak(ink: Gray, blank: BlankSide, axes: tuple[float, float]) -> bool:
    """A straight line of unexplained ink along the scanner's axes, across the page.

    ``axes``: the slopes, on the page, of the image's vertical axis (x per
    y) and horizontal axis (y per x) — dirt on a scanner's glass draws a
    line along one of them. Ink is projected along each: a line is at least
    half the frame's height, or nine tenths of its width, in two columns
    (rows) of the projection.
    """
    frame = blank.frame
    region = (slice(frame.y0, frame.y1), slice(frame.x0, frame.x1))
    seen = np.asarray(cv2.bitwise_and(ink[region], blank.clear_rows[region]), dtype=np.uint8)
    # Across the page, the table's own rules a pixel or two off where the
    # blank prints them (a page not flat, a stretched feed) draw such lines.
    off_rules = np.asarray(cv2.bitwise_and(seen, _off_the_rules(blank)[region]), dtype=np.uint8)
    return _line(seen, axes[0], down=True) or _line(off_rules, axes[1], down=False)


def _line(seen: Gray, slope: float, *, down: bool) -> bool:
    """A line in ``seen`` along the image's axis of ``slope`` (x per y down, y
    per x across): half the height down, nine tenths of the width across."""
    step = 3  # to 2 pixels a millimetre: the projection tolerates a pixel of wobble
    small = cv2.resize(
        seen, (seen.shape[1] // step, seen.shape[0] // step), interpolation=cv2.INTER_AREA
    )
    ys, xs = np.nonzero(small)
    if ys.size == 0:
        return False
    height, width = small.shape
    if down:
        position, along, least = xs - slope * (ys - height / 2), ys, 0.5 * height
    else:
        position, along, least = ys - slope * (xs - width / 2), xs, 0.9 * width
    return _longest_line(np.rint(position).astype(np.intp), along, least)


#: A printed line across the page this long (mm) or longer is one of the
#: table's rules …
RULE_MM = 20.0
#: … and a streak across the page is not looked for within this much (mm)
#: above or below it. A streak there cannot strike a row: ink in the 1 mm
#: along a row's rules never joins a stroke (``edge_mm``), and ink along a
#: rule makes both rows beside it doubtful (``hidden.on_the_rules``).
OFF_RULE_MM = 1.0


@lru_cache(maxsize=8)
def _off_the_rules(blank: BlankSide) -> Gray:
    """255 away from the blank's long printed lines across the page (by
    :data:`OFF_RULE_MM` above and below them), 0 near them."""
    rules = cv2.morphologyEx(
        blank.printed, cv2.MORPH_OPEN, np.ones((1, round(RULE_MM * SCALE)), np.uint8)
    )
    reach = 2 * round(OFF_RULE_MM * SCALE) + 1
    near = cv2.dilate(rules, np.ones((reach, 1), np.uint8))
    return np.asarray(cv2.bitwise_not(near), dtype=np.uint8)


def _longest_line(
    position: npt.NDArray[np.intp], along: npt.NDArray[np.intp], least: float
) -> bool:
    """Do the points at one ``position`` (±1) cover at least ``least`` cells ``along``?"""
    shift = position - position.min()
    size = int(shift.max()) + 2
    key = shift * (int(along.max()) + 1) + along
    unique = np.unique(key)
    lines = unique // (int(along.max()) + 1)
    counts = np.bincount(lines, minlength=size)
    pairs = counts[:-1] + counts[1:]
    return bool(pairs.max() >= least)


def read_stamp(
    pixels: npt.NDArray[np.uint8],
    blank: BlankSide,
    paper: float,
    limit: float,
    th: Thresholds,
) -> StampReading:
    assert blank.stamp is not None and blank.stamp_clear is not None
    if pixels.ndim == 3:
        channels = pixels.astype(np.int16)
        blue, green, red = channels[:, :, 0], channels[:, :, 1], channels[:, :, 2]
        redness = red - np.maximum(green, blue)
        # Against the paper's own redness (the box is mostly paper): pink paper is not a stamp.
        base = float(np.median(redness))
        found = (redness - base > th.red_margin * paper) & (red > 0.3 * paper)
        share = float(np.count_nonzero(found)) / max(found.size, 1)
        return StampReading(share >= th.stamp_share, share, colour_checked=True)
    inked = (pixels <= limit) & (blank.stamp_clear > 0)
    share = float(np.count_nonzero(inked)) / max(inked.size, 1)
    return StampReading(share >= th.stamp_share, share, colour_checked=False)


def print_match_share(
    ink: Gray, blank: BlankSide, offsets: Mapping[int, tuple[float, float]] | None = None
) -> float:
    """Share of the names' printed words that the scan shows where the blank
    prints them.

    A word is found when its letters are inked on the scan clearly more than
    the same letters moved sideways (:data:`_BESIDE`): its
    *match*, (on − beside) / (1 − beside), is at least :data:`WORD_FOUND`, or
    its letters are inked :data:`_SPARSE` times as much as beside them. A
    word inked all over (:data:`_COVERED`, a scribble) is left out: nothing
    can be told under it; with every word so, the share is 0.
    Each row is placed where its column's rules put it (``offsets``, in
    pixels, as the marks are read: a page not flat moves one column's rows by
    up to a millimetre from where registration puts them), then within ±2
    pixels (a sheet-feed scanner's uneven feed), both counts with a pixel's
    tolerance. The rules, not the letters, place a row, so another list's
    names are not moved onto this ballot's. The comparison with the
    letters moved aside is what makes it hold both ways:

    - light toner on a 1-bit scan breaks the letters up (their thin strokes
      and the rules drop out, the stems stay): fewer of the letters are
      inked, but still far more than beside them;
    - a pen stroke through a word inks its letters and the paper beside
      them alike, which the ratio cancels;
    - another list's names put their letters where this ballot's are not:
      this ballot's letters are then inked no more than beside them (only
      a word the two lists share, a given name or a family name in the same
      place, is found).

    Only the letters' upright parts count (the printing eroded by a line 3
    pixels high: the stems, which a light 1-bit scan keeps), at most
    :data:`_WORD_POINTS` of them a word. A page without names matches.
    """
    seen = word_inking(ink, blank, offsets)
    if seen is None:
        return 1.0
    on, beside = seen
    told = beside < _COVERED
    if not told.any():
        return 0.0
    on, beside = on[told], beside[told]
    match = (on - beside) / (1.0 - beside)
    found = (match >= WORD_FOUND) | ((on >= _SPARSE * beside) & (on >= _SPARSE_LEAST))
    return float(np.count_nonzero(found)) / int(found.size)


def word_inking(
    ink: Gray, blank: BlankSide, offsets: Mapping[int, tuple[float, float]] | None = None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]] | None:
    """For each printed word of the names: the share of its letters inked on
    the scan (*on*), and of the same letters moved aside (*beside*); ``None``
    when the side prints no name. ``offsets``: each row's (dx, dy) in pixels
    by its number, from its column's rules."""
    words = _word_points(blank)
    if words is None:
        return None
    (y0, y1, x0, x1), points, word_of, row_of = words
    part = np.ascontiguousarray(ink[y0:y1, x0:x1])
    near = np.asarray(cv2.dilate(part, np.ones((3, 3), np.uint8)) > 0).ravel()
    width = x1 - x0
    rows = int(row_of.max()) + 1
    limit = _offset_reach()
    found = offsets or {}
    moved = np.zeros(rows, dtype=np.intp)
    for k, row in enumerate(blank.rows[:rows]):
        dx, dy = found.get(row.number, (0.0, 0.0))
        dx, dy = (int(np.clip(round(v), -limit, limit)) for v in (dx, dy))
        moved[k] = dy * width + dx
    base = points + moved[row_of]
    best = np.full(rows, -1.0)
    offset = np.zeros(rows, dtype=np.intp)
    for dy in range(-_JITTER, _JITTER + 1):
        for dx in range(-_JITTER, _JITTER + 1):
            step = dy * width + dx
            share = np.bincount(row_of, weights=near[base + step], minlength=rows)
            better = share > best
            best[better] = share[better]
            offset[better] = step
    placed = base + offset[row_of]
    count = np.bincount(word_of).astype(np.float64)
    on = np.bincount(word_of, weights=near[placed]) / count
    beside = np.mean(
        [np.bincount(word_of, weights=near[placed + shift]) / count for shift in _BESIDE], axis=0
    )
    return on, beside


#: A word is found when its letters are inked this much more than beside them
#: (as a share of what is not inked beside them) …
WORD_FOUND = 0.6
#: … or, the printing broken up (light toner on a 1-bit scan), when its letters
#: are inked this many times as much as beside them. Measured on the tuning
#: deck's light-toner pages (seeds 1–600, 9,921 words not covered): 99.9 % of
#: this ballot's words found, every page ≥ 0.89; under this ballot's code, the
#: names of another list as long (seeds 7,000–7,029, four forms): 34 % of the
#: words found (those the two lists share), every page ≤ 0.54.
_SPARSE = 3.0
#: … its letters inked at least this much (a blank sheet has neither).
_SPARSE_LEAST = 0.1
#: A word inked this much beside its letters is under a pen's stroke (a
#: scribble): it cannot be told, and is left out.
_COVERED = 0.9
#: How far (pixels) a row may be from where registration puts it, each way.
_JITTER = 2
#: The letters moved sideways by this much (pixels, 0.67 mm), each way: beside
#: them. Off a stem (2 pixels, inked ±1), short of the next one.
_BESIDE = (-4, 4)

#: The part of the page around the names (y0, y1, x0, x1), then the points
#: (flat indices into it), each point's word and each point's row.
_WordPoints = tuple[
    tuple[int, int, int, int], npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]
]


@lru_cache(maxsize=8)
def _word_points(blank: BlankSide) -> _WordPoints | None:
    """The names' letters (their upright parts) as flat indices into the part
    of the page around them, with each point's word and row."""
    reach = _offset_reach() + _JITTER + max(abs(s) for s in _BESIDE) + 2
    boxes = [(k, b) for k, row in enumerate(blank.rows) for b in row.word_boxes]
    if not boxes:
        return None
    y0 = max(0, min(b.y0 for _, b in boxes) - _ABOVE - reach)
    y1 = min(blank.height, max(b.y1 for _, b in boxes) + _ABOVE + reach)
    x0 = max(0, min(b.x0 for _, b in boxes) - reach)
    x1 = min(blank.width, max(b.x1 for _, b in boxes) + reach)
    upright = np.asarray(cv2.erode(blank.printed, np.ones((3, 1), np.uint8)), dtype=np.uint8)
    width = x1 - x0
    points: list[npt.NDArray[np.intp]] = []
    word_of: list[npt.NDArray[np.intp]] = []
    row_of: list[npt.NDArray[np.intp]] = []
    for row, box in boxes:
        top, bottom = max(y0 + reach, box.y0 - _ABOVE), min(y1 - reach, box.y1 + _ABOVE)
        ys, xs = np.nonzero(upright[top:bottom, box.x0 : box.x1])
        if ys.size == 0:
            continue
        step = -(-ys.size // _WORD_POINTS)  # evenly through the word: its share is the same
        ys, xs = ys[::step], xs[::step]
        points.append((ys + top - y0) * width + (xs + box.x0 - x0))
        word_of.append(np.full(ys.size, len(points) - 1, dtype=np.intp))
        row_of.append(np.full(ys.size, row, dtype=np.intp))
    if not points:
        return None
    return (
        (y0, y1, x0, x1),
        np.concatenate(points).astype(np.intp),
        np.concatenate(word_of),
        np.concatenate(row_of),
    )


def _offset_reach() -> int:
    """How far (pixels) a row's rules may move it, each way (as the marks)."""
    return int(np.ceil(REACH_MM * SCALE))


#: At most this many of a word's letters' pixels are looked at.
_WORD_POINTS = 48
#: Above and below a word's band (pixels): its accents and descenders.
_ABOVE = 6
