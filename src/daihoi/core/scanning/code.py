"""The ballot's QR code: read it from a registered page and check it.

The code names the election, the round, the side (of how many) and a short
hash of the definition (``core.ballots.code``). :func:`read_code` warps
each side's code box (the front and the back put it in different places)
and decodes it with OpenCV's ArUco-based QR detector, then the classic one,
at :data:`CODE_SCALES` pixels a millimetre.

The code box is first compared with the code each side of *this* ballot
carries — cheaper than decoding, and a blurred 150 dpi scan that defeats
the decoders still matches (normalised
cross-correlation against the blank's image of it, ±1.5 mm): a score of
:data:`MATCH` or more, with no whole module different from the blank's in
its data area (:data:`MODULES_DIFFERING`), is that side's code
(``method="matched"``). The correlation alone does not tell codes apart
well enough: measured 0.87–0.95 for the same code, but up to 0.82 for the
code of another round of the same election, whose finders, timing lines and
most text are the same; module by module, another round's code differs in
2.4–2.8 % of its data area, the same code in at most 0.1 %. When nothing matches, both
decoders are tried at every scale, then on the whole page, so that a
ballot of another election or layout is told apart from an unreadable one.

A faded print streak (a band along the feed where the printer laid too
little toner) turns whole modules white on a 1-bit scan: the code is then
neither matched nor decoded. Such a code is still this ballot's when every
module that differs is black on the blank and white on the scan, those
modules lie in one band along the page's columns (or rows, a page fed
sideways) no wider than :data:`FADED_BAND_MM`, and the code outside the
band matches (``method="matched_faded"``). Another round's or election's
code differs both ways: modules read black where this code is white refuse
it, band or not (:data:`MODULES_ADDED`).

:func:`check_code` compares a payload with the definition being counted and
gives the reason an image is refused: another election, round, definition
(hash) or number of sides; a MẪU THỬ ballot in the real count, or a real
ballot in a test count, is named as such (``core.ballots.testing``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
import numpy.typing as npt

from ..ballots.code import (
    CodeError,
    CodePayload,
    code_payload,
    decode_code_payload,
    encode_code_payload,
)
from ..ballots.layout import BallotLayout
from ..ballots.testing import trial_mismatch
from ..elections.model import ElectionDefinition
from .register import Registration, warp
from .template import SCALE, BlankBallot

__all__ = [
    "CODE_SCALES",
    "FADED_BAND_MM",
    "MATCH",
    "MODULES_ADDED",
    "MODULES_DIFFERING",
    "CodeMismatch",
    "CodeReading",
    "check_code",
    "read_code",
]

CODE_SCALES = (8.0, 5.0, 10.0)
#: Normalised cross-correlation from which a code box may be this ballot's code …
MATCH = 0.8
#: … when, besides, no more than this share of its data area (the code less its
#: three finder corners) differs from it by a whole module: black where the
#: blank is white or the reverse, three pixels wide both ways. Measured: at
#: most 0.001 for the same code on blurred 150 dpi scans; 0.024–0.028 for the
#: code of another round (whose correlation reaches 0.82: the finders, the
#: timing lines and most of the text are the same), 0.08–0.18 for another
#: election or definition.
MODULES_DIFFERING = 0.006
#: A faded print streak is at most this wide (mm) across the code: the deck's
#: printers fade bands of 1–6 mm, blurred by the scan.
FADED_BAND_MM = 8.0
#: … and leaves no more than this share of the data area black where this
#: ballot's code is white. Measured: at most 0.0002 for this code under a
#: faded band on 1-bit scans; 0.006–0.010 for another round's code, with a
#: faded band over it or not.
MODULES_ADDED = 0.0015
#: Below this correlation a code box is not compared module by module for a
#: faded band (a band of 6 mm left 0.70–0.76 on 1-bit scans).
_FADED_LEAST = 0.5
#: Around the code box, in millimetres, for a little registration error (more
#: than ``template.CODE_MATCH_MARGIN``, so that the comparison can slide).
_CODE_MARGIN = 2.0
#: Pixels a millimetre of the whole-page search.
_PAGE_SEARCH_SCALE = 6.0

Mismatch = Literal["election", "round", "definition", "sides", "test_ballot", "real_ballot"]
Method = Literal["decoded", "matched", "matched_faded", "page_search", "none"]


@dataclass(frozen=True, slots=True)
class CodeReading:
    """What was read: the code's ``text`` (or ``None``), its payload, and how.

    ``score``: the best match against this ballot's codes (``None`` when the
    code was decoded without comparing).
    """

    text: str | None
    payload: CodePayload | None
    method: Method
    score: float | None = None


@dataclass(frozen=True, slots=True)
class CodeMismatch:
    """Why a code is not this ballot's: which field, what was found, what was expected."""

    field: Mismatch
    found: str
    expected: str

    def describe(self) -> str:
        found = f"found {self.found!r}, expected {self.expected!r}"
        if self.field == "test_ballot":
            return f"a MẪU THỬ test ballot in a real count (code election: {found})"
        if self.field == "real_ballot":
            return f"a real ballot in a test count (code election: {found})"
        return f"code {self.field}: {found}"


