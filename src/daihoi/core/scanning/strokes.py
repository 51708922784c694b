"""A row as read: the cross-out stroke model (the stroke followed wherever it
runs, its projection on the name's axis) and the row's state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

import cv2
import numpy as np
import numpy.typing as npt

from ..elections.model import Form
from .boxes import mark_state, read_box
from .ends import INSET_MM, Letters, light_line_through, seen_through, with_tails
from .levels import Levels, coloured_ink, cut, evidence, shifted
from .readings import DoubtReason, RowReading, RowState, Thresholds
from .template import SCALE, BlankSide, RowGeometry


def read_row(
    levels: Levels,
    blank: BlankSide,
    row: RowGeometry,
    offset: tuple[float, float],
    form: Form,
    th: Thresholds,
) -> RowReading:
    inner = row.inner
    speck = max(1, round(th.speck_mm2 * SCALE * SCALE))
    dot = round(th.dot_mm * SCALE)
    seen = cut(levels, inner, offset, colour=False)
    clean = evidence(seen.ink, blank, inner, speck, dot)
    cells = (slice(None), slice(row.cells.x0 - inner.x0, row.cells.x1 - inner.x0))
    per_mm2 = SCALE * SCALE
    ink_mm2 = float(np.count_nonzero(clean[cells])) / per_mm2
    hidden = blank.visible_rows[inner.slice()] == 0
    stroke = _Stroke()
    # A space the ink level leaves bare counts whatever the other levels find:
    # faint or coloured ink around a stroke's end must not be taken for the
    # stroke crossing it.
    split_by_ink: frozenset[int] = frozenset()
    # Where the letters hide a stroke's end, its gray pixels still show it
    # (not on a 1-bit scan, whose gray is its dots).
    letters = None if levels.binary else _letters(levels, blank, row, offset, th)
    if form == "cross_out" and ink_mm2 > 0:
        found = _coverage(clean, hidden, row, th, letters=letters)
        split_by_ink = found[1]
        stroke = stroke.more(found, th)
    decided = stroke.coverage >= th.struck
    # Decided on ink, the faint level is not needed, nor the coloured one unless
    # a word hid the stroke from the ink level (which leaves out the letters'
    # fringe): the print is black, so a pen's colour between the letters shows
    # the stroke went through them (``_Stroke.more`` keeps the words no level
    # shows it in), where otherwise only the word's darkness could say.
    weak = clean if decided else evidence(seen.faint, blank, inner, speck, dot, faint=True)
    tinted = None
    if not decided or stroke.unseen:
        tinted = coloured_ink(cut(levels, inner, offset, colour=True).coloured, speck, dot)
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
        stroke = stroke.more(_coverage(clean | tinted, hidden, row, th, letters=letters), th)
    if form == "cross_out" and ink_mm2 > 0 and stroke.coverage < th.struck and _adds(weak, clean):
        # Hysteresis: ink starts the stroke, faint ink near it carries it on
        # where the pen's pressure, a quick hand or a thin pen on a coarse scan
        # let it fade, past letters that hide where it touched them.
        found = _coverage(clean | weak, hidden, row, th, seeds=clean, letters=letters)
        stroke = stroke.more(found, th)
    state: RowState
    doubt: DoubtReason | None = None
    if form == "cross_out":
        coverage = stroke.coverage
        split = stroke.split | split_by_ink
        if coverage >= th.struck:
            state = "struck"
        elif unmarked and not _light_line(weak, row, letters):
            state = "kept"
        elif unmarked:
            # Too little ink to tell from dust, but on a line through a word.
            state, doubt = "doubtful", "light_line"
        else:
            state = "doubtful"
            doubt = _why(coverage, ink_mm2, faint_mm2, th, gone_round=stroke.goes_round)
        if split and state != "struck":
            coverage = min(coverage, th.split)
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
            unseen=tuple(sorted(stroke.unseen or ())) if state == "struck" else (),
            split=tuple(sorted(split)) if state == "struck" else (),
            words=len(row.words),
            doubt=doubt,
        )
    assert row.agree is not None and row.disagree is not None
    agree = read_box(clean, weak, tinted, inner, row.agree, th)
    disagree = read_box(clean, weak, tinted, inner, row.disagree, th)
    state = mark_state(agree, disagree, not unmarked)
    if state == "doubtful":
        doubt = "boxes" if "doubtful" in (agree.state, disagree.state) else "name_ink"
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
        doubt=doubt,
    )


def _letters(
    levels: Levels, blank: BlankSide, row: RowGeometry, offset: tuple[float, float], th: Thresholds
) -> Callable[[], Letters]:
    """The row's cells as :mod:`.ends` compares them, made when first asked."""

    @cache
    def make() -> Letters:
        dx, dy = round(offset[0]), round(offset[1])
        inner = row.inner
        cells = slice(row.cells.x0 - inner.x0, row.cells.x1 - inner.x0)
        gray = shifted(levels.page, inner, dx, dy, fill=255)[:, cells]
        printed = blank.printed[inner.slice()][:, cells] > 0
        return Letters.of(gray, printed, th.faint * levels.contrast)

    return make


