"""Rows and boxes: what is struck, kept, marked, and what is doubtful."""

from __future__ import annotations

from typing import Literal, cast

import cv2
import numpy as np
import pytest

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import Thresholds
from daihoi.core.scanning.marks import read_marks
from daihoi.core.scanning.template import SCALE

from .deck import FIRST_STRIKES, Scan, blank_ballot, interpret_page
from .helpers import candidate, image, reasons, states

STRUCK = {1: "line", 3: "double", 5: "wavy", 8: "zigzag", 11: "scribble"}


@pytest.mark.parametrize(
    ("pen", "width", "scan"),
    [
        ("blue", 0.5, Scan(dpi=150, angle=-2.0, blur=0.6, noise=4.0)),
        (
            "black",
            0.3,
            Scan(dpi=200, angle=2.5, colour=False, jpeg=60, tone="light", tone_amount=0.2),
        ),
        ("dark_blue", 1.0, Scan(dpi=300, angle=0.5, scale=1.02, tone="dark", tone_amount=0.25)),
        ("light_blue", 0.7, Scan(dpi=150, upside_down=True, stretch=0.5, noise=5.0)),
    ],
)
def test_each_stroke_style_is_read_as_struck(
    cross_out: ElectionDefinition, pen: str, width: float, scan: Scan
) -> None:
    assert set(STRUCK.values()) == set(FIRST_STRIKES)
    picture = image(cross_out, rows=dict(STRUCK), scan=scan, pen=pen, pen_width=width)
    reading = interpret_page(picture, cross_out)
    found = states(reading)
    assert {n for n, s in found.items() if s == "struck"} == set(STRUCK)
    assert {n for n, s in found.items() if s == "kept"} == set(found) - set(STRUCK)
    assert reading.review == ()
    assert reading.ballot is not None
    crossed = {candidate(reading, n) for n in STRUCK}
    assert set(reading.ballot.crossed or ()) == crossed


@pytest.mark.parametrize("style", ["short", "partial", "underline"])
@pytest.mark.parametrize("seed", [1, 2])
def test_a_short_or_partial_stroke_is_doubtful_never_kept(
    cross_out: ElectionDefinition, style: str, seed: int
) -> None:
    picture = image(cross_out, rows={4: style, 9: "line"}, seed=seed, pen="black", pen_width=0.3)
    reading = interpret_page(picture, cross_out)
    found = states(reading)
    assert found[4] == "doubtful"
    assert found[9] == "struck"
    assert "doubtful_row" in reading.review
    # The provisional line never adds a vote: a doubtful name is listed as crossed.
    assert reading.ballot is not None and len(reading.ballot.crossed or ()) == 2


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_thin_blue_stroke_hidden_in_a_word_shows_by_its_colour(
    cross_out: ElectionDefinition, seed: int
) -> None:
    scan = Scan(dpi=200, angle=1.0, blur=0.7, noise=3.0)
    picture = image(
        cross_out, rows={7: "short"}, seed=seed, pen="dark_blue", pen_width=0.3, scan=scan
    )
    reading = interpret_page(picture, cross_out)
    assert states(reading)[7] == "doubtful"
    assert reading.marks is not None and reading.marks.rows[6].colour_mm2 is not None


def test_a_clean_ballot_gets_no_review_reason(cross_out: ElectionDefinition) -> None:
    picture = image(cross_out, rows={2: "line", 7: "scribble"}, dust=10, pen_dots=2)
    reading = interpret_page(picture, cross_out)
    assert reading.status == "read"
    assert reading.review == ()
    assert states(reading) == {n: "struck" if n in (2, 7) else "kept" for n in range(1, 13)}


def test_an_unmarked_ballot_keeps_every_name(cross_out: ElectionDefinition) -> None:
    reading = interpret_page(image(cross_out, scan=Scan(dpi=200, colour=False)), cross_out)
    assert reading.review == ()
    assert reading.ballot is not None and reading.ballot.crossed == ()


def test_agree_and_disagree_marks_are_read(agree: ElectionDefinition) -> None:
    rows = {
        1: ("x", "agree"),
        2: ("tick", "agree"),
        3: ("x", "disagree"),
        4: ("tick", "disagree"),
        5: ("x", "both"),
        7: ("x", "agree"),
    }
    picture = image(agree, rows=rows, scan=Scan(dpi=150, angle=-1.0, noise=3.0))
    reading = interpret_page(picture, agree)
    found = states(reading)
    assert found == {
        1: "agree",
        2: "agree",
        3: "disagree",
        4: "disagree",
        5: "both",
        6: "none",
        7: "agree",
        8: "none",
    }
    assert reading.review == ()
    assert reading.ballot is not None and reading.ballot.marks is not None
    assert len(reading.ballot.marks) == 8


