"""Marks: the ink on a registered side that the blank ballot does not explain.

Method (chosen over measuring ink density between the glyphs: the blank says
exactly where every glyph and rule is, so nothing has to be guessed):

1. Levels. Paper is the page's median; black is the median of the solid
   fiducials' middles. A pixel is *ink* when its darkness, 0 for paper and
   1 for the fiducials' black, is at least ``ink`` — the same rule on light
   and dark scans — and *faint ink* from ``faint``. Decisions (struck, an
   X) need ink; faint ink alone can only make a row doubtful, never kept
   or empty: a thin light pen on a light scan is shown to a human. On a
   colour scan of a ballot printed black on white, *coloured ink* (max −
   min channel from ``colour``) is pen ink even on and beside the printing,
   where a thin blue stroke through a word is otherwise hidden; it too can
   only make a row doubtful.
2. Alignment. The scan is registered by its corners; a sheet-feed scanner
   also stretches a page a little unevenly. Each table column's horizontal
   and vertical rules are found (to a tenth of a pixel) within
   ±:data:`REACH_MM` of where the blank has them, and each row is read
   shifted by the fitted offset, to the nearest pixel.
3. Unexplained ink. Ink where the blank is not printed (printing grown by
   one pixel, ``template.TIGHT_GROWTH``), opened by a 2×2 square (the
   fringe a scan leaves around letters is one pixel thin; a pen stroke is
   thicker, at any angle), with blobs smaller than ``speck_mm2`` (dust,
   toner) and stray dots (no bigger than ``dot_mm``, alone) dropped.
   Growing the printing more would hide a short stroke inside a word.
4. Cross-out rows. ``ink_mm2`` is the unexplained ink in the number and name
   cells. The stroke is followed wherever it runs: its pieces that cross
   the band of the letters (top to baseline), and the pieces within reach
   of them along and across the name, but not those only along the row's
   edge; ``coverage`` is the share of each printed word of the name under
   the stroke's projection on the name's axis, for the least struck word:
   the whole full name must be struck through. A stroke is hidden where it
   crosses a letter, so a gap in it is bridged when it could be hidden all
   along, but never across a space between words, where a stroke would
   show; and it must cross the letters' band itself over half the name
   (see :func:`_coverage`).
   Struck when ``coverage`` ≥ ``struck``; kept when ``ink_mm2`` <
   ``row_ink_mm2`` and ``faint_mm2`` < ``faint_mm2``; doubtful otherwise —
   a short or partial stroke, one that leaves a word, an underline, a tick,
   a word written in the row.
   A thin stroke that stays on and along the letters (a 0.3 mm pen within a
   pixel of their outline) leaves no unexplained ink: it only darkens them.
   Each word's darkness at its letters and the pixel around them is
   compared with what the blank puts there; the page's usual ratio of the
   two is the median over the words of its unmarked rows, so toner, the
   scanner's tone curve and blur cancel out. A word darker than usual by
   ``hidden_ratio`` and ``hidden_mm2`` makes its row doubtful (any form: on
   the agree/disagree form it is ink in the name cell).
5. Agree/disagree boxes. Empty below ``box_ink_mm2`` (and ``faint_mm2`` of
   faint ink); marked from ``box_mark_mm2`` when the ink is at least
   ``box_mark_extent_mm`` wide and high (an X, a tick); doubtful between,
   and doubtful when a stroke runs over the rule between two boxes (faint
   ink right beside the rule on both sides, at the same place along it). A
   row with a doubtful box, or ink in its number or name cell, is doubtful.
6. Outside the rows: faint unexplained ink (printing grown more,
   ``template.LOOSE_GROWTH``) in the fiducials' frame but not in a row or
   around the stamp, at half resolution (a cell inked when half of it is).
   A blob of ``outside_mm2`` or more is ink outside the rows (a written-in
   name, a mark, a signature).
7. Streak: a straight line of unexplained ink along the image's vertical
   axis at least half the frame's height, or along its horizontal axis
   nine tenths of its width — dirt on a scanner's glass. Looked for only
   when there is ink outside the rows (a streak always leaves some there).
8. Stamp (front only): the share of the stamp box that is red (red above
   green and blue by ``red_margin`` of the paper's brightness, more than
   the paper itself is) must be at least ``stamp_share``. A grayscale scan
   cannot show red: there, any unprinted ink covering that share counts,
   and the reading says the colour was not checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Literal

import cv2
import numpy as np
import numpy.typing as npt

from ..elections.model import Form
from .template import INSET, SCALE, THIN, BlankSide, Box, ColumnRules, RowGeometry, peak

__all__ = [
    "REACH_MM",
    "BoxReading",
    "BoxState",
    "ColourCanvas",
    "RowReading",
    "RowState",
    "SideMarks",
    "StampReading",
    "Thresholds",
    "read_marks",
]

#: How far a row may sit from where registration puts it, in millimetres.
REACH_MM = 1.5
#: Beside a rule between two boxes, in millimetres: ink here on both sides of
#: the rule, at the same place along it, is a stroke across the rule.
_BESIDE_MM = INSET + 0.3

RowState = Literal["struck", "kept", "agree", "disagree", "both", "none", "doubtful"]
BoxState = Literal["marked", "empty", "doubtful"]

Gray = npt.NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Every threshold the reading uses; recorded with each ballot.

    Darkness is 0 for the paper, 1 for the fiducials' black. The values were
    set on the synthetic deck (``tests/scanning/deck.py``); see
    docs/scanning.md for the margins measured.
    """

    #: Darkness from which a pixel is ink (decides struck and marked).
    ink: float = 0.30
    #: Darkness from which a pixel is faint ink (can only make a row doubtful).
    faint: float = 0.15
    #: Blobs smaller than this (mm²) are dust and toner.
    speck_mm2: float = 0.20
    #: A blob in a row no bigger than this (mm) both ways, alone within as much,
    #: is a stray dot (a pen touching the paper) and is not counted.
    dot_mm: float = 0.6
    #: Unexplained ink in a row's cells from which it is not kept (mm²) …
    row_ink_mm2: float = 0.35
    #: … and faint ink from which a row or a box is not kept or empty (mm²).
    faint_mm2: float = 0.7
    #: Share of every word of the name struck through for "struck".
    struck: float = 0.75
    #: A word whose darkness at its letters exceeds the page's usual by this
    #: ratio …
    hidden_ratio: float = 1.055
    #: … and by this much (mm² of black) hides a stroke: the row is doubtful.
    hidden_mm2: float = 0.5
    #: On a 1-bit (black-and-white) scan a word's darkness is coarser: its ratio.
    hidden_ratio_binary: float = 1.25
    #: A piece of the rule between two rows darker than the page's other rules
    #: there by this ratio …
    rule_ratio: float = 1.3
    #: … and by this much (mm² of black) has a stroke along it: both rows doubtful.
    rule_mm2: float = 1.0
    #: Fewest words of unmarked rows to learn the page's usual darkness from.
    hidden_words: int = 3
    #: A gap in a stroke up to this (mm) is bridged …
    gap_mm: float = 2.5
    #: … and one up to this (mm) if a stroke could be hidden by letters all along …
    hidden_gap_mm: float = 15.0
    #: … that is, with no clear run (mm) across the band as wide as a space.
    space_mm: float = 0.5
    #: A piece of new ink joins a stroke within ``gap_mm`` of it along the name
    #: and this (mm) across it: a sloping, curved or doubled stroke is followed.
    link_mm: float = 1.5
    #: Ink only this close (mm) to a row's top or bottom, inside its rules, is
    #: at the row's edge: it never strikes the name.
    edge_mm: float = 1.0
    #: Least share of the name the stroke must cross within the letters' band.
    in_band: float = 0.5
    #: Colour (max − min channel, of 255 on white paper) from which a pixel is
    #: pen ink on a colour scan of a ballot printed in black on white …
    colour: float = 40.0
    #: … and coloured ink from which a row or a box is not kept or empty (mm²).
    colour_mm2: float = 0.7
    #: Ink in a box from which it is not empty (mm²).
    box_ink_mm2: float = 0.6
    #: Ink (mm²) and extent both ways (mm) from which a box is marked.
    box_mark_mm2: float = 1.5
    box_mark_extent_mm: float = 2.5
    #: A blob outside the rows from this size (mm²) is ink outside the rows.
    outside_mm2: float = 1.0
    #: Share of the stamp box in red (or ink, grayscale) for a stamp.
    stamp_share: float = 0.015
    #: Red above green and blue by this share of the paper's brightness.
    red_margin: float = 0.12
    #: Share of the blank's solid printing found on the scan for a registered page.
    print_match: float = 0.6

    def to_json(self) -> dict[str, float]:
        return {name: float(value) for name, value in asdict(self).items()}


