"""The blank ballot, the reference every scanned side is compared with.

Each side of the ballot PDF is rendered at
:data:`SCALE` pixels a millimetre, the resolution every comparison is made
at (about 152 dpi, the lowest scan resolution read). What is dark on the
blank is *printed*; only ink where nothing is printed can be a voter's mark:

- ``clear_rows``: not printed, the printing grown by :data:`TIGHT_GROWTH`
  pixel (rows are aligned locally first, see ``marks``); ``visible_rows``:
  where ink there can still be seen after the opening by :data:`THIN`;
- ``clear_outside``: where ink outside the rows is looked for — inside the
  fiducials' frame, not in a row, a fiducial or around the stamp box, and
  not printed, the printing grown by :data:`LOOSE_GROWTH` pixels.

The header's names (the convening committee) are not in the election
definition. A blank rendered from the definition alone (:func:`blank_ballot`
with ``render=``, the printer's function that draws the PDF with an empty
header: core does not draw PDFs, its caller hands it that function) therefore
treats the whole committee box as printed; a blank made from the very PDF
that was printed (``pdf=``) checks it too.

Every row's geometry is precomputed in the raster's pixels: the cell
interiors (:data:`INSET` mm inside the rules), each printed word of the
name (``words``) and the band from the top of its letters to their baseline
(``band``), where a stroke must pass to strike the name through; and, per
table column, the exact positions of the rules the scan is aligned on.
Each word also carries its *shade*: how much darkness its printing puts on
the pixels at and right around its letters (``word_boxes``, ``word_shade``),
which is what a scan of it should show there too (see ``marks``, hidden
strokes). ``code_image`` is the side's QR code as printed, for ``code`` to compare
with when a scanned code does not decode.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
import numpy.typing as npt

from ..ballots.code import CodePayload, code_payload
from ..ballots.layout import (
    FIDUCIAL_INSET,
    BallotLayout,
    Rect,
    Row,
    Side,
    ballot_layout,
)
from ..elections.model import ElectionDefinition

__all__ = [
    "CODE_MATCH_MARGIN",
    "INSET",
    "LOOSE_GROWTH",
    "SCALE",
    "THIN",
    "TIGHT_GROWTH",
    "BlankBallot",
    "BlankError",
    "BlankSide",
    "Box",
    "ColumnRules",
    "RenderBlank",
    "RowGeometry",
    "blank_ballot",
    "peak",
]

SCALE = 6.0

#: Draws the ballot PDF of a definition with an empty header (the convening
#: committee unknown): ``documents.ballot_pdf.blank_ballot_pdf``.
RenderBlank = Callable[[ElectionDefinition], bytes]
#: Printed pixels are grown by this much where rows are read …
TIGHT_GROWTH = 1
#: … by this much where faint ink is counted in rows …
FAINT_GROWTH = 2
#: … and by this much where ink outside the rows is looked for.
LOOSE_GROWTH = 4
#: Ink in rows must hold this 2×2 square: a pen stroke does at any angle, the
#: one-pixel fringe a scan leaves around printed letters and rules does not.
THIN = np.ones((2, 2), dtype=np.uint8)
#: A cell is read this far inside its rules, in millimetres.
INSET = 0.7
#: Around the code box, in millimetres, in the blank's image of the code.
CODE_MATCH_MARGIN = 0.5
#: A template pixel this dark (of 255) is printed.
_PRINTED = 20
#: Around the stamp box, where a stamp may spill, in millimetres.
_STAMP_SPILL = 12.0
#: The band a strike must pass through: letters' top to baseline, found where
#: at least this share of the busiest pixel row of the name is printed.
_BAND_SHARE = 0.35
#: … widened by this much above and below (mm): a wavy stroke leaves the letters
#: a little; an underline is further below.
_BAND_ABOVE = 0.5
_BAND_BELOW = 0.4
#: The letters' middle (this share of their height, top to baseline): a
#: stroke through the name crosses it; a ring drawn round the name, hugging
#: the capitals' tops and the descenders, does not.
_CORE_SHARE = 0.5
#: Printed columns closer than this (mm) are one word; a space is wider.
_WORD_GAP = 0.6
#: A word's box for its shade reaches this far (px) beyond its first and last letter.
WORD_MARGIN = 3

Mask = npt.NDArray[np.uint8]


class BlankError(ValueError):
    """The blank ballot cannot be made (its PDF does not match the layout)."""


@dataclass(frozen=True, slots=True)
class Box:
    """Pixels ``[x0, x1) × [y0, y1)`` of the page raster."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def area(self) -> int:
        return max(0, self.x1 - self.x0) * max(0, self.y1 - self.y0)

    def slice(self, dx: int = 0, dy: int = 0) -> tuple[slice, slice]:
        return slice(self.y0 + dy, self.y1 + dy), slice(self.x0 + dx, self.x1 + dx)


