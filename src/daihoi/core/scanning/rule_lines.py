"""The table's rules: where the layout prints them, and where an image shows them.

The pieces :mod:`.table_lines` registers a page with: the rules of each
side as the layout draws them, the image's skew from how sharply its thin
horizontal lines project, each direction's thin lines picked out and
projected into peaks, and the peaks matched to the layout's rules along
one axis (scale and offset).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from ..ballots.layout import Side

#: Largest skew searched, in degrees.
MAX_SKEW = 4.0
#: A peak matches a layout rule within this (mm).
_MATCH_MM = 0.6

Gray = npt.NDArray[np.uint8]
Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _Rule:
    """A printed rule: its position (mm) across, and its span along."""

    at: float
    span: tuple[float, float]


@dataclass(frozen=True, slots=True)
class _Rules:
    horizontal: tuple[_Rule, ...]
    vertical: tuple[_Rule, ...]


def _table_rules(side: Side) -> _Rules:
    """The rules the table is printed with (``documents.ballot_pdf``), merged
    where two columns share a height."""
    spans_h: dict[float, list[tuple[float, float]]] = {}
    vertical: list[_Rule] = []
    for column, head in enumerate(side.table_headers):
        rows = [row for row in side.rows if row.column == column]
        if not rows:
            continue
        bottom = rows[-1].rect.bottom
        for y in [head.y, head.bottom] + [row.rect.bottom for row in rows]:
            spans_h.setdefault(round(y, 2), []).append((head.x, head.right))
        first = rows[0]
        edges = [head.x, first.name_box.x, head.right]
        if first.agree_box is not None and first.disagree_box is not None:
            edges += [first.agree_box.x, first.disagree_box.x]
        vertical += [_Rule(x, (head.y, bottom)) for x in sorted(edges)]
    horizontal = [
        _Rule(y, (min(a for a, _ in spans), max(b for _, b in spans)))
        for y, spans in sorted(spans_h.items())
    ]
    return _Rules(tuple(horizontal), tuple(sorted(vertical, key=lambda r: r.at)))


def _continuous(matrix: Matrix) -> Matrix:
    """An affine map between continuous coordinates (pixel i spans [i, i + 1)),
    as OpenCV wants it (pixel i's centre at i)."""
    shift = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5], [0.0, 0.0, 1.0]])
    back = np.array([[1.0, 0.0, -0.5], [0.0, 1.0, -0.5], [0.0, 0.0, 1.0]])
    return np.asarray(back @ matrix @ shift, dtype=np.float64)


def _black_hat(image: Gray, horizontal: bool) -> npt.NDArray[np.float32]:
    """Thin dark lines along one direction (a closing across it fills them)."""
    size = (1, 7) if horizontal else (7, 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
    return np.asarray(cv2.morphologyEx(image, cv2.MORPH_BLACKHAT, kernel), dtype=np.float32)


def _skew(image: Gray) -> float:
    """The angle (degrees) at which the image's thin horizontal lines project sharpest."""
    lines = _black_hat(image, horizontal=True)
    limit = max(8.0, float(np.percentile(lines, 97)))
    ys, xs = np.nonzero(lines > limit)
    if ys.size < 50:
        return 0.0
    if ys.size > 80_000:
        keep = np.random.default_rng(0).choice(ys.size, 80_000, replace=False)
        ys, xs = ys[keep], xs[keep]
    weights = lines[ys, xs].astype(np.float64)
    x = xs.astype(np.float64) - image.shape[1] / 2
    y = ys.astype(np.float64)
    offset = image.shape[1] / 2 * math.tan(math.radians(MAX_SKEW + 0.5)) + 2

    def sharpness(angle: float) -> float:
        bins = np.rint(y - x * math.tan(math.radians(angle)) + offset).astype(np.intp)
        profile = np.bincount(bins, weights=weights)
        return float(np.dot(profile, profile))

    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.2)
    best = float(coarse[int(np.argmax([sharpness(a) for a in coarse]))])
    fine = np.arange(best - 0.2, best + 0.2 + 1e-9, 0.02)
    return float(fine[int(np.argmax([sharpness(a) for a in fine]))])