@dataclass(frozen=True, slots=True)
class BoxReading:
    """An agree or disagree box: ``ink_mm2`` (``faint_mm2`` at the faint level,
    ``colour_mm2`` of coloured ink on a colour scan) and the ink's
    ``extent_mm`` (w, h)."""

    state: BoxState
    ink_mm2: float
    faint_mm2: float
    colour_mm2: float | None
    extent_mm: tuple[float, float]


@dataclass(frozen=True, slots=True)
class RowReading:
    """One name's row as read, with the figures it was decided on.

    ``ink_mm2``: unexplained ink in the number and name cells (``faint_mm2``:
    the same at the ``faint`` level; ``colour_mm2``: coloured ink there,
    ``None`` on a grayscale scan or when not needed). ``coverage``
    (cross-out form): share of the name struck through. ``offset_mm``: how
    far the row was found from where registration put it (x, y).
    """

    number: int
    candidate_id: str
    state: RowState
    ink_mm2: float
    faint_mm2: float
    colour_mm2: float | None
    coverage: float | None
    agree: BoxReading | None
    disagree: BoxReading | None
    offset_mm: tuple[float, float]
    #: The darkest word at its letters, as a ratio to the page's usual and as
    #: the excess in mm² of black (``None``: the row was decided otherwise).
    hidden: float | None = None
    hidden_mm2: float | None = None


