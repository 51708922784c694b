"""Adjudication of a flagged scanned ballot: the reader's suggestion, corrections, crops.

Pure: plain data in (the reading as the audit keeps it, the layout, pixels),
plain data out. No Django.

A flagged ballot reaches the counting committee with the machine's reading
(``read``: doubtful rows provisionally crossed, never adding a vote) and the
audit record of every page (``reading``: each row's state and figures, each
page's registration). From them:

- :func:`doubts` lists the rows the reader could not decide, each with the
  reader's *suggestion* (``struck``/``kept``, or a mark on the agree/disagree
  form) and why it doubted, as a code the UI words;
- :func:`suggested_ballot` is the whole ballot as the reader suggests it: the
  clear rows as read, each doubtful row as suggested, ``not_issued`` when the
  stamp is missing;
- :func:`apply_fix` turns what a committee member typed into the ballot they
  decided: nothing typed accepts the suggestion; row numbers flip those rows
  (cross-out) or set their mark (agree/disagree: ``5`` disagree, ``c5`` both,
  ``t5`` neither, ``a5`` agree); ``k``, ``v``, ``x`` add or remove a defect;
  a line starting with ``=`` is the whole ballot typed as a clerk would;
- :func:`row_crop` cuts a row (or the stamp box) out of a page image by its
  registration, at a fixed resolution, so that it sits beside the same cut of
  the blank ballot.

The crops are computed when shown and never stored: they show nothing the
committee does not already see on the whole page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from .ballots.layout import BallotLayout, Rect
from .elections.entry import DEFECT_KEYS, entry_tokens, parse_entry, token_rows
from .elections.model import Ballot, Form, InvalidCode, Mark

__all__ = [
    "CROP_SCALE",
    "Doubt",
    "apply_fix",
    "crop_rect",
    "doubts",
    "page_homography",
    "row_crop",
    "suggested_ballot",
]

#: Pixels a millimetre of a crop (a 150 dpi scan is enlarged a little, 300 dpi reduced).
CROP_SCALE = 8.0
#: Room around a row in a crop, in millimetres: a stroke may start or end beyond it.
CROP_MARGIN = (3.0, 1.5)
#: A doubtful row struck through at least this share of its name is suggested struck.
SUGGEST_STRUCK = 0.5

Image = npt.NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class Doubt:
    """A row the reader could not decide: its number, the suggestion, and why.

    ``reason``: the reader's own code (``readings.DoubtReason``). A record
    written before the reader gave one is read from its figures: ``boxes``
    on the agree/disagree form; else ``partial`` (a stroke over part of the
    name: ``coverage`` says how much), ``mark`` (ink that is no stroke
    through the name), ``colour`` (coloured ink only), or ``undecided``.
    """

    number: int
    candidate_id: str
    page: int
    suggestion: str
    reason: str
    coverage: float | None = None
    ink_mm2: float = 0.0
    #: ``unseen`` and ``split``: the words the stroke does not show in, by index
    #: among the ``of`` words the name's printing has (empty when not recorded).
    not_shown: tuple[int, ...] = ()
    of: int = 0


def _rows(reading: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    found = []
    for index, page in enumerate(reading.get("pages") or []):
        for row in page.get("rows") or []:
            found.append((index, row))
    return found


def _reason(row: dict[str, Any], form: Form) -> str:
    given = row.get("reason")
    if isinstance(given, str) and given:
        return given
    if form != "cross_out":
        return "boxes"
    coverage = row.get("coverage")
    if isinstance(coverage, (int, float)) and coverage > 0:
        return "partial"
    if (row.get("ink_mm2") or 0) > 0:
        return "mark"
    if (row.get("colour_mm2") or 0) > 0:
        return "colour"
    return "undecided"


def _words(row: dict[str, Any]) -> dict[str, Any]:
    """The words a stroke does not show in, as the record gives them (nothing if malformed)."""
    words = row.get("words")
    if not isinstance(words, dict):
        return {}
    found, of = words.get("not_shown"), words.get("of")
    if not isinstance(of, int) or not isinstance(found, list) or not found:
        return {}
    if not all(isinstance(k, int) and 0 <= k < of for k in found):
        return {}
    return {"not_shown": tuple(found), "of": of}


def _suggestion(row: dict[str, Any], form: Form, read: dict[str, Any] | None) -> str:
    given = row.get("suggestion")
    if form == "cross_out":
        if given in ("struck", "kept"):
            return str(given)
        coverage = row.get("coverage")
        struck = isinstance(coverage, (int, float)) and coverage >= SUGGEST_STRUCK
        return "struck" if struck else "kept"
    if given in ("agree", "disagree", "both", "none"):
        return str(given)
    marks = (read or {}).get("marks") or {}
    mark = marks.get(row.get("id"))
    return str(mark) if mark in ("agree", "disagree", "both", "none") else "none"


def doubts(reading: dict[str, Any], read: dict[str, Any] | None, form: Form) -> list[Doubt]:
    """The doubtful rows of a ballot's reading, in ballot order."""
    out = []
    for page, row in _rows(reading):
        if row.get("state") != "doubtful":
            continue
        coverage = row.get("coverage")
        out.append(
            Doubt(
                number=int(row["number"]),
                candidate_id=str(row.get("id", "")),
                page=page,
                suggestion=_suggestion(row, form, read),
                reason=_reason(row, form),
                coverage=float(coverage) if isinstance(coverage, (int, float)) else None,
                ink_mm2=float(row.get("ink_mm2") or 0.0),
                **_words(row),
            )
        )
    return sorted(out, key=lambda d: d.number)


_DEFECT_ORDER: tuple[InvalidCode, ...] = tuple(DEFECT_KEYS.values())


