"""Ballots from pages: one-sided, two-sided, duplex; what the audit keeps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

import pytest

from daihoi.core.elections.formats import parse_ballot_line
from daihoi.core.elections.model import Ballot, ElectionDefinition
from daihoi.core.scanning import (
    BallotReading,
    PageReading,
    PageStatus,
    ReviewReason,
    Thresholds,
    assemble_ballots,
    ballot_reading_to_json,
)
from daihoi.core.scanning.audit import _row_to_json
from daihoi.core.scanning.readings import RowReading
from tests.documents.builders import definition

from .deck import Scan, blank_ballot, interpret_page, render
from .helpers import image, spec


@pytest.fixture(scope="module")
def two_sided() -> ElectionDefinition:
    """Seventy names for seventy seats: agree/disagree on both sides of an A3 sheet."""
    return definition(70, seats=70, id="dh-2025-r1")


def test_a_reading_keeps_what_the_audit_needs(cross_out: ElectionDefinition) -> None:
    reading = interpret_page(image(cross_out, rows={3: "line", 5: "short"}), cross_out, ref="a.png")
    assert reading.sha256 is not None and len(reading.sha256) == 64
    assert reading.thresholds == Thresholds()
    assert reading.code is not None and reading.code.startswith("daihoi-ballot@1;e=bch-2025-r1")
    assert reading.marks is not None
    record = json.loads(json.dumps(ballot_reading_to_json(next(_one(reading, cross_out)))))
    (page,) = record["pages"]
    assert page["sha256"] == reading.sha256
    assert page["thresholds"]["struck"] == Thresholds().struck
    assert [row["state"] for row in page["rows"]][2] == "struck"
    assert page["rows"][2]["coverage"] >= Thresholds().struck
    assert {"ink_mm2", "faint_mm2", "offset_mm"} <= set(page["rows"][0])
    # Why a row is doubtful is kept for the review page; a clear row has no reason.
    assert {row["number"]: row.get("reason") for row in page["rows"] if "reason" in row} == {
        5: "mark"
    }
    # A doubtful row is listed as crossed in the provisional ballot.
    assert record["ballot"]["crossed"] == [reading.marks.rows[i].candidate_id for i in (2, 4)]
    assert record["review"] == ["doubtful_row"]


def _one(reading: PageReading, election: ElectionDefinition) -> Iterator[BallotReading]:
    return assemble_ballots([reading], blank_ballot(election).layout)


def test_a_line_of_the_output_reads_back_as_a_ballot(cross_out: ElectionDefinition) -> None:
    reading = interpret_page(image(cross_out, rows={1: "line"}), cross_out, ref="x.png")
    assert reading.ballot is not None
    ballot = parse_ballot_line(
        json.dumps({"crossed": list(reading.ballot.crossed or ())}), "cross_out"
    )
    assert ballot.crossed == reading.ballot.crossed


def test_both_sides_of_a_two_sided_ballot_make_one_ballot(two_sided: ElectionDefinition) -> None:
    rows = {1: ("x", "agree"), 40: ("x", "disagree"), 65: ("x", "agree"), 70: ("tick", "both")}
    chosen = spec(two_sided, rows=rows, scan=Scan(dpi=150, angle=1.0))
    front = interpret_page(render(two_sided, chosen, side=1), two_sided, ref="s.pdf#1")
    back = interpret_page(render(two_sided, chosen, side=2), two_sided, ref="s.pdf#2")
    assert (front.side, back.side) == (1, 2)
    assert front.ballot is None and back.ballot is None  # half a ballot each
    layout = blank_ballot(two_sided).layout
    (ballot,) = assemble_ballots([back, front], layout)  # fed the other way round
    assert ballot.review == ()
    assert ballot.ref == "s.pdf#1 + s.pdf#2"  # front first
    assert ballot.ballot is not None and ballot.ballot.marks is not None
    marks = dict(ballot.ballot.marks)
    assert len(marks) == 70
    ids = {row.number: row.candidate_id for row in layout.rows}
    assert [marks[ids[n]] for n in (1, 40, 65, 70, 2)] == [
        "agree",
        "disagree",
        "agree",
        "both",
        "none",
    ]


def test_a_side_without_its_other_side_is_flagged(two_sided: ElectionDefinition) -> None:
    chosen = spec(two_sided, rows={1: ("x", "agree")}, scan=Scan(dpi=150))
    front = interpret_page(render(two_sided, chosen, side=1), two_sided, ref="f.png")
    layout = blank_ballot(two_sided).layout
    (alone,) = assemble_ballots([front], layout)
    assert alone.review == ("sides_disagree",) and alone.ballot is None
    first, second = assemble_ballots([front, front], layout)  # two fronts, no back
    assert first.review == ("sides_disagree",) and second.review == ("sides_disagree",)


def _page(status: PageStatus, *, side: int | None = None, ref: str = "p") -> PageReading:
    review: tuple[ReviewReason, ...] = ()
    if status == "blank":
        review = ("unregistered",)
    elif status != "read":
        review = ("unreadable",)
    return PageReading(
        ref=ref,
        status=status,
        review=review,
        thresholds=Thresholds(),
        sha256=None,
        side=side,
        ballot=Ballot(crossed=(), ref=ref) if status == "read" else None,
    )


def test_duplex_pairs_a_one_sided_ballot_with_its_blank_back(cross_out: ElectionDefinition) -> None:
    layout = blank_ballot(cross_out).layout
    pages = [
        _page("read", side=1, ref="1"),
        _page("blank", ref="2"),
        _page("blank", ref="3"),  # fed face down: the front comes second
        _page("read", side=1, ref="4"),
        _page("read", side=1, ref="5"),
        _page("unregistered", ref="6"),  # something on the back
        _page("read", side=1, ref="7"),  # no back: the scan is out of step
    ]
    ballots = list(assemble_ballots(pages, layout, duplex=True))
    assert [b.ref for b in ballots] == ["1", "4", "5 + 6", "7"]
    assert len(ballots[0].pages) == 2
    assert [b.review for b in ballots] == [
        (),
        (),
        ("ink_outside_rows",),
        ("sides_disagree",),
    ]
    assert ballots[3].ballot is None


def test_pages_not_read_never_become_ballots(cross_out: ElectionDefinition) -> None:
    layout = blank_ballot(cross_out).layout
    pages = [_page("unreadable", ref="a"), _page("blank", ref="b"), _page("read", side=1, ref="c")]
    ballots = list(assemble_ballots(pages, layout))
    assert [(b.ref, b.ballot is None, b.review) for b in ballots] == [
        ("a", True, ("unreadable",)),
        ("b", True, ("unregistered",)),
        ("c", False, ()),
    ]


@pytest.mark.parametrize(("why", "named"), [("unseen", [0]), ("split", [2])])
def test_the_audit_names_the_words_the_stroke_does_not_show_in(why: str, named: list[int]) -> None:
    # Word 2 is beside a bare space, word 0 is not: ``split`` names the first,
    # ``unseen`` the others; a row not doubtful for either names none.
    row = RowReading(
        4, "c4", "doubtful", 3.0, 0.0, None, 0.5, None, None, (0.0, 0.0),
        unseen=(0, 2), split=(2,), words=3, doubt=why,  # type: ignore[arg-type]
    )  # fmt: skip
    assert _row_to_json(row)["words"] == {"not_shown": named, "of": 3}
    assert "words" not in _row_to_json(replace(row, doubt="mark"))
