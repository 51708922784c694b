"""The page's printing must be this ballot's: light toner on a 1-bit scan still is,
another list's names under this ballot's code are not."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
import pytest

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import PageReading
from daihoi.core.scanning.outside import print_match_share
from daihoi.core.scanning.readings import Thresholds
from tests.documents.builders import definition, people

from . import deck
from .deck import Image, Scan, blank_ballot, interpret_page, render
from .helpers import spec

_printed = deck.printed_side.__wrapped__
LIMIT = Thresholds().print_match


def _same_length_other_names(election: ElectionDefinition, **fields: object) -> ElectionDefinition:
    """A list as long as ``election``'s, of other people."""
    n = len(election.candidates)
    names = people(2 * n + 3)[n + 3 :]
    for k, person in enumerate(names):
        person["id"] = f"c{k + 1:03d}"
    return definition(n, seats=election.seats, id=election.id, candidates=names, **fields)


def _with_this_code(this: ElectionDefinition) -> Callable[[ElectionDefinition, int, int], Image]:
    """Printing of any list, with ``this`` ballot's code pasted in its box."""

    def printed(election: ElectionDefinition, dpi: int, side: int = 1) -> Image:
        image = _printed(election, dpi, side).copy()
        box = blank_ballot(this).layout.sides[side - 1].code_box.grown(2.0)
        per_mm = dpi / 25.4
        y0, x0 = int(box.y * per_mm), int(box.x * per_mm)
        y1, x1 = int(box.bottom * per_mm) + 1, int(box.right * per_mm) + 1
        image[y0:y1, x0:x1] = _printed(this, dpi, side)[y0:y1, x0:x1]
        return image

    return printed


def _only_squares_and_code(
    this: ElectionDefinition,
) -> Callable[[ElectionDefinition, int, int], Image]:
    """A sheet with nothing printed but the corner squares and the code."""

    def printed(election: ElectionDefinition, dpi: int, side: int = 1) -> Image:
        image = _printed(this, dpi, side).copy()
        layout = blank_ballot(this).layout.sides[side - 1]
        per_mm = dpi / 25.4
        keep = np.zeros(image.shape[:2], dtype=np.bool_)
        for r in [layout.code_box.grown(2.0)] + [f.rect.grown(1.0) for f in layout.fiducials]:
            keep[int(r.y * per_mm) : int(r.bottom * per_mm) + 1,
                 int(r.x * per_mm) : int(r.right * per_mm) + 1] = True  # fmt: skip
        image[~keep] = 255
        return image

    return printed


ONE_BIT_150 = Scan(dpi=150, colour=False, binary="threshold", angle=2.0, blur=0.5)
ONE_BIT_200 = Scan(dpi=200, colour=False, binary="threshold", angle=-2.5, blur=0.5)
GRAY_200 = Scan(dpi=200, colour=False, angle=-1.2, blur=0.6, noise=2.0)
PLAIN_150 = Scan(dpi=150, angle=1.0, blur=0.4, noise=3.0)

STROKES: dict[int, str | tuple[str, str]] = {2: "line", 5: "scribble", 7: "wavy", 9: "double"}
MARKS: dict[int, str | tuple[str, str]] = {1: ("x", "agree"), 4: ("tick", "disagree")}


def _read(
    election: ElectionDefinition, printed_as: ElectionDefinition, scan: Scan, **more: object
) -> PageReading:
    rows = STROKES if election.seats < len(election.candidates) else MARKS
    return interpret_page(
        render(printed_as, spec(election, rows=rows, scan=scan, seed=3, **more)), election
    )


@pytest.mark.parametrize("scan", [ONE_BIT_150, ONE_BIT_200], ids=["1-bit 150", "1-bit 200"])
@pytest.mark.parametrize("toner", [0.65, 0.75])
def test_light_toner_on_a_one_bit_scan_is_this_ballots_printing(
    cross_out: ElectionDefinition, agree: ElectionDefinition, scan: Scan, toner: float
) -> None:
    """Thin strokes and the rules drop out; the letters' stems stay in place."""
    for election in (cross_out, agree):
        reading = _read(election, election, scan, toner=toner)
        assert reading.status == "read", reading.detail
        assert reading.marks is not None and reading.marks.print_match >= LIMIT + 0.2


