"""Strokes the unexplained ink does not show: a thin stroke on and along the
letters (the words made darker), a stroke along the rule between two rows."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import numpy.typing as npt

from ..elections.model import Form
from .levels import far_from_print, shifted
from .readings import DoubtReason, Gray, RowReading, Thresholds, doubtful
from .template import SCALE, BlankSide, Box, RowGeometry


def hidden_strokes(
    rows: list[RowReading],
    blank: BlankSide,
    page: Gray,
    offsets: dict[int, tuple[float, float]],
    paper: float,
    contrast: float,
    form: Form,
    th: Thresholds,
    *,
    binary: bool = False,
) -> list[RowReading]:
    """A thin stroke that stays on and along the letters leaves no unexplained
    ink: it only darkens them. Rows read unmarked are doubtful when a word of
    theirs is darker at its letters than the page's other words are. The
    other way round, a row read struck whose stroke does not show in one of
    its words (``unseen``: the letters hid it, or two strokes stopped at the
    word's edges, leaving it standing) is doubtful unless that word is darker
    than usual (``seen_ratio``, ``seen_mm2``): a stroke hidden in letters
    darkens them. A word beside a space the stroke leaves bare (``split``: a
    lifted pen, or two strokes stopping on either side of a word left
    standing) must be darker by as much as a hidden stroke makes a word:
    ``hidden_ratio`` and ``hidden_mm2``, not the lower ``seen_ratio``; else
    the row is doubtful, struck at most ``split``. On a 1-bit scan
    (``binary``) the words' darkness is too coarse for that: such a row is
    doubtful.

    Darkness (0 paper, 1 black) is summed over each word's letters and the
    pixel around them, and compared with what the blank puts there
    (``word_shade``); the page's usual ratio of the two is the median over
    the words of its unmarked rows, so the printer, the scanner's tone and
    blur cancel out. The darkness is measured from the paper's own level on
    each line of pixels of the row (:func:`paper_by_line`), not the page's:
    the crease of a folded sheet, or the edge of its shadow, running along
    a row darkens the paper there, letters and all, but no pen did. On the
    cross-out form, a page with fewer than
    ``hidden_words`` such words cannot be checked: its unmarked rows are
    doubtful. On the other forms the name is not where the vote is, and
    such a page is not checked.
    """
    unmarked = "kept" if form == "cross_out" else None
    if unmarked is None:
        open_rows = [i for i, r in enumerate(rows) if r.state != "doubtful"]
    else:
        open_rows = [i for i, r in enumerate(rows) if r.state == unmarked]
    # Struck rows with a word the stroke does not show in: it must be hidden
    # in that word's letters, which it then darkens, or it went round it.
    struck = [i for i, r in enumerate(rows) if r.state == "struck" and (r.unseen or r.split)]
    if not open_rows and not struck:
        return rows
    geometry = {g.number: g for g in blank.rows}
    darkness = _Darkness(blank, page, paper, paper - th.faint * contrast, contrast)
    words = {i: darkness.words(geometry[rows[i].number], offsets) for i in open_rows}
    ratios = [seen / shade for found in words.values() for seen, shade in found]
    usual = float(np.median(ratios)) if ratios else 0.0
    # Too few words to learn the page's usual darkness from, or words that
    # show no darkness at all (a page without this printing: refused after).
    if len(ratios) < th.hidden_words or usual <= 0.0:
        if unmarked is None:
            return rows
        return [
            _not_shown(r, th, "unseen")
            if i in struck
            else doubtful(r, "unchecked")
            if i in words
            else r
            for i, r in enumerate(rows)
        ]
    per_mm2 = SCALE * SCALE

    def pairs(found: list[tuple[float, float]]) -> list[tuple[float, float]]:
        """Each word's ratio to the page's usual darkness, and its excess (mm²)."""
        return [(seen / shade / usual, (seen - usual * shade) / per_mm2) for seen, shade in found]

    def darker(pair: tuple[float, float]) -> bool:
        ratio, excess = pair
        return (ratio >= th.hidden_ratio and excess >= th.hidden_mm2) or (
            ratio >= th.hidden_ratio_large and excess >= th.hidden_mm2_large
        )

    def shows(pair: tuple[float, float]) -> bool:
        return pair[0] >= th.seen_ratio and pair[1] >= th.seen_mm2

    def holds(pair: tuple[float, float]) -> bool:
        return not binary and pair[0] >= th.hidden_ratio and pair[1] >= th.hidden_mm2

    out = list(rows)
    for i, found in words.items():
        if not found:
            continue
        measured = pairs(found)
        hits = [p for p in measured if darker(p)]
        ratio, excess = max(hits or measured, key=lambda pair: pair[1])
        reading = replace(rows[i], hidden=round(ratio, 4), hidden_mm2=round(excess, 3))
        if hits:
            reading = doubtful(reading, "hidden")
        out[i] = reading
    for i in struck:
        reading = rows[i]
        g = geometry[reading.number]
        others = reading.unseen_elsewhere
        unseen = pairs(darkness.words(g, offsets, only=others))
        split = pairs(darkness.words(g, offsets, only=reading.split))
        if unseen or split:
            # The least dark word looked at, for the audit.
            ratio, excess = min(unseen + split)
            reading = replace(reading, hidden=round(ratio, 4), hidden_mm2=round(excess, 3))
            out[i] = reading
        if len(unseen) < len(others) or not all(shows(p) for p in unseen):
            out[i] = _not_shown(reading, th, "unseen")
        elif len(split) < len(reading.split) or not all(holds(p) for p in split):
            out[i] = _not_shown(reading, th, "split")
    return out


def _not_shown(reading: RowReading, th: Thresholds, why: DoubtReason) -> RowReading:
    """A struck row whose stroke the words' darkness does not bear out:
    doubtful; split by a space it leaves bare, struck at most ``split``."""
    coverage = reading.coverage
    if reading.split and coverage is not None:
        coverage = min(coverage, th.split)
    return replace(reading, state="doubtful", coverage=coverage, doubt=why)


class _Darkness:
    """Each word's darkness at its letters, from its own lines' paper."""

    def __init__(
        self, blank: BlankSide, page: Gray, paper: float, lightest: float, contrast: float
    ) -> None:
        self.blank, self.page, self.paper = blank, page, paper
        self.lightest, self.contrast = lightest, contrast
        self.far = far_from_print(blank)

    def words(
        self,
        g: RowGeometry,
        offsets: dict[int, tuple[float, float]],
        only: tuple[int, ...] | None = None,
    ) -> list[tuple[float, float]]:
        """(darkness seen, darkness printed) of the row's words (``only``
        those, by index) that print any."""
        picked = range(len(g.word_boxes)) if only is None else only
        boxes = [(g.word_boxes[k], g.word_shade[k]) for k in picked if g.word_shade[k] > 0]
        if not boxes:
            return []
        dx, dy = (round(v) for v in offsets[g.number])
        # The words' lines of pixels across the row's cells.
        top, bottom = min(b.y0 for b, _ in boxes), max(b.y1 for b, _ in boxes)
        strip = Box(g.cells.x0, top, g.cells.x1, bottom)
        pixels = shifted(self.page, strip, dx, dy, fill=255)
        level = paper_by_line(pixels, self.far[strip.slice()], self.paper, self.lightest)
        # Darkness from the line's own paper: gray scaled as if that paper
        # were the page's, so that a shadow's tone goes with it.
        scale = self.paper / (level * self.contrast)
        found = []
        for box, shade in boxes:
            near = self.blank.clear_rows[box.slice()] == 0
            lines = slice(box.y0 - top, box.y1 - top)
            part = pixels[lines, box.x0 - strip.x0 : box.x1 - strip.x0].astype(np.float32)
            darkness = np.clip((level[lines] - part) * scale[lines], 0.0, 1.5)
            found.append((float(darkness[near].sum()), shade))
        return found


#: A line of pixels needs this much (mm) of paper away from the printing for
#: its own paper level; with less, the page's is used.
PAPER_LINE_MM = 2.0


def paper_by_line(gray: Gray, away: Gray, paper: float, lightest: float) -> npt.NDArray[np.float32]:
    """The paper's level on each line (pixel row) of ``gray``, as a column.

    The mean of the line's pixels ``away`` from the printing (non-zero there:
    no scan's fringe of the letters) that are lighter than ``lightest`` (the
    faint-ink level: a speck of dust or a pen is not paper; a crease, a few
    per cent darker, is). A line with less than :data:`PAPER_LINE_MM` of
    such pixels takes the page's ``paper``.
    """
    _, light = cv2.threshold(gray, lightest, 255, cv2.THRESH_BINARY)
    seen = cv2.bitwise_and(light, away)
    count = cv2.reduce(seen, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32F).ravel() / 255.0
    paper_seen = cv2.bitwise_and(gray, seen)
    total = cv2.reduce(paper_seen, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32F).ravel()
    enough = count >= PAPER_LINE_MM * SCALE
    level = np.where(enough, total / np.maximum(count, 1.0), paper)
    return np.asarray(np.maximum(level, 1.0), dtype=np.float32)[:, None]


#: The rules between rows are compared in pieces this long (mm).
_RULE_PIECE_MM = 15.0


def grid_px(periods: float) -> float:
    """How many pixels thicker a 1-bit scanner's grid alone can make a piece
    of a printed rule than the median of the page's rules, the piece spanning
    ``periods`` periods of the grid along it.

    Where the rule crosses the scanner's rows (the page skewed on the glass)
    its thickness is n pixels over a share f of each period of the crossing
    and n + 1 over the rest. A piece spanning whole periods has the rule's
    mean thickness; what is left over adds at most f (1 − f) ≤ 1/4 of a
    period's worth, so the piece's mean is within 1 / (4 · periods) pixel
    of the rule's, and so is the median of rules printed alike: 1 / (2 ·
    periods) between the two. Never more than the whole pixel a piece gets
    when it lies within one period (the page square on the glass).
    """
    return 1.0 if periods <= 0.5 else 1.0 / (2.0 * periods)


def on_the_rules(
    rows: list[RowReading],
    blank: BlankSide,
    page: Gray,
    offsets: dict[int, tuple[float, float]],
    paper: float,
    contrast: float,
    th: Thresholds,
    *,
    quantum_mm: float = 0.0,
    grid_slope: float = 0.0,
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

    ``quantum_mm``: on a 1-bit scan, one scanner pixel (mm). A rule is then
    one pixel thicker or thinner by where it falls on the scanner's grid
    (measured: exactly a pixel over the whole piece, on rules printed
    alike, a page square on the glass), so a piece must be darker than the
    others' also by what the grid can do (:func:`grid_px` of the periods
    the piece spans, ``grid_slope`` being the slope of the scanner's rows
    on the page) and ``rule_binary_px`` more, in such pixels over its
    length.
    """
    piece = round(_RULE_PIECE_MM * SCALE)
    by_number = {g.number: g for g in blank.rows}
    pairs: list[tuple[int, int, list[float]]] = []
    strip_widths: list[int] = []
    for g in blank.rows:
        below = by_number.get(g.number + 1)
        if below is None or below.column != g.column or below.inner.y0 <= g.inner.y1:
            continue
        dx, dy = (round(v) for v in offsets[g.number])
        strip = Box(g.cells.x0, g.inner.y1, g.cells.x1, below.inner.y0)
        gray = shifted(page, strip, dx, dy, fill=255).astype(np.float32)
        darkness = np.clip((paper - gray) / contrast, 0.0, 1.5).sum(axis=0)
        sums = [float(darkness[a : a + piece].sum()) for a in range(0, darkness.size, piece)]
        pairs.append((g.number, below.number, sums))
        strip_widths.append(int(darkness.size))
    if len(pairs) < 3:
        return rows
    per_mm2 = SCALE * SCALE
    flagged: set[int] = set()
    width = min(len(p[2]) for p in pairs)
    # Each piece's length (mm): the last one is shorter.
    size = min(strip_widths)
    lengths = [min(piece, size - k * piece) / SCALE for k in range(width)]
    # Pixels of thickness a piece may add on a 1-bit scan: its grid, and a margin.
    grid = [
        grid_px(length * abs(grid_slope) / quantum_mm) * th.rule_grid_px + th.rule_binary_px
        if quantum_mm
        else 0.0
        for length in lengths
    ]
    for k in range(width):
        usual = float(np.median([p[2][k] for p in pairs]))
        if usual <= 0:
            continue
        for above, below_number, sums in pairs:
            seen = sums[k]
            least = th.rule_mm2 + grid[k] * quantum_mm * lengths[k]
            if seen >= th.rule_ratio * usual and (seen - usual) / per_mm2 >= least:
                flagged.update((above, below_number))
    return [doubtful(r, "between_rows") if r.number in flagged else r for r in rows]
