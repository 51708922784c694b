"""Where everything goes on a ballot paper: pure geometry, no drawing library.

:func:`ballot_layout` decides, from the election definition alone, the paper,
the sides, and on each side the boxes the printer draws and the scanner reads
(issue 5). The PDF (:mod:`daihoi.documents.ballot_pdf`) draws exactly these boxes; a scanner
registers a page image by its fiducials and then finds every row here.

Coordinates
-----------
Millimetres, origin at the **top-left corner of the page** as it is read
(portrait), x to the right, y **downwards**. A :class:`Rect` is its top-left
corner ``(x, y)`` and its ``width`` and ``height``. Page sizes: A4 is
210 × 297, A3 is 297 × 420. Each side of the sheet is one page of the PDF,
laid out in its own coordinates (the back is not mirrored).

Fiducials
---------
Four black squares of :data:`FIDUCIAL_SIZE` mm, their outer edges
:data:`FIDUCIAL_INSET` mm from the page edges, in the order top-left,
top-right, bottom-right, bottom-left. The bottom-left one is hollow: a white
square of half its side in its middle, so a page fed upside down (or a side
scanned mirrored) is told apart from one the right way up. The centres of
the squares are the registration points. Nothing else is printed within
:data:`FIDUCIAL_CLEARANCE` mm of a fiducial; all other printing stays inside
:attr:`Side.content`, the page less :data:`MARGIN` mm on every side.

What is on a side
-----------------
- front only: ``committee_box`` (top left: upper body, convening committee,
  star), ``stamp_box`` (below it: the empty box for the convening
  committee's stamp, docs/rules.md §1), ``party_box`` (top right: "ĐẢNG CỘNG SẢN
  VIỆT NAM"), ``subject_box`` (the election's title) and
  ``instruction_box``;
- every side: ``title_box`` ("PHIẾU BẦU CỬ", on the back its continuation
  line), ``code_box`` (the QR code, its quiet zone included: white but for
  the code), one ``table_headers`` box per column, and the rows.

A :class:`Row` is one candidate: ``rect`` the whole row of the table,
``number_box`` the number's cell, ``name_box`` the cell of the name (where a
cross-out stroke goes). On the agree/disagree and one-name forms,
``agree_box`` and ``disagree_box`` are the cells for the X; on the cross-out
form they are ``None``. Rows are numbered from 1 in ballot order
(``core.elections.ballot_order``) and fill the columns of the front from the
left, top to bottom, then those of the back. The table's rules (0.5 pt) lie
on the rows' edges; a scanner reads a cell a little inside its edges.

Paper, columns, sides: the rule
-------------------------------
Rows are at most :data:`ROW_MAX` mm high. A plan is a paper, a number of
columns and a number of sides; the plans are tried in this order, first with
rows of at least :data:`ROW_COMFORTABLE` mm, then with rows of at least
:data:`ROW_MIN` mm, and the first plan where every name fits is used, with
the highest row (in steps of 0.5 mm) that still fits:

- cross-out: A4 one column, A4 two columns, A3 two, three, four columns,
  then A3 three and four columns on both sides;
- agree/disagree: A4 one column, A3 two columns, A3 two columns on both
  sides;
- one name: A4, one row of :data:`ROW_SINGLE` mm.

So with rows of 9–10 mm a cross-out list goes up to 18 names on A4 in one
column, 36 in two; A3 takes it from 37 names, and one side of A3 holds 128.
A national list of 300 names is one A3 sheet printed on both sides, four
columns of 8 mm rows (144 names on the front, 156 on the back). An
agree/disagree list goes up to 18 names on A4, 64 on one side of A3. A list
that fits no plan (over 360 cross-out names, 180 agree/disagree names)
raises :class:`LayoutError`: such a ballot would be a booklet of several
sheets, which the counting rules do not foresee.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from ..elections.ballot_order import ballot_order
from ..elections.model import ElectionDefinition, Form

__all__ = [
    "FIDUCIAL_CLEARANCE",
    "FIDUCIAL_INSET",
    "FIDUCIAL_SIZE",
    "MARGIN",
    "PAPER_SIZES",
    "ROW_COMFORTABLE",
    "ROW_MAX",
    "ROW_MIN",
    "ROW_SINGLE",
    "BallotLayout",
    "Fiducial",
    "LayoutError",
    "Paper",
    "Rect",
    "Row",
    "Side",
    "ballot_layout",
]

Paper = Literal["A4", "A3"]
#: Portrait width and height in millimetres.
PAPER_SIZES: dict[Paper, tuple[float, float]] = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}

FIDUCIAL_SIZE = 6.0
FIDUCIAL_INSET = 8.0
FIDUCIAL_CLEARANCE = 4.0
#: All printing but the fiducials stays this far inside the page edges.
MARGIN = FIDUCIAL_INSET + FIDUCIAL_SIZE + FIDUCIAL_CLEARANCE

ROW_MAX = 10.0
ROW_COMFORTABLE = 9.0
ROW_MIN = 7.0
ROW_SINGLE = 16.0
_ROW_STEP = 0.5

CODE_SIZE = 26.0
_GUTTER = 6.0
_NUMBER_WIDTH = 12.0
_MARK_WIDTH = 28.0
_MIN_NAME_WIDTH = {"cross_out": 46.0, "agree_disagree": 55.0, "single": 55.0}

# Front header, from the top of the content box down.
_COMMITTEE_HEIGHT = 18.0
_STAMP_TOP = 19.0  # below the content top
_STAMP_WIDTH = 40.0
_STAMP_HEIGHT = 27.0
_PARTY_HEIGHT = 8.0
_CODE_TOP = 10.0  # below the content top
_TITLE_TOP = 48.0
_TITLE_HEIGHT = 9.0
_SUBJECT_HEIGHT = 12.0
_INSTRUCTION_HEIGHT = 11.0
_FRONT_TABLE_TOP = _TITLE_TOP + _TITLE_HEIGHT + _SUBJECT_HEIGHT + 1.0 + _INSTRUCTION_HEIGHT + 2.0
# Back header: a continuation line beside the code.
_BACK_TITLE_HEIGHT = 14.0
_BACK_TABLE_TOP = CODE_SIZE + 4.0

_HEADER_HEIGHT: dict[Form, float] = {"cross_out": 8.0, "agree_disagree": 10.0, "single": 10.0}


class LayoutError(ValueError):
    """The list fits on no sheet the rules allow: ``count`` names, ``most`` fit."""

    def __init__(self, count: int, most: int) -> None:
        super().__init__(
            f"{count} names do not fit on one ballot sheet of this form (at most {most})"
        )
        self.count = count
        self.most = most


@dataclass(frozen=True, slots=True)
class Rect:
    """A box in millimetres: top-left corner, width, height (y grows downwards)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y + self.height / 2)

    def overlaps(self, other: Rect) -> bool:
        """True when the interiors meet (touching edges do not overlap)."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )

    def contains(self, other: Rect) -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )

    def grown(self, by: float) -> Rect:
        """The same box with ``by`` mm added on every side."""
        return Rect(self.x - by, self.y - by, self.width + 2 * by, self.height + 2 * by)


@dataclass(frozen=True, slots=True)
class Fiducial:
    """A registration square; ``hole`` is the white square of the hollow one."""

    rect: Rect
    hole: Rect | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """One candidate's row; ``number`` is the printed number (ballot order)."""

    number: int
    candidate_id: str
    column: int
    rect: Rect
    number_box: Rect
    name_box: Rect
    agree_box: Rect | None = None
    disagree_box: Rect | None = None


