"""Registration by the table's own printed lines, when the corner squares do not do.

A page whose squares cannot register it — two of them lost under a corner
folded over and the image's cut edge, faded by a print streak, read hollow —
still carries the table the blank knows to the tenth of a millimetre: its
outer rules, a rule under every row, the rules between the cells.
:func:`register_by_lines` finds them and fits the page to the layout:

1. The image is brought to :data:`GRID` pixels a millimetre, turned upright
   if it lies sideways, and its skew found as the angle at which thin
   horizontal lines project most sharply (``±`` :data:`~.rule_lines.MAX_SKEW` degrees).
2. Deskewed, thin horizontal and vertical lines are picked out (a black-hat
   across each direction: letters' bars are short, rules are long) and
   projected: every rule is a peak.
3. The peaks are matched to the layout's rules, for each side of the ballot
   and the page either way up: the vertical rules give the scale and the
   offset across, the horizontal ones the offset down (their spacing, the
   header's own height and the table's ends); the few best matches are
   compared with the blank's whole printing at 3 px/mm (title, code, names,
   not only the rules: a match one row off, or upside down, does not look
   like the blank), the best must be clearly best.
4. Each matched rule is located along its length in pieces of
   :data:`PIECE_MM`; an affine map from the image to the page's millimetres
   is fitted to them (a vertical rule's pieces fix the page's x, a
   horizontal rule's its y), far pieces dropped. It is accepted only when
   its residuals are small (:data:`MAX_RMS_MM`), most of the layout's rules
   were found, the two axes agree in scale and are square, the page is not
   mirrored, and the whole printing agrees (:data:`MIN_AGREEMENT`). The
   reading then checks the code at its place and the printing at full
   resolution (``Thresholds.print_match``), as for any page.

A wrong map is worse than a page sent to review: every doubt refuses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import cv2
import numpy as np
import numpy.typing as npt

from ..ballots.layout import BallotLayout
from .register import (
    ANGLE_TOLERANCE,
    SIDE_TOLERANCE,
    NotRegistered,
    Registration,
    _registration,
    corner_squares,
)
from .rule_lines import (
    Gray,
    Matrix,
    _black_hat,
    _continuous,
    _match_axis,
    _peaks,
    _Rules,
    _skew,
    _table_rules,
)
from .template import BlankBallot

__all__ = [
    "GRID",
    "MAX_RMS_MM",
    "MIN_AGREEMENT",
    "register_by_lines",
]

#: Pixels a millimetre the lines are searched at.
GRID = 4.0
#: A rule is located in pieces this long (mm).
PIECE_MM = 6.0
#: Largest root-mean-square distance of the rules' pieces from the fitted map (mm).
MAX_RMS_MM = 0.2
#: A piece further than this from the fit (mm) is left out (a pen stroke on a rule).
_OUTLIER_MM = 0.35
#: Least share of the layout's rules found along the fit.
MIN_RULES = 0.75
#: Least correlation of the page, mapped, with the blank's whole printing …
MIN_AGREEMENT = 0.45
#: … and by how much the best match must beat the next one.
AGREEMENT_MARGIN = 0.12
#: Scales considered, around the one the image's size suggests.
_SCALE_RANGE = (0.9, 1.1)
#: Pixels a millimetre of the comparison with the blank.
_CHECK_SCALE = 3.0


@dataclass(frozen=True, slots=True)
class _Work:
    """The image at :data:`GRID` px/mm, upright and deskewed, and how it was made."""

    image: Gray
    #: Full image (continuous pixels) → work image (continuous pixels).
    matrix: Matrix
    width_mm: float
    height_mm: float


def _work_image(gray: Gray, layout: BallotLayout) -> _Work:
    height, width = gray.shape[:2]
    portrait = height >= width
    paper = (layout.width, layout.height) if portrait else (layout.height, layout.width)
    estimate = math.sqrt(width * height / (paper[0] * paper[1]))
    f = GRID / estimate
    small = np.asarray(
        cv2.resize(
            gray,
            (max(1, round(width * f)), max(1, round(height * f))),
            interpolation=cv2.INTER_AREA,
        ),
        dtype=np.uint8,
    )
    sh, sw = small.shape
    to_small = np.array([[sw / width, 0.0, 0.0], [0.0, sh / height, 0.0], [0.0, 0.0, 1.0]])
    if portrait:
        upright = np.eye(3)
        size = (sw, sh)
    else:  # turned a quarter clockwise: (x, y) → (sh − y, x)
        upright = np.array([[0.0, -1.0, sh], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
        size = (sh, sw)
    first = upright @ to_small
    turned = np.asarray(
        cv2.warpAffine(
            small, _continuous(upright)[:2], size, flags=cv2.INTER_NEAREST, borderValue=255
        ),
        dtype=np.uint8,
    )
    angle = _skew(turned)
    centre = (size[0] / 2, size[1] / 2)
    rotate = np.vstack([cv2.getRotationMatrix2D(centre, angle, 1.0), [0.0, 0.0, 1.0]])
    # getRotationMatrix2D turns by +angle counter-clockwise on screen: lines
    # sloping by ``angle`` (y − x·tan) come out level.
    rotate = np.asarray(rotate, dtype=np.float64)
    deskewed = np.asarray(
        cv2.warpAffine(
            turned, _continuous(rotate)[:2], size, flags=cv2.INTER_LINEAR, borderValue=255
        ),
        dtype=np.uint8,
    )
    return _Work(deskewed, rotate @ first, paper[0], paper[1])


def register_by_lines(
    gray: Gray, blank: BlankBallot, squares: NotRegistered | None = None
) -> Registration | NotRegistered:
    """Register ``gray`` by the table's rules (see the module); ``squares``: why
    the corner squares did not register it, kept in the refusal."""
    layout = blank.layout
    work = _work_image(gray, layout)
    lines_h = _black_hat(work.image, horizontal=True)
    lines_v = _black_hat(work.image, horizontal=False)
    peaks_y = _peaks(lines_h.sum(axis=1, dtype=np.float64))
    peaks_x = _peaks(lines_v.sum(axis=0, dtype=np.float64))
    scales = (GRID * _SCALE_RANGE[0], GRID * _SCALE_RANGE[1])
    candidates: list[tuple[float, int, bool, Matrix]] = []
    for index, side in enumerate(layout.sides):
        rules = _table_rules(side)
        if len(rules.horizontal) < 3 or len(rules.vertical) < 2:
            continue
        for flipped in (False, True):
            xs = np.array([r.at for r in rules.vertical])
            ys = np.array([r.at for r in rules.horizontal])
            wx = np.array([r.span[1] - r.span[0] for r in rules.vertical])
            wy = np.array([r.span[1] - r.span[0] for r in rules.horizontal])
            if flipped:
                xs, ys = layout.width - xs, layout.height - ys
            across = _match_axis(peaks_x, xs, wx, scales, keep=3)
            for score_x, sx, tx in across:
                near = (sx * (1 - SIDE_TOLERANCE / 2), sx * (1 + SIDE_TOLERANCE / 2))
                for score_y, sy, ty in _match_axis(peaks_y, ys, wy, near, keep=3):
                    # Page mm → work pixels, then image pixels → page mm.
                    page_to_work = np.array([[sx, 0.0, tx], [0.0, sy, ty], [0.0, 0.0, 1.0]])
                    if flipped:
                        page_to_work = page_to_work @ np.array(
                            [[-1.0, 0.0, layout.width], [0.0, -1.0, layout.height], [0, 0, 1.0]]
                        )
                    to_page = np.linalg.inv(page_to_work) @ work.matrix
                    weight = (score_x / wx.sum() + score_y / wy.sum()) / 2
                    candidates.append((weight, index, flipped, to_page))
    reason = "the table's rules were not found" + (f" ({squares.reason})" if squares else "")
    if not candidates:
        return NotRegistered(reason)
    candidates.sort(key=lambda c: -c[0])
    checked = [
        (_agreement(work, to_page, blank, index), index, to_page)
        for weight, index, _, to_page in candidates[:8]
        if weight >= 0.5
    ]
    if not checked:
        return NotRegistered(reason)
    checked.sort(key=lambda c: -c[0])
    best, index, coarse = checked[0]
    runner_up = max((c[0] for c in checked[1:] if not _same(c[2], coarse, layout)), default=-1.0)
    if best < MIN_AGREEMENT or best - runner_up < AGREEMENT_MARGIN:
        return NotRegistered(
            f"the table's rules do not place the page unambiguously "
            f"(agreement {best:.2f}, next {runner_up:.2f})"
            + (f"; {squares.reason}" if squares else "")
        )
    fitted = _fit(gray, work, lines_h, lines_v, coarse, _table_rules(layout.sides[index]))
    if isinstance(fitted, NotRegistered):
        return fitted
    to_page, rms = fitted
    agreement = _agreement(work, to_page, blank, index)
    if agreement < MIN_AGREEMENT:
        return NotRegistered(f"the page does not look like the blank ({agreement:.2f})")
    return _result(gray, layout, index, to_page, rms)


def _same(a: Matrix, b: Matrix, layout: BallotLayout) -> bool:
    """Two maps putting the page's middle within a millimetre of each other."""
    middle = np.array([layout.width / 2, layout.height / 2, 1.0])
    seen = np.linalg.inv(a) @ middle
    there = b @ seen
    return bool(np.hypot(*(there[:2] / there[2] - middle[:2])) < 1.0)


