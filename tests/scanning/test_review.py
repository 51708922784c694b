"""Reasons for a human to look: stamp, ink outside the rows, streak, another election."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import pytest

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning.audit import ballot_reading_to_json
from daihoi.core.scanning.images import PageImage
from daihoi.core.scanning.pages import BallotReading
from tests.documents.builders import definition

from .deck import Scan, interpret_page, render
from .helpers import image, spec, states


def test_a_ballot_without_the_stamp_is_flagged(cross_out: ElectionDefinition) -> None:
    reading = interpret_page(image(cross_out, rows={2: "line"}, stamp=False), cross_out)
    assert reading.review == ("no_stamp",)
    assert reading.marks is not None and reading.marks.stamp is not None
    assert not reading.marks.stamp.present
    # Counted as read, but a human decides: the machine sets no defect.
    assert reading.ballot is not None and reading.ballot.defects == ()


def test_a_stamp_that_is_not_red_is_flagged(cross_out: ElectionDefinition) -> None:
    """A photocopied ballot: the stamp is there, but gray."""
    picture = image(cross_out, rows={2: "line"})
    gray = np.repeat(picture.mean(axis=2, keepdims=True), 3, axis=2).astype(np.uint8)
    reading = interpret_page(gray, cross_out)
    assert "no_stamp" in reading.review
    assert reading.colourless  # the committee is told why: no colour on the page
    assert ballot_reading_to_json(BallotReading("-", None, (), (reading,)))["pages"][0][
        "colourless"
    ]


def test_a_gray_scan_saved_as_colour_is_told_apart_only_to_say_why(
    cross_out: ElectionDefinition,
) -> None:
    """A colour image with no colour anywhere (the gray scan saved with three
    channels, even through JPEG's rounding) is flagged as colourless; a colour
    image with a pen's or a seal's colour, and a one-channel scan, are not."""
    page = image(cross_out, rows={2: "line"})
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    three = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    ok, jpeg = cv2.imencode(".jpg", three, [cv2.IMWRITE_JPEG_QUALITY, 40])
    assert ok
    assert PageImage(cv2.imdecode(jpeg, cv2.IMREAD_UNCHANGED), colour=True).colourless
    assert PageImage(three, colour=True).colourless
    assert not PageImage(page, colour=True).colourless
    assert not PageImage(gray, colour=False).colourless
    # A blue pen stroke on a sheet with no seal is colour: the paper has no red.
    unstamped = interpret_page(image(cross_out, rows={2: "line"}, stamp=False), cross_out)
    assert unstamped.review == ("no_stamp",)
    assert not unstamped.colourless
    # A stamped colour page is not looked at for it.
    assert not interpret_page(page, cross_out).colourless
    # A grayscale scan with no seal: red cannot be seen there, nothing to explain.
    scan = Scan(dpi=150, colour=False)
    bare = interpret_page(image(cross_out, scan=scan, stamp=False), cross_out)
    assert bare.review == ("no_stamp",) and not bare.colourless


def test_on_a_grayscale_scan_the_stamp_is_ink_in_its_box(cross_out: ElectionDefinition) -> None:
    scan = Scan(dpi=150, colour=False)
    stamped = interpret_page(image(cross_out, scan=scan), cross_out)
    assert stamped.review == ()
    assert stamped.marks is not None and stamped.marks.stamp is not None
    assert stamped.marks.stamp.colour_checked is False
    unstamped = interpret_page(image(cross_out, scan=scan, stamp=False), cross_out)
    assert unstamped.review == ("no_stamp",)


def test_a_written_in_name_is_flagged(cross_out: ElectionDefinition) -> None:
    reading = interpret_page(image(cross_out, rows={5: "line"}, outside="name"), cross_out)
    assert reading.review == ("ink_outside_rows",)
    assert reading.marks is not None and reading.marks.outside_largest_mm2 > 5


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_mark_outside_the_rows_is_flagged(cross_out: ElectionDefinition, seed: int) -> None:
    reading = interpret_page(image(cross_out, outside="mark", seed=seed), cross_out)
    assert reading.review == ("ink_outside_rows",)


def test_a_streak_across_the_page_is_flagged(cross_out: ElectionDefinition) -> None:
    picture = image(cross_out, rows={3: "line"}, streak=True, scan=Scan(dpi=200, angle=2.0))
    reading = interpret_page(picture, cross_out)
    assert "streak" in reading.review


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        ({"id": "bch-2025-khac"}, "code election"),
        ({"round": 2}, "code round"),
        ({"title": "Bầu Ban Chấp hành Đảng bộ xã Hòa Bình (danh sách khác)"}, "code definition"),
    ],
)
def test_a_ballot_of_another_election_round_or_definition_is_refused(
    cross_out: ElectionDefinition, changes: dict[str, Any], detail: str
) -> None:
    other = definition(12, **changes)
    picture = render(other, spec(other, rows={1: "line"}))
    reading = interpret_page(picture, cross_out)
    assert reading.status == "wrong_election"
    assert reading.review == ("wrong_election",)
    assert reading.detail is not None and reading.detail.startswith(detail)
    assert reading.ballot is None and reading.marks is None


def test_a_ballot_of_another_layout_is_refused_as_another_election(
    cross_out: ElectionDefinition, agree: ElectionDefinition
) -> None:
    reading = interpret_page(image(agree, rows={1: ("x", "agree")}), cross_out)
    assert reading.status == "wrong_election"
    assert reading.ballot is None


def test_a_code_of_another_round_that_does_not_decode_is_never_taken_for_this_one(
    cross_out: ElectionDefinition, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its correlation with this round's code reaches 0.8; its modules differ."""
    from daihoi.core.scanning import code

    other = definition(12, round=2)
    scan = Scan(dpi=300, angle=2.5, blur=1.0, tone="dark", tone_amount=0.25)
    same = render(cross_out, spec(cross_out, rows={1: "line"}, scan=scan))
    picture = render(other, spec(other, rows={1: "line"}, scan=scan))
    monkeypatch.setattr(code, "_decode", lambda *args, **kwargs: None)  # as if no decoder read it
    assert interpret_page(same, cross_out).code_method == "matched"
    reading = interpret_page(picture, cross_out)
    assert reading.status != "read" and reading.ballot is None
    assert reading.review in (("unreadable",), ("wrong_election",))


@pytest.mark.parametrize("off", [-5, 3, 5])
def test_a_streak_along_a_rule_is_no_stroke_and_still_sends_the_ballot_to_review(
    cross_out: ElectionDefinition, agree: ElectionDefinition, off: int
) -> None:
    """Within 1 mm of one of the table's rules a line across the page is not
    looked for as a streak (the rules a pixel off draw one): the line still
    runs out of the table, and strikes no row."""
    cases: list[tuple[ElectionDefinition, dict[int, Any], dict[int, str]]] = [
        (cross_out, {2: "line"}, {2: "struck"}),
        (agree, {1: ("x", "agree")}, {1: "agree"}),
    ]
    for election, rows, voted in cases:
        picture = image(election, rows=rows, scan=Scan(dpi=200, angle=0.0, colour=False))
        dark = np.count_nonzero(picture < 128, axis=1)
        rules = np.flatnonzero(dark > 0.6 * picture.shape[1])
        rule = int(rules[len(rules) // 2])  # a rule between two rows, 0.6 mm per 5 px
        picture[rule + off : rule + off + 2, :] = 40
        reading = interpret_page(picture, election)
        assert "ink_outside_rows" in reading.review
        found = states(reading)
        assert {n: s for n, s in found.items() if s not in ("kept", "none", "doubtful")} == voted
