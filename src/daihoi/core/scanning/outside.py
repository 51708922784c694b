"""Outside the rows: ink elsewhere on the page, a streak across it, the stamp,
and how much of the blank's printing the scan shows."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

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
    _, _, stats, _ = cv2.connectedComponentsWithStats(half, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA] * 4
    if struck:
        x0 = frame.x0 + 2 * stats[1:, cv2.CC_STAT_LEFT]
        y0 = frame.y0 + 2 * stats[1:, cv2.CC_STAT_TOP]
        x1 = x0 + 2 * stats[1:, cv2.CC_STAT_WIDTH]
        y1 = y0 + 2 * stats[1:, cv2.CC_STAT_HEIGHT]
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
    seen = cv2.bitwise_and(ink[region], blank.clear_rows[region])
    step = 3  # to 2 pixels a millimetre: the projection tolerates a pixel of wobble
    small = cv2.resize(
        seen, (seen.shape[1] // step, seen.shape[0] // step), interpolation=cv2.INTER_AREA
    )
    ys, xs = np.nonzero(small)
    if ys.size == 0:
        return False
    height, width = small.shape
    down = np.rint(xs - axes[0] * (ys - height / 2)).astype(np.intp)
    across = np.rint(ys - axes[1] * (xs - width / 2)).astype(np.intp)
    return _longest_line(down, ys, 0.5 * height) or _longest_line(across, xs, 0.9 * width)


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


def print_match_share(ink: Gray, blank: BlankSide) -> float:
    """Share of the blank's solid printing that is inked on the scan (±2 pixels
    along each axis: a sheet-feed scanner's uneven feed, a page not flat)."""
    core = blank.core
    if core.size == 0:
        return 1.0
    flat = ink.ravel()
    width = ink.shape[1]
    hit = np.zeros(core.size, dtype=np.uint8)
    for step in (0, -1, 1, -2, 2, -width, width, -2 * width, 2 * width):
        hit |= flat[np.clip(core + step, 0, flat.size - 1)]
    return float(np.count_nonzero(hit)) / core.size