_detectors: list[cv2.QRCodeDetector | cv2.QRCodeDetectorAruco] = []


def _decoders() -> list[cv2.QRCodeDetector | cv2.QRCodeDetectorAruco]:
    if not _detectors:
        _detectors.extend([cv2.QRCodeDetectorAruco(), cv2.QRCodeDetector()])
    return _detectors


def _decode(
    image: npt.NDArray[np.uint8],
    detectors: list[cv2.QRCodeDetector | cv2.QRCodeDetectorAruco]
    | tuple[cv2.QRCodeDetector | cv2.QRCodeDetectorAruco, ...]
    | None = None,
) -> str | None:
    found = _decode_at(image, detectors)
    return None if found is None else found[0]


def _decode_at(
    image: npt.NDArray[np.uint8],
    detectors: list[cv2.QRCodeDetector | cv2.QRCodeDetectorAruco]
    | tuple[cv2.QRCodeDetector | cv2.QRCodeDetectorAruco, ...]
    | None = None,
) -> tuple[str, npt.NDArray[np.float64] | None] | None:
    """The decoded text and the code's four corners (pixels), if any decoder reads it."""
    for detector in detectors if detectors is not None else _decoders():
        try:
            text, points, _ = detector.detectAndDecode(image)
        except cv2.error:
            continue
        if text:
            corners = None if points is None else np.asarray(points, np.float64).reshape(-1, 2)
            return str(text), corners
    return None


def _variants(image: npt.NDArray[np.uint8]) -> list[npt.NDArray[np.uint8]]:
    """The code box as scanned, then made black and white (Otsu)."""
    _, otsu = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return [image, np.asarray(otsu, dtype=np.uint8)]


def read_code(
    gray: npt.NDArray[np.uint8], registration: Registration, blank: BlankBallot
) -> CodeReading:
    """Match the code box against this ballot's codes, else decode it, else search.

    In order (the cheapest first): the comparison with this ballot's codes
    (a tenth of a decoder's time; a code of another election, round or
    definition never reaches :data:`MATCH`); both decoders at every one of
    :data:`CODE_SCALES`; the whole page. A code that does not match is
    decoded, so that another election's ballot is named, not just refused.
    A code the decoders read on the whole page but not in the box's crops
    is still this page's code in its place when it lies in the box of the
    side it names (:func:`_in_its_box`); anywhere else it is
    ``page_search``, and the page is not taken as registered.
    """
    layout = blank.layout
    boxes = []
    for side in layout.sides:
        if side.code_box not in boxes:
            boxes.append(side.code_box)
    crops: dict[tuple[float, int], npt.NDArray[np.uint8]] = {}

    def crop(scale: float, k: int) -> npt.NDArray[np.uint8]:
        if (scale, k) not in crops:
            area = boxes[k].grown(_CODE_MARGIN)
            crops[scale, k] = warp(
                gray, registration, scale, (area.x, area.y, area.width, area.height)
            )
        return crops[scale, k]

    best: tuple[float, int] = (-1.0, 0)
    for index, blank_side in enumerate(blank.sides):
        area = blank_side.code_box.grown(_CODE_MARGIN)
        image = warp(gray, registration, SCALE, (area.x, area.y, area.width, area.height))
        found = cv2.matchTemplate(image, blank_side.code_image, cv2.TM_CCOEFF_NORMED)
        _, score, _, (x, y) = cv2.minMaxLoc(found)
        if score >= MATCH and _same_modules(image, blank_side.code_image, x, y):
            payload = blank.payloads[index]
            return CodeReading(encode_code_payload(payload), payload, "matched", float(score))
        if score >= _FADED_LEAST and _faded_band(image, blank_side.code_image, x, y):
            payload = blank.payloads[index]
            return CodeReading(encode_code_payload(payload), payload, "matched_faded", float(score))
        best = max(best, (float(score), index))
    for scale in CODE_SCALES:
        for k in range(len(boxes)):
            for image in _variants(crop(scale, k)):
                text = _decode(image)
                if text is not None:
                    return CodeReading(text, _payload(text), "decoded", best[0])
    page = warp(gray, registration, _PAGE_SEARCH_SCALE, (0.0, 0.0, layout.width, layout.height))
    on_page = _decode_at(page)
    if on_page is None:
        return CodeReading(None, None, "none", best[0])
    text, corners = on_page
    decoded = _payload(text)
    if decoded is not None and _in_its_box(corners, decoded, layout):
        # The decoders missed it in the box's crops, not on the page: it is in
        # its place, the page is registered.
        return CodeReading(text, decoded, "decoded", best[0])
    return CodeReading(text, decoded, "page_search", best[0])


#: How far (mm) a code found on the whole page may be from the middle of its box
#: and still be in its place.
_IN_BOX_MM = 2.0