def _light_line(
    weak: npt.NDArray[np.bool_], row: RowGeometry, letters: Callable[[], Letters] | None
) -> bool:
    """Whether the row's faint ink lies on a light stroke through one of its
    words (:func:`.ends.light_line_through`); never on a 1-bit scan
    (``letters`` ``None``)."""
    inner = row.inner
    cells = slice(row.cells.x0 - inner.x0, row.cells.x1 - inner.x0)
    if letters is None or not weak[:, cells].any():
        return False
    words = [(a - row.cells.x0, b - row.cells.x0) for a, b in row.words]
    band = (row.band[0] - inner.y0, row.band[1] - inner.y0)
    return light_line_through(weak[:, cells], letters(), words, band)


def _why(
    coverage: float, ink_mm2: float, faint_mm2: float, th: Thresholds, *, gone_round: bool = False
) -> DoubtReason:
    """Why a cross-out row neither struck nor kept is doubtful: the strongest
    evidence it holds (a stroke over part of the name, a stroke going round
    it, ink, faint ink, or else coloured ink)."""
    if coverage > 0.0:
        return "partial"
    if gone_round:
        return "round"
    if ink_mm2 >= th.row_ink_mm2:
        return "mark"
    return "faint" if faint_mm2 >= th.faint_mm2 else "colour"


Coverage = tuple[float, frozenset[int], frozenset[int], bool]


@dataclass(frozen=True, slots=True)
class _Stroke:
    """A row's stroke as the levels read so far have found it: its coverage,
    the words it does not show in at every level that found it (``None``:
    none found it), and the words beside a space it leaves bare, in the
    reading taken (:meth:`more`); and whether a level found ink going round
    the name instead of through it (:func:`_goes_round`)."""

    coverage: float = 0.0
    unseen: frozenset[int] | None = None
    split: frozenset[int] = frozenset()
    goes_round: bool = False

    def more(self, found: Coverage, th: Thresholds) -> _Stroke:
        """The better of this reading and another level's: the higher
        coverage, a split one counted as at most ``split`` (a reading that
        needs nothing of the words' darkness first); as good, the words both
        leave beside a bare space. A level finding the stroke going round the
        name is remembered, whatever the others find."""
        share, split, unseen, goes_round = found
        if share <= 0.0:
            return replace(self, goes_round=True) if goes_round else self
        unseen = unseen if self.unseen is None else self.unseen & unseen
        mine = (min(self.coverage, th.split) if self.split else self.coverage, self.coverage)
        theirs = (min(share, th.split) if split else share, share)
        if theirs > mine:
            return _Stroke(share, unseen, split, self.goes_round)
        if theirs == mine:
            return _Stroke(share, unseen, self.split & split, self.goes_round)
        return _Stroke(self.coverage, unseen, self.split, self.goes_round)


