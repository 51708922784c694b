"""Registration by the four fiducials: skew, scale, upside down; refusals."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import NotRegistered, Registration, register

from .deck import Scan, blank_ballot, printed_side
from .helpers import image


def _gray(picture: np.ndarray) -> np.ndarray:
    return picture if picture.ndim == 2 else cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY)


def _error_mm(
    found: Registration, scan: Scan, shape: tuple[int, ...], point: tuple[float, float]
) -> float:
    """How far a page point lands from where it is, in mm, through the homography.

    Where the deck put ``point`` (mm on the sheet) in the image is worked out
    from the scan's own parameters (no stretch, not upside down).
    """
    per_mm = scan.dpi / 25.4
    sheet_w, sheet_h = 210 * per_mm, 297 * per_mm
    a = math.radians(scan.angle)
    cos, sin = math.cos(a) / scan.scale, math.sin(a) / scan.scale
    inverse = np.linalg.inv(np.array([[cos, sin], [-sin, cos]]))
    # Pixel indices: pixel i of the sheet covers [i, i + 1) in sheet pixels.
    sheet = np.array([point[0] * per_mm - 0.5, point[1] * per_mm - 0.5])
    u, v = inverse @ (sheet - np.array([sheet_w / 2, sheet_h / 2]))
    x = u + shape[1] / 2 + scan.shift[0] * per_mm + 0.5
    y = v + shape[0] / 2 + scan.shift[1] * per_mm + 0.5
    mapped = cv2.perspectiveTransform(np.array([[[x, y]]]), found.matrix())[0, 0]
    return float(np.hypot(mapped[0] - point[0], mapped[1] - point[1]))


@pytest.mark.parametrize("angle", [-3.0, 3.0])
def test_it_registers_a_page_skewed_by_three_degrees(
    cross_out: ElectionDefinition, angle: float
) -> None:
    scan = Scan(dpi=150, angle=angle, noise=3.0, shift=(1.5, -1.0))
    picture = image(cross_out, scan=scan)
    found = register(_gray(picture), blank_ballot(cross_out).layout)
    assert isinstance(found, Registration)
    assert found.turns == 0
    assert found.skew == pytest.approx(angle, abs=0.1)
    for point in ((105.0, 150.0), (192.0, 229.0), (30.0, 40.0)):  # middle, table, stamp
        assert _error_mm(found, scan, picture.shape, point) < 0.15


@pytest.mark.parametrize("scale", [0.97, 1.03])
def test_it_registers_a_page_scanned_a_little_smaller_or_larger(
    cross_out: ElectionDefinition, scale: float
) -> None:
    scan = Scan(dpi=200, scale=scale, angle=-1.5)
    picture = image(cross_out, scan=scan)
    found = register(_gray(picture), blank_ballot(cross_out).layout)
    assert isinstance(found, Registration)
    assert found.scale == pytest.approx(200 / 25.4 * scale, rel=0.005)
    assert _error_mm(found, scan, picture.shape, (192.0, 229.0)) < 0.15


def test_it_turns_a_page_fed_upside_down(cross_out: ElectionDefinition) -> None:
    picture = image(cross_out, scan=Scan(dpi=150, upside_down=True, angle=2.0))
    found = register(_gray(picture), blank_ballot(cross_out).layout)
    assert isinstance(found, Registration)
    assert found.turns == 2


def test_a_blank_page_is_not_registered(cross_out: ElectionDefinition) -> None:
    noise = np.random.default_rng(1).normal(0.0, 4.0, (1754, 1240))
    blank = np.clip(247 + noise, 0, 255).astype(np.uint8)
    assert isinstance(register(blank, blank_ballot(cross_out).layout), NotRegistered)


def test_a_page_of_another_document_is_not_registered(cross_out: ElectionDefinition) -> None:
    page = np.full((1754, 1240), 255, dtype=np.uint8)
    for i in range(40):  # lines of text and a table, no fiducials
        cv2.putText(page, "Bien ban hop chi bo " * 3, (90, 120 + 38 * i),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)  # fmt: skip
    cv2.rectangle(page, (80, 1650), (1160, 1700), 0, 3)
    assert isinstance(register(page, blank_ballot(cross_out).layout), NotRegistered)


def test_a_mirrored_page_is_not_registered(cross_out: ElectionDefinition) -> None:
    page = _gray(printed_side(cross_out, 150))[:, ::-1].copy()
    assert isinstance(register(page, blank_ballot(cross_out).layout), NotRegistered)


@pytest.mark.parametrize("corner", [0, 1, 2, 3])
def test_three_squares_register_a_page_with_a_corner_folded_over(
    cross_out: ElectionDefinition, corner: int
) -> None:
    from dataclasses import replace

    from .deck import render
    from .helpers import spec

    scan = Scan(dpi=150, angle=-1.5 + corner, noise=3.0)
    picture = render(cross_out, replace(spec(cross_out, scan=scan), dog_ear=corner))
    found = register(_gray(picture), blank_ballot(cross_out).layout)
    assert isinstance(found, Registration)
    assert len(found.used) == 3
    lost = ("top-left", "top-right", "bottom-right", "bottom-left")[corner]
    assert lost not in found.used
    assert _error_mm(found, scan, picture.shape, (192.0, 229.0)) < 0.3


def test_a_page_cut_close_to_its_squares_still_registers(cross_out: ElectionDefinition) -> None:
    from .helpers import interpret_page_of

    scan = Scan(dpi=200, angle=2.8, shift=(-2.0, 0.0), cut=(7.0, 6.5, 2.0, 0.0))
    reading = interpret_page_of(cross_out, rows={2: "line"}, scan=scan)
    assert reading.status == "read", reading.detail
    assert reading.registration is not None and len(reading.registration.used) >= 3


def test_two_squares_are_not_enough(cross_out: ElectionDefinition) -> None:
    picture = _gray(image(cross_out, scan=Scan(dpi=150)))
    height, width = picture.shape
    cut = picture.copy()
    cut[: height // 5, : width // 4] = 255  # top-left square gone
    cut[: height // 5, -width // 4 :] = 255  # top-right square gone
    found = register(cut, blank_ballot(cross_out).layout)
    assert isinstance(found, NotRegistered)
    assert "top-left and top-right" in found.reason