def _in_its_box(
    corners: npt.NDArray[np.float64] | None, payload: CodePayload, layout: BallotLayout
) -> bool:
    """Whether the code's corners (page pixels at the search scale) lie in the
    code box of the side the code names, its size and middle within
    :data:`_IN_BOX_MM`, upright (the first corner top-left)."""
    if corners is None or corners.shape != (4, 2) or not 1 <= payload.side <= len(layout.sides):
        return False
    box = layout.sides[payload.side - 1].code_box
    points = corners / _PAGE_SEARCH_SCALE
    middle = points.mean(axis=0)
    if np.hypot(middle[0] - box.centre[0], middle[1] - box.centre[1]) > _IN_BOX_MM:
        return False
    sides = np.linalg.norm(points - np.roll(points, -1, axis=0), axis=1)
    # The symbol fills the box less its quiet zone (four modules each side).
    if not (0.6 * box.width <= float(sides.min()) and float(sides.max()) <= box.width):
        return False
    first = points[0]
    return bool(first[0] < middle[0] and first[1] < middle[1])


def _same_modules(
    image: npt.NDArray[np.uint8], code: npt.NDArray[np.uint8], x: int, y: int
) -> bool:
    """Whether the scanned code at (x, y) has no module other than the blank's.

    Both are made black and white (Otsu); pixels that differ, kept only where
    a 3×3 square of them differs (a whole module, not the blur along its
    edges), are counted over the code less its three finder corners.
    """
    height, width = code.shape
    part = image[y : y + height, x : x + width]
    _, seen = cv2.threshold(part, 0, 1, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    _, known = cv2.threshold(code, 0, 1, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    differ = np.asarray(cv2.erode((seen != known).astype(np.uint8), np.ones((3, 3), np.uint8)))
    data = np.ones((height, width), dtype=np.bool_)
    h, w = height // 3, width // 3
    data[:h, :w] = data[:h, -w:] = data[-h:, :w] = False
    return float(differ[data].mean()) <= MODULES_DIFFERING


def _faded_band(image: npt.NDArray[np.uint8], code: npt.NDArray[np.uint8], x: int, y: int) -> bool:
    """Whether the scanned code at (x, y) is this code with a faded band across it.

    Made black and white as in :func:`_same_modules`, whole modules that
    differ are split into *lost* (black on the blank, white on the scan) and
    *added* (the reverse). Added ones are another code's (at most
    :data:`MODULES_ADDED` of the data area); the lost ones must lie in one
    band, along the columns or along the rows, at most :data:`FADED_BAND_MM`
    wide; outside it the code must correlate with the blank as a matched code
    does (:data:`MATCH`).
    """
    height, width = code.shape
    part = image[y : y + height, x : x + width]
    _, seen = cv2.threshold(part, 0, 1, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    _, known = cv2.threshold(code, 0, 1, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    square = np.ones((3, 3), np.uint8)
    lost = np.asarray(cv2.erode(((known == 0) & (seen == 1)).astype(np.uint8), square), bool)
    added = np.asarray(cv2.erode(((known == 1) & (seen == 0)).astype(np.uint8), square), bool)
    data = np.ones((height, width), dtype=np.bool_)
    h, w = height // 3, width // 3
    data[:h, :w] = data[:h, -w:] = data[-h:, :w] = False
    if float(added[data].mean()) > MODULES_ADDED or not lost.any():
        return False
    widest = round(FADED_BAND_MM * SCALE)
    for axis in (0, 1):  # a band down the columns (fed upright), or along the rows
        hit = np.flatnonzero(lost.any(axis=axis))
        if int(hit[-1] - hit[0]) + 1 > widest:
            continue
        # Outside the band (a module's width more each side, for the blur).
        keep = np.ones(width if axis == 0 else height, dtype=np.bool_)
        keep[max(0, int(hit[0]) - 4) : int(hit[-1]) + 5] = False
        a = part[:, keep] if axis == 0 else part[keep, :]
        b = code[:, keep] if axis == 0 else code[keep, :]
        if a.size and _correlation(a, b) >= MATCH:
            return True
    return False


def _correlation(a: npt.NDArray[np.uint8], b: npt.NDArray[np.uint8]) -> float:
    """Normalised correlation of two images of the same shape (0 when one is flat)."""
    u = a.astype(np.float64).ravel()
    v = b.astype(np.float64).ravel()
    u -= u.mean()
    v -= v.mean()
    scale = float(np.sqrt((u * u).sum() * (v * v).sum()))
    return float((u * v).sum() / scale) if scale > 0 else 0.0


def _payload(text: str) -> CodePayload | None:
    try:
        return decode_code_payload(text)
    except CodeError:
        return None


def check_code(
    payload: CodePayload, definition: ElectionDefinition, layout: BallotLayout
) -> CodeMismatch | None:
    """``None`` when the code is one of this definition's sides."""
    sides = len(layout.sides)
    expected = code_payload(definition, 1, sides)
    if payload.election != expected.election:
        twin = trial_mismatch(payload.election, expected.election)
        return CodeMismatch(twin or "election", payload.election, expected.election)
    if payload.round != expected.round:
        return CodeMismatch("round", str(payload.round), str(expected.round))
    if payload.definition_hash != expected.definition_hash:
        return CodeMismatch("definition", payload.definition_hash, expected.definition_hash)
    if payload.sides != sides:
        return CodeMismatch("sides", str(payload.sides), str(sides))
    return None
