"""The reader's suggestion for a flagged ballot, a human's corrections, and the crops."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import pytest

from daihoi.core.adjudication import (
    CROP_SCALE,
    apply_fix,
    crop_rect,
    doubts,
    page_homography,
    row_crop,
    suggested_ballot,
)
from daihoi.core.ballots.layout import ballot_layout
from daihoi.core.elections.entry import EntryError
from daihoi.core.elections.model import Ballot
from tests.documents.builders import definition

IDS = ["c1", "c2", "c3", "c4", "c5"]


def row(number: int, state: str, **figures: Any) -> dict[str, Any]:
    return {"number": number, "id": f"c{number}", "state": state, "ink_mm2": 0.0, **figures}


def reading(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"pages": [{"rows": list(rows)}]}


def test_a_stroke_over_most_of_the_name_is_suggested_struck_and_a_dot_kept() -> None:
    found = doubts(
        reading(
            row(1, "struck", coverage=0.98),
            row(2, "doubtful", coverage=0.62),
            row(4, "doubtful", coverage=0.0, ink_mm2=0.8),
        ),
        {"crossed": ["c1", "c2", "c4"]},
        "cross_out",
    )
    assert [(d.number, d.suggestion, d.reason) for d in found] == [
        (2, "struck", "partial"),
        (4, "kept", "mark"),
    ]


def test_a_record_without_the_readers_reason_is_not_called_a_hidden_stroke() -> None:
    # The words' darkness is measured on nearly every row: it says nothing of
    # why an older record's row was doubtful.
    hidden = {"ratio": 1.01, "excess_mm2": 0.1}
    found = doubts(
        reading(
            row(1, "doubtful", hidden=hidden),
            row(2, "doubtful", colour_mm2=1.2, hidden=hidden),
            row(3, "doubtful", reason="hidden", hidden={"ratio": 1.4, "excess_mm2": 3.0}),
        ),
        None,
        "cross_out",
    )
    assert [d.reason for d in found] == ["undecided", "colour", "hidden"]


def test_the_readers_own_suggestion_and_reason_are_taken_when_it_gives_them() -> None:
    found = doubts(
        reading(row(3, "doubtful", coverage=0.1, suggestion="struck", reason="split")),
        {"crossed": ["c3"]},
        "cross_out",
    )
    assert (found[0].suggestion, found[0].reason) == ("struck", "split")


def test_the_words_a_stroke_does_not_show_in_are_taken_when_well_formed() -> None:
    found = doubts(
        reading(
            row(1, "doubtful", reason="split", words={"not_shown": [1], "of": 3}),
            row(2, "doubtful", reason="unseen", words={"not_shown": [3], "of": 3}),
            row(3, "doubtful", reason="unseen", words={"not_shown": "1", "of": 3}),
            row(4, "doubtful", reason="unseen"),
        ),
        None,
        "cross_out",
    )
    # An index past the printed words, or not a list, names nothing.
    assert [(d.not_shown, d.of) for d in found] == [((1,), 3), ((), 0), ((), 0), ((), 0)]


def test_the_suggested_ballot_keeps_the_clear_rows_as_read() -> None:
    found = doubts(
        reading(row(1, "struck"), row(2, "doubtful", coverage=0.2)),
        {"crossed": ["c1", "c2"]},
        "cross_out",
    )
    ballot = suggested_ballot({"crossed": ["c1", "c2"]}, found, ["doubtful_row"], "cross_out", IDS)
    assert ballot == Ballot(crossed=("c1",))


def test_a_ballot_without_its_stamp_is_suggested_not_issued() -> None:
    ballot = suggested_ballot({"crossed": ["c5"]}, [], ["no_stamp"], "cross_out", IDS)
    assert ballot is not None and ballot.defects == ("not_issued",)


def test_a_page_that_was_not_read_has_no_suggestion() -> None:
    assert suggested_ballot(None, [], ["unreadable"], "cross_out", IDS) is None


def test_nothing_typed_accepts_the_suggestion() -> None:
    suggested = Ballot(crossed=("c2", "c4"))
    assert apply_fix(suggested, "  ", form="cross_out", ids=IDS) == (suggested, [])


def test_row_numbers_turn_those_rows_from_struck_to_kept_and_back() -> None:
    ballot, changed = apply_fix(Ballot(crossed=("c2", "c4")), "4 5", form="cross_out", ids=IDS)
    assert ballot == Ballot(crossed=("c2", "c5")) and changed == [4, 5]


def test_defect_letters_add_or_remove_a_defect() -> None:
    suggested = Ballot(crossed=("c2",), defects=("not_issued",))
    ballot, _ = apply_fix(suggested, "k x", form="cross_out", ids=IDS)
    assert ballot.defects == ("extra_content",)


def test_an_equals_sign_types_the_whole_ballot() -> None:
    ballot, changed = apply_fix(Ballot(crossed=("c2",)), "= 1 3", form="cross_out", ids=IDS)
    assert ballot == Ballot(crossed=("c1", "c3")) and changed == []


def test_on_the_agree_form_a_number_sets_that_rows_mark() -> None:
    suggested = Ballot(marks=tuple((c, "agree") for c in IDS))
    ballot, _ = apply_fix(suggested, "2 c3 t4 a5", form="agree_disagree", ids=IDS)
    assert dict(ballot.marks or ()) == {
        "c1": "agree",
        "c2": "disagree",
        "c3": "both",
        "c4": "none",
        "c5": "agree",
    }


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("9", "out_of_range"),
        ("2 2", "repeated"),
        ("abc", "unknown_token"),
        ("c2", "prefix_on_cross_out"),
    ],
)
def test_a_correction_that_cannot_be_read_is_refused(typed: str, code: str) -> None:
    with pytest.raises(EntryError) as refused:
        apply_fix(Ballot(crossed=()), typed, form="cross_out", ids=IDS)
    assert refused.value.code == code


def test_without_a_suggestion_nothing_typed_is_refused() -> None:
    with pytest.raises(EntryError):
        apply_fix(None, "", form="cross_out", ids=IDS)


def test_a_row_crop_of_a_turned_page_comes_out_upright() -> None:
    """A page drawn at 5 px/mm, upside down: the crop finds the row where it is."""
    layout = ballot_layout(definition(5))
    side = layout.sides[0]
    scale = 5.0
    height, width = round(layout.height * scale), round(layout.width * scale)
    page = np.full((height, width), 255, dtype=np.uint8)
    target = side.rows[2].name_box
    x0, y0 = round(target.x * scale), round(target.y * scale)
    page[y0 + 5 : y0 + 12, x0 + 10 : x0 + 60] = 0  # a dark bar in row 3's name cell
    turned = cv2.rotate(page, cv2.ROTATE_180)
    centres = []
    for f in side.fiducials:  # where each page corner's square lies on the turned image
        x, y = f.rect.centre
        centres.append([width - x * scale, height - y * scale])
    to_image = page_homography(centres, layout, 0)
    assert to_image is not None
    where = crop_rect(layout, "3")
    assert where is not None
    crop = row_crop(turned, to_image, where[1])
    dark = np.argwhere(crop < 128)
    assert dark.size, "the bar is in the crop"
    # The bar is upright: wider than high, and where it was on the page.
    (top, left), (bottom, right) = dark.min(axis=0), dark.max(axis=0)
    assert right - left > 3 * (bottom - top)
    assert abs(left / CROP_SCALE + where[1].x - (target.x + 2)) < 0.5


def test_three_corner_squares_are_enough_for_a_crop() -> None:
    layout = ballot_layout(definition(5))
    centres: list[Any] = [list(f.rect.centre) for f in layout.sides[0].fiducials]
    centres[1] = None
    matrix = page_homography(centres, layout, 0)
    assert matrix is not None and np.allclose(matrix, np.eye(3), atol=1e-6)
    assert page_homography([None, None, *centres[2:]], layout, 0) is None
