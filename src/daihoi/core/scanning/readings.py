"""What the marks reader finds on a side: rows, boxes, stamp, and the thresholds
it decides by (recorded with every reading)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Literal

import numpy as np
import numpy.typing as npt

RowState = Literal["struck", "kept", "agree", "disagree", "both", "none", "doubtful"]
BoxState = Literal["marked", "empty", "doubtful"]
#: Why the reader left a row to a human (the first reason found is kept):
#: ``partial`` a stroke over part of every word of the name; ``mark`` ink in
#: the row that is no stroke through the whole name; ``faint`` only faint
#: ink; ``colour`` only coloured ink; ``boxes`` a box neither empty nor clearly marked;
#: ``name_ink`` ink in the number or name cell of an agree/disagree row;
#: ``across_boxes`` a stroke over the rule between two boxes;
#: ``letters_moved`` struck where the rules put the row, not where its
#: letters are; ``hidden`` a word darker than usual; ``unchecked`` too few
#: unmarked words on the page to know what usual is; ``unseen`` a word the
#: stroke does not show in, no darker than usual; ``split`` a word beside a
#: space the stroke leaves bare that does not hold it; ``between_rows`` ink
#: along the rule between two rows; ``no_vote`` a 1-bit page showing no vote;
#: ``round`` ink going round the name, above and below its letters (a ring);
#: ``light_line`` a speck of faint ink on a light line the gray pixels show
#: through a word of a row otherwise unmarked.
DoubtReason = Literal[
    "partial",
    "mark",
    "round",
    "faint",
    "colour",
    "boxes",
    "name_ink",
    "across_boxes",
    "letters_moved",
    "hidden",
    "unchecked",
    "unseen",
    "split",
    "between_rows",
    "no_vote",
    "light_line",
]

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
    #: A word darkened over a larger area hides a stroke at a lower ratio: from
    #: ``hidden_mm2_large`` of black, ``hidden_ratio_large`` is enough (colour
    #: and gray: the same as ``hidden_ratio``; 1-bit: the second). A short
    #: stroke inside one word's letters on a 1-bit scan darkened it by 1.12
    #: over 1.25 mm² and was read kept; on the tuning deck's threshold scans
    #: 2 of 1,802 words no pen touched reach 1.10 over 1.0 mm².
    hidden_ratio_large: float = 1.055
    hidden_ratio_large_binary: float = 1.10
    hidden_mm2_large: float = 1.0
    #: A word a struck row's stroke does not show in must be darker than the
    #: page's usual by this ratio (1-bit: the second) and this much (mm²): the
    #: stroke is hidden in its letters. Else the stroke went round it: doubtful.
    #: (Words no pen touched: at most 1.039 on colour and gray scans, above
    #: 1.15 for 4 in 1,000 on 1-bit ones, tuning deck.)
    seen_ratio: float = 1.045
    seen_ratio_binary: float = 1.15
    seen_mm2: float = 0.2
    #: A piece of the rule between two rows darker than the page's other rules
    #: there by this ratio …
    rule_ratio: float = 1.3
    #: … and by this much (mm² of black) has a stroke along it: both rows doubtful.
    rule_mm2: float = 1.0
    #: On a 1-bit scan, also by what the scanner's grid can make of a rule: up
    #: to this many pixels of thickness over the piece's length when the piece
    #: lies within one period of the grid (a rule comes out a pixel thicker or
    #: thinner by where it falls on it), less when the grid crosses the rule
    #: (``hidden.grid_px``) …
    rule_grid_px: float = 1.0
    #: … and by this many more (pixels of thickness over the piece's length).
    rule_binary_px: float = 0.2
    #: Fewest words of unmarked rows to learn the page's usual darkness from.
    hidden_words: int = 3
    #: A gap in a stroke up to this (mm) is bridged …
    gap_mm: float = 2.5
    #: … and one up to this (mm) if a stroke could be hidden by letters all
    #: along, but for less than ``gap_mm`` where the pen lifted, never in a
    #: space between two words.
    hidden_gap_mm: float = 15.0
    #: A space between two words with this much clear paper (mm) the stroke
    #: leaves bare is not crossed: beside a word the stroke does not show in,
    #: unless that word is darker by ``hidden_ratio`` and ``hidden_mm2`` (the
    #: stroke hidden in its letters), the name is struck at most ``split``.
    space_mm: float = 0.5
    split: float = 0.5
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
    #: Share of the names' printed words found on the scan where the blank prints
    #: them (``outside.print_match_share``), for a page printed as this ballot.
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
    #: the excess in mm² of black; for a struck row, the least dark of the
    #: words its stroke does not show in (``None``: not measured).
    hidden: float | None = None
    hidden_mm2: float | None = None
    #: Cross-out form: the words (by index) a stroke read as striking the
    #: name does not show in — their letters may hide it, or it went round.
    unseen: tuple[int, ...] = ()
    #: Cross-out form, struck: the words beside a space the stroke leaves bare
    #: that it does not show in (its letters must hide it: a lifted pen).
    split: tuple[int, ...] = ()
    #: Cross-out form: how many words the printing of the name has, by which
    #: ``unseen`` and ``split`` count (0: not counted).
    words: int = 0
    #: Why the row is doubtful (``None`` when it is not).
    doubt: DoubtReason | None = None

    @property
    def unseen_elsewhere(self) -> tuple[int, ...]:
        """The words the stroke does not show in that no bare space is beside."""
        return tuple(k for k in self.unseen if k not in self.split)


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


def doubtful(reading: RowReading, why: DoubtReason) -> RowReading:
    """The row left to a human; one doubtful already keeps its first reason."""
    if reading.doubt is not None:
        return reading
    return replace(reading, state="doubtful", doubt=why)