@pytest.mark.parametrize("style", ["dot", "dash", "straddle", "name_stroke"])
def test_a_small_or_misplaced_mark_in_the_boxes_is_doubtful(
    agree: ElectionDefinition, style: str
) -> None:
    picture = image(agree, rows={3: (style, "agree"), 5: ("x", "agree")})
    reading = interpret_page(picture, agree)
    found = states(reading)
    assert found[3] == "doubtful"
    assert found[5] == "agree"
    assert reasons(reading) == {3: "name_ink" if style == "name_stroke" else "boxes"}
    assert "doubtful_row" in reading.review
    assert reading.ballot is not None and reading.ballot.marks is not None
    assert dict(reading.ballot.marks)[candidate(reading, 3)] == "none"


@pytest.mark.parametrize(
    ("left", "right", "doubt"), [(0.9, 0.9, "across_boxes"), (0.9, -0.2, None)]
)
def test_a_stroke_over_the_rule_between_the_boxes_is_doubtful(
    agree: ElectionDefinition, left: float, right: float, doubt: str | None
) -> None:
    # A short stroke within the strip beside the rule, where no box is read:
    # across the rule, it is a mark on the line between agree and disagree;
    # coming up to it from one side only, nothing.
    blank = blank_ballot(agree)
    side = blank.sides[0]
    page = np.where(side.printed > 0, 25, 245).astype(np.uint8)
    g = next(r for r in side.rows if r.number == 3)
    assert g.agree is not None and g.disagree is not None
    rule, y = (g.agree.x1 + g.disagree.x0) // 2, (g.inner.y0 + g.inner.y1) // 2
    ends = ((rule - round(left * SCALE), y - 3), (rule + round(right * SCALE), y + 3))
    cv2.line(page, *ends, 60, 2)
    page = np.asarray(cv2.GaussianBlur(page, (0, 0), 1.0), dtype=np.uint8)
    rows = read_marks(page, side, blank.layout.form, Thresholds()).rows
    assert {r.number: r.doubt for r in rows if r.state == "doubtful"} == (
        {3: doubt} if doubt else {}
    )
    assert all(r.state == "none" for r in rows if r.number != 3)


def test_the_one_name_ballot_is_read(single: ElectionDefinition) -> None:
    reading = interpret_page(image(single, rows={1: ("x", "disagree")}), single)
    assert states(reading) == {1: "disagree"}
    assert reading.review == ()


def test_a_faint_thin_pen_is_read_or_flagged_never_missed(agree: ElectionDefinition) -> None:
    scan = Scan(dpi=150, colour=False, blur=1.0, tone="light", tone_amount=0.3)
    rows = {n: ("x", "agree") for n in range(1, 9)}
    picture = image(agree, rows=rows, scan=scan, pen="light_blue", pen_width=0.3)
    found = states(interpret_page(picture, agree))
    assert set(found.values()) <= {"agree", "doubtful"}


# Seeds of the synthetic deck whose deliberately short stroke is a 0.3–0.5 mm
# pen along the letters of a word on a grayscale scan: no unexplained ink at all.
HIDDEN_SEEDS = (470, 593, 666, 318)


@pytest.mark.parametrize("seed", HIDDEN_SEEDS)
def test_a_thin_stroke_along_the_letters_of_a_gray_scan_is_doubtful(seed: int) -> None:
    from tests.documents.builders import definition

    from .deck import Mix, make_spec, render, truth_of

    election = definition(12)
    ballot = make_spec(election, seed, Mix(doubtful=1.0, gray=1.0))
    [target] = [c for c, truth in truth_of(ballot, "cross_out").rows if truth == "doubtful"]
    reading = interpret_page(render(election, ballot), election, sha256="-")
    assert reading.marks is not None
    row = next(r for r in reading.marks.rows if r.candidate_id == target)
    th = reading.thresholds
    # Nothing outside the printing gives it away: only its darkness does.
    assert row.ink_mm2 < th.row_ink_mm2 and row.faint_mm2 < th.faint_mm2
    assert row.state == "doubtful" and "doubtful_row" in reading.review
    assert row.hidden is not None and row.hidden >= th.hidden_ratio
    assert row.doubt == "hidden"


@pytest.mark.parametrize("tone", ["normal", "light", "dark"])
def test_clean_gray_scans_have_every_word_at_the_pages_usual_darkness(
    cross_out: ElectionDefinition, tone: str
) -> None:
    for seed in range(3):
        picture = image(
            cross_out,
            rows={2: "line"},
            seed=seed,
            scan=Scan(
                dpi=150 + 50 * seed,
                colour=False,
                blur=0.5,
                tone=cast(Literal["normal", "light", "dark"], tone),
                tone_amount=0.2,
            ),
        )
        reading = interpret_page(picture, cross_out, sha256="-")
        assert reading.marks is not None and reading.review == ()
        kept = [r for r in reading.marks.rows if r.state == "kept"]
        assert kept and all(r.hidden is not None and r.hidden < 1.04 for r in kept)