def _agreement(work: _Work, to_page: Matrix, blank: BlankBallot, index: int) -> float:
    """Correlation of the page mapped to the layout with the blank's printing (3 px/mm)."""
    side = blank.sides[index]
    layout = blank.layout
    size = (round(layout.width * _CHECK_SCALE), round(layout.height * _CHECK_SCALE))
    to_check = np.diag([_CHECK_SCALE, _CHECK_SCALE, 1.0]) @ to_page @ np.linalg.inv(work.matrix)
    page = cv2.warpPerspective(
        work.image,
        _continuous(to_check),
        size,
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=255,
    )
    printed = cv2.resize(side.printed, size, interpolation=cv2.INTER_AREA)
    a = 255.0 - np.asarray(page, dtype=np.float32)
    b = np.asarray(printed, dtype=np.float32)
    # The fiducials' corners are left out: they are what may be missing.
    margin = round((layout.sides[index].content.x - 2.0) * _CHECK_SCALE)
    a, b = a[margin:-margin, margin:-margin], b[margin:-margin, margin:-margin]
    a -= a.mean()
    b -= b.mean()
    denominator = float(np.sqrt(np.sum(a * a) * np.sum(b * b)))
    return float(np.sum(a * b) / denominator) if denominator > 0 else 0.0


def _fit(
    gray: Gray,
    work: _Work,
    lines_h: npt.NDArray[np.float32],
    lines_v: npt.NDArray[np.float32],
    coarse: Matrix,
    rules: _Rules,
) -> tuple[Matrix, float] | NotRegistered:
    """The affine map fitted to the rules located piece by piece (see the module)."""
    page_to_work = work.matrix @ np.linalg.inv(coarse)
    work_to_image = np.linalg.inv(work.matrix)
    reach = 3  # work pixels across, either side of where the rule should be
    half = PIECE_MM * GRID / 2
    height, width = work.image.shape

    def place(x: float, y: float) -> tuple[float, float]:
        p = page_to_work @ np.array([x, y, 1.0])
        return float(p[0] / p[2]), float(p[1] / p[2])

    points: list[tuple[float, float, float, int, int]] = []  # x, y (image), mm, axis, rule
    for axis, (chosen, lines) in enumerate(
        ((rules.vertical, lines_v), (rules.horizontal, lines_h))
    ):
        for k, rule in enumerate(chosen):
            start, end = rule.span
            count = max(1, int((end - start) // PIECE_MM))
            for j in range(count):
                along = start + (j + 0.5) * (end - start) / count
                u, v = place(rule.at, along) if axis == 0 else place(along, rule.at)
                # The work image is upright: the page's vertical rules are vertical.
                found = _locate(lines, u, v, axis == 0, reach, half, width, height)
                if found is None:
                    continue
                q = work_to_image @ np.array([found[0], found[1], 1.0])
                points.append((float(q[0]), float(q[1]), rule.at, axis, k))
    if not points:
        return NotRegistered("the table's rules were not found along their length")
    data = np.array(points, dtype=np.float64)
    rows: list[npt.NDArray[np.float64]] = []
    rms = 0.0
    keep = np.ones(len(data), dtype=np.bool_)
    centre = data[:, :2].mean(axis=0)
    for _ in range(3):
        rows = []
        residuals = np.zeros(len(data))
        for axis in (0, 1):
            mine = (data[:, 3] == axis) & keep
            if np.count_nonzero(mine) < 6:
                return NotRegistered("too few of the table's rules were found")
            design = np.column_stack([data[mine, :2] - centre, np.ones(np.count_nonzero(mine))])
            solution, *_ = np.linalg.lstsq(design, data[mine, 2], rcond=None)
            rows.append(solution)
            every = np.column_stack([data[:, :2] - centre, np.ones(len(data))]) @ solution
            residuals[data[:, 3] == axis] = (every - data[:, 2])[data[:, 3] == axis]
        keep = np.abs(residuals) <= _OUTLIER_MM
        rms = float(np.sqrt(np.mean(residuals[keep] ** 2))) if keep.any() else math.inf
    shift = np.array([[1.0, 0.0, -centre[0]], [0.0, 1.0, -centre[1]], [0.0, 0.0, 1.0]])
    matrix = np.vstack([rows[0], rows[1], [0.0, 0.0, 1.0]]) @ shift
    found_rules = {(int(a), int(k)) for a, k in data[keep][:, 3:5]}
    total = len(rules.vertical) + len(rules.horizontal)
    share = len(found_rules) / total
    verticals = {k for a, k in found_rules if a == 0}
    horizontals = {k for a, k in found_rules if a == 1}
    if rms > MAX_RMS_MM:
        return NotRegistered(f"the table's rules fit the layout to {rms:.2f} mm only")
    if share < MIN_RULES or len(verticals) < 2 or len(horizontals) < 3:
        return NotRegistered(f"{share:.0%} of the table's rules found")
    linear = matrix[:2, :2]
    if np.linalg.det(linear) <= 0:
        return NotRegistered("the page is mirrored")
    inverse = np.linalg.inv(linear)  # image pixels a page millimetre, along x and y
    across, down = inverse[:, 0], inverse[:, 1]
    su, sv = float(np.linalg.norm(across)), float(np.linalg.norm(down))
    if abs(su - sv) > SIDE_TOLERANCE * min(su, sv):
        return NotRegistered("the table's rules do not have the layout's proportions")
    cos = float(np.dot(across, down) / (su * sv))
    if abs(90.0 - math.degrees(math.acos(max(-1.0, min(1.0, cos))))) > ANGLE_TOLERANCE:
        return NotRegistered("the table's rules are not at right angles")
    return matrix, rms


def _locate(
    lines: npt.NDArray[np.float32],
    u: float,
    v: float,
    across_x: bool,
    reach: int,
    half: float,
    width: int,
    height: int,
) -> tuple[float, float] | None:
    """Where a rule crosses the piece around (u, v) (work pixels): the peak of
    the thin lines across it, summed along it; ``None`` when there is none."""
    if across_x:  # the rule runs up and down: look across x
        x0, x1 = round(u) - reach - 1, round(u) + reach + 2
        y0, y1 = round(v - half), round(v + half)
    else:
        x0, x1 = round(u - half), round(u + half)
        y0, y1 = round(v) - reach - 1, round(v) + reach + 2
    if x0 < 0 or y0 < 0 or x1 > width or y1 > height or x1 - x0 < 3 or y1 - y0 < 3:
        return None
    window = lines[y0:y1, x0:x1]
    profile = window.mean(axis=0 if across_x else 1).astype(np.float64)
    k = int(np.argmax(profile))
    if k == 0 or k == profile.size - 1:
        return None
    peak = profile[k]
    floor = float(np.min(profile))
    if peak - floor < 12.0:  # no rule here (a faded streak over it, a fold)
        return None
    left, right = profile[k - 1], profile[k + 1]
    curve = left - 2 * peak + right
    delta = 0.5 * (left - right) / curve if curve < 0 else 0.0
    at = k + 0.5 + float(np.clip(delta, -0.5, 0.5))
    if across_x:
        return x0 + at, v
    return u, y0 + at


def _result(
    gray: Gray, layout: BallotLayout, index: int, to_page: Matrix, rms: float
) -> Registration:
    """The registration, with where the map puts the corner squares and which
    of those found there confirm it (their centres within a millimetre)."""
    targets = np.array([f.rect.centre for f in layout.sides[index].fiducials], dtype=np.float64)
    to_image = np.linalg.inv(to_page)
    centres = cv2.perspectiveTransform(targets[None, :, :], to_image)[0]
    found = _confirming(gray, layout, to_page, targets)
    registration = _registration(centres, targets, to_page, found)
    assert isinstance(registration, Registration)
    return replace(registration, method="table_lines", residual_mm=round(rms, 3))


def _confirming(
    gray: Gray, layout: BallotLayout, to_page: Matrix, targets: Matrix
) -> tuple[str, ...]:
    names = ("top-left", "top-right", "bottom-right", "bottom-left")
    confirmed = []
    for point in corner_squares(gray, layout):
        if point is None:
            continue
        page = cv2.perspectiveTransform(np.array([[point]], dtype=np.float64), to_page)[0, 0]
        distance = np.hypot(*(targets - page).T)
        k = int(np.argmin(distance))
        if distance[k] <= 1.0:
            confirmed.append(names[k])
    return tuple(n for n in names if n in confirmed)
