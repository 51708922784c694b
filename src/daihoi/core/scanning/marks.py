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
   one pixel, ``template.TIGHT_GROWTH``), opened by a 2×2 square beside
   the printing (the fringe a scan leaves around letters is one pixel
   thin; a pen stroke is thicker, at any angle), with blobs smaller than
   ``speck_mm2`` (dust, toner) and stray dots (no bigger than ``dot_mm``,
   alone) dropped. Away from the printing there is no fringe: a line one
   pixel thin (a thin pen on a coarse scan) is kept (``levels.evidence``).
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
   (see ``strokes._coverage``). Faint ink joined to the stroke's ink
   carries it on; faint ink alone never strikes.
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
   ``hidden_ratio`` and ``hidden_mm2``, or by ``hidden_ratio_large`` over
   ``hidden_mm2_large``, makes its row doubtful (any form: on the
   agree/disagree form it is ink in the name cell).
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
   and the reading says the colour was not checked; on a 1-bit scan, faint
   ink (a pale seal's darkest parts are dots there, gray once smoothed).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt

from ..elections.model import Form
from .boxes import crossings
from .hidden import hidden_strokes, on_the_rules
from .levels import (
    REACH_MM,
    ColourCanvas,
    Levels,
    below,
    flatten,
    letters_offset,
    paper_and_black,
    row_offsets,
)
from .outside import find_streak, outside_ink, print_match_share, read_stamp
from .readings import (
    BoxReading,
    BoxState,
    Gray,
    RowReading,
    RowState,
    SideMarks,
    StampReading,
    Thresholds,
    doubtful,
)
from .strokes import read_row
from .template import SCALE, BlankSide, RowGeometry

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
    scan_scale: float | None = None,
) -> SideMarks:
    """Read a side warped onto the blank's raster (``page``: gray, same size).

    ``stamp``: the stamp box warped from the colour scan (BGR), or from the
    grayscale one; ``None`` on a side without a stamp box. ``axes``: the
    slopes of the image's axes on the page (see ``outside.find_streak``). ``colour``:
    for a colour scan, makes its colour on the same raster, called only if a
    row needs it. ``binary``: the scan is 1-bit black and white.
    ``scan_scale``: the scan's pixels a millimetre (registration), for what a
    1-bit scanner's grid does to a printed rule.
    """
    paper, black = paper_and_black(page, blank)
    page = flatten(page, paper, blank)
    contrast = max(paper - black, 1.0)
    limit = paper - thresholds.ink * contrast
    ink = below(page, limit)
    faint = below(page, paper - thresholds.faint * contrast)
    offsets = row_offsets(page, blank, contrast)
    levels = Levels(
        ink=limit,
        faint=paper - thresholds.faint * contrast,
        colour=thresholds.colour * paper / 255.0,
        page=page,
        make_colour=colour,
        contrast=contrast,
        binary=binary,
    )
    rows = [
        _read_row(levels, blank, geometry, offsets, form, thresholds, contrast)
        for geometry in blank.rows
    ]
    speck = max(1, round(thresholds.speck_mm2 * SCALE * SCALE))
    if form != "cross_out":
        rows = crossings(rows, blank, levels, offsets)
    if binary:
        thresholds = replace(
            thresholds,
            hidden_ratio=thresholds.hidden_ratio_binary,
            hidden_ratio_large=thresholds.hidden_ratio_large_binary,
            seen_ratio=thresholds.seen_ratio_binary,
        )
    rows = hidden_strokes(
        rows, blank, page, offsets, paper, contrast, form, thresholds, binary=binary
    )
    if form == "cross_out":
        quantum = 1.0 / scan_scale if binary and scan_scale else 0.0
        rows = on_the_rules(
            rows,
            blank,
            page,
            offsets,
            paper,
            contrast,
            thresholds,
            quantum_mm=quantum,
            grid_slope=axes[1],
        )
    if binary and not any(r.state in ("struck", "agree", "disagree", "both") for r in rows):
        # A 1-bit scanner drops a pen lighter than its threshold altogether:
        # a page showing no vote at all cannot tell that from a blank ballot.
        rows = [doubtful(r, "no_vote") for r in rows]
    struck = [g.inner for g, r in zip(blank.rows, rows, strict=True) if r.state == "struck"]
    outside_total, outside_largest = outside_ink(faint, blank, speck, struck)
    streak = outside_total >= 3.0 and find_streak(ink, blank, axes)
    stamp_reading = None
    if stamp is not None and blank.stamp is not None:
        # A 1-bit scanner keeps only the darkest parts of a seal, as scattered
        # dots that the smoothing makes gray: there, faint ink is the seal's.
        seal = paper - thresholds.faint * contrast if binary else limit
        stamp_reading = read_stamp(stamp, blank, paper, seal, thresholds)
    return SideMarks(
        rows=tuple(rows),
        stamp=stamp_reading,
        outside_mm2=outside_total,
        outside_largest_mm2=outside_largest,
        streak=streak,
        paper=paper,
        black=black,
        print_match=print_match_share(ink, blank, offsets),
    )


def _read_row(
    levels: Levels,
    blank: BlankSide,
    geometry: RowGeometry,
    offsets: dict[int, tuple[float, float]],
    form: Form,
    thresholds: Thresholds,
    contrast: float,
) -> RowReading:
    """A row read where its rules put it; read again where its own letters are
    when those are plainly elsewhere and the first reading found ink.

    A doubtful row whose ink is all beside the printing is taken from there
    only when it is then plainly unmarked (kept, or its boxes decided with
    nothing in its cells); ``offsets`` then holds where its letters are, for
    the later checks. A cross-out row read struck that is not struck where
    its letters are becomes doubtful (with the figures read there): the
    edges of letters moved off their rules, one or two pixels thick along
    every word, can look like a stroke through the name. Struck both ways,
    it keeps the words either reading found beside a space the stroke
    leaves bare (``RowReading.split``), for the hidden-stroke check."""
    number = geometry.number
    first = read_row(levels, blank, geometry, offsets[number], form, thresholds)
    if first.state == "doubtful":
        # Only ink within two pixels of the printing (the faint level leaves
        # that out) can be the letters' edges: a stroke near a rule, a tick,
        # a dot away from the letters keeps the row doubtful, wherever they are.
        if first.faint_mm2 >= thresholds.faint_mm2:
            return first
    elif not (form == "cross_out" and first.state == "struck"):
        return first
    moved = letters_offset(levels.page, blank, geometry, offsets[number], contrast)
    if moved == offsets[number]:
        return first
    again = read_row(levels, blank, geometry, moved, form, thresholds)
    if first.state == "struck":
        if again.state != "struck":
            return doubtful(again, "letters_moved")
        # Struck both ways: a word beside a space left bare in either reading
        # must hold the stroke in its letters (``hidden.hidden_strokes``).
        return replace(first, split=tuple(sorted({*first.split, *again.split})))
    clear = again.ink_mm2 < thresholds.row_ink_mm2 and again.faint_mm2 < thresholds.faint_mm2
    if again.state == "doubtful" or not clear or (form == "cross_out" and again.state != "kept"):
        return first
    offsets[number] = moved
    return again
