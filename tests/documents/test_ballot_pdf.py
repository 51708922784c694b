"""The ballot PDF: the same bytes for every copy, and drawn where the layout says.

The pixel tests render the PDF with ``pdftoppm`` (Debian ``poppler-utils``)
and look at the points a scanner relies on; without it they are skipped.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from reportlab.graphics.barcode.qr import QrCodeWidget

from daihoi.core.ballots.code import code_payload, encode_code_payload
from daihoi.core.ballots.layout import BallotLayout, ballot_layout
from daihoi.documents.ballot_pdf import BallotHeader, render_ballot_pdf
from daihoi.documents.fonts import register_fonts

from .builders import definition

HEADER = BallotHeader(committee="Đảng ủy xã Hòa Bình", upper="Đảng bộ tỉnh Phú Thọ")
DPI = 150

needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None,
    reason="pdftoppm not installed (Debian package poppler-utils)",
)


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def rasterize(pdf: bytes, folder: Path, dpi: int = DPI) -> list[Image.Image]:
    source = folder / "ballot.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(folder / "side")],
        check=True,
    )
    return [Image.open(p).convert("L") for p in sorted(folder.glob("side-*.png"))]


class Sheet:
    """One rendered side, read in the layout's millimetres."""

    def __init__(self, image: Image.Image, dpi: int = DPI) -> None:
        self.image, self.scale = image, dpi / 25.4

    def grey(self, x: float, y: float) -> int:
        value = self.image.getpixel((int(x * self.scale), int(y * self.scale)))
        assert isinstance(value, int)
        return value

    def dark(self, x: float, y: float) -> bool:
        return self.grey(x, y) < 96

    def white(self, x: float, y: float) -> bool:
        return self.grey(x, y) > 224


def test_every_print_of_a_ballot_is_the_same_bytes() -> None:
    d = definition(17)
    first = render_ballot_pdf(d, header=HEADER)
    assert first.startswith(b"%PDF-")
    assert render_ballot_pdf(d, header=HEADER) == first
    assert render_ballot_pdf(definition(17), header=HEADER) == first


def test_the_pdf_carries_no_print_date_and_no_serial() -> None:
    pdf = render_ballot_pdf(definition(17), header=HEADER)
    dates = set(re.findall(rb"/(?:CreationDate|ModDate) \(D:(\d{14})", pdf))
    assert dates == {b"20000101000000"}


def test_the_pdf_embeds_the_serif_font_and_no_other() -> None:
    family = register_fonts()
    pdf = render_ballot_pdf(definition(17), header=HEADER)
    fonts = set(re.findall(rb"/BaseFont /(?:[A-Z]{6}\+)?([A-Za-z-]+)", pdf))
    stem = family.regular.stem.split("-")[0].encode()
    assert fonts and all(f.startswith(stem) for f in fonts)
    assert b"/FontFile2" in pdf


@pytest.mark.parametrize(("n", "count"), [(17, 1), (90, 1), (300, 2)])
def test_one_page_per_side(n: int, count: int) -> None:
    assert pages(render_ballot_pdf(definition(n), header=HEADER)) == count


def test_a_ballot_of_another_election_differs() -> None:
    a = render_ballot_pdf(definition(17), header=HEADER)
    b = render_ballot_pdf(definition(17, round=2), header=HEADER)
    assert a != b


def check_fiducials(sheet: Sheet, layout: BallotLayout, side: int) -> None:
    for fiducial in layout.sides[side].fiducials:
        r = fiducial.rect
        x, y = r.centre
        if fiducial.hole is None:
            assert sheet.dark(x, y)
        else:
            assert sheet.white(x, y)
        assert sheet.dark(r.x + r.width / 8, r.y + r.height / 8)
        assert sheet.dark(r.right - r.width / 8, r.bottom - r.height / 8)
        # and paper all round it
        for dx, dy in ((-2, 0), (0, -2)):
            assert sheet.white(r.x + dx if dx else x, r.y + dy if dy else y)
        assert sheet.white(r.right + 2, y) and sheet.white(x, r.bottom + 2)