@dataclass(frozen=True, slots=True)
class Side:
    """One side of the sheet (one page of the PDF), numbered from 1."""

    number: int
    content: Rect
    fiducials: tuple[Fiducial, Fiducial, Fiducial, Fiducial]
    code_box: Rect
    title_box: Rect
    table_headers: tuple[Rect, ...]
    rows: tuple[Row, ...]
    committee_box: Rect | None = None
    stamp_box: Rect | None = None
    party_box: Rect | None = None
    subject_box: Rect | None = None
    instruction_box: Rect | None = None

    def boxes(self) -> tuple[Rect, ...]:
        """Every printed box but the fiducials and the rows."""
        found = (
            self.committee_box,
            self.stamp_box,
            self.party_box,
            self.subject_box,
            self.instruction_box,
        )
        return (
            self.code_box,
            self.title_box,
            *self.table_headers,
            *(box for box in found if box is not None),
        )


@dataclass(frozen=True, slots=True)
class BallotLayout:
    """The whole ballot: one sheet, one or two sides."""

    election: str
    round: int
    form: Form
    paper: Paper
    width: float
    height: float
    columns: int
    row_height: float
    sides: tuple[Side, ...]

    @property
    def rows(self) -> tuple[Row, ...]:
        """Every row, front then back, in ballot order."""
        return tuple(row for side in self.sides for row in side.rows)