@dataclass(frozen=True, slots=True)
class StampReading:
    present: bool
    share: float
    colour_checked: bool


@dataclass(frozen=True, slots=True)
class SideMarks:
    """Everything read on one side besides its code."""

    rows: tuple[RowReading, ...]
    stamp: StampReading | None
    outside_mm2: float
    outside_largest_mm2: float
    streak: bool
    paper: float
    black: float
    print_match: float


def read_marks(
    page: Gray,
    blank: BlankSide,
    form: Form,
    thresholds: Thresholds,
    *,
    stamp: npt.NDArray[np.uint8] | None = None,
    axes: tuple[float, float] = (0.0, 0.0),
    colour: ColourCanvas | None = None,
    binary: bool = False,
) -> SideMarks:
    """Read a side warped onto the blank's raster (``page``: gray, same size).

    ``stamp``: the stamp box warped from the colour scan (BGR), or from the
    grayscale one; ``None`` on a side without a stamp box. ``axes``: the
    slopes of the image's axes on the page (see :func:`_streak`). ``colour``:
    for a colour scan, makes its colour on the same raster, called only if a
    row needs it. ``binary``: the scan is 1-bit black and white.
    """
    paper, black = _levels(page, blank)
    page = _flatten(page, paper, blank)
    contrast = max(paper - black, 1.0)
    limit = paper - thresholds.ink * contrast
    ink = _below(page, limit)
    faint = _below(page, paper - thresholds.faint * contrast)
    offsets = _offsets(page, blank, contrast)
    levels = _Levels(
        ink=limit,
        faint=paper - thresholds.faint * contrast,
        colour=thresholds.colour * paper / 255.0,
        page=page,
        make_colour=colour,
    )
    rows = [
        _read_row(levels, blank, geometry, offsets[geometry.number], form, thresholds)
        for geometry in blank.rows
    ]
    speck = max(1, round(thresholds.speck_mm2 * SCALE * SCALE))
    if form != "cross_out":
        rows = _crossings(rows, blank, levels, offsets)
    if binary:
        thresholds = replace(thresholds, hidden_ratio=thresholds.hidden_ratio_binary)
    rows = _hidden_strokes(rows, blank, page, offsets, paper, contrast, form, thresholds)
    if form == "cross_out":
        rows = _on_the_rules(rows, blank, page, offsets, paper, contrast, thresholds)
    if binary and not any(r.state in ("struck", "agree", "disagree", "both") for r in rows):
        # A 1-bit scanner drops a pen lighter than its threshold altogether:
        # a page showing no vote at all cannot tell that from a blank ballot.
        rows = [_doubtful(r) for r in rows]
    struck = [g.inner for g, r in zip(blank.rows, rows, strict=True) if r.state == "struck"]
    outside_total, outside_largest = _outside(faint, blank, speck, struck)
    streak = outside_total >= 3.0 and _streak(ink, blank, axes)
    stamp_reading = None
    if stamp is not None and blank.stamp is not None:
        stamp_reading = _stamp(stamp, blank, paper, limit, thresholds)
    return SideMarks(
        rows=tuple(rows),
        stamp=stamp_reading,
        outside_mm2=outside_total,
        outside_largest_mm2=outside_largest,
        streak=streak,
        paper=paper,
        black=black,
        print_match=_print_match(ink, blank),
    )


