"""Registration: where the ballot's page lies in a scanned image.

The ballot has four 6 mm squares near its corners (``ballot_layout``), the
bottom-left one hollow. :func:`register` finds them, tells the page's
orientation by the hollow one (a page fed upside down is turned back, and so
is one fed sideways), and returns the homography from image pixels to the
layout's millimetres, which :func:`warp` uses to resample any part of the
page at any resolution.

Method: the image is subsampled to about :data:`SEARCH_SCALE` pixels a
millimetre and binarised (Otsu); in a window at each corner of the image,
connected components are filtered for square blobs of the fiducial's size. Each
one found is then located at full resolution by the centroid of its
darkness (a hollow square has the same centroid), and is hollow when its
middle is light. The four centres must form the layout's rectangle: sides
within :data:`SIDE_TOLERANCE` of each other's scale and angles within
:data:`ANGLE_TOLERANCE` of a right angle; a mirrored page, a page of another
size, or four squares of another document are refused. Three squares are
enough (an affine map); when even three cannot register a page,
``table_lines.register_by_lines`` may, by the table's own rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
import numpy.typing as npt

from ..ballots.layout import FIDUCIAL_INSET, FIDUCIAL_SIZE, BallotLayout

__all__ = [
    "ANGLE_TOLERANCE",
    "SEARCH_SCALE",
    "SIDE_TOLERANCE",
    "NotRegistered",
    "Registration",
    "corner_squares",
    "register",
    "warp",
]

SEARCH_SCALE = 3.0
#: Largest relative difference between the scales along the page's two axes.
SIDE_TOLERANCE = 0.05
#: Largest difference from a right angle at a corner, in degrees.
ANGLE_TOLERANCE = 3.0
#: Pixels a millimetre an image may have (about 64 to 400 dpi).
SCALE_RANGE = (2.5, 16.0)

Gray = npt.NDArray[np.uint8]
Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Registration:
    """A registered page.

    ``to_page``: the homography from image coordinates (pixel ``i`` spans
    ``[i, i + 1)``) to page millimetres, nine numbers row by row.
    ``scale``: image pixels a millimetre. ``turns``: quarter turns clockwise
    the page was lying in (0 upright, 2 upside down). ``skew``: the
    remaining angle, in degrees. ``centres``: the fiducials' centres in the
    image, top-left, top-right, bottom-right, bottom-left of the page (a
    square not used is where the other three put it). ``used``: the page's
    corners whose squares registered it (three are enough). ``method``:
    ``fiducials``, or ``table_lines`` when the table's own rules registered
    the page (``table_lines.register_by_lines``); ``used`` then names the
    squares found where the map puts them, which confirm it, and
    ``residual_mm`` is the rules' root-mean-square distance from the fit.
    """

    to_page: tuple[float, ...]
    scale: float
    turns: int
    skew: float
    centres: tuple[tuple[float, float], ...]
    used: tuple[str, ...] = ("top-left", "top-right", "bottom-right", "bottom-left")
    method: Literal["fiducials", "table_lines"] = "fiducials"
    residual_mm: float | None = None

    def matrix(self) -> Matrix:
        return np.array(self.to_page, dtype=np.float64).reshape(3, 3)


@dataclass(frozen=True, slots=True)
class NotRegistered:
    """Why a page could not be registered (for the person who looks at it)."""

    reason: str


def _estimate(gray: Gray, layout: BallotLayout) -> float:
    """Pixels a millimetre, from the image's size and the paper's."""
    height, width = gray.shape[:2]
    portrait = height >= width
    paper = (layout.width, layout.height) if portrait else (layout.height, layout.width)
    return math.sqrt(width * height / (paper[0] * paper[1]))


def corner_squares(gray: Gray, layout: BallotLayout) -> list[tuple[float, float] | None]:
    """The centre (image pixels) of the square found nearest each corner of the
    image — top-left, top-right, bottom-right, bottom-left — or ``None``."""
    estimate = _estimate(gray, layout)
    step = max(1, int(estimate / SEARCH_SCALE))
    found = _corner_squares(gray, step, estimate / step)
    centres: list[tuple[float, float] | None] = []
    for point in found:
        if point is None:
            centres.append(None)
            continue
        square = _refine(gray, (point[0] * step, point[1] * step), estimate)
        centres.append((square.x, square.y))
    return centres


def register(gray: Gray, layout: BallotLayout) -> Registration | NotRegistered:
    """Find the ballot's page in ``gray`` (one 8-bit channel) by its corner squares."""
    estimate = _estimate(gray, layout)
    step = max(1, int(estimate / SEARCH_SCALE))
    found = _corner_squares(gray, step, estimate / step)
    missing = [k for k, point in enumerate(found) if point is None]
    if len(missing) > 1:
        names = " and ".join(f"{_CORNERS[k]}" for k in missing)
        return NotRegistered(f"no registration square near the image's {names} corners")
    refined = [
        None if point is None else _refine(gray, (point[0] * step, point[1] * step), estimate)
        for point in found
    ]
    if not missing:
        squares = [r for r in refined if r is not None]
        whole = _solve(squares, layout)
        if isinstance(whole, Registration):
            return whole
        # One square may be damaged (a corner folded over, cut, stamped over):
        # any three that make the layout's corner register the page.
        for k in range(4):
            three = _solve_three([None if j == k else r for j, r in enumerate(refined)], layout)
            if isinstance(three, Registration):
                return three
        return whole
    return _solve_three(refined, layout)


