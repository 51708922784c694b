"""Scanned pages in, one at a time: PNG, JPEG, TIFF (multi-page) and PDF.

:func:`list_pages` names every page of a file without decoding any of them
(a PDF of 1,000 pages is opened, not rendered); :func:`load_page` decodes
one. Nothing here stops a batch: a file that cannot be read gives one
:class:`PageSource` carrying its ``problem``, and :func:`load_page` raises
:class:`PageError` with a status and a reason the command prints.

Size bound: an image is refused above :data:`MAX_PIXELS` from the size its
header states, before its raster is decoded (PNG ``IHDR``, JPEG ``SOFn``,
TIFF ``ImageWidth``/``ImageLength`` of each page). A PDF page is rendered at
:data:`PDF_DPI`, or lower if that would exceed the bound.

Colour: an image with colour channels stays colour (the stamp check looks
for red); a one-channel image is grayscale. A colour image may still carry
no colour anywhere (:attr:`PageImage.colourless`): a grayscale scan that the
scanner's software saved with three channels, or a colour scan of a
photocopy. It stays colour, and its seal is not red; the flag only lets the
committee be told why. A PDF page is grayscale when
every image on it is (``DeviceGray``/``CalGray``, or 8 bits per pixel or
fewer without a palette), colour otherwise.
"""

from __future__ import annotations

import atexit
import hashlib
import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

import cv2
import numpy as np
import numpy.typing as npt

__all__ = [
    "MAX_PIXELS",
    "PDF_DPI",
    "FileKind",
    "PageError",
    "PageImage",
    "PageSource",
    "as_page_image",
    "file_kind",
    "image_size",
    "list_pages",
    "load_page",
    "tint",
]

#: The largest image read, in pixels: A3 at 400 dpi is 31 million.
MAX_PIXELS = 40_000_000
#: The resolution a PDF page is rendered at.
PDF_DPI = 200.0
#: More pages than this in one TIFF are not listed (a malformed chain of IFDs).
_MAX_TIFF_PAGES = 100_000

#: Channels this far apart (of 255) are still no colour: a JPEG's rounding of gray.
_NO_COLOUR = 12
#: Lines looked at for colour: one in this many (a seal is hundreds of lines high).
_COLOUR_SAMPLE = 16

FileKind = Literal["png", "jpeg", "tiff", "pdf"]

Pixels = npt.NDArray[np.uint8]


class PageError(Exception):
    """A page that could not be read: ``status`` is a review code, ``reason`` says why."""

    def __init__(self, status: Literal["unreadable"], reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True, slots=True)
