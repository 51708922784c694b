"""Input: formats, pages, and bad input that gets its own status while the batch goes on."""

from __future__ import annotations

import itertools
import struct
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest
from reportlab.pdfgen.canvas import Canvas

from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import MAX_PIXELS, PageError, list_pages, load_page

from .deck import Scan, interpret_file
from .helpers import image, states


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def _jpeg_header(width: int, height: int) -> bytes:
    sof = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + b"\xff\xc0" + struct.pack(">H", len(sof) + 2) + sof + b"\xff\xd9"


def _tiff_header(width: int, height: int) -> bytes:
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8)]
    ifd = struct.pack("<H", len(entries))
    ifd += b"".join(struct.pack("<HHII", *e) for e in entries) + struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + ifd


def _pdf(path: Path, pages: list[Path | None]) -> None:
    """A PDF with one scanned image a page (``None``: an empty page), A4."""
    canvas = Canvas(str(path), pagesize=(595.28, 841.89))
    for page in pages:
        if page is not None:
            canvas.drawImage(str(page), 0, 0, width=595.28, height=841.89)
        canvas.showPage()
    canvas.save()


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".tif"])
def test_it_reads_png_jpeg_and_tiff_keeping_colour(
    cross_out: ElectionDefinition, tmp_path: Path, suffix: str
) -> None:
    picture = image(cross_out, rows={2: "line"})
    path = tmp_path / f"ballot{suffix}"
    cv2.imwrite(str(path), picture)
    (source,) = list_pages(str(path))
    page = load_page(source)
    assert page.colour and page.pixels.shape == picture.shape
    (reading,) = interpret_file(str(path), cross_out)
    assert reading.status == "read" and reading.review == ()
    assert reading.ref == str(path) and reading.page is None
    assert reading.sha256 == source.sha256 and reading.sha256 is not None


def test_a_grayscale_image_stays_grayscale(cross_out: ElectionDefinition, tmp_path: Path) -> None:
    path = tmp_path / "gray.png"
    cv2.imwrite(str(path), image(cross_out, scan=Scan(dpi=150, colour=False)))
    page = load_page(next(list_pages(str(path))))
    assert not page.colour and page.pixels.ndim == 2


@pytest.mark.parametrize("header", [_png_header, _jpeg_header, _tiff_header])
def test_a_huge_image_is_refused_from_its_header(
    tmp_path: Path, header: Callable[[int, int], bytes]
) -> None:
    path = tmp_path / "huge.img"
    path.write_bytes(header(20_000, 20_000))
    sources = list(list_pages(str(path)))
    assert len(sources) == 1
    with pytest.raises(PageError, match="over the bound") as raised:
        load_page(sources[0])
    assert raised.value.status == "unreadable"
    assert MAX_PIXELS < 20_000 * 20_000


def test_bad_files_get_their_status_and_the_batch_goes_on(
    cross_out: ElectionDefinition, tmp_path: Path
) -> None:
    good = tmp_path / "good.png"
    cv2.imwrite(str(good), image(cross_out, rows={1: "line"}))
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(good.read_bytes()[:5000])
    garbage = tmp_path / "notes.png"
    garbage.write_bytes(b"not an image at all")
    huge = tmp_path / "huge.png"
    huge.write_bytes(_png_header(20_000, 20_000))
    empty = tmp_path / "empty.png"
    cv2.imwrite(str(empty), np.full((1754, 1240), 250, dtype=np.uint8))
    paths = [truncated, garbage, tmp_path / "missing.png", huge, empty, good]
    readings = [r for p in paths for r in interpret_file(str(p), cross_out)]
    assert [r.status for r in readings] == [
        "unreadable",
        "unreadable",
        "unreadable",
        "unreadable",
        "blank",
        "read",
    ]
    assert [r.review for r in readings[:5]] == [("unreadable",)] * 4 + [("unregistered",)]
    assert all(r.ballot is None for r in readings[:5])
    assert readings[5].ballot is not None
    assert "over the bound" in (readings[3].detail or "")


def test_every_page_of_a_multi_page_pdf_is_read(
    cross_out: ElectionDefinition, tmp_path: Path
) -> None:
    scans = []
    for i, rows in enumerate(({1: "line"}, {2: "wavy", 3: "line"})):
        path = tmp_path / f"scan{i}.jpg"
        cv2.imwrite(str(path), image(cross_out, rows=rows, scan=Scan(dpi=200)))
        scans.append(path)
    pdf = tmp_path / "batch.pdf"
    _pdf(pdf, [scans[0], None, scans[1]])
    readings = list(interpret_file(str(pdf), cross_out))
    assert [r.ref for r in readings] == [f"{pdf}#1", f"{pdf}#2", f"{pdf}#3"]
    assert [r.status for r in readings] == ["read", "blank", "read"]
    assert [r.page for r in readings] == [1, 2, 3]
    assert readings[0].colour is True
    struck = [{n for n, state in states(r).items() if state == "struck"} for r in readings[::2]]
    assert struck == [{1}, {2, 3}]


def test_every_page_of_a_multi_page_tiff_is_read(
    cross_out: ElectionDefinition, tmp_path: Path
) -> None:
    pages = [image(cross_out, rows={n: "line"}, scan=Scan(dpi=150, colour=False)) for n in (4, 6)]
    path = tmp_path / "batch.tif"
    assert cv2.imwritemulti(str(path), pages)
    readings = list(interpret_file(str(path), cross_out))
    assert [r.ref for r in readings] == [f"{path}#1", f"{path}#2"]
    struck = [[n for n, state in states(r).items() if state == "struck"] for r in readings]
    assert struck == [[4], [6]]


def test_a_pdf_of_1000_pages_is_read_one_page_at_a_time(
    cross_out: ElectionDefinition, tmp_path: Path
) -> None:
    pdf = tmp_path / "long.pdf"
    _pdf(pdf, [None] * 1000)
    start = time.perf_counter()
    first = list(itertools.islice(interpret_file(str(pdf), cross_out), 2))
    assert time.perf_counter() - start < 10  # nothing read beyond the pages asked for
    assert [r.ref for r in first] == [f"{pdf}#1", f"{pdf}#2"]
    assert [r.status for r in first] == ["blank", "blank"]
    assert sum(1 for _ in list_pages(str(pdf))) == 1000


def test_a_damaged_pdf_gets_its_status(cross_out: ElectionDefinition, tmp_path: Path) -> None:
    pdf = tmp_path / "damaged.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"\x00" * 200)
    (reading,) = interpret_file(str(pdf), cross_out)
    assert reading.status == "unreadable" and reading.ref == str(pdf)
