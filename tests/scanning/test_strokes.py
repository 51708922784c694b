"""The stroke model: a name is struck when one stroke runs through all of it,
however it slopes, doubles, waves or skips; never by ink at the row's edge."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import strokes
from daihoi.core.scanning.audit import _row_to_json
from daihoi.core.scanning.readings import Thresholds
from daihoi.core.scanning.strokes import _bridge, _goes_round, _space_left_bare
from daihoi.core.scanning.template import SCALE, Box, RowGeometry

from .deck import TUNING, WIDE_STRIKES, Mix, Scan, interpret_page, make_spec, render, truth_of
from .helpers import candidate, image, reasons, spec, states

#: Every stroke of the wide deck on one ballot, a name left between each.
WIDE = {1: "slope", 3: "freehand", 5: "skipping", 7: "triple", 9: "ruler", 11: "from_number"}


@pytest.mark.parametrize(
    ("pen", "width", "scan"),
    [
        ("violet", 0.25, Scan(dpi=200, angle=-2.5, blur=0.5, noise=3.0)),
        ("black", 0.9, Scan(dpi=150, angle=1.5, colour=False, jpeg=45)),
        ("red", 0.5, Scan(dpi=300, angle=0.7, colour=False, binary="threshold")),
        ("blue", 0.6, Scan(dpi=200, angle=-1.0, colour=False, binary="dither")),
        ("dark_blue", 0.4, Scan(dpi=200, angle=2.0, fold=4)),
    ],
)
def test_strokes_people_make_are_read_as_struck(
    cross_out: ElectionDefinition, pen: str, width: float, scan: Scan
) -> None:
    assert set(WIDE.values()) <= set(WIDE_STRIKES)
    picture = image(cross_out, rows=dict(WIDE), scan=scan, pen=pen, pen_width=width, seed=3)
    reading = interpret_page(picture, cross_out)
    found = states(reading)
    assert {n for n, s in found.items() if s == "struck"} == set(WIDE)
    assert {n for n, s in found.items() if s == "kept"} == set(found) - set(WIDE)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_sloping_line_is_followed_out_of_the_letters_band(
    cross_out: ElectionDefinition, seed: int
) -> None:
    picture = image(cross_out, rows={2: "slope", 6: "slope", 10: "slope"}, seed=seed)
    reading = interpret_page(picture, cross_out)
    assert reading.marks is not None
    for row in reading.marks.rows:
        if row.number in (2, 6, 10):
            assert row.state == "struck" and row.coverage is not None and row.coverage >= 0.9


def test_a_stroke_running_past_the_row_is_not_ink_outside_the_rows(
    cross_out: ElectionDefinition,
) -> None:
    picture = image(cross_out, rows={4: "overrun", 8: "overrun"}, seed=5)
    reading = interpret_page(picture, cross_out)
    assert states(reading)[4] == "struck" and states(reading)[8] == "struck"
    assert reading.review == ()


@pytest.mark.parametrize("style", ["edge", "one_word", "underline", "short", "partial"])
@pytest.mark.parametrize("seed", [1, 2])
def test_a_stroke_at_the_edge_or_on_one_word_is_doubtful(
    cross_out: ElectionDefinition, style: str, seed: int
) -> None:
    scan = Scan(dpi=200, angle=-1.0, colour=False)
    picture = image(cross_out, rows={5: style, 9: "slope"}, seed=seed, scan=scan, pen_width=0.8)
    reading = interpret_page(picture, cross_out)
    found = states(reading)
    assert found[5] == "doubtful"
    assert found[9] == "struck"
    # The stroke misses some word altogether: ink, no stroke through the name.
    assert reasons(reading) == {5: "mark"}


@pytest.mark.parametrize("seed", [1, 2])
def test_a_stroke_on_the_rule_between_two_rows_goes_to_review(
    cross_out: ElectionDefinition, seed: int
) -> None:
    picture = image(cross_out, rows={6: "between", 7: "between_below"}, seed=seed, pen="black")
    reading = interpret_page(picture, cross_out)
    found = states(reading)
    # Along the rule, the stroke is in neither row: the rule is only thicker.
    assert found[6] == found[7] == "doubtful"
    assert "doubtful_row" in reading.review
    assert reasons(reading)[6] == "between_rows"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_clean_rules_between_rows_are_not_taken_for_strokes(
    cross_out: ElectionDefinition, seed: int
) -> None:
    scan = Scan(dpi=150 + 50 * seed, angle=2.0 - seed, colour=seed != 2, fold=2 * (seed % 2))
    found = states(
        interpret_page(image(cross_out, rows={2: "triple"}, seed=seed, scan=scan), cross_out)
    )
    assert found == {n: "struck" if n == 2 else "kept" for n in range(1, 13)}


@pytest.mark.parametrize("fold", [2, 4])
def test_a_folded_sheet_leaves_its_names_standing(cross_out: ElectionDefinition, fold: int) -> None:
    for seed in (1, 2, 3):
        scan = Scan(dpi=150 + 50 * seed, angle=1.5 - seed, fold=fold, colour=seed != 2)
        reading = interpret_page(
            image(cross_out, rows={3: "slope"}, seed=seed, scan=scan), cross_out
        )
        found = states(reading)
        assert found[3] == "struck"
        assert all(found[n] in ("kept", "doubtful") for n in found if n != 3)


def test_light_toner_and_faded_streaks_do_not_strike_or_hide(
    cross_out: ElectionDefinition,
) -> None:
    ballot = spec(cross_out, rows={2: "freehand", 8: "short"}, scan=Scan(dpi=200, angle=1.0))
    from .deck import render

    picture = render(cross_out, replace(ballot, toner=0.7, print_streaks=2))
    found = states(interpret_page(picture, cross_out))
    assert found[2] == "struck" and found[8] == "doubtful"
    assert all(found[n] == "kept" for n in found if n not in (2, 8))


def test_a_1_bit_page_showing_no_vote_goes_to_review(cross_out: ElectionDefinition) -> None:
    # A pen lighter than the scanner's threshold is dropped altogether.
    scan = Scan(dpi=200, angle=1.0, colour=False, binary="threshold")
    unmarked = interpret_page(image(cross_out, scan=scan), cross_out)
    assert set(states(unmarked).values()) == {"doubtful"}
    assert set(reasons(unmarked).values()) == {"no_vote"}
    assert "doubtful_row" in unmarked.review
    struck = interpret_page(image(cross_out, rows={4: "slope"}, scan=scan), cross_out)
    found = states(struck)
    assert found[4] == "struck" and "doubtful_row" not in struck.review
    assert all(found[n] == "kept" for n in found if n != 4)


@pytest.mark.parametrize(
    "scan",
    [
        Scan(dpi=150, angle=1.0, colour=False),
        Scan(dpi=200, angle=-2.0),
        Scan(dpi=300, angle=0.5, colour=False, jpeg=60),
        Scan(dpi=200, angle=1.5, colour=False, binary="threshold"),
    ],
)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_two_strokes_around_a_word_left_standing_are_doubtful(
    cross_out: ElectionDefinition, scan: Scan, seed: int
) -> None:
    # Each stroke ends in the space beside the middle word: the letters of the
    # word could hide a stroke, the space between the words could not.
    picture = image(cross_out, rows={3: "skip_word", 9: "skip_word", 6: "slope"}, seed=seed,
                    scan=scan, pen="blue", pen_width=0.5)  # fmt: skip
    reading = interpret_page(picture, cross_out)
    found = states(reading)
    assert found[3] == "doubtful" and found[9] == "doubtful"
    assert found[6] == "struck"
    # Most often the space beside the word is left bare: a lifted pen?
    assert reasons(reading)[3] == "split"
    # The audit names the word left standing, among the name's printed words.
    assert reading.marks is not None
    record = _row_to_json(next(r for r in reading.marks.rows if r.number == 3))
    name = next(c.name for c in cross_out.candidates if c.id == candidate(reading, 3))
    assert record["words"]["of"] == len(name.split())
    (left,) = record["words"]["not_shown"]  # never the first or the last word
    assert 0 < left < record["words"]["of"] - 1


@pytest.mark.parametrize(
    ("width", "scan"),
    [
        (0.7, Scan(dpi=200, angle=0.8, colour=False, noise=3.0)),
        (0.9, Scan(dpi=150, angle=-1.2, colour=False, jpeg=60)),
        (0.7, Scan(dpi=300, angle=-0.4)),
    ],
)
@pytest.mark.parametrize("seed", [4, 5, 6])
def test_a_word_left_standing_between_thick_strokes_is_doubtful(
    cross_out: ElectionDefinition, width: float, scan: Scan, seed: int
) -> None:
    # A thick pen stopping within a few tenths of a millimetre of the word it
    # leaves standing fills the space beside it: nothing shows the space bare.
    # The word itself is no darker than the page's other words, so no stroke
    # is hidden in its letters: the name is not struck through.
    rows = {3: "skip_word", 9: "skip_word", 6: "slope", 11: "freehand"}
    picture = image(cross_out, rows=rows, seed=seed, scan=scan, pen="black", pen_width=width)
    found = states(interpret_page(picture, cross_out))
    assert found[3] == "doubtful" and found[9] == "doubtful"
    assert found[6] == "struck" and found[11] == "struck"


@pytest.mark.parametrize("seed", [2, 11, 24])
def test_a_coloured_pen_shows_in_the_letters_that_hide_it_from_the_ink_level(
    cross_out: ElectionDefinition, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A blue stroke through closely set letters leaves no unexplained ink in
    # some word, so the ink level cannot tell it went through that word. On a
    # colour scan the pen's colour between the letters shows it did: the row
    # is struck without asking the word's darkness. A gray scan of the same
    # ballot still has to ask it.
    follow = strokes._coverage
    by_ink: dict[int, frozenset[int]] = {}

    def first_level(*args: Any, **kwargs: Any) -> strokes.Coverage:
        found = follow(*args, **kwargs)
        row, th = args[2], args[3]
        by_ink.setdefault(row.number, found[2] if found[0] >= th.struck else frozenset())
        return found

    monkeypatch.setattr(strokes, "_coverage", first_level)
    rows = {1: "freehand", 3: "freehand", 5: "freehand", 7: "freehand", 9: "freehand"}
    scan = Scan(dpi=150, angle=0.8, blur=0.4, noise=2.0)
    colour = interpret_page(image(cross_out, rows=rows, seed=seed, scan=scan, pen_width=0.4),
                            cross_out)  # fmt: skip
    hid = {n for n in rows if by_ink.get(n)}
    assert hid, "the ink level showed the stroke in every word: nothing to check"
    assert colour.marks is not None
    read = {row.number: row for row in colour.marks.rows}
    for n in hid:
        assert read[n].state == "struck" and read[n].unseen == () and read[n].hidden is None
    by_ink.clear()
    gray_scan = replace(scan, colour=False)
    gray = interpret_page(image(cross_out, rows=rows, seed=seed, scan=gray_scan, pen_width=0.4),
                          cross_out)  # fmt: skip
    assert gray.marks is not None
    asked = {row.number for row in gray.marks.rows if row.hidden is not None}
    hid_in_gray = {n for n in rows if by_ink.get(n)}
    assert hid_in_gray and hid_in_gray <= asked


@pytest.mark.parametrize(
    ("pen", "width", "scan"),
    [
        ("blue", 0.5, Scan(dpi=200, angle=0.6)),
        ("black", 0.7, Scan(dpi=150, angle=-1.0, colour=False, jpeg=60)),
        ("blue", 0.4, Scan(dpi=300, angle=1.2, colour=False, binary="threshold")),
        # Thick pens on more scanners: the rings stay doubtful, and the
        # double stroke beside them stays struck.
        ("black", 0.7, Scan(dpi=200, angle=-0.7, colour=False, noise=2.0)),
        ("black", 0.7, Scan(dpi=150, angle=0.4)),
        ("blue", 0.5, Scan(dpi=300, angle=1.0, colour=False, binary="dither")),
    ],
)
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_ring_round_a_name_is_not_a_strike(
    cross_out: ElectionDefinition, pen: str, width: float, scan: Scan, seed: int
) -> None:
    # The ring crosses the letters' band at its two ends, beyond or on the
    # first and last letters; over the words between it runs above and below
    # their middle. Kept or struck, the committee decides. Two lines through
    # the letters are a strike.
    rows = {2: "circled", 5: "circled", 10: "circled", 8: "slope", 11: "double"}
    picture = image(cross_out, rows=rows, seed=seed, scan=scan, pen=pen, pen_width=width)
    reading = interpret_page(picture, cross_out)
    found = states(reading)
    assert found[2] == found[5] == found[10] == "doubtful"
    assert found[8] == found[11] == "struck"
    # The committee is told it is a ring.
    assert {reasons(reading)[n] for n in (2, 5, 10)} == {"round"}


@pytest.mark.parametrize("seed", [23_057, 23_088, 23_166])
def test_a_ring_hugging_the_letters_is_not_a_strike(
    cross_out: ElectionDefinition, seed: int
) -> None:
    # Rings of the tuning families the reader once read struck: drawn close
    # round the letters, along the capitals' tops and under the baseline,
    # both arcs run inside the letters' band as it is widened for waves.
    mix = Mix(families={**TUNING, "doubtful": ("circled",)}, strike_share=0.45, doubtful=1.0)
    ballot = make_spec(cross_out, seed, mix)
    truth = truth_of(ballot, "cross_out")
    reading = interpret_page(render(cross_out, ballot), cross_out)
    states(reading)
    assert reading.marks is not None
    read = {row.candidate_id: row for row in reading.marks.rows}
    rings = [c for c, style in truth.styles if style == "circled"]
    assert rings
    assert all(read[c].state == "doubtful" and read[c].doubt == "round" for c in rings)
    assert all(read[c].state in (want, "doubtful") for c, want in truth.rows)


def test_a_stroke_goes_round_when_it_leaves_the_letters_middle_bare() -> None:
    th = Thresholds()
    height, width = 52, 120
    core = (20, 30)  # the letters' middle, rows of the cells
    geometry = RowGeometry(
        number=1,
        candidate_id="c1",
        column=0,
        inner=Box(0, 0, width, height),
        cells=Box(0, 0, width, height),
        words=((10, 110),),
        band=(12, 36),
        core=core,
        agree=None,
        disagree=None,
    )
    printed = np.zeros((height, width), dtype=np.bool_)
    printed[14:34, 10:110:6] = True  # letters' stems, clear paper between them
    ring = np.zeros((height, width), dtype=np.bool_)
    ring[14:17, 8:112] = True  # over the capitals' tops …
    ring[33:36, 8:112] = True  # … and under the baseline
    ring[14:36, 6:9] = ring[14:36, 111:114] = True  # its two ends
    assert _goes_round(ring, printed, geometry, 10, 110, th)
    # Two lines through the letters' middle: a strike.
    double = np.zeros_like(ring)
    double[21:23, 5:115] = double[27:29, 5:115] = True
    assert not _goes_round(double, printed, geometry, 10, 110, th)
    # The ring with a line through the middle as well: struck through.
    assert not _goes_round(ring | double, printed, geometry, 10, 110, th)
    # A line low in the letters, nothing above: through them, not round.
    low = np.zeros_like(ring)
    low[30:33, 5:115] = True
    assert not _goes_round(low, printed, geometry, 10, 110, th)
    # Letters leaving no clear paper at their middle: nothing to say.
    solid = printed.copy()
    solid[14:34, 10:110] = True
    assert not _goes_round(ring, solid, geometry, 10, 110, th)


def _columns(width_mm: int, *spans: tuple[float, float]) -> np.ndarray:
    """A row's columns (pixels at the reader's scale) set over ``spans`` (mm)."""
    out = np.zeros(round(width_mm * SCALE), dtype=np.bool_)
    for a, b in spans:
        out[round(a * SCALE) : round(b * SCALE)] = True
    return out


def test_a_gap_is_bridged_over_letters_and_a_short_lift_of_the_pen() -> None:
    th = Thresholds()
    letters_only = _columns(40)  # no column free of printing: letters all along
    ink = _columns(40, (2, 6), (17, 30))
    assert _bridge(ink, letters_only, th)[round(2 * SCALE) : round(30 * SCALE)].all()
    # A pen lifted for 1.5 mm over clear paper, then hidden by the letters: bridged.
    pen = _columns(40, (2, 3), (14, 30))
    lifted = _columns(40, (3, 4.5))
    assert _bridge(pen, lifted, th)[round(2 * SCALE) : round(30 * SCALE)].all()
    # Lifted for 3 mm, longer than a gap: not bridged.
    long_lift = _columns(40, (3, 6))
    assert not _bridge(pen, long_lift, th)[round(3 * SCALE) : round(14 * SCALE)].any()
    # Farther than a hidden gap reaches: not bridged even under letters.
    far = _columns(40, (2, 3), (20, 30))
    assert not _bridge(far, letters_only, th)[round(3 * SCALE) : round(20 * SCALE)].any()


def test_a_stroke_hidden_by_a_long_word_all_along_is_bridged_over_the_word() -> None:
    th = Thresholds()
    # A wide font with its letters close: no column of an 18 mm word is clear.
    word = (round(4 * SCALE), round(22 * SCALE))
    geometry = RowGeometry(
        number=1,
        candidate_id="c1",
        column=0,
        inner=Box(0, 0, round(60 * SCALE), 52),
        cells=Box(0, 0, round(60 * SCALE), 52),
        words=(word, (round(23.5 * SCALE), round(30 * SCALE))),
        band=(12, 36),
        core=(20, 30),
        agree=None,
        disagree=None,
    )
    reach = strokes._hidden_reach(geometry, th)
    assert reach == round((18 + th.gap_mm) * SCALE)
    letters = _columns(60, (0, 3.5), (22.2, 60))  # clear only before and after the word
    ink = _columns(60, (2, 3.5), (22.2, 26))  # the stroke shows either side of it
    assert _bridge(ink, letters, th, reach)[round(2 * SCALE) : round(26 * SCALE)].all()
    # The fixed reach alone (a narrower font's longest word) leaves the word bare.
    assert not _bridge(ink, letters, th)[round(4 * SCALE) : round(22 * SCALE)].any()
    # Short words: the fixed reach stands.
    short = replace(geometry, words=((24, 60), (70, 110)))
    assert strokes._hidden_reach(short, th) == round(th.hidden_gap_mm * SCALE)
    # Farther than the longest word and a gap: not bridged, even under letters.
    far = _columns(60, (0.5, 1), (22.2, 26))
    assert not _bridge(far, _columns(60), th, reach)[round(1 * SCALE) : round(22 * SCALE)].any()


def test_a_space_between_words_is_crossed_only_by_ink_on_the_strokes_line() -> None:
    th = Thresholds()
    height, width = 30, 100
    clear = np.ones((height, width), dtype=np.bool_)
    stroke = np.zeros((height, width), dtype=np.bool_)
    stroke[14:17, 5:43] = True  # over the first word, ending 3 px into the space (40–50)
    stroke[12:15, 55:95] = True  # the third word, a little higher
    assert _space_left_bare(stroke, stroke, clear, 40, 50, th)
    # The same stroke carried on through the space: crossed.
    through = stroke.copy()
    through[13:16, 40:55] = True
    assert not _space_left_bare(through, through, clear, 40, 50, th)
    # Ink of a wobbling hand a pixel or two off the line still crosses it.
    wobble = stroke.copy()
    wobble[17:19, 40:55] = True
    assert not _space_left_bare(wobble, wobble, clear, 40, 50, th)
    # Printing all along the line (serifs, a narrow space): nothing to say.
    printed = clear.copy()
    printed[10:20, 40:50] = False
    assert not _space_left_bare(stroke, stroke, printed, 40, 50, th)
    # No stroke beside the space: nothing to say either (the gaps decide).
    assert not _space_left_bare(np.zeros_like(stroke), stroke, clear, 40, 50, th)
