"""A scanned page, then a ballot: what was read, why a human must look, and the audit.

:func:`interpret_page` reads one image: register, check the code, read the
marks. :func:`interpret_file` does it for every page of a file, one page in
memory at a time. :func:`assemble_ballots` makes ballots of pages: one page
is one ballot on a one-sided ballot; two pages (side 1 and side 2) are one
on a two-sided one. With ``duplex`` the pages come in pairs, the two faces of
each sheet as a duplex scanner gives them; a one-sided ballot's other face
must then be blank.

Review reasons (:data:`REVIEW_REASONS`) say why a ballot goes to the
counting committee; a ballot without any is counted as read. A page that
was not read (``unreadable``, ``unregistered``, ``wrong_election``) gives a
reading without a ballot: nothing is counted from it.

Provisional reading of a doubtful row, written with the ballot so that the
line is complete but never adding a vote the voter may not have given:
a doubtful cross-out row is listed as crossed; a doubtful agree/disagree
row reads ``disagree`` when only the disagree box is clearly marked, else
``none``. The committee's decision replaces it. No defect code is set by
the machine: ``no_stamp`` and ``ink_outside_rows`` are shown to the
committee, who may record ``not_issued``, ``added_name`` or
``extra_content``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from ..ballots.layout import BallotLayout
from ..elections.model import ElectionDefinition
from .audit import ballot_reading_to_json
from .ballots import assemble_ballots, ballot_of
from .code import CodeReading, check_code, read_code
from .images import (
    PageError,
    PageImage,
    PageSource,
    as_page_image,
    close_pdf,
    list_pages,
    load_page,
    tint,
)
from .marks import ColourCanvas, Thresholds, read_marks
from .pages import (
    REVIEW_REASONS,
    BallotReading,
    PageReading,
    PageStatus,
    ReviewReason,
    listed_reasons,
)
from .register import NotRegistered, Registration, register, warp
from .table_lines import register_by_lines
from .template import SCALE, BlankBallot, BlankSide, RenderBlank, blank_ballot

__all__ = [
    "REVIEW_REASONS",
    "BallotReading",
    "PageReading",
    "PageStatus",
    "ReviewReason",
    "assemble_ballots",
    "ballot_reading_to_json",
    "interpret_file",
    "interpret_page",
    "interpret_source",
    "not_read",
]

Gray = npt.NDArray[np.uint8]

#: A page with less dark area than this (mm²) is blank: a ballot prints thousands.
_BLANK_MM2 = 20.0


def interpret_page(
    image: npt.NDArray[np.uint8] | PageImage,
    definition: ElectionDefinition,
    layout: BallotLayout | None = None,
    *,
    thresholds: Thresholds | None = None,
    blank: BlankBallot | None = None,
    render: RenderBlank | None = None,
    ref: str | None = None,
    sha256: str | None = None,
    page: int | None = None,
) -> PageReading:
    """Read one page image (H×W gray or H×W×3 BGR, 8 bits) of ``definition``'s ballot."""
    th = thresholds if thresholds is not None else Thresholds()
    picture = image if isinstance(image, PageImage) else as_page_image(image)
    if sha256 is None:
        sha256 = hashlib.sha256(np.ascontiguousarray(picture.pixels).data).hexdigest()
    if blank is None:
        blank = blank_ballot(definition, layout, render=render)
    layout = blank.layout
    gray = picture.gray
    binary = _is_binary(gray)

    def failed(status: PageStatus, reason: ReviewReason, detail: str, **more: Any) -> PageReading:
        return PageReading(
            ref=ref,
            status=status,
            review=(reason,),
            thresholds=th,
            sha256=sha256,
            page=page,
            detail=detail,
            colour=picture.colour,
            binary=binary,
            **more,
        )

    if binary:  # dots of a dithered scan, or a 1-bit edge's steps, back to gray
        gray = _smooth_binary(gray, layout)
    registration = register(gray, layout)
    if isinstance(registration, NotRegistered):
        if _is_blank(gray, layout):
            return failed("blank", "unregistered", "blank page")
        # Fewer than three squares usable: the table's own rules may register it.
        registration = register_by_lines(gray, blank, registration)
    if isinstance(registration, NotRegistered):
        return failed("unregistered", "unregistered", registration.reason)
    code = read_code(gray, registration, blank)
    problem = _code_problem(code, blank)
    if problem is not None:
        status, reason, detail = problem
        return failed(
            status,
            reason,
            detail,
            registration=registration,
            code=code.text,
            code_method=code.method,
        )
    assert code.payload is not None
    side = blank.sides[code.payload.side - 1]
    canvas = warp(gray, registration, SCALE, (0.0, 0.0, layout.width, layout.height))
    stamp = None
    if side.stamp is not None:
        box = side.stamp
        if picture.colour:
            area = (
                box.x0 / SCALE,
                box.y0 / SCALE,
                (box.x1 - box.x0) / SCALE,
                (box.y1 - box.y0) / SCALE,
            )
            stamp = warp(picture.pixels, registration, SCALE, area)
        else:
            stamp = canvas[box.slice()]
    colour = _colour_canvas(picture, registration, side) if picture.colour else None
    axes = _axes(registration, gray)
    marks = read_marks(
        canvas,
        side,
        layout.form,
        th,
        stamp=stamp,
        axes=axes,
        colour=colour,
        binary=binary,
        scan_scale=registration.scale,
    )
    if marks.print_match < th.print_match:
        return failed(
            "unregistered",
            "unregistered",
            f"the printing matches this ballot's at {marks.print_match:.0%} only "
            "(printed from another list, or in another font?)",
            registration=registration,
            code=code.text,
            code_method=code.method,
            marks=marks,
        )
    review: list[ReviewReason] = []
    if any(row.state == "doubtful" for row in marks.rows):
        review.append("doubtful_row")
    colourless = False
    if marks.stamp is not None and not marks.stamp.present:
        review.append("no_stamp")
        colourless = picture.colourless  # why no red: said to the committee
    if marks.outside_largest_mm2 >= th.outside_mm2:
        review.append("ink_outside_rows")
    if marks.streak:
        review.append("streak")
    ballot = None
    if len(layout.sides) == 1:
        ballot = ballot_of(marks.rows, layout.form, ref)
    return PageReading(
        ref=ref,
        status="read",
        review=listed_reasons(review),
        thresholds=th,
        sha256=sha256,
        page=page,
        side=code.payload.side,
        ballot=ballot,
        marks=marks,
        registration=registration,
        code=code.text,
        code_method=code.method,
        colour=picture.colour,
        colourless=colourless,
        binary=binary,
    )