def _with_defects(ballot: Ballot, defects: set[InvalidCode]) -> Ballot:
    return replace(ballot, defects=tuple(d for d in _DEFECT_ORDER if d in defects))


def suggested_ballot(
    read: dict[str, Any] | None,
    found: Sequence[Doubt],
    review: Sequence[str],
    form: Form,
    ids: Sequence[str],
) -> Ballot | None:
    """The ballot as the reader suggests it; ``None`` when nothing was read."""
    if read is None:
        return None
    defects: set[InvalidCode] = {d for d in read.get("defects") or [] if d in _DEFECT_ORDER}
    if "no_stamp" in review:
        defects.add("not_issued")
    known = set(ids)
    if form == "cross_out":
        crossed = {c for c in read.get("crossed") or [] if c in known}
        for doubt in found:
            if doubt.suggestion == "struck":
                crossed.add(doubt.candidate_id)
            else:
                crossed.discard(doubt.candidate_id)
        ballot = Ballot(crossed=tuple(c for c in ids if c in crossed))
    else:
        marks: dict[str, Mark] = {c: m for c, m in (read.get("marks") or {}).items() if c in known}
        for doubt in found:
            marks[doubt.candidate_id] = doubt.suggestion  # type: ignore[assignment]
        ballot = Ballot(marks=tuple((c, marks.get(c, "none")) for c in ids))
    return _with_defects(ballot, defects)


_SET: dict[str, Mark] = {"": "disagree", "d": "disagree", "a": "agree", "c": "both", "t": "none"}


def apply_fix(
    suggested: Ballot | None, typed: str, *, form: Form, ids: Sequence[str]
) -> tuple[Ballot, list[int]]:
    """The ballot a committee member decided, and the rows they changed.

    Raises :class:`EntryError` (the clerk's entry errors) for a line that
    cannot be read, and ``empty`` when nothing was typed and there is no
    suggestion to accept.
    """
    text = typed.strip()
    if text.startswith("="):
        return parse_entry(text[1:], form=form, ids=ids), []
    if suggested is None:
        return parse_entry(text, form=form, ids=ids), []
    tokens = entry_tokens(text)
    defects = set(suggested.defects)
    changed: list[int] = []
    crossed = set(suggested.crossed or ())
    marks: dict[str, Mark] = dict(suggested.marks or ())
    for token in tokens:
        if token in DEFECT_KEYS:
            defects ^= {DEFECT_KEYS[token]}
            continue
        prefix, rows = token_rows(token, form=form, count=len(ids), seen=changed, prefixes="acdt")
        changed.extend(rows)
        for n in rows:
            cid = ids[n - 1]
            if form == "cross_out":
                crossed ^= {cid}
            else:
                marks[cid] = _SET[prefix]
    if form == "cross_out":
        ballot = Ballot(crossed=tuple(c for c in ids if c in crossed))
    else:
        ballot = Ballot(marks=tuple((c, marks.get(c, "none")) for c in ids))
    return _with_defects(ballot, defects), sorted(changed)


# --- crops ------------------------------------------------------------------------


def crop_rect(layout: BallotLayout, area: str) -> tuple[int, Rect] | None:
    """The side (from 0) and the box in millimetres of ``area``: a row number or ``stamp``."""
    for index, side in enumerate(layout.sides):
        if area == "stamp":
            if side.stamp_box is not None:
                return index, side.stamp_box.grown(2.0)
            continue
        for row in side.rows:
            if str(row.number) == area:
                mx, my = CROP_MARGIN
                r = row.rect
                return index, Rect(r.x - mx, r.y - my, r.width + 2 * mx, r.height + 2 * my)
    return None


def page_homography(
    fiducials: Sequence[Sequence[float] | None], layout: BallotLayout, side: int
) -> npt.NDArray[np.float64] | None:
    """Page millimetres → image pixels, from the fiducial centres the reader found.

    ``fiducials``: top-left, top-right, bottom-right, bottom-left of the page,
    in image pixels; one may be missing (``None``): three give an affine map.
    """
    targets = [f.rect.centre for f in layout.sides[side].fiducials]
    pairs = [
        (targets[k], (float(p[0]), float(p[1])))
        for k, p in enumerate(fiducials[:4])
        if p is not None and len(p) >= 2
    ]
    if len(pairs) < 3:
        return None
    src = np.array([a for a, _ in pairs], dtype=np.float32)
    dst = np.array([b for _, b in pairs], dtype=np.float32)
    if len(pairs) == 4:
        return np.asarray(cv2.getPerspectiveTransform(src, dst), dtype=np.float64)
    affine = cv2.getAffineTransform(src[:3], dst[:3])
    return np.vstack([affine, [0.0, 0.0, 1.0]]).astype(np.float64)


def row_crop(pixels: Image, to_image: npt.NDArray[np.float64], rect: Rect) -> Image:
    """``rect`` (page millimetres) of an image, upright, at :data:`CROP_SCALE`."""
    width = max(1, round(rect.width * CROP_SCALE))
    height = max(1, round(rect.height * CROP_SCALE))
    # Pixel i spans [i, i + 1) in the reader's coordinates; OpenCV puts its centre at i.
    half = 0.5 / CROP_SCALE
    crop_to_page = np.array(
        [[1 / CROP_SCALE, 0.0, rect.x + half], [0.0, 1 / CROP_SCALE, rect.y + half], [0, 0, 1]],
        dtype=np.float64,
    )
    centre = np.array([[1.0, 0.0, -0.5], [0.0, 1.0, -0.5], [0.0, 0.0, 1.0]])
    matrix = centre @ to_image @ crop_to_page
    border = (255, 255, 255) if pixels.ndim == 3 else 255
    out = cv2.warpPerspective(
        pixels,
        matrix,
        (width, height),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=border,
    )
    return np.asarray(out, dtype=np.uint8)