@dataclass(frozen=True, slots=True)
class RowGeometry:
    """One row in pixels. ``inner``: the row less its rules; ``cells``: the
    number and name cells' interior (where a cross-out stroke goes, and where
    ink is unexpected on the agree/disagree form); ``words``: the columns of
    each printed word of the name; ``band``: its letters' rows (top to
    baseline, widened); ``core``: their middle, which a stroke through the
    name crosses and a ring round it does not."""

    number: int
    candidate_id: str
    column: int
    inner: Box
    cells: Box
    words: tuple[tuple[int, int], ...]
    band: tuple[int, int]
    core: tuple[int, int]
    agree: Box | None
    disagree: Box | None
    word_boxes: tuple[Box, ...] = ()
    word_shade: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class ColumnRules:
    """A table column's rules in pixels: the horizontal ones (y) and the strips
    (x ranges) they are measured on; the vertical ones (x) and their y range."""

    column: int
    rules_y: tuple[float, ...]
    strips_x: tuple[tuple[int, int], ...]
    rules_x: tuple[float, ...]
    span_y: tuple[int, int]


@dataclass(frozen=True, slots=True, eq=False)
class BlankSide:
    """One side of the blank ballot at :data:`SCALE` pixels a millimetre."""

    number: int
    width: int
    height: int
    printed: Mask
    clear_rows: Mask
    visible_rows: Mask
    #: Not printed, the printing grown by :data:`FAINT_GROWTH`: where faint ink
    #: counts (a crease or a shadow darkens the letters' fringe a little).
    clear_faint: Mask
    clear_outside: Mask
    rows: tuple[RowGeometry, ...]
    columns: tuple[ColumnRules, ...]
    black_boxes: tuple[Box, ...]
    stamp: Box | None
    stamp_clear: Mask | None
    frame: Box
    code_box: Rect
    code_image: Mask


@dataclass(frozen=True, slots=True, eq=False)
class BlankBallot:
    """The blank of every side, the layout, and the code each side carries."""

    definition: ElectionDefinition
    layout: BallotLayout
    sides: tuple[BlankSide, ...]
    payloads: tuple[CodePayload, ...]
    header_known: bool
    source_sha256: str


def blank_ballot(
    definition: ElectionDefinition,
    layout: BallotLayout | None = None,
    *,
    pdf: bytes | None = None,
    render: RenderBlank | None = None,
) -> BlankBallot:
    """The blank of ``definition``: from the ballot ``pdf`` printed, or else
    from the PDF ``render`` draws of it with an empty header.

    Cached per process (a worker reads thousands of pages of one ballot).
    """
    blank = _blank(definition, pdf, None if pdf is not None else render)
    if layout is not None and layout != blank.layout:
        raise BlankError("the layout given is not this definition's")
    return blank


@lru_cache(maxsize=4)
def _blank(
    definition: ElectionDefinition, pdf: bytes | None, render: RenderBlank | None
) -> BlankBallot:
    layout = ballot_layout(definition)
    header_known = pdf is not None
    if pdf is None:
        if render is None:
            raise BlankError("no ballot PDF: neither the PDF printed nor a renderer was given")
        pdf = render(definition)
    pages = _render(pdf, layout)
    sides = tuple(
        _side(side, page, layout, header_known)
        for side, page in zip(layout.sides, pages, strict=True)
    )
    payloads = tuple(
        code_payload(definition, side.number, len(layout.sides)) for side in layout.sides
    )
    return BlankBallot(
        definition=definition,
        layout=layout,
        sides=sides,
        payloads=payloads,
        header_known=header_known,
        source_sha256=hashlib.sha256(pdf).hexdigest(),
    )


def _render(pdf: bytes, layout: BallotLayout) -> list[Mask]:
    import pypdfium2

    width, height = round(layout.width * SCALE), round(layout.height * SCALE)
    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as exc:
        raise BlankError(f"the ballot PDF cannot be read ({exc})") from None
    try:
        if len(document) != len(layout.sides):
            raise BlankError(
                f"the ballot PDF has {len(document)} pages, the ballot {len(layout.sides)} sides"
            )
        pages: list[Mask] = []
        for i in range(len(document)):
            page = document[i]
            w_pt, h_pt = page.get_size()
            if (
                abs(w_pt / 72 * 25.4 - layout.width) > 1
                or abs(h_pt / 72 * 25.4 - layout.height) > 1
            ):
                raise BlankError("the ballot PDF's paper is not the layout's")
            raw = np.asarray(page.render(scale=SCALE * 25.4 / 72, grayscale=True).to_numpy())
            page.close()
            if raw.ndim == 3:
                raw = raw[:, :, 0]
            canvas = np.full((height, width), 255, dtype=np.uint8)
            h, w = min(height, raw.shape[0]), min(width, raw.shape[1])
            canvas[:h, :w] = raw[:h, :w]
            pages.append(canvas)
    finally:
        document.close()
    return pages