#: The paper's own level is taken as the brightest within this (mm) …
_FLATTEN_MM = 11
#: … where it is at least this share of the page's paper (not a dark backing).
_FLATTEN_LEAST = 0.6


def _flatten(page: Gray, paper: float, blank: BlankSide | None = None) -> Gray:
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


def _below(page: Gray, limit: float) -> Gray:
    """255 where ``page`` is at most ``limit``: ink."""
    _, binary = cv2.threshold(page, limit, 255, cv2.THRESH_BINARY_INV)
    return np.asarray(binary, dtype=np.uint8)


def _levels(page: Gray, blank: BlankSide) -> tuple[float, float]:
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


def _offsets(page: Gray, blank: BlankSide, contrast: float) -> dict[int, tuple[float, float]]:
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


def _despeck(mask: Gray, speck: int, dot: int = 0) -> npt.NDArray[np.bool_]:
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


def _shifted(ink: Gray, box: Box, dx: int, dy: int, *, fill: int = 0) -> Gray:
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
class _Levels:
    """Gray levels of ink and faint ink, the level of coloured ink, the rasters."""

    ink: float
    faint: float
    colour: float
    page: Gray
    make_colour: ColourCanvas | None
    colour_page: Gray | None = None
    colour_made: bool = False

    def tint(self) -> Gray | None:
        if not self.colour_made:
            self.colour_made = True
            self.colour_page = None if self.make_colour is None else self.make_colour()
        return self.colour_page


@dataclass(frozen=True, slots=True)
class _Cut:
    """One box of the scan, thresholded: ink, faint ink, coloured ink."""

    ink: Gray
    faint: Gray
    coloured: Gray | None


def _cut(levels: _Levels, box: Box, offset: tuple[float, float], *, colour: bool) -> _Cut:
    """``box`` moved by ``offset`` (to the nearest pixel), thresholded."""
    dx, dy = round(offset[0]), round(offset[1])
    gray = _shifted(levels.page, box, dx, dy, fill=255)
    coloured = None
    tint = levels.tint() if colour else None
    colour_image = None if tint is None else _shifted(tint, box, dx, dy)
    if colour_image is not None:
        _, binary = cv2.threshold(colour_image, levels.colour, 255, cv2.THRESH_BINARY)
        coloured = np.asarray(binary, dtype=np.uint8)
    return _Cut(_below(gray, levels.ink), _below(gray, levels.faint), coloured)


def _evidence(
    ink: Gray, blank: BlankSide, box: Box, speck: int, dot: int = 0, *, faint: bool = False
) -> npt.NDArray[np.bool_]:
    """Unexplained ink over ``box`` (``ink`` cut there): not printed, opened by
    ``THIN``, no specks (nor stray dots, when ``dot`` is given). ``faint``: the
    printing grown by ``FAINT_GROWTH`` is left out."""
    clear = blank.clear_faint if faint else blank.clear_rows
    seen = ink & clear[box.slice()]
    opened = np.asarray(cv2.morphologyEx(seen, cv2.MORPH_OPEN, THIN), dtype=np.uint8)
    return _despeck(opened, speck, dot)


def _coloured(coloured: Gray | None, speck: int, dot: int) -> npt.NDArray[np.bool_] | None:
    """Coloured ink, printed or not (the print is black), opened, without specks
    and stray dots."""
    if coloured is None:
        return None
    if not cv2.countNonZero(coloured):
        return np.zeros(coloured.shape, dtype=np.bool_)
    opened = np.asarray(cv2.morphologyEx(coloured, cv2.MORPH_OPEN, THIN), dtype=np.uint8)
    return _despeck(opened, speck, dot)


