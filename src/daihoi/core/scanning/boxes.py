"""Agree/disagree boxes: empty, marked or doubtful, and strokes across the rules
between boxes."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .levels import Levels, cut, evidence
from .readings import BoxReading, BoxState, RowReading, RowState, Thresholds, doubtful
from .template import INSET, SCALE, BlankSide, Box

#: Beside a rule between two boxes, in millimetres: ink here on both sides of
#: the rule, at the same place along it, is a stroke across the rule.
_BESIDE_MM = INSET + 0.3


def read_box(
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


def mark_state(agree: BoxReading, disagree: BoxReading, name_ink: bool) -> RowState:
    if name_ink or "doubtful" in (agree.state, disagree.state):
        return "doubtful"
    if agree.state == "marked":
        return "both" if disagree.state == "marked" else "agree"
    return "disagree" if disagree.state == "marked" else "none"


def crossings(
    rows: list[RowReading],
    blank: BlankSide,
    levels: Levels,
    offsets: dict[int, tuple[float, float]],
) -> list[RowReading]:
    """A stroke across the rule between two boxes makes both rows doubtful.

    Beside the rule (within ``_BESIDE_MM``, where boxes are not read), faint
    ink on both sides at the same place along the rule is one stroke going
    over it: an X on the line between agree and disagree, or between two
    names' boxes. Marks that only come near the rule do not cross it.
    """
    reach = round(_BESIDE_MM * SCALE)
    flagged: set[int] = set()
    by_number = {g.number: g for g in blank.rows}
    for g in blank.rows:
        if g.agree is None or g.disagree is None:
            continue
        rule = (g.agree.x1 + g.disagree.x0) // 2
        strip = Box(rule - reach, g.inner.y0, rule + reach, g.inner.y1)
        if _across(levels, blank, strip, offsets[g.number], along_x=False):
            flagged.add(g.number)
        below = by_number.get(g.number + 1)
        if below is None or below.column != g.column or below.agree is None:
            continue
        rule = (g.inner.y1 + below.inner.y0) // 2
        for box in (g.agree, g.disagree):
            strip = Box(box.x0, rule - reach, box.x1, rule + reach)
            if _across(levels, blank, strip, offsets[g.number], along_x=True):
                flagged.update((g.number, below.number))
    return [doubtful(r, "across_boxes") if r.number in flagged else r for r in rows]


def _across(
    levels: Levels, blank: BlankSide, strip: Box, offset: tuple[float, float], *, along_x: bool
) -> bool:
    """Faint ink on both halves of ``strip`` (split across its rule) at the same
    place along it."""
    seen = evidence(cut(levels, strip, offset, colour=False).faint, blank, strip, 0)
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