#: Paper more coloured than this (max − min channel) is not white: no colour evidence.
_WHITE_PAPER = 20


def _colour_canvas(picture: PageImage, registration: Registration, side: BlankSide) -> ColourCanvas:
    """Makes the scan's colour (max − min channel) over the side's rows, on the
    blank's raster; ``None`` when the paper itself is coloured (its colour
    says nothing of a pen)."""

    def make() -> Gray | None:
        tinted = tint(picture.pixels)
        if float(np.median(tinted[::7, ::7])) > _WHITE_PAPER:
            return None
        out = np.zeros((side.height, side.width), dtype=np.uint8)
        if not side.rows:
            return out
        margin = 20  # pixels: a row may be found a little off
        x0 = max(0, min(r.inner.x0 for r in side.rows) - margin)
        y0 = max(0, min(r.inner.y0 for r in side.rows) - margin)
        x1 = min(side.width, max(r.inner.x1 for r in side.rows) + margin)
        y1 = min(side.height, max(r.inner.y1 for r in side.rows) + margin)
        area = (x0 / SCALE, y0 / SCALE, (x1 - x0) / SCALE, (y1 - y0) / SCALE)
        part = warp(tinted, registration, SCALE, area, border=0)
        out[y0:y1, x0:x1] = part[: y1 - y0, : x1 - x0]
        return out

    return make


def _axes(registration: Registration, gray: npt.NDArray[np.uint8]) -> tuple[float, float]:
    """Slopes on the page of the image's axes: the one nearer the page's vertical
    (x per y), then the other (y per x). A page fed sideways swaps them."""
    height, width = gray.shape[:2]
    points = np.array(
        [[[width / 2, height / 2], [width / 2, height / 2 + 100], [width / 2 + 100, height / 2]]],
        dtype=np.float64,
    )
    centre, down, right = cv2.perspectiveTransform(points, registration.matrix())[0]
    dx, dy = down - centre
    rx, ry = right - centre
    if abs(dx) > abs(dy):
        dx, dy, rx, ry = rx, ry, dx, dy
    return float(dx / dy) if dy else 0.0, float(ry / rx) if rx else 0.0