def _px(value_mm: float) -> int:
    return round(value_mm * SCALE)


def _box(r: Rect, inset: float = 0.0) -> Box:
    return Box(_px(r.x + inset), _px(r.y + inset), _px(r.right - inset), _px(r.bottom - inset))


def _disc(radius: int) -> Mask:
    size = 2 * radius + 1
    return np.asarray(cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)), dtype=np.uint8)


def _side(side: Side, page: Mask, layout: BallotLayout, header_known: bool) -> BlankSide:
    height, width = page.shape
    printed = np.where(page < 255 - _PRINTED, 255, 0).astype(np.uint8)
    unknown = np.zeros_like(printed)
    if not header_known and side.committee_box is not None:
        unknown[_box(side.committee_box.grown(1.0)).slice()] = 255
    tight = np.asarray(cv2.dilate(printed, _disc(TIGHT_GROWTH)), dtype=np.uint8) | unknown
    loose = np.asarray(cv2.dilate(printed, _disc(LOOSE_GROWTH)), dtype=np.uint8) | unknown
    clear_rows = np.asarray(cv2.bitwise_not(tight), dtype=np.uint8)
    region = np.zeros_like(printed)
    inset = FIDUCIAL_INSET
    frame = Box(_px(inset), _px(inset), _px(layout.width - inset), _px(layout.height - inset))
    region[frame.slice()] = 255
    for row in side.rows:
        region[_box(row.rect.grown(0.3)).slice()] = 0
    for fiducial in side.fiducials:
        region[_box(fiducial.rect.grown(1.5)).slice()] = 0
    stamp = stamp_clear = None
    if side.stamp_box is not None:
        region[_box(side.stamp_box.grown(_STAMP_SPILL)).slice()] = 0
        stamp = _box(side.stamp_box, 1.0)
        stamp_clear = np.ascontiguousarray(cv2.bitwise_not(loose)[stamp.slice()], dtype=np.uint8)
    clear_outside = np.asarray(cv2.bitwise_and(region, cv2.bitwise_not(loose)), dtype=np.uint8)
    rows = tuple(_row(row, printed, page, tight) for row in side.rows)
    columns = tuple(_columns(side, page))
    black_boxes = tuple(_box(f.rect, 1.2) for f in side.fiducials if f.hole is None)
    return BlankSide(
        number=side.number,
        width=width,
        height=height,
        printed=printed,
        clear_rows=clear_rows,
        clear_faint=np.asarray(
            cv2.bitwise_not(
                np.asarray(cv2.dilate(printed, _disc(FAINT_GROWTH)), dtype=np.uint8) | unknown
            ),
            dtype=np.uint8,
        ),
        visible_rows=np.asarray(cv2.morphologyEx(clear_rows, cv2.MORPH_OPEN, THIN), dtype=np.uint8),
        clear_outside=clear_outside,
        rows=rows,
        columns=columns,
        black_boxes=black_boxes,
        stamp=stamp,
        stamp_clear=stamp_clear,
        frame=frame,
        code_box=side.code_box,
        code_image=np.ascontiguousarray(page[_box(side.code_box.grown(CODE_MATCH_MARGIN)).slice()]),
    )


