"""A pen lifted over the space between two words (issue 14): the stroke runs
on hidden in the next word's letters, which only their darkness shows. Two
strokes stopping on either side of a word left standing leave the same bare
space, and a word no darker than the page's others: that row stays doubtful."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import marks
from daihoi.core.scanning.hidden import hidden_strokes
from daihoi.core.scanning.levels import Levels
from daihoi.core.scanning.readings import Gray, RowReading, Thresholds
from daihoi.core.scanning.template import BlankSide, RowGeometry

from .deck import Scan, blank_ballot, interpret_page
from .helpers import image

PAPER, PRINT, PEN = 245, 25, 60
#: The row and the word (by index) the pen was lifted before: "An" of
#: "Nguyễn Văn An".
ROW, WORD = 8, 2


def _side(election: ElectionDefinition) -> BlankSide:
    return blank_ballot(election).sides[0]


def _page(side: BlankSide, *, hidden_in_word: bool) -> Gray:
    """The blank as scanned; ``hidden_in_word``: a 0.5 mm stroke through the
    word's letters at their middle, drawn only where the letters and the pixel
    round them are (nothing of it shows between them)."""
    page = np.where(side.printed > 0, PRINT, PAPER).astype(np.uint8)
    if hidden_in_word:
        g = _row(side, ROW)
        a, b = g.words[WORD]
        y = (g.band[0] + g.band[1]) // 2
        line = np.zeros(page.shape, dtype=np.uint8)
        cv2.line(line, (a, y), (b, y), 255, 3)
        around = (side.clear_rows == 0) & (side.printed == 0)
        page[(line > 0) & around] = PEN
    return page


def _row(side: BlankSide, number: int) -> RowGeometry:
    return next(r for r in side.rows if r.number == number)


def _rows(
    side: BlankSide, split: tuple[int, ...] = (), unseen: tuple[int, ...] = ()
) -> list[RowReading]:
    """Every row read kept but ``ROW``, read struck through the whole name with
    ``split`` and ``unseen`` words."""
    rows = []
    for g in side.rows:
        row = RowReading(g.number, g.candidate_id, "kept", 0.0, 0.0, None, 0.0, None, None, (0, 0))
        if g.number == ROW:
            row = replace(
                row, state="struck", coverage=1.0, ink_mm2=12.0, split=split, unseen=unseen
            )
        rows.append(row)
    return rows


def _read(
    page: Gray,
    side: BlankSide,
    th: Thresholds,
    *,
    binary: bool = False,
    split: tuple[int, ...] = (),
    unseen: tuple[int, ...] = (),
) -> RowReading:
    offsets = {g.number: (0.0, 0.0) for g in side.rows}
    rows = _rows(side, split, unseen)
    out = hidden_strokes(
        rows, side, page, offsets, PAPER, PAPER - PRINT, "cross_out", th, binary=binary
    )
    assert {r.state for r in out if r.number != ROW} == {"kept"}
    return next(r for r in out if r.number == ROW)


def test_a_word_holding_the_stroke_beside_a_bare_space_is_struck(
    cross_out: ElectionDefinition,
) -> None:
    side = _side(cross_out)
    row = _read(_page(side, hidden_in_word=True), side, Thresholds(), split=(WORD,), unseen=(WORD,))
    assert row.state == "struck" and row.coverage == 1.0
    # The audit shows how dark the word was found.
    assert row.hidden is not None and row.hidden >= Thresholds().hidden_ratio


def test_a_word_left_standing_beside_a_bare_space_is_doubtful(
    cross_out: ElectionDefinition,
) -> None:
    side = _side(cross_out)
    th = Thresholds()
    row = _read(_page(side, hidden_in_word=False), side, th, split=(WORD,), unseen=(WORD,))
    assert row.state == "doubtful" and row.doubt == "split"
    assert row.coverage == th.split


def test_beside_a_bare_space_the_word_must_be_as_dark_as_a_hidden_stroke_makes_it(
    cross_out: ElectionDefinition,
) -> None:
    # The same word, darkened as much: where the stroke crosses the spaces, a
    # word it does not show in needs only ``seen_ratio``; beside a space it
    # leaves bare, ``hidden_ratio`` (here set above what this stroke gives).
    side = _side(cross_out)
    page = _page(side, hidden_in_word=True)
    found = _read(page, side, Thresholds(), split=(WORD,), unseen=(WORD,)).hidden
    assert found is not None and found > Thresholds().seen_ratio
    strict = Thresholds(hidden_ratio=found + 0.01)
    assert _read(page, side, strict, unseen=(WORD,)).state == "struck"
    assert _read(page, side, strict, split=(WORD,), unseen=(WORD,)).state == "doubtful"


def test_on_a_one_bit_scan_a_bare_space_beside_a_hidden_word_is_doubtful(
    cross_out: ElectionDefinition,
) -> None:
    # A 1-bit scan's words are too coarse in darkness to tell a lifted pen
    # from a word left standing: the word that holds the stroke on an 8-bit
    # scan (the first test) does not make the row struck there.
    side = _side(cross_out)
    page = _page(side, hidden_in_word=True)
    th = Thresholds()
    row = _read(page, side, th, binary=True, split=(WORD,), unseen=(WORD,))
    assert row.state == "doubtful" and row.coverage == th.split
    assert _read(page, side, th, binary=True, unseen=(WORD,)).state == "struck"


@pytest.mark.parametrize(
    "scan",
    [
        Scan(dpi=200, angle=-2.0),
        Scan(dpi=300, angle=0.5, colour=False, jpeg=60),
    ],
)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_strokes_stopping_beside_a_word_left_standing_stay_doubtful(
    cross_out: ElectionDefinition, scan: Scan, seed: int
) -> None:
    # What the split rule was for: each stroke ends in the space beside the
    # word left standing, and nothing is hidden in that word's letters.
    picture = image(cross_out, rows={3: "skip_word", 9: "skip_word"}, seed=seed, scan=scan,
                    pen="black", pen_width=0.3)  # fmt: skip
    reading = interpret_page(picture, cross_out)
    assert reading.marks is not None
    rows = {r.number: r for r in reading.marks.rows}
    for number in (3, 9):
        assert rows[number].state == "doubtful"
        coverage = rows[number].coverage
        assert coverage is not None and coverage <= Thresholds().split


@pytest.mark.parametrize(
    "scan",
    [
        Scan(dpi=200, angle=0.8, colour=False),
        Scan(dpi=300, angle=-0.5),
        Scan(dpi=150, angle=1.0, colour=False, jpeg=70),
    ],
)
@pytest.mark.parametrize(("seed", "lifted"), [(12, 2), (21, 5)])
def test_a_pen_lifted_over_a_space_strikes_the_name(
    cross_out: ElectionDefinition, scan: Scan, seed: int, lifted: int
) -> None:
    # The deck's stroke with skips where the pen lifted: in row ``lifted`` a
    # skip falls on a space between two words, beside a word the stroke
    # crosses hidden in its letters (read doubtful before this check).
    rows = {2: "skipping", 5: "skipping", 8: "skipping", 11: "skipping"}
    picture = image(cross_out, rows=rows, seed=seed, scan=scan, pen="blue", pen_width=0.3)
    reading = interpret_page(picture, cross_out)
    assert reading.marks is not None
    found = {r.number: r for r in reading.marks.rows}
    assert found[lifted].split, "the space is left bare"
    assert {n for n, r in found.items() if r.state == "struck"} == set(rows)
    assert {r.state for n, r in found.items() if n not in rows} == {"kept"}


def test_a_row_struck_where_its_rules_and_its_letters_are_keeps_both_readings_split(
    cross_out: ElectionDefinition, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Read where its rules put it, the stroke crosses every space (its letters'
    # edges can fill one); read where its letters are, it leaves a space bare
    # beside the second word. The word must then hold the stroke, whichever
    # reading is kept (found on the tuning deck's stress set, seed 18,652).
    side = _side(cross_out)
    g = _row(side, ROW)
    base = _rows(side)[ROW - 1]
    at_rules = replace(base, state="struck", coverage=1.0)
    at_letters = replace(at_rules, split=(1,), unseen=(1,))

    def reading(*args: object) -> RowReading:
        return at_rules if args[3] == (0.0, 0.0) else at_letters

    monkeypatch.setattr(marks, "read_row", reading)
    monkeypatch.setattr(marks, "letters_offset", lambda *args: (0.0, 1.0))
    offsets = {ROW: (0.0, 0.0)}
    th = Thresholds()
    levels = Levels(
        ink=PAPER - th.ink * (PAPER - PRINT),
        faint=PAPER - th.faint * (PAPER - PRINT),
        colour=th.colour,
        page=_page(side, hidden_in_word=False),
        make_colour=None,
        contrast=PAPER - PRINT,
    )
    found = marks._read_row(levels, side, g, offsets, "cross_out", th, PAPER - PRINT)
    assert found.state == "struck" and found.split == (1,)
    assert offsets[ROW] == (0.0, 0.0), "the later checks look where the rules are"