def _read_row(
    levels: _Levels,
    blank: BlankSide,
    row: RowGeometry,
    offset: tuple[float, float],
    form: Form,
    th: Thresholds,
) -> RowReading:
    inner = row.inner
    speck = max(1, round(th.speck_mm2 * SCALE * SCALE))
    dot = round(th.dot_mm * SCALE)
    cut = _cut(levels, inner, offset, colour=False)
    clean = _evidence(cut.ink, blank, inner, speck, dot)
    cells = (slice(None), slice(row.cells.x0 - inner.x0, row.cells.x1 - inner.x0))
    per_mm2 = SCALE * SCALE
    ink_mm2 = float(np.count_nonzero(clean[cells])) / per_mm2
    coverage = None
    if form == "cross_out" and ink_mm2 > 0:
        coverage = _coverage(clean, blank.visible_rows[inner.slice()] == 0, row, th)
    decided = coverage is not None and coverage >= th.struck
    # Decided on ink, the faint and coloured levels are not needed.
    weak = clean if decided else _evidence(cut.faint, blank, inner, speck, dot, faint=True)
    tinted = None
    if not decided:
        tinted = _coloured(_cut(levels, inner, offset, colour=True).coloured, speck, dot)
    faint_mm2 = float(np.count_nonzero(weak[cells])) / per_mm2
    colour_mm2 = None if tinted is None else float(np.count_nonzero(tinted[cells])) / per_mm2
    offset_mm = (round(offset[0] / SCALE, 3), round(offset[1] / SCALE, 3))
    unmarked = (
        ink_mm2 < th.row_ink_mm2
        and faint_mm2 < th.faint_mm2
        and (colour_mm2 is None or colour_mm2 < th.colour_mm2)
    )
    if form == "cross_out" and tinted is not None and colour_mm2:
        # A coloured pen (the print is black) too light for the ink level in
        # places: the stroke is followed through its coloured ink as well.
        both = clean | tinted
        coverage = max(
            coverage or 0.0, _coverage(both, blank.visible_rows[inner.slice()] == 0, row, th)
        )
    state: RowState
    if form == "cross_out":
        coverage = coverage or 0.0
        if coverage >= th.struck:
            state = "struck"
        elif unmarked:
            state = "kept"
        else:
            state = "doubtful"
        return RowReading(
            row.number,
            row.candidate_id,
            state,
            ink_mm2,
            faint_mm2,
            colour_mm2,
            coverage,
            None,
            None,
            offset_mm,
        )
    assert row.agree is not None and row.disagree is not None
    agree = _read_box(clean, weak, tinted, inner, row.agree, th)
    disagree = _read_box(clean, weak, tinted, inner, row.disagree, th)
    state = _mark_state(agree, disagree, not unmarked)
    return RowReading(
        row.number,
        row.candidate_id,
        state,
        ink_mm2,
        faint_mm2,
        colour_mm2,
        None,
        agree,
        disagree,
        offset_mm,
    )


def _coverage(
    clean: npt.NDArray[np.bool_], hidden: npt.NDArray[np.bool_], row: RowGeometry, th: Thresholds
) -> float:
    """The least struck-through share of any word of the name (0 to 1), following
    the stroke wherever it runs in the row.

    The new ink of the number and name cells falls into pieces (the letters
    hide a stroke where it crosses them). The pieces that cross the band of
    the letters start the stroke; a piece joins it when it lies within
    ``gap_mm`` of a piece of the stroke along the name and within
    ``link_mm`` of it across — a stroke that slopes, curves, waves, doubles
    or zigzags is followed out of the band and back. Pieces only in the
    outer ``edge_mm`` of the row (along its rules) never join: a stroke
    that only touches the row at its edge is not a strike. The stroke's
    columns, gaps bridged as :func:`_bridge` says, are projected on the
    name's axis; each word's share of them is its coverage. A stroke that
    crosses the letters' band over less than ``in_band`` of the name (an
    underline rising into the last letters) strikes nothing: coverage 0.
    """
    inner = row.inner
    top, bottom = row.band[0] - inner.y0, row.band[1] - inner.y0
    left, right = row.cells.x0 - inner.x0, row.cells.x1 - inner.x0
    cells = np.ascontiguousarray(clean[:, left:right], dtype=np.uint8)
    height, width = cells.shape
    # Only the part with ink is labelled (a row is long, its ink often short).
    bx, by, bw, bh = cv2.boundingRect(cells)
    if bw == 0 or bh == 0:
        return 0.0
    part = np.ascontiguousarray(cells[by : by + bh, bx : bx + bw])
    count, labels, stats, _ = cv2.connectedComponentsWithStats(part, connectivity=8)
    if count <= 1:
        return 0.0
    x = stats[:, cv2.CC_STAT_LEFT] + bx
    y = stats[:, cv2.CC_STAT_TOP] + by
    w = stats[:, cv2.CC_STAT_WIDTH]
    h = stats[:, cv2.CC_STAT_HEIGHT]
    edge = round(th.edge_mm * SCALE)
    pieces = np.arange(1, count)
    inside = (y[pieces] + h[pieces] > edge) & (y[pieces] < height - edge)
    in_band = np.zeros(count, dtype=np.bool_)
    band_rows = labels[max(0, top - by) : max(0, bottom - by)]
    in_band[np.unique(band_rows)] = True
    in_band[0] = False
    stroke = np.zeros(count, dtype=np.bool_)
    stroke[pieces[inside & in_band[pieces]]] = True
    if not stroke.any():
        return 0.0
    gap = round(th.gap_mm * SCALE)
    link = round(th.link_mm * SCALE)
    candidates = [int(i) for i in pieces[inside] if not stroke[i]]
    grown = True
    while grown and candidates:
        grown = False
        members = np.flatnonzero(stroke)
        for i in list(candidates):
            near = (
                (x[members] - gap <= x[i] + w[i])
                & (x[i] - gap <= x[members] + w[members])
                & (y[members] - link <= y[i] + h[i])
                & (y[i] - link <= y[members] + h[members])
            )
            if near.any():
                stroke[i] = True
                candidates.remove(i)
                grown = True
        # Pieces joined this pass may bring others within reach: go round again.
    ours = stroke[labels]
    columns = np.zeros(width, dtype=np.bool_)
    columns[bx : bx + bw] = ours.any(axis=0)
    crossing = np.zeros(width, dtype=np.bool_)
    crossing[bx : bx + bw] = ours[max(0, top - by) : max(0, bottom - by)].any(axis=0)
    open_columns = np.asarray(~hidden[top:bottom, left:right].any(axis=0), dtype=np.bool_)
    struck = _bridge(columns, open_columns, th)
    through = _bridge(crossing, open_columns, th)
    a, b = row.words[0][0] - row.cells.x0, row.words[-1][1] - row.cells.x0
    if b <= a or float(through[a:b].mean()) < th.in_band:
        return 0.0
    shares = [
        float(struck[a - row.cells.x0 : b - row.cells.x0].mean()) for a, b in row.words if b > a
    ]
    return min(shares) if shares else 0.0