#: The part of the image searched at each corner: a share of its width and height.
_WINDOW = (0.3, 0.22)
_CORNERS = ("top-left", "top-right", "bottom-right", "bottom-left")


def _corner_squares(gray: Gray, step: int, scale: float) -> list[tuple[float, float] | None]:
    """The square blob nearest each corner of the image, in pixels of the image
    subsampled by ``step`` (``scale`` of them a millimetre); ``None`` where there
    is none.

    Only the corner windows are searched, each binarised on its own (Otsu);
    a blob touching the image's edge (a scanner's dark backing) is not a
    fiducial.
    """
    height, width = (gray.shape[0] + step - 1) // step, (gray.shape[1] + step - 1) // step
    side = FIDUCIAL_SIZE * scale
    inset = (FIDUCIAL_INSET + FIDUCIAL_SIZE / 2) * scale
    ww, wh = max(1, int(_WINDOW[0] * width)), max(1, int(_WINDOW[1] * height))
    found: list[tuple[float, float] | None] = []
    for k in range(4):
        right, bottom = k in (1, 2), k in (2, 3)
        x0 = width - ww if right else 0
        y0 = height - wh if bottom else 0
        window = np.ascontiguousarray(
            gray[y0 * step : (y0 + wh) * step : step, x0 * step : (x0 + ww) * step : step]
        )
        _, binary = cv2.threshold(window, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
        count, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
        x, y, w, h, area = (stats[1:, i].astype(np.float64) for i in range(5))
        x, y = x + x0, y + y0
        big = np.maximum(w, h)
        fill = area / np.maximum(w * h, 1.0)
        ok = (
            (w >= 0.7 * side)
            & (h >= 0.7 * side)
            & (big <= 1.5 * side)
            & (np.abs(w - h) <= 0.3 * big)
            & (fill >= 0.55)
            & (x > 0)
            & (y > 0)
            & (x + w < width)
            & (y + h < height)
        )
        if count <= 1 or not ok.any():
            found.append(None)
            continue
        cx, cy = x + w / 2, y + h / 2
        ex = width - inset if right else inset
        ey = height - inset if bottom else inset
        distance = np.where(ok, (cx - ex) ** 2 + (cy - ey) ** 2, np.inf)
        best = int(np.argmin(distance))
        found.append((float(cx[best]), float(cy[best])))
    return found


@dataclass(frozen=True, slots=True)
class _Square:
    x: float
    y: float
    hollow: bool


def _refine(gray: Gray, centre: tuple[float, float], scale: float) -> _Square:
    """The square's centre at full resolution, by the centroid of its darkness."""
    height, width = gray.shape[:2]
    half = 0.8 * FIDUCIAL_SIZE * scale
    x0, y0 = max(0, int(centre[0] - half)), max(0, int(centre[1] - half))
    x1, y1 = min(width, int(centre[0] + half) + 1), min(height, int(centre[1] + half) + 1)
    window = gray[y0:y1, x0:x1].astype(np.float32)
    white = float(np.percentile(window, 90))
    black = float(window.min())
    span = max(white - black, 1.0)
    weight = np.clip((white - window) / span, 0.0, 1.0)
    weight[weight < 0.25] = 0.0
    moments = cv2.moments(weight)
    if moments["m00"] <= 0:
        return _Square(centre[0] + 0.5, centre[1] + 0.5, hollow=False)
    mx = moments["m10"] / moments["m00"]
    my = moments["m01"] / moments["m00"]
    r = max(1, round(0.6 * scale))
    ix, iy = round(mx), round(my)
    middle = window[max(0, iy - r) : iy + r + 1, max(0, ix - r) : ix + r + 1]
    hollow = middle.size > 0 and float(middle.mean()) - black > 0.5 * span
    # Pixel i covers [i, i + 1): its centre is at i + 0.5.
    return _Square(x0 + mx + 0.5, y0 + my + 0.5, hollow=hollow)


def _solve(squares: list[_Square], layout: BallotLayout) -> Registration | NotRegistered:
    points = np.array([(s.x, s.y) for s in squares], dtype=np.float64)
    middle = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - middle[1], points[:, 0] - middle[0])
    order = [int(i) for i in np.argsort(angles)]  # clockwise on screen, y down
    hollow = [i for i in order if squares[i].hollow]
    if len(hollow) != 1:
        what = "no" if not hollow else f"{len(hollow)}"
        return NotRegistered(f"{what} hollow registration square: orientation unknown")
    start = (order.index(hollow[0]) + 1) % 4
    ordered = points[[order[(start + k) % 4] for k in range(4)]]  # TL, TR, BR, BL
    fiducials = layout.sides[0].fiducials
    target = np.array([f.rect.centre for f in fiducials], dtype=np.float64)
    problem = _shape_problem(ordered, target)
    if problem is not None:
        return NotRegistered(problem)
    matrix = cv2.getPerspectiveTransform(ordered.astype(np.float32), target.astype(np.float32))
    return _registration(ordered, target, np.asarray(matrix, dtype=np.float64), _CORNERS)