def _row(row: Row, printed: Mask, page: Mask, tight: Mask) -> RowGeometry:
    inner = _box(row.rect, INSET)
    cells = Box(_px(row.number_box.x + INSET), inner.y0, _px(row.name_box.right - INSET), inner.y1)
    name = _box(row.name_box, INSET)
    glyphs = np.asarray(printed[name.slice()] > 0, dtype=np.bool_)
    words = _words(np.asarray(glyphs.any(axis=0), dtype=np.bool_), name.x0)
    if not words:
        words = ((name.x0, name.x1),)
    profile = glyphs.sum(axis=1)
    busy = np.flatnonzero(profile >= _BAND_SHARE * max(int(profile.max()), 1))
    if busy.size:
        first, last = name.y0 + int(busy[0]), name.y0 + int(busy[-1]) + 1
        band = (max(name.y0, first - _px(_BAND_ABOVE)), min(name.y1, last + _px(_BAND_BELOW)))
        margin = round((last - first) * (1.0 - _CORE_SHARE) / 2)
        core = (first + margin, max(last - margin, first + margin + 1))
    else:
        band = core = (name.y0, name.y1)
    agree = disagree = None
    if row.agree_box is not None and row.disagree_box is not None:
        agree, disagree = _box(row.agree_box, INSET), _box(row.disagree_box, INSET)
    boxes = tuple(
        Box(max(name.x0, a - WORD_MARGIN), band[0], min(name.x1, b + WORD_MARGIN), band[1])
        for a, b in words
    )
    shade = tuple(_shade(page, tight, box) for box in boxes)
    return RowGeometry(
        number=row.number,
        candidate_id=row.candidate_id,
        column=row.column,
        inner=inner,
        cells=cells,
        words=words,
        band=band,
        core=core,
        agree=agree,
        disagree=disagree,
        word_boxes=boxes,
        word_shade=shade,
    )


def _shade(page: Mask, tight: Mask, box: Box) -> float:
    """The printing's darkness (0 white to 1 black, summed) at and around its
    letters in ``box``: where the printing grown by one pixel is."""
    near = tight[box.slice()] > 0
    darkness = (255.0 - page[box.slice()].astype(np.float32)) / 255.0
    return float(darkness[near].sum())


def _words(columns: npt.NDArray[np.bool_], x0: int) -> tuple[tuple[int, int], ...]:
    """Runs of printed columns, runs closer than :data:`_WORD_GAP` mm joined."""
    found = np.flatnonzero(columns)
    if found.size == 0:
        return ()
    gap = _WORD_GAP * SCALE
    breaks = np.flatnonzero(np.diff(found) - 1 >= gap)
    starts = np.concatenate(([found[0]], found[breaks + 1]))
    ends = np.concatenate((found[breaks], [found[-1]])) + 1
    return tuple((x0 + int(a), x0 + int(b)) for a, b in zip(starts, ends, strict=True))


def peak(profile: npt.NDArray[np.float64], at: int, reach: int) -> tuple[float, float] | None:
    """The darkest line's position within ``reach`` of ``at`` (to a tenth of a
    pixel: the centroid of the peak over its neighbours) and its height above
    the window's median; ``None`` for an empty window."""
    lo, hi = max(0, at - reach), min(len(profile), at + reach + 1)
    window = profile[lo:hi]
    if window.size == 0:
        return None
    best = int(np.argmax(window))
    floor = float(np.median(window))
    a, b = max(0, best - 2), min(window.size, best + 3)
    weights = np.maximum(window[a:b] - floor, 0.0)
    total = float(weights.sum())
    centre = float(best) if total <= 0 else float((weights * np.arange(a, b)).sum() / total)
    return lo + centre, float(window[best]) - floor


def _found(found: tuple[float, float] | None, nominal: int) -> float:
    return float(nominal) if found is None else found[0]


def _columns(side: Side, page: Mask) -> list[ColumnRules]:
    """Each table column's rules, located on the blank itself (to the pixel)."""
    dark = 255.0 - page.astype(np.float64)
    found: list[ColumnRules] = []
    for column, head in enumerate(side.table_headers):
        rows = [row for row in side.rows if row.column == column]
        if not rows:
            continue
        first = rows[0]
        nb = first.number_box
        strips = ((_px(nb.x + 0.6), _px(nb.x + 2.8)), (_px(nb.right - 2.8), _px(nb.right - 0.6)))
        nominal_y = [_px(head.y), _px(head.bottom)] + [_px(row.rect.bottom) for row in rows]
        profile_y = sum(dark[:, a:b].mean(axis=1) for a, b in strips)
        rules_y = tuple(_found(peak(np.asarray(profile_y), y, 2), y) for y in nominal_y)
        edges = [head.x, nb.right]
        if first.agree_box is not None and first.disagree_box is not None:
            edges += [first.agree_box.x, first.disagree_box.x]
        edges.append(head.right)
        top, bottom = _px(first.rect.y), _px(rows[-1].rect.bottom)
        profile_x = dark[top:bottom, :].mean(axis=0)
        rules_x = tuple(_found(peak(profile_x, _px(x), 2), _px(x)) for x in edges)
        found.append(
            ColumnRules(
                column=column,
                rules_y=rules_y,
                strips_x=strips,
                rules_x=rules_x,
                span_y=(top, bottom),
            )
        )
    return found
