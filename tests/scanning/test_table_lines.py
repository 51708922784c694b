"""Registration by the table's own rules, when the corner squares are not enough (issue 14)."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import numpy.typing as npt
import pytest

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import (
    BallotReading,
    NotRegistered,
    Registration,
    ballot_reading_to_json,
    register,
)
from daihoi.core.scanning.table_lines import register_by_lines
from tests.documents.builders import definition

from .deck import Scan, blank_ballot, interpret_page, printed_side, render
from .helpers import spec, states
from .test_register import _error_mm

Image = npt.NDArray[np.uint8]


def _gray(picture: Image) -> Image:
    if picture.ndim == 2:
        return picture
    return np.asarray(cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def _squares(picture: Image, election: ElectionDefinition) -> Registration:
    found = register(_gray(picture), blank_ballot(election).layout)
    assert isinstance(found, Registration)
    return found


def _folded_and_cut(election: ElectionDefinition, scan: Scan, rows: dict[int, str]) -> Image:
    """The top-left corner folded over, and the image cut through the right
    square that lies furthest out (the page is skewed): two squares lost."""
    picture = render(
        election, replace(spec(election, rows=rows, scan=scan, pen="black"), dog_ear=0)
    )
    centres = _squares(picture, election).centres
    outer = 1 if centres[1][0] > centres[2][0] else 2
    return np.ascontiguousarray(picture[:, : round(centres[outer][0])])


def test_two_corners_lost_folded_and_cut_are_registered_by_the_table(
    cross_out: ElectionDefinition,
) -> None:
    picture = _folded_and_cut(
        cross_out, Scan(dpi=200, angle=2.0, noise=3.0), {2: "line", 5: "wavy"}
    )
    assert isinstance(register(_gray(picture), blank_ballot(cross_out).layout), NotRegistered)

    reading = interpret_page(picture, cross_out, sha256="-")

    assert reading.status == "read", reading.detail
    assert reading.registration is not None
    assert reading.registration.method == "table_lines"
    assert "top-left" not in reading.registration.used
    assert {n for n, s in states(reading).items() if s == "struck"} == {2, 5}
    assert all(s in ("struck", "kept") for s in states(reading).values())
    audit = ballot_reading_to_json(BallotReading("p", reading.ballot, reading.review, (reading,)))
    registration = audit["pages"][0]["registration"]
    assert registration["method"] == "table_lines"
    assert registration["residual_mm"] <= 0.2
    assert len(registration["fiducials"]) == 4  # where the map puts them: crops still work
    assert "top-left" not in registration["fiducials_used"]


@pytest.mark.parametrize("angle", [-2.5, 2.8])
def test_the_table_places_the_page_as_exactly_as_the_squares(
    cross_out: ElectionDefinition, angle: float
) -> None:
    scan = Scan(dpi=150, angle=angle, noise=3.0, shift=(1.0, -1.5))
    picture = _gray(render(cross_out, spec(cross_out, scan=scan)))
    found = register_by_lines(picture, blank_ballot(cross_out))
    assert isinstance(found, Registration), found
    assert found.skew == pytest.approx(angle, abs=0.1)
    side = blank_ballot(cross_out).layout.sides[0]
    for row in side.rows:
        assert _error_mm(found, scan, picture.shape, row.rect.centre) < 0.1
    assert _error_mm(found, scan, picture.shape, side.code_box.centre) < 0.15


def test_a_dog_ear_and_a_faded_streak_on_a_one_bit_scan(cross_out: ElectionDefinition) -> None:
    """The top-right corner folded over, and a band of faded toner through the
    hollow square, scanned black and white: the square is gone too."""
    scan = Scan(dpi=200, angle=-1.0, colour=False)
    gray = render(
        cross_out, replace(spec(cross_out, rows={3: "line"}, scan=scan, pen="black"), dog_ear=1)
    )
    hollow = _squares(gray, cross_out).centres[3]
    faded = gray.astype(np.float32)
    x, half = round(hollow[0]), round(2.0 * 200 / 25.4)
    faded[:, x - half : x + half] = 255 - (255 - faded[:, x - half : x + half]) * 0.4
    one_bit = np.where(faded > 130, 255, 0).astype(np.uint8)
    assert isinstance(register(one_bit, blank_ballot(cross_out).layout), NotRegistered)

    reading = interpret_page(one_bit, cross_out, sha256="-")

    assert reading.status == "read", reading.detail
    assert reading.registration is not None and reading.registration.method == "table_lines"
    assert states(reading)[3] == "struck"
    assert [n for n, s in states(reading).items() if s != "kept"] == [3]


def test_a_square_read_hollow_and_another_lost_upside_down(cross_out: ElectionDefinition) -> None:
    """A blot in a solid square makes it look hollow, another square is lost:
    the three left cannot tell the page's orientation; its table does."""
    scan = Scan(dpi=200, angle=1.5, upside_down=True)
    picture = _gray(render(cross_out, spec(cross_out, rows={7: "line"}, scan=scan, pen="black")))
    centres = _squares(picture, cross_out).centres
    picture = picture.copy()
    x, y = (round(v) for v in centres[1])  # the page's top-right: a blot
    picture[y - 5 : y + 6, x - 5 : x + 6] = 255
    x, y = (round(v) for v in centres[0])  # the page's top-left: gone
    picture[y - 40 : y + 41, x - 40 : x + 41] = 255
    assert isinstance(register(picture, blank_ballot(cross_out).layout), NotRegistered)

    reading = interpret_page(picture, cross_out, sha256="-")

    assert reading.status == "read", reading.detail
    assert reading.registration is not None and reading.registration.turns == 2
    assert [n for n, s in states(reading).items() if s != "kept"] == [7]