def _bridge(
    columns: npt.NDArray[np.bool_], open_columns: npt.NDArray[np.bool_], th: Thresholds
) -> npt.NDArray[np.bool_]:
    """``columns`` with their gaps bridged: up to ``gap_mm`` always; up to
    ``hidden_gap_mm`` when a stroke could be hidden in the gap all along (no
    ``space_mm`` of it free of printing in the band: a stroke crossing a
    space between words would show there)."""
    found = np.flatnonzero(columns)
    struck = columns.copy()
    if found.size < 2:
        return struck
    gaps = np.diff(found) - 1
    short = th.gap_mm * SCALE
    for k in np.flatnonzero((gaps > 0) & (gaps <= short)):
        struck[found[k] + 1 : found[k + 1]] = True
    wide = np.flatnonzero((gaps > short) & (gaps <= th.hidden_gap_mm * SCALE))
    if wide.size:
        space = max(1, round(th.space_mm * SCALE))
        for k in wide:
            a, b = int(found[k]) + 1, int(found[k + 1])
            if _longest_run(open_columns[a:b]) < space:
                struck[a:b] = True
    return struck


def _longest_run(flags: npt.NDArray[np.bool_]) -> int:
    if not flags.any():
        return 0
    padded = np.concatenate(([0], flags.astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    return int((edges[1::2] - edges[::2]).max())


def _read_box(
    clean: npt.NDArray[np.bool_],
    weak: npt.NDArray[np.bool_],
    tinted: npt.NDArray[np.bool_] | None,
    inner: Box,
    box: Box,
    th: Thresholds,
) -> BoxReading:
    where = (
        slice(box.y0 - inner.y0, box.y1 - inner.y0),
        slice(box.x0 - inner.x0, box.x1 - inner.x0),
    )
    part = clean[where]
    per_mm2 = SCALE * SCALE
    count = int(np.count_nonzero(part))
    ink_mm2 = count / per_mm2
    faint_mm2 = float(np.count_nonzero(weak[where])) / per_mm2
    colour_mm2 = None if tinted is None else float(np.count_nonzero(tinted[where])) / per_mm2
    extent = (0.0, 0.0)
    if count:
        xs = np.flatnonzero(part.any(axis=0))
        ys = np.flatnonzero(part.any(axis=1))
        extent = ((xs[-1] - xs[0] + 1) / SCALE, (ys[-1] - ys[0] + 1) / SCALE)
    state: BoxState
    if (
        ink_mm2 < th.box_ink_mm2
        and faint_mm2 < th.faint_mm2
        and (colour_mm2 is None or colour_mm2 < th.colour_mm2)
    ):
        state = "empty"
    elif (
        ink_mm2 >= th.box_mark_mm2
        and extent[0] >= th.box_mark_extent_mm
        and extent[1] >= th.box_mark_extent_mm
    ):
        state = "marked"
    else:
        state = "doubtful"
    extent_mm = (float(extent[0]), float(extent[1]))
    return BoxReading(state, ink_mm2, faint_mm2, colour_mm2, extent_mm)


def _mark_state(agree: BoxReading, disagree: BoxReading, name_ink: bool) -> RowState:
    if name_ink or "doubtful" in (agree.state, disagree.state):
        return "doubtful"
    if agree.state == "marked":
        return "both" if disagree.state == "marked" else "agree"
    return "disagree" if disagree.state == "marked" else "none"


def _doubtful(reading: RowReading) -> RowReading:
    return replace(reading, state="doubtful")


def _hidden_strokes(
    rows: list[RowReading],
    blank: BlankSide,
    page: Gray,
    offsets: dict[int, tuple[float, float]],
    paper: float,
    contrast: float,
    form: Form,
    th: Thresholds,
) -> list[RowReading]:
    """A thin stroke that stays on and along the letters leaves no unexplained
    ink: it only darkens them. Rows read unmarked are doubtful when a word of
    theirs is darker at its letters than the page's other words are.

    Darkness (0 paper, 1 black) is summed over each word's letters and the
    pixel around them, and compared with what the blank puts there
    (``word_shade``); the page's usual ratio of the two is the median over
    the words of its unmarked rows, so the printer, the scanner's tone and
    blur cancel out. On the cross-out form, a page with fewer than
    ``hidden_words`` such words cannot be checked: its unmarked rows are
    doubtful. On the other forms the name is not where the vote is, and
    such a page is not checked.
    """
    unmarked = "kept" if form == "cross_out" else None
    if unmarked is None:
        open_rows = [i for i, r in enumerate(rows) if r.state != "doubtful"]
    else:
        open_rows = [i for i, r in enumerate(rows) if r.state == unmarked]
    if not open_rows:
        return rows
    geometry = {g.number: g for g in blank.rows}
    words: dict[int, list[tuple[float, float]]] = {}
    for i in open_rows:
        g = geometry[rows[i].number]
        dx, dy = (round(v) for v in offsets[g.number])
        found = []
        for box, shade in zip(g.word_boxes, g.word_shade, strict=True):
            if shade <= 0:
                continue
            near = blank.clear_rows[box.slice()] == 0
            gray = _shifted(page, box, dx, dy, fill=255).astype(np.float32)
            darkness = np.clip((paper - gray) / contrast, 0.0, 1.5)
            found.append((float(darkness[near].sum()), shade))
        words[i] = found
    ratios = [seen / shade for found in words.values() for seen, shade in found]
    if len(ratios) < th.hidden_words:
        if unmarked is None:
            return rows
        return [_doubtful(r) if i in words else r for i, r in enumerate(rows)]
    usual = float(np.median(ratios))
    per_mm2 = SCALE * SCALE
    out = list(rows)
    for i, found in words.items():
        if not found:
            continue
        pairs = [(seen / shade / usual, (seen - usual * shade) / per_mm2) for seen, shade in found]
        hits = [p for p in pairs if p[0] >= th.hidden_ratio and p[1] >= th.hidden_mm2]
        ratio, excess = max(hits or pairs, key=lambda pair: pair[1])
        reading = replace(rows[i], hidden=round(ratio, 4), hidden_mm2=round(excess, 3))
        if hits:
            reading = _doubtful(reading)
        out[i] = reading
    return out


#: The rules between rows are compared in pieces this long (mm).
_RULE_PIECE_MM = 15.0


def _on_the_rules(
    rows: list[RowReading],
    blank: BlankSide,
    page: Gray,
    offsets: dict[int, tuple[float, float]],
    paper: float,
    contrast: float,
    th: Thresholds,
) -> list[RowReading]:
    """A stroke drawn along the rule between two rows makes both doubtful.

    Each row is read ``INSET`` inside its rules, so such a stroke is in
    neither, and the rule's printing hides most of it: it only makes the
    rule thicker. The darkness (0 paper, 1 black) within ``INSET`` of each
    rule between two rows is summed in pieces of :data:`_RULE_PIECE_MM`
    along it; every rule is printed alike, so each piece is compared with
    the median of the pieces at the same place on the page's other rules.
    A piece darker by ``rule_ratio`` and by ``rule_mm2`` of black marks a
    stroke between the rows: it is not the reader's to say which name it
    meant.
    """
    piece = round(_RULE_PIECE_MM * SCALE)
    by_number = {g.number: g for g in blank.rows}
    pairs: list[tuple[int, int, list[float]]] = []
    for g in blank.rows:
        below = by_number.get(g.number + 1)
        if below is None or below.column != g.column or below.inner.y0 <= g.inner.y1:
            continue
        dx, dy = (round(v) for v in offsets[g.number])
        strip = Box(g.cells.x0, g.inner.y1, g.cells.x1, below.inner.y0)
        gray = _shifted(page, strip, dx, dy, fill=255).astype(np.float32)
        darkness = np.clip((paper - gray) / contrast, 0.0, 1.5).sum(axis=0)
        sums = [float(darkness[a : a + piece].sum()) for a in range(0, darkness.size, piece)]
        pairs.append((g.number, below.number, sums))
    if len(pairs) < 3:
        return rows
    per_mm2 = SCALE * SCALE
    doubtful: set[int] = set()
    width = min(len(p[2]) for p in pairs)
    for k in range(width):
        usual = float(np.median([p[2][k] for p in pairs]))
        if usual <= 0:
            continue
        for above, below_number, sums in pairs:
            seen = sums[k]
            if seen >= th.rule_ratio * usual and (seen - usual) / per_mm2 >= th.rule_mm2:
                doubtful.update((above, below_number))
    return [_doubtful(r) if r.number in doubtful else r for r in rows]


def _crossings(
    rows: list[RowReading],
    blank: BlankSide,
    levels: _Levels,
    offsets: dict[int, tuple[float, float]],
) -> list[RowReading]:
    """A stroke across the rule between two boxes makes both rows doubtful.

    Beside the rule (within ``_BESIDE_MM``, where boxes are not read), faint
    ink on both sides at the same place along the rule is one stroke going
    over it: an X on the line between agree and disagree, or between two
    names' boxes. Marks that only come near the rule do not cross it.
    """
    reach = round(_BESIDE_MM * SCALE)
    doubtful: set[int] = set()
    by_number = {g.number: g for g in blank.rows}
    for g in blank.rows:
        if g.agree is None or g.disagree is None:
            continue
        rule = (g.agree.x1 + g.disagree.x0) // 2
        strip = Box(rule - reach, g.inner.y0, rule + reach, g.inner.y1)
        if _across(levels, blank, strip, offsets[g.number], along_x=False):
            doubtful.add(g.number)
        below = by_number.get(g.number + 1)
        if below is None or below.column != g.column or below.agree is None:
            continue
        rule = (g.inner.y1 + below.inner.y0) // 2
        for box in (g.agree, g.disagree):
            strip = Box(box.x0, rule - reach, box.x1, rule + reach)
            if _across(levels, blank, strip, offsets[g.number], along_x=True):
                doubtful.update((g.number, below.number))
    return [_doubtful(r) if r.number in doubtful else r for r in rows]


def _across(
    levels: _Levels, blank: BlankSide, strip: Box, offset: tuple[float, float], *, along_x: bool
) -> bool:
    """Faint ink on both halves of ``strip`` (split across its rule) at the same
    place along it."""
    seen = _evidence(_cut(levels, strip, offset, colour=False).faint, blank, strip, 0)
    if not seen.any():
        return False
    if along_x:  # a horizontal rule: top half against bottom half, column by column
        half = seen.shape[0] // 2
        first, second = seen[:half].any(axis=0), seen[half:].any(axis=0)
    else:  # a vertical rule: left half against right half, row by row
        half = seen.shape[1] // 2
        first, second = seen[:, :half].any(axis=1), seen[:, half:].any(axis=1)
    near = np.convolve(first.astype(np.int8), np.ones(5, dtype=np.int8), mode="same") > 0
    return bool((near & second).any())


#: A struck row's stroke may run on past the row's end by this much (mm), in the
#: row's own height: that ink is the stroke's, not ink outside the rows.
OVERRUN_MM = 6.0


def _outside(
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
            within = (y0 >= box.y0 - rule) & (y1 <= box.y1 + rule) & (x1 - x0 <= run)
            after = (x0 <= box.x1 + rule + 2) & (x0 >= box.x1 - 2)
            before = (x1 >= box.x0 - rule - 2) & (x1 <= box.x0 + 2)
            on |= within & (after | before)
        areas = areas[~on]
    areas = areas[areas >= speck]
    if areas.size == 0:
        return 0.0, 0.0
    per_mm2 = SCALE * SCALE
    return float(areas.sum()) / per_mm2, float(areas.max()) / per_mm2


def _streak(ink: Gray, blank: BlankSide, axes: tuple[float, float]) -> bool:
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


def _stamp(
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


def _print_match(ink: Gray, blank: BlankSide) -> float:
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