def _peaks(profile: npt.NDArray[np.float64], share: float = 0.15) -> npt.NDArray[np.float64]:
    """Sub-pixel positions of the profile's narrow peaks above its local baseline."""
    size = profile.size
    if size < 9:
        return np.zeros(0)
    base = np.asarray(
        cv2.erode(profile.astype(np.float32).reshape(1, -1), np.ones((1, 13), np.uint8)),
        dtype=np.float64,
    ).ravel()
    lifted = profile - base
    top = float(lifted.max())
    if top <= 0:
        return np.zeros(0)
    wide = np.asarray(
        cv2.dilate(lifted.astype(np.float32).reshape(1, -1), np.ones((1, 7), np.uint8)),
        dtype=np.float64,
    ).ravel()
    index = np.nonzero((lifted >= wide - 1e-9) & (lifted >= share * top))[0]
    index = index[(index > 0) & (index < size - 1)]
    left, mid, right = lifted[index - 1], lifted[index], lifted[index + 1]
    curve = left - 2 * mid + right
    delta = np.where(curve < 0, 0.5 * (left - right) / np.where(curve < 0, curve, -1.0), 0.0)
    return np.asarray(index + 0.5 + np.clip(delta, -0.5, 0.5), dtype=np.float64)


def _nearest(
    peaks: npt.NDArray[np.float64], where: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """For each of ``where``, the distance to the nearest peak."""
    if peaks.size == 0:
        return np.full(where.shape, np.inf)
    order = np.sort(peaks)
    k = np.clip(np.searchsorted(order, where), 1, order.size - 1) if order.size > 1 else None
    if k is None:
        return np.asarray(np.abs(where - order[0]), dtype=np.float64)
    return np.asarray(
        np.minimum(np.abs(where - order[k - 1]), np.abs(where - order[k])), dtype=np.float64
    )


def _match_axis(
    peaks: npt.NDArray[np.float64],
    rules: npt.NDArray[np.float64],
    weights: npt.NDArray[np.float64],
    scales: tuple[float, float],
    keep: int,
) -> list[tuple[float, float, float]]:
    """The best (score, scale, offset) of ``peak ≈ scale · rule + offset``, up to
    ``keep`` of them with offsets apart; score: the matched rules' weight."""
    if peaks.size < 2 or rules.size < 2:
        return []
    order = np.argsort(rules)
    rules, weights = rules[order], weights[order]
    pi, pj = np.triu_indices(peaks.size, 1)
    ri, rj = np.triu_indices(rules.size, 1)
    dp = (peaks[pj] - peaks[pi])[:, None]
    dr = (rules[rj] - rules[ri])[None, :]
    scale = dp / dr
    ok = (scale >= scales[0]) & (scale <= scales[1])
    a, b = np.nonzero(ok)
    if a.size == 0:
        return []
    s = scale[a, b]
    t = peaks[pi[a]] - s * rules[ri[b]]
    # Hypotheses that agree are one: round them, keep each once.
    unique = np.unique(np.stack([np.round(s, 2), np.round(t * 2) / 2], axis=1), axis=0)
    tolerance = _MATCH_MM * float(np.mean(scales))
    placed = unique[:, :1] * rules[None, :] + unique[:, 1:]
    distance = _nearest(peaks, placed.ravel()).reshape(placed.shape)
    # Each rule counts by its length, the less the further its peak is.
    closeness = np.clip(1.0 - (distance / tolerance) ** 2, 0.0, None)
    score = closeness @ weights
    spacing = 0.5 * float(np.min(np.diff(rules)))
    best: list[tuple[float, float, float]] = []
    for k in np.argsort(-score):
        if score[k] <= 0:
            break
        s_k, t_k = float(unique[k, 0]), float(unique[k, 1])
        if all(
            np.max(np.abs((s_k - s_o) * rules + (t_k - t_o))) > spacing * s_k
            for _, s_o, t_o in best
        ):
            best.append((float(score[k]), s_k, t_k))
        if len(best) >= keep:
            break
    return best