class PageSource:
    """One page of an input file, not yet decoded.

    ``index`` is the page's position in a multi-page file (from 0), ``None``
    for a file of one image. ``ref`` is what the output names it by:
    ``path`` or ``path#page`` (page from 1). ``sha256`` is the hash of the
    whole file's bytes. ``problem`` is set when the file itself could not be
    read; such a source is still listed so that the page gets its own line.
    """

    path: str
    index: int | None
    ref: str
    kind: FileKind | None
    sha256: str | None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class PageImage:
    """A decoded page: ``pixels`` is H×W (grayscale) or H×W×3 (BGR), 8 bits."""

    pixels: Pixels
    colour: bool

    @property
    def colourless(self) -> bool:
        """A colour image none of whose sampled pixels has channels more than
        :data:`_NO_COLOUR` apart (every :data:`_COLOUR_SAMPLE`-th line)."""
        if not self.colour:
            return False
        lines = np.ascontiguousarray(self.pixels[::_COLOUR_SAMPLE])
        return bool(int(tint(lines).max(initial=0)) <= _NO_COLOUR)

    @property
    def gray(self) -> Pixels:
        if not self.colour:
            return self.pixels
        return np.asarray(cv2.cvtColor(self.pixels, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def tint(pixels: Pixels) -> Pixels:
    """How coloured each pixel of a BGR image is: its largest channel less its smallest."""
    blue, green, red = cv2.split(pixels)
    most = cv2.max(cv2.max(blue, green), red)
    least = cv2.min(cv2.min(blue, green), red)
    return np.asarray(cv2.subtract(most, least), dtype=np.uint8)


def file_kind(head: bytes) -> FileKind | None:
    """The format by its first bytes (the file name is not trusted)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"%PDF-"):
        return "pdf"
    return None


def image_size(data: bytes, kind: FileKind) -> list[tuple[int, int]]:
    """(width, height) of each image in the file, read from its header only.

    Raises :class:`PageError` when the header is not readable.
    """
    return _sizes(_BytesReader(data), kind)


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, offset: int, count: int) -> bytes:
        return self.data[offset : offset + count]


class _FileReader:
    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def read(self, offset: int, count: int) -> bytes:
        self.stream.seek(offset)
        return self.stream.read(count)


_Reader = _BytesReader | _FileReader


def _sizes(reader: _Reader, kind: FileKind) -> list[tuple[int, int]]:
    try:
        if kind == "png":
            return [_png_size(reader)]
        if kind == "jpeg":
            return [_jpeg_size(reader)]
        if kind == "tiff":
            return _tiff_sizes(reader)
    except (struct.error, ValueError) as exc:
        raise PageError("unreadable", f"damaged {kind} header ({exc})") from None
    raise ValueError(f"no header size for {kind}")


def _unpack(fmt: str, raw: bytes) -> tuple[int, ...]:
    if len(raw) != struct.calcsize(fmt):
        raise ValueError("the file ends inside its header")
    return tuple(int(v) for v in struct.unpack(fmt, raw))


def _png_size(reader: _Reader) -> tuple[int, int]:
    if reader.read(12, 4) != b"IHDR":
        raise ValueError("no IHDR chunk")
    width, height = _unpack(">II", reader.read(16, 8))
    return width, height


def _jpeg_size(reader: _Reader) -> tuple[int, int]:
    pos = 2
    while True:
        marker_bytes = reader.read(pos, 2)
        if len(marker_bytes) < 2 or marker_bytes[0] != 0xFF:
            raise ValueError("no frame header")
        marker = marker_bytes[1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if marker in (0xD9, 0xDA):
            raise ValueError("no frame header")
        (length,) = _unpack(">H", reader.read(pos + 2, 2))
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = _unpack(">HH", reader.read(pos + 5, 4))
            return width, height
        pos += 2 + length


_TIFF_TYPES = {3: ("H", 2), 4: ("I", 4)}


def _tiff_sizes(reader: _Reader) -> list[tuple[int, int]]:
    order = "<" if reader.read(0, 2) == b"II" else ">"
    (offset,) = _unpack(order + "I", reader.read(4, 4))
    sizes: list[tuple[int, int]] = []
    seen: set[int] = set()
    while offset and offset not in seen and len(sizes) < _MAX_TIFF_PAGES:
        seen.add(offset)
        (count,) = _unpack(order + "H", reader.read(offset, 2))
        entries = reader.read(offset + 2, 12 * count + 4)
        if len(entries) != 12 * count + 4:
            raise ValueError("the file ends inside an image directory")
        width = height = 0
        for i in range(count):
            entry = entries[12 * i : 12 * i + 12]
            tag, kind = _unpack(order + "HH", entry[:4])
            if tag in (256, 257) and kind in _TIFF_TYPES:
                code, size = _TIFF_TYPES[kind]
                (value,) = _unpack(order + code, entry[8 : 8 + size])
                if tag == 256:
                    width = value
                else:
                    height = value
        if not width or not height:
            raise ValueError("a page without width or height")
        sizes.append((width, height))
        (offset,) = _unpack(order + "I", entries[12 * count :])
    if not sizes:
        raise ValueError("no image directory")
    return sizes


def _too_large(width: int, height: int) -> str | None:
    if width * height > MAX_PIXELS:
        return f"image of {width}×{height} pixels is over the bound of {MAX_PIXELS:,} pixels"
    return None


def list_pages(path: str) -> Iterator[PageSource]:
    """Every page of the file at ``path``, in order; never decodes a raster.

    A file that cannot be opened or is of no known format gives one source
    with its ``problem``; so does a damaged TIFF header (a TIFF's pages are
    counted from its directories, read by seeking, not by loading the file).
    """
    try:
        data_hash, head = _hash_file(Path(path))
        kind = file_kind(head)
        sizes: list[tuple[int, int]] = [(0, 0)]
        if kind == "tiff":
            with Path(path).open("rb") as stream:
                sizes = _sizes(_FileReader(stream), kind)
    except OSError as exc:
        yield PageSource(path, None, path, None, None, f"cannot open: {exc.strerror or exc}")
        return
    except PageError as exc:
        yield PageSource(path, None, path, "tiff", data_hash, exc.reason)
        return
    if kind is None:
        yield PageSource(path, None, path, None, data_hash, "not a PNG, JPEG, TIFF or PDF file")
        return
    if kind == "pdf":
        yield from _list_pdf(path, data_hash)
        return
    if len(sizes) == 1:
        yield PageSource(path, None, path, kind, data_hash)
        return
    for i in range(len(sizes)):
        yield PageSource(path, i, f"{path}#{i + 1}", kind, data_hash)


def _hash_file(path: Path) -> tuple[str, bytes]:
    """SHA-256 of the file's bytes, and its first bytes."""
    digest = hashlib.sha256()
    head = b""
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
            head = head or chunk[:16]
    return digest.hexdigest(), head


def _list_pdf(path: str, data_hash: str) -> Iterator[PageSource]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(path)
    except (pypdfium2.PdfiumError, OSError, ValueError) as exc:
        yield PageSource(path, None, path, "pdf", data_hash, f"damaged PDF ({exc})")
        return
    try:
        count = len(document)
    finally:
        document.close()
    if count == 0:
        yield PageSource(path, None, path, "pdf", data_hash, "PDF without pages")
    for i in range(count):
        yield PageSource(path, i, f"{path}#{i + 1}", "pdf", data_hash)


def load_page(source: PageSource) -> PageImage:
    """Decode one page; :class:`PageError` when it cannot be read."""
    if source.problem is not None:
        raise PageError("unreadable", source.problem)
    if source.kind == "pdf":
        return _load_pdf_page(source.path, source.index or 0)
    if source.index is not None:
        return _load_tiff_page(source.path, source.index)
    try:
        data = Path(source.path).read_bytes()
    except OSError as exc:
        raise PageError("unreadable", f"cannot open: {exc.strerror or exc}") from None
    kind = file_kind(data[:16])
    if kind is None or kind == "pdf":
        raise PageError("unreadable", "the file changed since it was listed")
    sizes = image_size(data, kind)
    index = source.index or 0
    if index >= len(sizes):
        raise PageError("unreadable", f"no page {index + 1} in the file")
    if (reason := _too_large(*sizes[index])) is not None:
        raise PageError("unreadable", reason)
    raw = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_UNCHANGED)
    if raw is None:
        raise PageError("unreadable", f"damaged {kind} image data")
    return as_page_image(np.asarray(raw))


def _load_tiff_page(path: str, index: int) -> PageImage:
    """One page of a multi-page TIFF, read from the file (not loaded whole)."""
    try:
        with Path(path).open("rb") as stream:
            if file_kind(stream.read(16)) != "tiff":
                raise PageError("unreadable", "the file changed since it was listed")
            sizes = _sizes(_FileReader(stream), "tiff")
    except OSError as exc:
        raise PageError("unreadable", f"cannot open: {exc.strerror or exc}") from None
    if index >= len(sizes):
        raise PageError("unreadable", f"no page {index + 1} in the file")
    if (reason := _too_large(*sizes[index])) is not None:
        raise PageError("unreadable", reason)
    ok, mats = cv2.imreadmulti(path, index, 1, flags=cv2.IMREAD_UNCHANGED)
    if not ok or not mats:
        raise PageError("unreadable", "damaged tiff image data")
    return as_page_image(np.asarray(mats[0]))


def as_page_image(raw: npt.NDArray[Any]) -> PageImage:
    """Any decoded raster as 8-bit grayscale or BGR (alpha dropped, 16 bits shifted)."""
    if raw.dtype == np.uint16:
        raw = (raw >> 8).astype(np.uint8)
    elif raw.dtype == np.bool_:
        raw = raw.astype(np.uint8) * 255
    elif raw.dtype != np.uint8:
        raw = np.clip(raw, 0, 255).astype(np.uint8)
    if raw.ndim == 3 and raw.shape[2] == 1:
        raw = raw[:, :, 0]
    if raw.ndim == 3 and raw.shape[2] == 2:
        raw = raw[:, :, 0]
    if raw.ndim == 3 and raw.shape[2] == 4:
        raw = cv2.cvtColor(raw, cv2.COLOR_BGRA2BGR)
    if raw.ndim == 2:
        return PageImage(np.ascontiguousarray(raw, dtype=np.uint8), colour=False)
    if raw.ndim == 3 and raw.shape[2] == 3:
        return PageImage(np.ascontiguousarray(raw, dtype=np.uint8), colour=True)
    raise PageError("unreadable", f"unsupported image shape {raw.shape}")


# One open PDF per process: a worker reads many pages of the same file.
_open_pdf: tuple[str, Any] | None = None


def _pdf_document(path: str) -> Any:
    global _open_pdf
    import pypdfium2

    if _open_pdf is not None and _open_pdf[0] == path:
        return _open_pdf[1]
    close_pdf()
    document = pypdfium2.PdfDocument(path)
    _open_pdf = (path, document)
    return document


@atexit.register
def close_pdf() -> None:
    """Close the PDF kept open between pages (done at exit, or when done with a file)."""
    global _open_pdf
    if _open_pdf is not None:
        _open_pdf[1].close()
        _open_pdf = None


def _load_pdf_page(path: str, index: int) -> PageImage:
    import pypdfium2

    try:
        document = _pdf_document(path)
        page = document[index]
    except (pypdfium2.PdfiumError, OSError, ValueError, IndexError) as exc:
        raise PageError("unreadable", f"damaged PDF page ({exc})") from None
    try:
        width, height = page.get_size()
        scale = PDF_DPI / 72.0
        if width * height * scale * scale > MAX_PIXELS:
            scale = math.sqrt(MAX_PIXELS / max(width * height, 1.0))
        colour = _pdf_page_is_colour(page)
        bitmap = page.render(scale=scale, grayscale=not colour)
        raw = np.array(bitmap.to_numpy(), copy=True)
    except pypdfium2.PdfiumError as exc:
        raise PageError("unreadable", f"damaged PDF page ({exc})") from None
    finally:
        page.close()
    return as_page_image(raw)


def _pdf_page_is_colour(page: Any) -> bool:
    import pypdfium2.raw as pdfium_c

    gray = (pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_CALGRAY)
    found = False
    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
        found = True
        meta = image.get_metadata()
        if meta.colorspace in gray:
            continue
        if meta.colorspace == pdfium_c.FPDF_COLORSPACE_ICCBASED and 0 < meta.bits_per_pixel <= 8:
            continue
        return True
    return not found