@needs_pdftoppm
@pytest.mark.parametrize("n", [17, 300])
def test_the_fiducials_are_dark_where_the_layout_puts_them(n: int, tmp_path: Path) -> None:
    d = definition(n)
    layout = ballot_layout(d)
    images = rasterize(render_ballot_pdf(d, header=HEADER), tmp_path)
    assert len(images) == len(layout.sides)
    for side, image in enumerate(images):
        check_fiducials(Sheet(image), layout, side)


@needs_pdftoppm
@pytest.mark.parametrize("n", [17, 50, 300])
def test_rows_are_ruled_where_the_layout_says(n: int, tmp_path: Path) -> None:
    d = definition(n)
    layout = ballot_layout(d)
    images = rasterize(render_ballot_pdf(d, header=HEADER), tmp_path)
    for side, image in zip(layout.sides, images, strict=True):
        sheet = Sheet(image)
        for row in side.rows:
            r, name = row.rect, row.name_box
            middle = r.y + r.height / 2
            # the rules on the row's edges, the cell line between number and name
            assert sheet.dark(name.right - 2, r.y) and sheet.dark(name.right - 2, r.bottom)
            assert sheet.dark(r.x, middle) and sheet.dark(name.x, middle)
            assert sheet.dark(r.right, middle)
            # the cell's padding is blank paper, where a stroke would show
            assert sheet.white(name.right - 1.5, middle) and sheet.white(name.x + 1.5, middle)
            # and the name is printed across the middle of its cell
            assert any(sheet.dark(name.x + 2.5 + i / 10, middle) for i in range(200))


@needs_pdftoppm
def test_the_agree_and_disagree_boxes_are_empty_cells(tmp_path: Path) -> None:
    d = definition(5, 5)
    layout = ballot_layout(d)
    (image,) = rasterize(render_ballot_pdf(d, header=HEADER), tmp_path)
    sheet = Sheet(image)
    for row in layout.rows:
        for box in (row.agree_box, row.disagree_box):
            assert box is not None
            x, y = box.centre
            assert sheet.white(x, y)
            assert sheet.dark(box.x, y) and sheet.dark(box.right, y)
            assert sheet.dark(x, box.y) and sheet.dark(x, box.bottom)


@needs_pdftoppm
def test_the_stamp_box_is_left_empty(tmp_path: Path) -> None:
    d = definition(17)
    stamp = ballot_layout(d).sides[0].stamp_box
    assert stamp is not None
    (image,) = rasterize(render_ballot_pdf(d, header=HEADER), tmp_path)
    sheet = Sheet(image)
    for fx in (0.25, 0.5, 0.75):
        for fy in (0.25, 0.5):
            assert sheet.white(stamp.x + fx * stamp.width, stamp.y + fy * stamp.height)


@needs_pdftoppm
@pytest.mark.parametrize("n", [17, 300])
def test_the_code_printed_is_the_payload_of_its_side(n: int, tmp_path: Path) -> None:
    """Every module of the QR code is where encoding the side's payload puts it."""
    d = definition(n)
    layout = ballot_layout(d)
    images = rasterize(render_ballot_pdf(d, header=HEADER), tmp_path, dpi=300)
    for side, image in zip(layout.sides, images, strict=True):
        payload = code_payload(d, side.number, len(layout.sides))
        widget = QrCodeWidget(encode_code_payload(payload), barLevel="M")
        widget.qr.make()
        modules = widget.qr.modules
        count = len(modules)
        box = side.code_box
        module = box.width / (count + 8)
        sheet = Sheet(image, dpi=300)
        for r, line in enumerate(modules):
            for c, is_dark in enumerate(line):
                x = box.x + (c + 4.5) * module
                y = box.y + (r + 4.5) * module
                assert sheet.dark(x, y) == bool(is_dark), (side.number, r, c)
        # the quiet zone is white
        assert sheet.white(box.x + module, box.y + module)
        assert sheet.white(box.right - module, box.bottom - module)
