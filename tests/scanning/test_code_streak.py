"""A faded print streak across the code on a 1-bit scan: still this ballot's code,
while another round's code, faded or not, is never taken for it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pytest

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import assemble_ballots, ballot_reading_to_json, code
from daihoi.core.scanning.template import SCALE
from tests.documents.builders import definition

from . import deck
from .deck import Image, Scan, blank_ballot, interpret_page, render
from .helpers import spec

_printed = deck.printed_side.__wrapped__
#: Lays a faded band over the code: offset into the code box (mm), width (mm), toner.
Band = Callable[[float, float, float], None]


def _banded(
    offset_mm: float, width_mm: float, toner: float
) -> Callable[[ElectionDefinition, int, int], Image]:
    """The printed side with a band along the feed (the page's height), ``width_mm``
    wide from ``offset_mm`` into the code box, printed at ``toner`` of its black."""

    def printed(election: ElectionDefinition, dpi: int, side: int = 1) -> Image:
        image = _printed(election, dpi, side).copy()
        box = blank_ballot(election).layout.sides[side - 1].code_box
        per_mm = dpi / 25.4
        x0 = round((box.x + offset_mm) * per_mm)
        x1 = round((box.x + offset_mm + width_mm) * per_mm)
        dark = 255.0 - image[:, x0:x1].astype(np.float32)
        image[:, x0:x1] = np.clip(255.0 - dark * toner + 0.5, 0, 255).astype(np.uint8)
        return image

    return printed


@pytest.fixture
def band(monkeypatch: pytest.MonkeyPatch) -> Iterator[Band]:
    def lay(offset_mm: float, width_mm: float, toner: float) -> None:
        monkeypatch.setattr(deck, "printed_side", _banded(offset_mm, width_mm, toner))

    yield lay


def _one_bit(dpi: int) -> Scan:
    return Scan(dpi=dpi, colour=False, binary="threshold", angle=1.5, blur=0.5)


@pytest.mark.parametrize(
    ("dpi", "offset_mm", "width_mm", "toner"),
    [(150, 12.0, 6.0, 0.4), (200, 15.0, 5.0, 0.35), (300, 6.0, 4.0, 0.4), (200, 17.0, 3.0, 0.35)],
)
def test_a_code_under_a_faded_band_is_this_ballots_code(
    cross_out: ElectionDefinition,
    band: Band,
    dpi: int,
    offset_mm: float,
    width_mm: float,
    toner: float,
) -> None:
    band(offset_mm, width_mm, toner)
    picture = render(cross_out, spec(cross_out, rows={2: "line"}, scan=_one_bit(dpi), seed=5))
    reading = interpret_page(picture, cross_out)
    assert reading.status == "read", reading.detail
    # The audit says how: matched, a faded band allowed for.
    assert reading.code_method == "matched_faded"
    assert reading.ballot is not None
    (ballot,) = assemble_ballots([reading], blank_ballot(cross_out).layout)
    (page,) = ballot_reading_to_json(ballot)["pages"]
    assert page["code_method"] == "matched_faded" and page["status"] == "read"


def test_a_code_with_no_band_is_matched_as_before(
    cross_out: ElectionDefinition, band: Band
) -> None:
    band(8.0, 3.0, 0.7)  # printed lighter, not enough to lose a module
    picture = render(cross_out, spec(cross_out, rows={2: "line"}, scan=_one_bit(200), seed=5))
    assert interpret_page(picture, cross_out).code_method == "matched"


@pytest.mark.parametrize(
    ("offset_mm", "width_mm", "toner"),
    [(None, 0.0, 1.0), (12.0, 6.0, 0.4), (15.0, 5.0, 0.35), (3.0, 1.5, 0.6)],
)
@pytest.mark.parametrize("dpi", [150, 300])
def test_another_rounds_code_faded_or_not_is_never_this_ballots(
    cross_out: ElectionDefinition,
    band: Band,
    monkeypatch: pytest.MonkeyPatch,
    offset_mm: float | None,
    width_mm: float,
    toner: float,
    dpi: int,
) -> None:
    """Its modules differ both ways: black where this code is white, band or not."""
    if offset_mm is not None:
        band(offset_mm, width_mm, toner)
    other = definition(12, round=2)
    picture = render(other, spec(other, rows={2: "line"}, scan=_one_bit(dpi), seed=5))
    decoded = interpret_page(picture, cross_out)
    assert decoded.status != "read" and decoded.ballot is None
    monkeypatch.setattr(code, "_decode", lambda *args, **kwargs: None)  # as if no decoder read it
    reading = interpret_page(picture, cross_out)
    assert reading.status != "read" and reading.ballot is None
    assert reading.code_method != "matched_faded"


# --- the comparison itself, on the blank's own images of the codes --------------


def _code_image(election: ElectionDefinition) -> np.ndarray:
    return blank_ballot(election).sides[0].code_image.copy()


def _fade(image: np.ndarray, start_mm: float, width_mm: float, *, rows: bool = False) -> None:
    a, b = round(start_mm * SCALE), round((start_mm + width_mm) * SCALE)
    if rows:
        image[a:b, :] = 255
    else:
        image[:, a:b] = 255


def test_a_band_of_lost_modules_is_allowed_along_either_axis(
    cross_out: ElectionDefinition,
) -> None:
    known = _code_image(cross_out)
    for rows in (False, True):
        faded = known.copy()
        _fade(faded, 11.0, 6.0, rows=rows)
        assert not code._same_modules(faded, known, 0, 0)
        assert code._faded_band(faded, known, 0, 0)


def test_lost_modules_wider_than_a_band_or_in_two_places_far_apart_are_not(
    cross_out: ElectionDefinition,
) -> None:
    known = _code_image(cross_out)
    wide = known.copy()
    _fade(wide, 6.0, code.FADED_BAND_MM + 3.0)
    assert not code._faded_band(wide, known, 0, 0)
    apart = known.copy()
    _fade(apart, 9.0, 2.0)
    _fade(apart, 20.0, 2.0)
    assert not code._faded_band(apart, known, 0, 0)


def _white_patch(known: np.ndarray, lo: int, hi: int) -> tuple[int, int]:
    """A 7×17 pixel patch of ``known``, white, its middle's x within [lo, hi),
    out of the three finder corners."""
    height, width = known.shape
    for y in range(height // 3 + 4, height - 4):
        for x in range(max(lo, 9), min(hi, width - 9)):
            if known[y - 3 : y + 4, x - 8 : x + 9].min() > 128:
                return y, x
    raise AssertionError("no white patch")


def test_a_module_added_outside_or_inside_the_band_refuses_it(
    cross_out: ElectionDefinition,
) -> None:
    known = _code_image(cross_out)
    a, b = round(11.0 * SCALE), round(17.0 * SCALE)
    for lo, hi in ((a + 8, b - 8), (b + 12, known.shape[1])):
        faded = known.copy()
        _fade(faded, 11.0, 6.0)
        assert code._faded_band(faded, known, 0, 0)
        y, x = _white_patch(known, lo, hi)
        faded[y - 3 : y + 4, x - 8 : x + 9] = 0  # two modules black where this code is white
        assert not code._faded_band(faded, known, 0, 0)


@pytest.mark.parametrize("start_mm", [3.0, 8.0, 11.0, 15.0, 19.0])
def test_another_rounds_code_under_any_band_is_refused(
    cross_out: ElectionDefinition, start_mm: float
) -> None:
    known = _code_image(cross_out)
    other = _code_image(definition(12, round=2))
    assert not code._faded_band(other, known, 0, 0)
    _fade(other, start_mm, 6.0)
    assert not code._faded_band(other, known, 0, 0)
