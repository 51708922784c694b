"""Levels and alignment: the paper's and the black's levels, the page flattened,
each row's offset from its table's rules, ink cut and thresholded, and the
unexplained ink (what the blank does not print)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
import numpy.typing as npt

from .readings import Gray
from .template import (
    LOOSE_GROWTH,
    SCALE,
    THIN,
    BlankSide,
    Box,
    ColumnRules,
    RowGeometry,
    peak,
)

#: How far a row may sit from where registration puts it, in millimetres.
REACH_MM = 1.5

#: The paper's own level is taken as the brightest within this (mm) …
_FLATTEN_MM = 11
#: … where it is at least this share of the page's paper (not a dark backing).
_FLATTEN_LEAST = 0.6


def flatten(page: Gray, paper: float, blank: BlankSide | None = None) -> Gray:
    """The page as if lit evenly: divided by the paper's own level around each
    point (the brightest within :data:`_FLATTEN_MM`, smoothed), so that the
    shadow of a fold or a page not flat on the glass is not ink. A pen stroke,
    thinner than that, keeps its darkness."""
    height, width = page.shape
    step = round(SCALE)
    small = cv2.resize(page, (width // step, height // step), interpolation=cv2.INTER_AREA)
    size = _FLATTEN_MM
    level = cv2.dilate(small, np.ones((size, size), dtype=np.uint8))
    level = cv2.GaussianBlur(level, (0, 0), size / 4)
    level = np.maximum(level, np.uint8(min(255.0, _FLATTEN_LEAST * paper)))
    where = level
    if blank is not None and blank.rows:  # where it matters most: the table
        y0 = min(r.inner.y0 for r in blank.rows) // step
        y1 = max(r.inner.y1 for r in blank.rows) // step + 1
        x0 = min(r.inner.x0 for r in blank.rows) // step
        x1 = max(r.inner.x1 for r in blank.rows) // step + 1
        where = level[y0:y1, x0:x1]
    if where.size == 0 or int(where.min()) >= paper - 3:
        return page  # evenly lit already
    # The level is never below a share of the paper's: a dark backing beyond the
    # sheet stays dark.
    full = cv2.resize(level, (width, height), interpolation=cv2.INTER_LINEAR)
    return np.asarray(cv2.divide(page, full, scale=paper), dtype=np.uint8)


def below(page: Gray, limit: float) -> Gray:
    """255 where ``page`` is at most ``limit``: ink."""
    _, binary = cv2.threshold(page, limit, 255, cv2.THRESH_BINARY_INV)
    return np.asarray(binary, dtype=np.uint8)


def paper_and_black(page: Gray, blank: BlankSide) -> tuple[float, float]:
    sample = np.ascontiguousarray(page[::3, ::3])  # the median of a ninth is the median
    histogram = cv2.calcHist([sample], [0], None, [256], [0, 256]).ravel()
    cumulative = np.cumsum(histogram)
    paper = float(np.searchsorted(cumulative, cumulative[-1] * 0.5))
    # A square lost (folded over, cut off, faded: a page registered by the
    # table's rules) is no black: only the squares darker than half the paper.
    cores = [page[box.slice()] for box in blank.black_boxes]
    cores = [c for c in cores if c.size and float(np.median(c)) < paper / 2]
    if cores:
        black = float(np.median(np.concatenate([c.ravel() for c in cores])))
    else:  # none left: the darkest of the printing
        black = float(np.searchsorted(cumulative, cumulative[-1] * 0.002))
    return paper, min(black, paper - 1.0)


def row_offsets(page: Gray, blank: BlankSide, contrast: float) -> dict[int, tuple[float, float]]:
    """Each row's (dx, dy) in pixels (to a tenth), from its table column's rules.

    dy is the mean of where the row's own top and bottom rules are found, each
    taken as the median with its neighbours' (a page that is not flat, along
    a crease, moves a few rows; a pen stroke near one rule moves one), and
    the column's straight fit where they are not found.
    """
    reach = round(REACH_MM * SCALE)
    found: dict[int, tuple[float, float]] = {}
    for column in blank.columns:
        dx = _column_dx(page, column, reach, contrast)
        fit, shifts = _column_dy(page, column, reach, contrast)
        rows = [row for row in blank.rows if row.column == column.column]
        for k, row in enumerate(rows):
            middle = (row.inner.y0 + row.inner.y1) / 2
            straight = fit[0] + fit[1] * middle
            # rules_y: the header's top and bottom, then each row's bottom.
            local = [v for v in (shifts[k + 1], shifts[k + 2]) if v is not None]
            dy = float(np.mean(local)) if local else straight
            dy = float(np.clip(dy, -reach, reach))
            found[row.number] = (round(dx, 2), round(dy, 2))
    for row in blank.rows:
        found.setdefault(row.number, (0.0, 0.0))
    return found


#: How far (pixels, each way) a row's letters are looked for around where its
#: rules put it, when a first reading finds ink the blank does not explain.
LETTERS_REACH = 2
#: The letters' match (darkness on them less darkness just around them, of the
#: page's contrast) must be better by this much than where the rules put them.
LETTERS_MARGIN = 0.08


def letters_offset(
    page: Gray, blank: BlankSide, row: RowGeometry, offset: tuple[float, float], contrast: float
) -> tuple[float, float]:
    """Where the row's own printing is on the scan, to the pixel, within
    :data:`LETTERS_REACH` of ``offset`` (from its rules).

    A sheet that is not flat moves a few millimetres of it at a crease: the
    rules each side of a row can be found a pixel or two from its letters, and
    the letters' edges then read as ink. The match of an offset is how much
    darker the page is on the blank's printing of the number and name cells
    than on the two pixels around it (one correlation for every offset at
    once); an even shade (a crease, a shadow) cancels out. ``offset`` rounded
    is kept unless another is better by :data:`LETTERS_MARGIN` of the page's
    contrast."""
    template = _letters_template(blank, row.number)
    if template is None:
        return offset
    (top, left), weights = template
    x0, y0 = round(offset[0]), round(offset[1])
    reach = LETTERS_REACH
    # The scan around the letters' template, moved by every offset within reach.
    ay, ax = row.cells.y0 + top + y0 - reach, row.cells.x0 + left + x0 - reach
    height, width = (n + 2 * reach for n in weights.shape)
    if ay < 0 or ax < 0 or ay + height > page.shape[0] or ax + width > page.shape[1]:
        return offset
    area = page[ay : ay + height, ax : ax + width].astype(np.float32)
    scores = cv2.matchTemplate(area, weights, cv2.TM_CCORR) / contrast
    here = float(scores[reach, reach])
    dy, dx = np.unravel_index(int(np.argmax(scores)), scores.shape)
    if float(scores[dy, dx]) < here + LETTERS_MARGIN:
        return offset
    return float(x0 + dx - reach), float(y0 + dy - reach)


#: The ring around the letters their match compares them with (pixels).
_RING = 2


@lru_cache(maxsize=1024)
def _letters_template(
    blank: BlankSide, number: int
) -> tuple[tuple[int, int], npt.NDArray[np.float32]] | None:
    """Row ``number``'s printing in its cells, cut to the letters' box with
    :data:`_RING` pixels round it: the box's top-left in the cells, and
    weights summing to 1 over the ring and to −1 over the printing."""
    row = next(r for r in blank.rows if r.number == number)
    printed = blank.printed[row.cells.slice()] > 0
    if not printed.any():
        return None
    ys, xs = np.nonzero(printed)
    top, left = int(ys.min()) - _RING, int(xs.min()) - _RING
    # The padded array starts _RING pixels before the cells.
    bottom, right = int(ys.max()) + 1 + 2 * _RING, int(xs.max()) + 1 + 2 * _RING
    letters = np.pad(printed, _RING)[top + _RING : bottom, left + _RING : right]
    size = 2 * _RING + 1
    grown = cv2.dilate(letters.astype(np.uint8), np.ones((size, size), dtype=np.uint8)) > 0
    ring = grown & ~letters
    weights = ring / max(int(ring.sum()), 1) - letters / int(letters.sum())
    return (top, left), weights.astype(np.float32)


def _shift(profile: npt.NDArray[np.float64], at: float, reach: int, least: float) -> float | None:
    """How far the rule the blank has at ``at`` is on the scan (sub-pixel)."""
    found = peak(profile, round(at), reach)
    if found is None or found[1] < least:
        return None
    return found[0] - at


def _column_dy(
    page: Gray, column: ColumnRules, reach: int, contrast: float
) -> tuple[tuple[float, float], list[float | None]]:
    """dy = a + b·y, fitted on the column's horizontal rules (outliers left out),
    and each rule's own shift, the median of it and its neighbours' (``None``:
    not found)."""
    top = max(0, round(column.rules_y[0]) - reach)
    bottom = min(page.shape[0], round(column.rules_y[-1]) + reach + 1)
    profile = np.zeros(bottom - top, dtype=np.float64)
    for a, b in column.strips_x:
        profile += 255.0 - page[top:bottom, a:b].mean(axis=1)
    profile /= len(column.strips_x)
    raw = [_shift(profile, y - top, reach, 0.25 * contrast) for y in column.rules_y]
    smooth: list[float | None] = []
    for i, value in enumerate(raw):
        near = [v for v in raw[max(0, i - 1) : i + 2] if v is not None]
        smooth.append(float(np.median(near)) if value is not None and len(near) >= 2 else None)
    points = [(y, d) for y, d in zip(column.rules_y, raw, strict=True) if d is not None]
    if not points:
        return (0.0, 0.0), smooth
    ys = np.array([p[0] for p in points], dtype=np.float64)
    ds = np.array([p[1] for p in points], dtype=np.float64)
    keep = np.abs(ds - np.median(ds)) <= 2
    ys, ds = ys[keep], ds[keep]
    if len(ys) < 3 or float(ys.max() - ys.min()) < 1:
        return (float(np.median(ds)), 0.0), smooth
    slope, intercept = np.polyfit(ys, ds, 1)
    return (float(intercept), float(slope)), smooth


def _column_dx(page: Gray, column: ColumnRules, reach: int, contrast: float) -> float:
    top, bottom = column.span_y
    lo = max(0, round(min(column.rules_x)) - reach)
    hi = min(page.shape[1], round(max(column.rules_x)) + reach + 1)
    band = page[top:bottom, lo:hi]
    profile = 255.0 - np.asarray(cv2.reduce(band, 0, cv2.REDUCE_AVG, dtype=cv2.CV_32F)).ravel()
    shifts = [
        d
        for x in column.rules_x
        if (d := _shift(profile.astype(np.float64), x - lo, reach, 0.25 * contrast)) is not None
    ]
    return float(np.clip(np.median(shifts), -reach, reach)) if shifts else 0.0


def despeck(mask: Gray, speck: int, dot: int = 0) -> npt.NDArray[np.bool_]:
    """``mask`` without blobs under ``speck`` pixels, nor *stray dots*: blobs at
    most ``dot`` pixels both ways with nothing else within ``dot`` pixels (a
    pen touching the paper; a stroke hidden by letters shows as several
    pieces in a line, or longer ones)."""
    if not cv2.countNonZero(mask):
        return np.zeros(mask.shape, dtype=np.bool_)
    if speck <= 1 and not dot:
        return mask > 0
    # Only the part with ink: a row is long, its ink often short.
    bx, by, bw, bh = cv2.boundingRect(mask)
    out = np.zeros(mask.shape, dtype=np.bool_)
    out[by : by + bh, bx : bx + bw] = _despeck_all(mask[by : by + bh, bx : bx + bw], speck, dot)
    return out


def _despeck_all(mask: Gray, speck: int, dot: int) -> npt.NDArray[np.bool_]:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count <= 1:
        return np.zeros(mask.shape, dtype=np.bool_)
    keep = stats[:, cv2.CC_STAT_AREA] >= speck
    keep[0] = False
    if dot:
        x, y, w, h = (stats[:, i].astype(np.int64) for i in range(4))
        for i in np.flatnonzero(keep & (w <= dot) & (h <= dot)):
            near = (
                (x < x[i] + w[i] + dot)
                & (x[i] < x + w + dot)
                & (y < y[i] + h[i] + dot)
                & (y[i] < y + h + dot)
            )
            near[0] = near[i] = False
            if not near.any():
                keep[i] = False
    return np.asarray(keep[labels], dtype=np.bool_)


def shifted(ink: Gray, box: Box, dx: int, dy: int, *, fill: int = 0) -> Gray:
    """``ink`` over ``box`` moved by (dx, dy), ``fill`` where it leaves the page."""
    height, width = ink.shape
    out = np.full((box.y1 - box.y0, box.x1 - box.x0), fill, dtype=np.uint8)
    y0, y1 = max(0, box.y0 + dy), min(height, box.y1 + dy)
    x0, x1 = max(0, box.x0 + dx), min(width, box.x1 + dx)
    if y0 < y1 and x0 < x1:
        out[y0 - box.y0 - dy : y1 - box.y0 - dy, x0 - box.x0 - dx : x1 - box.x0 - dx] = ink[
            y0:y1, x0:x1
        ]
    return out


#: Makes, when first called, the scan's colour (max − min channel) on the
#: blank's raster over the rows; ``None`` for coloured paper.
ColourCanvas = Callable[[], Gray | None]


@dataclass(slots=True)
class Levels:
    """Gray levels of ink and faint ink, the level of coloured ink, the rasters."""

    ink: float
    faint: float
    colour: float
    page: Gray
    make_colour: ColourCanvas | None
    #: Paper less black (gray levels): darkness 1.
    contrast: float
    colour_page: Gray | None = None
    colour_made: bool = False
    #: A 1-bit scan: its gray is its dots.
    binary: bool = False

    def tint(self) -> Gray | None:
        if not self.colour_made:
            self.colour_made = True
            self.colour_page = None if self.make_colour is None else self.make_colour()
        return self.colour_page


@dataclass(frozen=True, slots=True)
class Cut:
    """One box of the scan, thresholded: ink, faint ink, coloured ink."""

    ink: Gray
    faint: Gray
    coloured: Gray | None


def cut(levels: Levels, box: Box, offset: tuple[float, float], *, colour: bool) -> Cut:
    """``box`` moved by ``offset`` (to the nearest pixel), thresholded."""
    dx, dy = round(offset[0]), round(offset[1])
    gray = shifted(levels.page, box, dx, dy, fill=255)
    coloured = None
    tint = levels.tint() if colour else None
    colour_image = None if tint is None else shifted(tint, box, dx, dy)
    if colour_image is not None:
        _, binary = cv2.threshold(colour_image, levels.colour, 255, cv2.THRESH_BINARY)
        coloured = np.asarray(binary, dtype=np.uint8)
    return Cut(below(gray, levels.ink), below(gray, levels.faint), coloured)


def evidence(
    ink: Gray, blank: BlankSide, box: Box, speck: int, dot: int = 0, *, faint: bool = False
) -> npt.NDArray[np.bool_]:
    """Unexplained ink over ``box`` (``ink`` cut there): not printed, no specks
    (nor stray dots, when ``dot`` is given).

    The fringe a scan leaves around printed letters is one pixel thin, and only
    beside the printing: there (within ``LOOSE_GROWTH`` of it) the ink is opened
    by ``THIN``; farther away it is taken as it is, so that a pen line one pixel
    wide (a 0.2–0.3 mm pen at 150 dpi, a stroke thinned by the pen's pressure)
    stays. ``faint``: the printing grown by ``FAINT_GROWTH`` is left out."""
    where = box.slice()
    clear = blank.clear_faint if faint else blank.clear_rows
    seen = ink & clear[where]
    opened = np.asarray(cv2.morphologyEx(seen, cv2.MORPH_OPEN, THIN), dtype=np.uint8)
    opened = _with_thin_lines(seen, opened, far_from_print(blank)[where])
    return despeck(opened, speck, dot)


#: A thin piece of ink away from the printing is a line from this long (mm).
THIN_LINE_MM = 1.0


def _with_thin_lines(seen: Gray, opened: Gray, far: Gray) -> Gray:
    """``opened`` with the thin lines the opening took away from ``seen`` where
    no printing is near (``far``): pieces of ink there mostly (half or more)
    one pixel thin and at least :data:`THIN_LINE_MM` long. A compact blob (a
    pen touching the paper, dust) stays as the opening leaves it."""
    # Only the part with ink: a row is long, its ink often short or none.
    x, y, w, h = cv2.boundingRect(seen)
    if not w or not h:
        return opened
    part = (slice(y, y + h), slice(x, x + w))
    away = cv2.bitwise_and(seen[part], far[part])
    lost = cv2.bitwise_and(away, cv2.bitwise_not(opened[part]))
    if not cv2.countNonZero(lost):
        return opened
    count, labels, stats, _ = cv2.connectedComponentsWithStats(away, connectivity=8)
    removed = np.bincount(labels[lost > 0], minlength=count)
    longest = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    thin = (removed * 2 >= stats[:, cv2.CC_STAT_AREA]) & (longest >= THIN_LINE_MM * SCALE)
    thin[0] = False
    out = opened.copy()
    out[part] |= np.where(thin[labels], away, 0).astype(np.uint8)
    return out


#: Blank sides' pixels away from their printing, by the side's printed mask.
_FAR: dict[int, tuple[Gray, Gray]] = {}


def far_from_print(blank: BlankSide) -> Gray:
    """255 where the blank prints nothing within ``LOOSE_GROWTH`` pixels: no
    scan leaves a fringe of the printing there (kept for the blank's life)."""
    key = id(blank.printed)
    found = _FAR.get(key)
    if found is not None and found[0] is blank.printed:
        return found[1]
    size = 2 * LOOSE_GROWTH + 1
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    far = np.asarray(cv2.bitwise_not(cv2.dilate(blank.printed, disc)), dtype=np.uint8)
    if len(_FAR) >= 8:
        _FAR.clear()
    _FAR[key] = (blank.printed, far)
    return far


def coloured_ink(coloured: Gray | None, speck: int, dot: int) -> npt.NDArray[np.bool_] | None:
    """Coloured ink, printed or not (the print is black), opened, without specks
    and stray dots."""
    if coloured is None:
        return None
    if not cv2.countNonZero(coloured):
        return np.zeros(coloured.shape, dtype=np.bool_)
    opened = np.asarray(cv2.morphologyEx(coloured, cv2.MORPH_OPEN, THIN), dtype=np.uint8)
    return despeck(opened, speck, dot)