@dataclass(frozen=True, slots=True)
class _Plan:
    paper: Paper
    columns: int
    sides: int


_PLANS: dict[Form, tuple[_Plan, ...]] = {
    "cross_out": (
        _Plan("A4", 1, 1),
        _Plan("A4", 2, 1),
        _Plan("A3", 2, 1),
        _Plan("A3", 3, 1),
        _Plan("A3", 4, 1),
        _Plan("A3", 3, 2),
        _Plan("A3", 4, 2),
    ),
    "agree_disagree": (_Plan("A4", 1, 1), _Plan("A3", 2, 1), _Plan("A3", 2, 2)),
    "single": (_Plan("A4", 1, 1),),
}


def ballot_layout(definition: ElectionDefinition) -> BallotLayout:
    """The layout of the definition's ballot; the same definition, the same layout."""
    form = definition.form
    order = ballot_order(definition.candidates, definition.rules.order)
    ids = [definition.candidates[i].id for i in order]
    plan, row_height = _choose(form, len(ids))
    width, height = PAPER_SIZES[plan.paper]
    capacities = [_rows_per_column(form, plan.paper, s, row_height) for s in range(plan.sides)]
    sides: list[Side] = []
    start = 0
    for s in range(plan.sides):
        count = min(len(ids) - start, capacities[s] * plan.columns)
        sides.append(_side(form, plan, s + 1, row_height, ids[start : start + count], start))
        start += count
    return BallotLayout(
        election=definition.id,
        round=definition.round,
        form=form,
        paper=plan.paper,
        width=width,
        height=height,
        columns=plan.columns,
        row_height=row_height,
        sides=tuple(sides),
    )


def _content(paper: Paper) -> Rect:
    width, height = PAPER_SIZES[paper]
    return Rect(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN)


def _table_top(side_index: int) -> float:
    return MARGIN + (_FRONT_TABLE_TOP if side_index == 0 else _BACK_TABLE_TOP)


def _rows_per_column(form: Form, paper: Paper, side_index: int, row_height: float) -> int:
    content = _content(paper)
    room = content.bottom - _table_top(side_index) - _HEADER_HEIGHT[form]
    return math.floor(room / row_height + 1e-9)


def _column_width(paper: Paper, columns: int) -> float:
    return (_content(paper).width - _GUTTER * (columns - 1)) / columns


def _fits_width(form: Form, plan: _Plan) -> bool:
    marks = 0.0 if form == "cross_out" else 2 * _MARK_WIDTH
    needed = _NUMBER_WIDTH + _MIN_NAME_WIDTH[form] + marks
    return _column_width(plan.paper, plan.columns) >= needed


def _capacity(form: Form, plan: _Plan, row_height: float) -> int:
    return plan.columns * sum(
        _rows_per_column(form, plan.paper, s, row_height) for s in range(plan.sides)
    )


def _heights(low: float) -> list[float]:
    steps = round((ROW_MAX - low) / _ROW_STEP)
    return [ROW_MAX - i * _ROW_STEP for i in range(steps + 1)]


def _choose(form: Form, count: int) -> tuple[_Plan, float]:
    if form == "single":
        return _PLANS["single"][0], ROW_SINGLE
    plans = [p for p in _PLANS[form] if _fits_width(form, p)]
    for low in (ROW_COMFORTABLE, ROW_MIN):
        for plan in plans:
            for row_height in _heights(low):
                if _capacity(form, plan, row_height) >= count:
                    return plan, row_height
    most = max(_capacity(form, p, ROW_MIN) for p in plans)
    raise LayoutError(count, most)