def test_a_page_fed_sideways_without_two_squares(agree: ElectionDefinition) -> None:
    scan = Scan(dpi=150, angle=0.8)
    picture = _gray(render(agree, spec(agree, rows={2: ("none", "x")}, scan=scan)))
    height, width = picture.shape
    picture = picture.copy()
    picture[: height // 6, : width // 4] = 255  # the top-left and bottom-right squares
    picture[-height // 6 :, -width // 4 :] = 255
    sideways = np.ascontiguousarray(np.rot90(picture))
    found = register_by_lines(sideways, blank_ballot(agree))
    assert isinstance(found, Registration), found
    assert found.turns in (1, 3)


def test_a_page_of_another_document_with_a_table_is_not_registered(
    cross_out: ElectionDefinition,
) -> None:
    page = np.full((2339, 1654), 255, dtype=np.uint8)
    for i in range(8):
        cv2.putText(page, "Bien ban hop chi bo " * 3, (120, 200 + 50 * i),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)  # fmt: skip
    for i in range(16):  # a table of 15 rows 10 mm high, like the ballot's
        cv2.line(page, (140, 700 + 79 * i), (1510, 700 + 79 * i), 0, 2)
        cv2.putText(page, f"{i + 1}. Nguyen Van {chr(65 + i)}", (250, 760 + 79 * i),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)  # fmt: skip
    for x in (140, 235, 1510):
        cv2.line(page, (x, 700), (x, 700 + 79 * 15), 0, 2)
    assert isinstance(register_by_lines(page, blank_ballot(cross_out)), NotRegistered)
    reading = interpret_page(page, cross_out, sha256="-")
    assert reading.status == "unregistered"
    assert reading.ballot is None


def test_a_mirrored_page_without_two_squares_is_not_registered(
    cross_out: ElectionDefinition,
) -> None:
    page = _gray(printed_side(cross_out, 150))[:, ::-1].copy()
    height, width = page.shape
    page[: height // 5, : width // 4] = 255
    page[: height // 5, -width // 4 :] = 255
    assert isinstance(register_by_lines(page, blank_ballot(cross_out)), NotRegistered)
    reading = interpret_page(page, cross_out, sha256="-")
    assert reading.status == "unregistered"
    assert reading.ballot is None


def test_another_elections_ballot_placed_by_its_table_is_refused_by_its_code(
    cross_out: ElectionDefinition,
) -> None:
    """The same table on another election's ballot: the rules place it, the code
    refuses it — nothing is read from it."""
    other = definition(12, id="khac-2025-r1")
    picture = _gray(render(other, spec(other, rows={1: "line"}, scan=Scan(dpi=200, angle=1.0))))
    height, width = picture.shape
    picture = picture.copy()
    picture[: height // 6, : width // 8] = 255  # both top-left and bottom-left squares
    picture[-height // 8 :, : width // 8] = 255
    reading = interpret_page(picture, cross_out, sha256="-")
    assert reading.registration is not None and reading.registration.method == "table_lines"
    assert reading.status == "wrong_election", reading.detail
    assert reading.ballot is None