def _solve_three(
    squares: list[_Square | None], layout: BallotLayout
) -> Registration | NotRegistered:
    """Register by the three squares found (``None`` at the image corner missing).

    The page's corners follow the image's clockwise; the hollow square is the
    page's bottom-left, or, when it is the one missing, the missing corner
    is. The three must make the layout's corner (sides in scale, a right
    angle, not mirrored); the fourth is where they put it.
    """
    missing = next(k for k, sq in enumerate(squares) if sq is None)
    hollow = [k for k, sq in enumerate(squares) if sq is not None and sq.hollow]
    if len(hollow) > 1:
        return NotRegistered(f"{len(hollow)} hollow registration squares: orientation unknown")
    bottom_left = hollow[0] if hollow else missing
    # Image corner (bottom_left + 1 + j) % 4 holds page corner j (TL, TR, BR, BL).
    page_of = {(bottom_left + 1 + j) % 4: j for j in range(4)}
    fiducials = layout.sides[0].fiducials
    target = np.array([f.rect.centre for f in fiducials], dtype=np.float64)
    points = np.zeros((4, 2), dtype=np.float64)
    for k, sq in enumerate(squares):
        if sq is not None:
            points[page_of[k]] = (sq.x, sq.y)
    lost = page_of[missing]
    before, after, opposite = (lost - 1) % 4, (lost + 1) % 4, (lost + 2) % 4
    points[lost] = points[before] + points[after] - points[opposite]
    problem = _shape_problem(points, target)
    if problem is not None:
        return NotRegistered(problem)
    known = [j for j in range(4) if j != lost]
    matrix = cv2.getAffineTransform(
        points[known].astype(np.float32), target[known].astype(np.float32)
    )
    full = np.vstack([np.asarray(matrix, dtype=np.float64), [0.0, 0.0, 1.0]])
    return _registration(points, target, full, tuple(_CORNERS[j] for j in known))


