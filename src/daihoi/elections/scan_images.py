"""Images of a scanned ballot for the person deciding it: the page, a row's crop on the scan
and the same row on the blank ballot."""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import cv2
from django.conf import settings

from daihoi.core.adjudication import CROP_SCALE, crop_rect, page_homography, row_crop
from daihoi.core.ballots.layout import BallotLayout, ballot_layout
from daihoi.core.elections import ElectionDefinition
from daihoi.core.scanning import PageError, list_pages, load_page
from daihoi.elections.documents import ballot_pdf
from daihoi.elections.models import Election, ScannedBallot


def scan_image_png(scanned: ScannedBallot, *, width: int = 1100) -> bytes | None:
    """The stored page as a PNG for the browser (TIFF and PDF pages shown too)."""
    if not scanned.image:
        return None
    path = Path(settings.MEDIA_ROOT) / scanned.image
    if not path.is_file():
        return None
    sources = list(list_pages(str(path)))
    index = (scanned.page or 1) - 1
    if not 0 <= index < len(sources):
        return None
    try:
        page = load_page(sources[index])
    except PageError:
        return None
    pixels: Any = page.pixels
    if pixels.shape[1] > width:
        height = int(pixels.shape[0] * width / pixels.shape[1])
        pixels = cv2.resize(pixels, (width, height), interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".png", pixels)
    return bytes(encoded) if ok else None


_PAGES: OrderedDict[tuple[str, int], Any] = OrderedDict()


_PAGES_LOCK = threading.Lock()


_PAGES_KEPT = 4


def _page_pixels(path: Path, page: int | None) -> Any:
    """The decoded page (kept for the few pages last asked: one ballot's crops are
    asked for together). ``None`` when the file cannot be read any more."""
    key = (str(path), page or 1)
    with _PAGES_LOCK:
        if key in _PAGES:
            _PAGES.move_to_end(key)
            return _PAGES[key]
    sources = list(list_pages(str(path)))
    index = (page or 1) - 1
    if not 0 <= index < len(sources):
        return None
    try:
        pixels = load_page(sources[index]).pixels
    except PageError:
        return None
    with _PAGES_LOCK:
        _PAGES[key] = pixels
        while len(_PAGES) > _PAGES_KEPT:
            _PAGES.popitem(last=False)
    return pixels


def _page_file(scanned: ScannedBallot, page: dict[str, Any], index: int) -> Path | None:
    """The stored copy of a ballot's page (named by its file's hash on import)."""
    if index == 0 and scanned.image:
        return Path(settings.MEDIA_ROOT) / scanned.image
    digest, ref = page.get("sha256"), page.get("ref") or ""
    if not digest:
        return None
    suffix = Path(ref.split("#")[0]).suffix.lower()
    return Path(settings.MEDIA_ROOT) / "scans" / f"e{scanned.election_id}" / f"{digest}{suffix}"


def _png(pixels: Any) -> bytes | None:
    ok, encoded = cv2.imencode(".png", pixels, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    return bytes(encoded) if ok else None


def scan_crop_png(
    scanned: ScannedBallot, area: str, definition: ElectionDefinition
) -> bytes | None:
    """A row (its number) or the stamp box (``stamp``) of the scanned ballot, upright,
    as the blank crop shows it; ``None`` when the page was not registered or is gone."""
    layout = ballot_layout(definition)
    where = crop_rect(layout, area)
    if where is None:
        return None
    side, rect = where
    pages = (scanned.reading or {}).get("pages") or []
    for index, page in enumerate(pages):
        registration = page.get("registration") or {}
        fiducials = registration.get("fiducials")
        if page.get("side", 1) != side + 1 or not fiducials:
            continue
        path = _page_file(scanned, page, index)
        if path is None or not path.is_file():
            return None
        to_image = page_homography(fiducials, layout, side)
        pixels = _page_pixels(path, page.get("page"))
        if to_image is None or pixels is None:
            return None
        return _png(row_crop(pixels, to_image, rect))
    return None


_BLANKS: OrderedDict[tuple[int, ElectionDefinition], list[Any]] = OrderedDict()


def _blank_sides(election: Election, definition: ElectionDefinition) -> list[Any]:
    """Each side of the election's ballot as printed, rendered at the crops' scale
    (once per election and definition: the blank is the same for every ballot)."""
    import numpy as np
    import pypdfium2

    key = (election.pk, definition)
    with _PAGES_LOCK:
        if key in _BLANKS:
            return _BLANKS[key]
    document = pypdfium2.PdfDocument(ballot_pdf(election, definition))
    try:
        sides = []
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=CROP_SCALE * 25.4 / 72)
            sides.append(np.array(bitmap.to_numpy()[:, :, :3], copy=True))
            page.close()
    finally:
        document.close()
    with _PAGES_LOCK:
        _BLANKS[key] = sides
        while len(_BLANKS) > 2:
            _BLANKS.popitem(last=False)
    return sides


def blank_crop_png(election: Election, area: str, definition: ElectionDefinition) -> bytes | None:
    """The same crop on the blank ballot as printed for this election."""
    import numpy as np

    layout: BallotLayout = ballot_layout(definition)
    where = crop_rect(layout, area)
    if where is None:
        return None
    side, rect = where
    sides = _blank_sides(election, definition)
    if side >= len(sides):
        return None
    to_image = np.diag([CROP_SCALE, CROP_SCALE, 1.0])
    return _png(row_crop(sides[side], to_image, rect))