@pytest.mark.parametrize(
    ("scan", "toner"),
    [(PLAIN_150, 1.0), (GRAY_200, 1.0), (ONE_BIT_200, 1.0), (ONE_BIT_150, 0.7), (GRAY_200, 0.7)],
    ids=["colour", "gray", "1-bit", "1-bit light", "gray light"],
)
@pytest.mark.parametrize("same_title", [True, False], ids=["other names", "another list"])
def test_another_lists_printing_under_this_code_is_refused(
    cross_out: ElectionDefinition,
    agree: ElectionDefinition,
    monkeypatch: pytest.MonkeyPatch,
    scan: Scan,
    toner: float,
    same_title: bool,
) -> None:
    """Names of other people in the same table (the list as long), this ballot's
    code pasted in: the code matches, the printing does not."""
    for election in (cross_out, agree):
        fields = (
            {} if same_title else {"title": "Bầu Ban Chấp hành Chi bộ khác, nhiệm kỳ 2025–2030"}
        )
        other = _same_length_other_names(election, **fields)
        monkeypatch.setattr(deck, "printed_side", _with_this_code(election))
        reading = _read(election, other, scan, toner=toner)
        assert reading.code_method in ("matched", "decoded")  # the code is this ballot's
        assert reading.status == "unregistered", reading.detail
        assert reading.detail is not None and "printing matches" in reading.detail
        assert "another list, or in another font?" in reading.detail
        assert reading.ballot is None
        assert reading.marks is not None and reading.marks.print_match <= LIMIT - 0.1


@pytest.mark.parametrize(
    "scan", [PLAIN_150, GRAY_200, ONE_BIT_200], ids=["colour", "gray", "1-bit"]
)
def test_a_sheet_with_only_the_squares_and_the_code_is_refused(
    cross_out: ElectionDefinition, monkeypatch: pytest.MonkeyPatch, scan: Scan
) -> None:
    monkeypatch.setattr(deck, "printed_side", _only_squares_and_code(cross_out))
    reading = interpret_page(render(cross_out, spec(cross_out, scan=scan)), cross_out)
    assert reading.status == "unregistered" and reading.ballot is None
    assert reading.marks is not None and reading.marks.print_match == 0.0


def test_a_photocopy_of_another_list_under_this_code_is_refused_and_of_this_one_read(
    cross_out: ElectionDefinition, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A photocopy: gray, lighter, blurred. Of this ballot it is read (the missing
    seal sends it to review); of another list's printing it is refused."""

    def photocopy(picture: Image) -> Image:
        gray = cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY)
        light = 255.0 - (255.0 - cv2.GaussianBlur(gray, (0, 0), 0.8).astype(np.float32)) * 0.8
        copy = np.clip(light + 0.5, 0, 255).astype(np.uint8)
        # scanned in colour
        return np.asarray(cv2.cvtColor(copy, cv2.COLOR_GRAY2BGR), dtype=np.uint8)

    scan = Scan(dpi=200, angle=0.8, blur=0.5)
    same = photocopy(render(cross_out, spec(cross_out, rows=STROKES, scan=scan)))
    reading = interpret_page(same, cross_out)
    assert reading.status == "read" and "no_stamp" in reading.review
    assert reading.marks is not None and reading.marks.print_match >= LIMIT + 0.2
    other = _same_length_other_names(cross_out)
    monkeypatch.setattr(deck, "printed_side", _with_this_code(cross_out))
    forged = photocopy(render(other, spec(cross_out, rows=STROKES, scan=scan)))
    reading = interpret_page(forged, cross_out)
    assert reading.status == "unregistered" and reading.ballot is None


@pytest.mark.parametrize(
    "moved", [(5, 0), (-5, 2), (6, -3)], ids=["right", "left-down", "right-up"]
)
def test_rows_are_looked_for_where_their_column_rules_put_them(
    cross_out: ElectionDefinition, moved: tuple[int, int]
) -> None:
    """A page not flat moves a column's rows by up to a millimetre from where
    registration puts them (found on a 1-bit scan with a print streak: one
    column 0.9 mm aside, its words found at 49 %). The marks are read where
    the column's rules are; the printing is looked for there too."""
    side = blank_ballot(cross_out).sides[0]
    dx, dy = moved
    ink = np.zeros_like(side.printed)
    for row in side.rows:
        box = row.inner
        part = side.printed[box.y0 : box.y1, box.x0 : box.x1]
        ink[box.y0 + dy : box.y1 + dy, box.x0 + dx : box.x1 + dx] = part
    offsets = {row.number: (float(dx), float(dy)) for row in side.rows}
    assert print_match_share(ink, side) < LIMIT  # looked for only around registration
    assert print_match_share(ink, side, offsets) >= 0.95
    # Where the rules say nothing moved, the moved printing is not found.
    still = {row.number: (0.0, 0.0) for row in side.rows}
    assert print_match_share(ink, side, still) < LIMIT