def _registration(
    ordered: Matrix, target: Matrix, matrix: Matrix, used: tuple[str, ...]
) -> Registration | NotRegistered:
    across = np.linalg.norm(ordered[1] - ordered[0]) / np.linalg.norm(target[1] - target[0])
    down = np.linalg.norm(ordered[3] - ordered[0]) / np.linalg.norm(target[3] - target[0])
    scale = float((across + down) / 2)
    if not SCALE_RANGE[0] <= scale <= SCALE_RANGE[1]:
        return NotRegistered(f"{scale * 25.4:.0f} dpi is outside the readable range")
    dx, dy = ordered[1] - ordered[0]
    angle = math.degrees(math.atan2(dy, dx))
    turns = round(angle / 90.0) % 4
    skew = angle - 90.0 * round(angle / 90.0)
    return Registration(
        to_page=tuple(float(v) for v in np.asarray(matrix, dtype=np.float64).ravel()),
        scale=scale,
        turns=turns,
        skew=skew,
        centres=tuple((float(x), float(y)) for x, y in ordered),
        used=used,
    )


def _shape_problem(points: Matrix, target: Matrix) -> str | None:
    """Do the four centres make the layout's rectangle (not mirrored)?"""
    scales = []
    for a, b in ((0, 1), (1, 2), (2, 3), (3, 0)):
        found = float(np.linalg.norm(points[b] - points[a]))
        expected = float(np.linalg.norm(target[b] - target[a]))
        scales.append(found / expected)
    if max(scales) > (1 + SIDE_TOLERANCE) * min(scales):
        return "the registration squares do not form this ballot's rectangle"
    for k in range(4):
        u = points[(k + 1) % 4] - points[k]
        v = points[(k - 1) % 4] - points[k]
        cos = float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v)))
        if abs(math.degrees(math.acos(max(-1.0, min(1.0, cos)))) - 90.0) > ANGLE_TOLERANCE:
            return "the registration squares are not at right angles"
    # Clockwise on screen from top-left: a mirrored page runs the other way.
    (ax, ay), (bx, by) = points[1] - points[0], points[3] - points[0]
    if ax * by - ay * bx <= 0:
        return "the page is mirrored"
    return None


def warp(
    image: npt.NDArray[np.uint8],
    registration: Registration,
    scale: float,
    area: tuple[float, float, float, float],
    *,
    border: int = 255,
) -> npt.NDArray[np.uint8]:
    """The page's ``area`` (x, y, width, height in mm) at ``scale`` pixels a mm."""
    x, y, width, height = area
    # Image pixel index -> its centre -> page mm -> area pixel centre -> index.
    to_area = np.array(
        [[scale, 0.0, -x * scale - 0.5], [0.0, scale, -y * scale - 0.5], [0.0, 0.0, 1.0]],
        dtype=np.float64,
    )
    from_index = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5], [0.0, 0.0, 1.0]])
    matrix = to_area @ registration.matrix() @ from_index
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    channels = 1 if image.ndim == 2 else image.shape[2]
    out = cv2.warpPerspective(
        image,
        matrix,
        size,
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(border,) * channels,
    )
    return np.asarray(out, dtype=np.uint8)