def _code_problem(
    code: CodeReading, blank: BlankBallot
) -> tuple[PageStatus, ReviewReason, str] | None:
    if code.text is None:
        return "unreadable", "unreadable", "the ballot's code cannot be read"
    if code.payload is None:
        return "wrong_election", "wrong_election", f"not a ballot code: {code.text[:60]!r}"
    mismatch = check_code(code.payload, blank.definition, blank.layout)
    if mismatch is not None:
        return "wrong_election", "wrong_election", mismatch.describe()
    if code.method == "page_search":
        return "unregistered", "unregistered", "the code is not where the layout puts it"
    return None


def _is_binary(gray: npt.NDArray[np.uint8]) -> bool:
    """A 1-bit black-and-white scan: two levels only."""
    sample = np.ascontiguousarray(gray[::7, ::7])
    histogram = cv2.calcHist([sample], [0], None, [256], [0, 256]).ravel()
    return int(np.count_nonzero(histogram)) <= 2


#: A 1-bit scan is smoothed over this much (mm, Gaussian sigma): a dithered
#: scanner's dot pattern becomes the gray it stands for.
_BINARY_SMOOTH_MM = 0.15


def _smooth_binary(gray: Gray, layout: BallotLayout) -> Gray:
    height, width = gray.shape[:2]
    per_mm = float(np.sqrt(width * height / (layout.width * layout.height)))
    sigma = max(0.6, _BINARY_SMOOTH_MM * per_mm)
    return np.asarray(cv2.GaussianBlur(gray, (0, 0), sigma), dtype=np.uint8)


def _is_blank(gray: npt.NDArray[np.uint8], layout: BallotLayout) -> bool:
    height, width = gray.shape[:2]
    step = max(1, min(height, width) // 400)
    small = gray[::step, ::step]
    paper = float(np.median(small))
    dark = int(np.count_nonzero(small < paper - max(40.0, 0.25 * paper)))
    mm2_per_pixel = layout.width * layout.height / (small.shape[0] * small.shape[1])
    return bool(dark * mm2_per_pixel < _BLANK_MM2)


def interpret_source(
    source: PageSource,
    definition: ElectionDefinition,
    *,
    thresholds: Thresholds | None = None,
    blank: BlankBallot | None = None,
    render: RenderBlank | None = None,
) -> PageReading:
    """Decode and read one listed page; a page that cannot be read gets its status.

    Never raises for a bad page: a batch goes on. An unexpected error while
    reading (a damaged image the decoders choke on) is reported as
    ``unreadable`` with the error's name.
    """
    th = thresholds if thresholds is not None else Thresholds()
    page = None if source.index is None else source.index + 1
    try:
        picture = load_page(source)
        return interpret_page(
            picture,
            definition,
            thresholds=th,
            blank=blank,
            render=render,
            ref=source.ref,
            sha256=source.sha256,
            page=page,
        )
    except PageError as exc:
        return not_read(source, th, exc.reason)
    except MemoryError:
        return not_read(source, th, "not enough memory to decode the image")
    except Exception as exc:  # one bad page must not stop a batch
        return not_read(source, th, f"error while reading ({type(exc).__name__}: {exc})")


def not_read(source: PageSource, thresholds: Thresholds, detail: str) -> PageReading:
    """The reading of a page that could not be read at all: ``unreadable``."""
    return PageReading(
        ref=source.ref,
        status="unreadable",
        review=("unreadable",),
        thresholds=thresholds,
        sha256=source.sha256,
        page=None if source.index is None else source.index + 1,
        detail=detail,
    )


def interpret_file(
    path: str,
    definition: ElectionDefinition,
    *,
    thresholds: Thresholds | None = None,
    blank: BlankBallot | None = None,
    render: RenderBlank | None = None,
) -> Iterator[PageReading]:
    """Every page of an image or PDF file, read in order, one at a time."""
    try:
        for source in list_pages(path):
            yield interpret_source(
                source, definition, thresholds=thresholds, blank=blank, render=render
            )
    finally:
        close_pdf()
