"""The ballot's code: found on the whole page, it counts only in its own box."""

from __future__ import annotations

import numpy as np
import pytest

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import code as code_module

from .deck import Scan, blank_ballot, interpret_page
from .helpers import image


def _corners(x: float, y: float, size: float) -> np.ndarray:
    """A code's corners (page pixels at the search scale) from its top-left, in mm."""
    scale = code_module._PAGE_SEARCH_SCALE
    points = [(x, y), (x + size, y), (x + size, y + size), (x, y + size)]
    return np.array(points, dtype=np.float64) * scale


def test_a_code_counts_in_its_box_only(cross_out: ElectionDefinition) -> None:
    blank = blank_ballot(cross_out)
    box = blank.layout.sides[0].code_box
    payload = blank.payloads[0]
    inside = _corners(box.x + 2.5, box.y + 2.5, box.width - 5.0)
    assert code_module._in_its_box(inside, payload, blank.layout)
    moved = _corners(box.x + 2.5, box.y + 12.5, box.width - 5.0)  # a row's height lower
    assert not code_module._in_its_box(moved, payload, blank.layout)
    small = _corners(box.x + 8.0, box.y + 8.0, box.width - 16.0)  # another document's code
    assert not code_module._in_its_box(small, payload, blank.layout)
    turned = inside[[2, 3, 0, 1]]  # the page upside down: its first corner bottom-right
    assert not code_module._in_its_box(turned, payload, blank.layout)
    assert not code_module._in_its_box(None, payload, blank.layout)


@pytest.mark.parametrize("in_place", [True, False])
def test_a_code_the_box_crops_miss_is_read_on_the_page_in_its_place(
    cross_out: ElectionDefinition, monkeypatch: pytest.MonkeyPatch, in_place: bool
) -> None:
    """The decoders fail on the code box's crops (a streak, a blur they do not
    like) but read the code on the whole page: in its box, the page is read;
    elsewhere it is not registered."""
    picture = image(cross_out, rows={4: "line"}, scan=Scan(dpi=200, angle=1.0))
    monkeypatch.setattr(code_module, "MATCH", 1.01)  # no comparison with the blank's code
    monkeypatch.setattr(code_module, "_variants", lambda crop: [])
    if not in_place:
        monkeypatch.setattr(code_module, "_in_its_box", lambda *args: False)
    reading = interpret_page(picture, cross_out, sha256="-")
    if in_place:
        assert reading.status == "read", reading.detail
        assert reading.code_method == "decoded"
    else:
        assert reading.status == "unregistered"
        assert reading.code_method == "page_search"
        assert reading.ballot is None