def _adds(weak: npt.NDArray[np.bool_], clean: npt.NDArray[np.bool_]) -> bool:
    """Whether the faint level sees ink the ink level does not."""
    return bool((weak & ~clean).any())


def _coverage(
    clean: npt.NDArray[np.bool_],
    hidden: npt.NDArray[np.bool_],
    row: RowGeometry,
    th: Thresholds,
    *,
    seeds: npt.NDArray[np.bool_] | None = None,
    letters: Callable[[], Letters] | None = None,
) -> Coverage:
    """The least struck-through share of any word of the name (0 to 1), following
    the stroke wherever it runs in the row; and the words beside a space
    between two words the stroke leaves bare, that it does not show in (a
    lifted pen, or two strokes stopping on either side of a word left
    standing: the row is struck only if those words' letters are as dark as
    a hidden stroke makes them, ``hidden.hidden_strokes``; else at most
    ``split``).

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

    ``seeds``: only pieces holding some of it start the stroke (faint ink
    joins a stroke the ink level started, never starts one). Also returned:
    the words the stroke does not show in (:func:`_shows_stroke`), which the
    hidden-stroke check looks at when the row is read struck.

    ``letters``: the row's gray pixels, made when first asked, through which
    a light end past the first or last word that no level kept is followed
    (:func:`.ends.with_tails`); it then joins the stroke before the gaps are
    bridged.
    """
    inner = row.inner
    top, bottom = row.band[0] - inner.y0, row.band[1] - inner.y0
    left, right = row.cells.x0 - inner.x0, row.cells.x1 - inner.x0
    cells = np.ascontiguousarray(clean[:, left:right], dtype=np.uint8)
    height, width = cells.shape
    # Only the part with ink is labelled (a row is long, its ink often short).
    bx, by, bw, bh = cv2.boundingRect(cells)
    if bw == 0 or bh == 0:
        return NOTHING
    part = np.ascontiguousarray(cells[by : by + bh, bx : bx + bw])
    count, labels, stats, _ = cv2.connectedComponentsWithStats(part, connectivity=8)
    if count <= 1:
        return NOTHING
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
    if seeds is not None:
        seeded = np.zeros(count, dtype=np.bool_)
        seeded[np.unique(labels[seeds[by : by + bh, left + bx : left + bx + bw]])] = True
        in_band &= seeded
    stroke = np.zeros(count, dtype=np.bool_)
    stroke[pieces[inside & in_band[pieces]]] = True
    if not stroke.any():
        return NOTHING
    gap = round(th.gap_mm * SCALE)
    link = round(th.link_mm * SCALE)
    open_columns = np.asarray(~hidden[top:bottom, left:right].any(axis=0), dtype=np.bool_)
    # Open columns before each column: how much clear paper lies between two pieces.
    opened = np.concatenate(([0], np.cumsum(open_columns, dtype=np.int64)))
    hidden_gap = _hidden_reach(row, th)
    candidates = [int(i) for i in pieces[inside] if not stroke[i]]
    grown = True
    while grown and candidates:
        grown = False
        members = np.flatnonzero(stroke)
        for i in list(candidates):
            apart = np.maximum(x[i] - (x[members] + w[members]), x[members] - (x[i] + w[i]))
            along = apart <= gap
            if seeds is not None:
                # A faint piece the letters part from the stroke: behind them,
                # as the columns between are bridged (``_bridge``).
                ends = np.minimum(x[i] + w[i], x[members] + w[members])
                starts = np.maximum(x[i], x[members])
                between = opened[np.maximum(starts, ends)] - opened[np.minimum(starts, ends)]
                along |= (apart <= hidden_gap) & (between < gap)
            near = (
                along
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
    struck = _bridge(columns, open_columns, th, hidden_gap)
    through = _bridge(crossing, open_columns, th, hidden_gap)
    a, b = row.words[0][0] - row.cells.x0, row.words[-1][1] - row.cells.x0
    if b <= a:
        return NOTHING
    lines = np.zeros(cells.shape, dtype=np.bool_)
    lines[by : by + bh, bx : bx + bw] = ours
    words = [(a - row.cells.x0, b - row.cells.x0) for a, b in row.words]
    if letters is not None:
        # A light end past the first or last word that no level kept (``ends``).
        tailed = with_tails(columns, struck, lines, words, letters, th)
        if tailed is not columns:
            struck = _bridge(tailed, open_columns, th, hidden_gap)
    # A ring round the name, whether it keeps out of the letters' band or
    # hugs them so closely that it runs along the band's edges.
    if _goes_round(lines, hidden[:, left:right], row, a, b, th):
        return ROUND
    if float(through[a:b].mean()) < th.in_band:
        return NOTHING
    shares = [float(struck[a:b].mean()) for a, b in words if b > a]
    if not shares:
        return NOTHING
    clear = ~hidden[:, left:right]
    # A space between two words that the stroke leaves bare, beside a word
    # the stroke does not show in: a word gone round, two strokes stopping on
    # either side of a word left standing, or a pen lifted over the space and
    # hidden in the word's letters, which only the word's darkness tells
    # apart (``hidden.hidden_strokes``). Beside two words it shows in, it is
    # a lifted pen.
    shown = [_shows_stroke(crossing, word) for word in words]
    if letters is not None and not all(shown):
        # The letters' fringe took in all of a word: the gray pixels may show
        # the stroke through it (``ends.seen_through``).
        shown = seen_through(lines, letters(), words, shown, (top, bottom))
    unseen = frozenset(i for i, seen in enumerate(shown) if not seen)
    split: set[int] = set()
    for k, (first, second) in enumerate(pairwise(words)):
        if _space_left_bare(lines, cells > 0, clear, first[1], second[0], th) and not (
            shown[k] and shown[k + 1]
        ):
            split.update(i for i in (k, k + 1) if not shown[i])
    return min(shares), frozenset(split), unseen, False


#: No stroke found: nothing struck, no word seen.
NOTHING: Coverage = (0.0, frozenset(), frozenset(), False)
#: A stroke going round the name: nothing struck (:func:`_goes_round`).
ROUND: Coverage = (0.0, frozenset(), frozenset(), True)


def _goes_round(
    lines: npt.NDArray[np.bool_],
    printed: npt.NDArray[np.bool_],
    row: RowGeometry,
    a: int,
    b: int,
    th: Thresholds,
) -> bool:
    """Whether the stroke (``lines``, the row's cells) goes round the name
    instead of through it: a ring drawn round it. Where the letters' middle
    (``row.core``) is clear paper, a stroke through the name shows in it; a
    ring passes above it and below it, and leaves it bare — even one
    hugging the capitals' tops and the descenders so closely that it runs
    inside the letters' band, along its edges. Round when it does so over
    ``in_band`` of the name's columns (``a`` to ``b``) whose middle is
    clear."""
    top, bottom = row.core[0] - row.inner.y0, row.core[1] - row.inner.y0
    span = slice(a, b)
    clear = ~printed[top:bottom, span].any(axis=0)
    if not clear.any():
        return False
    above = lines[:top, span].any(axis=0)
    below = lines[bottom:, span].any(axis=0)
    bare = ~lines[top:bottom, span].any(axis=0)
    round_ = above & below & bare & clear
    return int(np.count_nonzero(round_)) >= th.in_band * int(np.count_nonzero(clear))


def _shows_stroke(crossing: npt.NDArray[np.bool_], word: tuple[int, int]) -> bool:
    """Whether the stroke shows between the letters of ``word``: at their
    height (``crossing``: the columns where it is in the letters' band; a
    ring or a bow round the word, above or below its letters, is not in it),
    ``INSET_MM`` inside the word's ends (not a stroke's end stopping beside it)."""
    inset = round(INSET_MM * SCALE)
    a, b = word
    if b - a > 2 * inset:
        a, b = a + inset, b - inset
    return bool(crossing[a:b].any())


def _space_left_bare(
    lines: npt.NDArray[np.bool_],
    ink: npt.NDArray[np.bool_],
    clear: npt.NDArray[np.bool_],
    a: int,
    b: int,
    th: Thresholds,
) -> bool:
    """Whether the stroke leaves the space between two words (columns ``a`` to
    ``b``) bare: followed from its pieces beside the space (within 2 mm), its
    line through the space runs over ``space_mm`` of clear paper with no ink
    anywhere in the height the stroke takes beside the space, give or take
    ``link_mm`` / 3 (a wave's height, a hand's wobble). Where the letters
    leave no clear paper at the line, there is nothing to say."""
    if b - a < 1:
        return False
    near = round(2.0 * SCALE)
    before = lines[:, max(0, a - near) : a]
    after = lines[:, b : b + near]
    heights = []
    rows = np.zeros(0, dtype=np.intp)
    for part, last in ((before, True), (after, False)):
        found = np.flatnonzero(part.any(axis=0))
        if found.size:
            column = part[:, found[-1] if last else found[0]]
            heights.append(float(np.flatnonzero(column).mean()))
            rows = np.concatenate((rows, np.flatnonzero(part.any(axis=1))))
    if not heights:
        return False
    y_from, y_to = heights[0], heights[-1]
    # Ink anywhere the stroke runs beside the space (a wave's whole height),
    # give or take a hand's wobble, crosses it.
    reach = max(1, round(th.link_mm * SCALE / 3))
    low, high = max(0, int(rows.min()) - reach), int(rows.max()) + reach + 1
    crossed: npt.NDArray[np.bool_] = np.asarray(ink[low:high, a:b].any(axis=0), dtype=np.bool_)
    bare = np.zeros(b - a, dtype=np.bool_)
    for i, x in enumerate(range(a, b)):
        y = round(y_from + (y_to - y_from) * (i + 0.5) / (b - a))
        bare[i] = not crossed[i] and bool(clear[max(0, y - 1) : y + 2, x].all())
    return _longest_run(bare) >= max(1, round(th.space_mm * SCALE))


def _hidden_reach(row: RowGeometry, th: Thresholds) -> int:
    """How far (pixels) a stroke may be hidden by letters: ``hidden_gap_mm``,
    or the row's longest word and ``gap_mm`` more, whichever is longer. A
    wide font with its letters close together (DejaVu Serif) leaves no
    column of a long word clear, and prints "Nguyễn" 18 mm wide: a stroke
    through it shows only before and after the word."""
    longest = max((b - a for a, b in row.words), default=0)
    return round(max(th.hidden_gap_mm * SCALE, longest + th.gap_mm * SCALE))


def _bridge(
    columns: npt.NDArray[np.bool_],
    open_columns: npt.NDArray[np.bool_],
    th: Thresholds,
    reach: int | None = None,
) -> npt.NDArray[np.bool_]:
    """``columns`` with their gaps bridged: up to ``gap_mm`` always; up to
    ``reach`` pixels (``hidden_gap_mm`` unless given, :func:`_hidden_reach`)
    when a stroke could be hidden in the gap by the letters but for where the
    pen lifted: the gap's columns free of printing add up to less than
    ``gap_mm``. (A space between two words that the stroke leaves bare is
    judged after, with the words beside it.)"""
    if reach is None:
        reach = round(th.hidden_gap_mm * SCALE)
    found = np.flatnonzero(columns)
    struck = columns.copy()
    if found.size < 2:
        return struck
    gaps = np.diff(found) - 1
    short = th.gap_mm * SCALE
    for k in np.flatnonzero((gaps > 0) & (gaps <= short)):
        struck[found[k] + 1 : found[k + 1]] = True
    for k in np.flatnonzero((gaps > short) & (gaps <= reach)):
        a, b = int(found[k]) + 1, int(found[k + 1])
        if np.count_nonzero(open_columns[a:b]) < short:
            struck[a:b] = True
    return struck


def _longest_run(flags: npt.NDArray[np.bool_]) -> int:
    if not flags.any():
        return 0
    padded = np.concatenate(([0], flags.astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    return int((edges[1::2] - edges[::2]).max())