def _fiducials(paper: Paper) -> tuple[Fiducial, Fiducial, Fiducial, Fiducial]:
    width, height = PAPER_SIZES[paper]
    near, size = FIDUCIAL_INSET, FIDUCIAL_SIZE
    far_x, far_y = width - near - size, height - near - size
    hole = size / 2
    return (
        Fiducial(Rect(near, near, size, size)),
        Fiducial(Rect(far_x, near, size, size)),
        Fiducial(Rect(far_x, far_y, size, size)),
        Fiducial(
            Rect(near, far_y, size, size),
            hole=Rect(near + (size - hole) / 2, far_y + (size - hole) / 2, hole, hole),
        ),
    )


def _side(
    form: Form, plan: _Plan, number: int, row_height: float, ids: list[str], before: int
) -> Side:
    content = _content(plan.paper)
    top = _table_top(number - 1)
    header_height = _HEADER_HEIGHT[form]
    column_width = _column_width(plan.paper, plan.columns)
    per_column = max(1, math.ceil(len(ids) / plan.columns))
    used_columns = max(1, math.ceil(len(ids) / per_column))
    headers: list[Rect] = []
    rows: list[Row] = []
    for c in range(used_columns):
        x = content.x + c * (column_width + _GUTTER)
        headers.append(Rect(x, top, column_width, header_height))
        chunk = ids[c * per_column : (c + 1) * per_column]
        for r, candidate_id in enumerate(chunk):
            y = top + header_height + r * row_height
            rows.append(
                _row(form, before + len(rows) + 1, candidate_id, c, x, y, column_width, row_height)
            )
    code_box = Rect(content.right - CODE_SIZE, content.y, CODE_SIZE, CODE_SIZE)
    if number > 1:
        title = Rect(content.x, content.y, content.width - CODE_SIZE - 4.0, _BACK_TITLE_HEIGHT)
        return Side(
            number=number,
            content=content,
            fiducials=_fiducials(plan.paper),
            code_box=code_box,
            title_box=title,
            table_headers=tuple(headers),
            rows=tuple(rows),
        )
    half = content.width / 2
    left = Rect(content.x, content.y, half - 4.0, _COMMITTEE_HEIGHT)
    party = Rect(content.x + half + 4.0, content.y, half - 4.0, _PARTY_HEIGHT)
    stamp = Rect(
        left.x + (left.width - _STAMP_WIDTH) / 2,
        content.y + _STAMP_TOP,
        _STAMP_WIDTH,
        _STAMP_HEIGHT,
    )
    code_box = Rect(
        party.x + (party.width - CODE_SIZE) / 2, content.y + _CODE_TOP, CODE_SIZE, CODE_SIZE
    )
    title = Rect(content.x, content.y + _TITLE_TOP, content.width, _TITLE_HEIGHT)
    subject = Rect(content.x, title.bottom, content.width, _SUBJECT_HEIGHT)
    instruction = Rect(content.x, subject.bottom + 1.0, content.width, _INSTRUCTION_HEIGHT)
    return Side(
        number=number,
        content=content,
        fiducials=_fiducials(plan.paper),
        code_box=code_box,
        title_box=title,
        table_headers=tuple(headers),
        rows=tuple(rows),
        committee_box=left,
        stamp_box=stamp,
        party_box=party,
        subject_box=subject,
        instruction_box=instruction,
    )


def _row(
    form: Form,
    number: int,
    candidate_id: str,
    column: int,
    x: float,
    y: float,
    width: float,
    height: float,
) -> Row:
    rect = Rect(x, y, width, height)
    number_box = Rect(x, y, _NUMBER_WIDTH, height)
    if form == "cross_out":
        name_box = Rect(x + _NUMBER_WIDTH, y, width - _NUMBER_WIDTH, height)
        return Row(number, candidate_id, column, rect, number_box, name_box)
    name_width = width - _NUMBER_WIDTH - 2 * _MARK_WIDTH
    name_box = Rect(x + _NUMBER_WIDTH, y, name_width, height)
    agree = Rect(name_box.right, y, _MARK_WIDTH, height)
    disagree = Rect(agree.right, y, _MARK_WIDTH, height)
    return Row(number, candidate_id, column, rect, number_box, name_box, agree, disagree)
