"""The document as data: paragraphs, tables, header, signatures, the page and the look."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
#: The secrecy mark of a confidential document (độ mật).
SECRET = "MẬT"
SIGN_HINT = "(Ký, ghi rõ họ tên)"

#: The font the DOCX names; Word substitutes its own Times-like font if it lacks it.
DOCX_FONT = "Times New Roman"
#: Body text, in points.
BODY = 13.0
#: The first-line indent of a body paragraph and the indent of an item, in millimetres.
INDENT = 10.0
#: The header's left column (the issuing body), in millimetres.
HEADER_LEFT = 72.0


# --- the model ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


ParaStyle = Literal["title", "subtitle", "round", "heading", "body", "item", "subitem"]


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph: ``title`` and ``subtitle`` centred bold; ``heading`` bold;
    ``body`` justified with a first-line indent; ``item`` indented, ``subitem``
    more."""

    runs: tuple[Run, ...]
    style: ParaStyle = "body"

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @classmethod
    def body(cls, text: str) -> Para:
        """A body paragraph of plain text."""
        return cls((Run(text),), "body")

    @classmethod
    def item(cls, text: str) -> Para:
        """An item of a list, after a dash: ``"– text"``."""
        return cls((Run(f"– {text}"),), "item")

    @classmethod
    def heading(cls, text: str) -> Para:
        """A heading in bold."""
        return cls((Run(text, bold=True),), "heading")


Align = Literal["left", "centre", "right"]


@dataclass(frozen=True, slots=True)
class Table:
    """A ruled table; ``widths`` in millimetres; the head repeats on each page."""

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    align: tuple[Align, ...]


Block = Para | Table


@dataclass(frozen=True, slots=True)
class Signer:
    """One who signs: the title (``"T/M ĐOÀN CHỦ TỊCH"``, or lines joined by
    ``"\\n"``), the hint, the name."""

    title: str
    name: str = ""
    hint: str = SIGN_HINT


@dataclass(frozen=True, slots=True)
class SignatureColumns:
    """Two signers side by side; with no ``left`` signer, the recipients
    (``"Nơi nhận:"`` and the lines after it) take the left column."""

    left: Signer | None
    right: Signer
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CommitteeSignatures:
    """A committee signs: the members on the left, one name under another,
    the head on the right, each name with room to sign above it."""

    members_title: str
    head_title: str
    head: str | None
    members: tuple[str, ...]
    hint: str = SIGN_HINT


@dataclass(frozen=True, slots=True)
class Document:
    """A document in the Party's layout.

    ``upper_body`` and ``issuing_body`` as printed (in capitals; an empty
    upper body is left out); ``date_line`` from :func:`header_date`;
    ``title`` and ``subject`` for the file's properties (the printed title is
    the first of the ``blocks``); the last block is kept on the page of the
    signatures; a form to fill in (a ballot) has none (``None``).
    ``secrecy``: the secrecy mark (:data:`SECRET`), printed in bold in the
    header's left column under the star, where the guidance puts it below
    the number and symbol; empty for an ordinary document.
    """

    upper_body: str
    issuing_body: str
    date_line: str
    title: str
    blocks: tuple[Block, ...]
    signatures: SignatureColumns | CommitteeSignatures | None
    subject: str | None = None
    secrecy: str = ""


@dataclass(frozen=True, slots=True)
class Look:
    """The measures in which the documents differ; the defaults are those of
    the congress minutes, the resolution and the comment report.

    ``cell_size``: a table's font size (pt); ``sign_space``: the room to sign
    above a name (mm); ``subtitle_space_after``: below a subtitle (pt, PDF);
    ``justify_items``: items justified rather than ragged (PDF);
    ``fit_cells``: a table cell that fits its column is set as plain text,
    the others wrap (PDF; otherwise every cell may wrap);
    ``repeat_head``: the table's head marked to repeat in the DOCX too;
    ``title_space_after``: below the title, subtitle and round line (pt, DOCX);
    ``row_height``: the least height of a table's body rows (mm), the room
    to tick a box or write a name on a form; ``None``: as the text needs.
    """

    cell_size: float = 11.5
    sign_space: float = 18.0
    subtitle_space_after: float = 6.0
    justify_items: bool = True
    fit_cells: bool = False
    repeat_head: bool = False
    title_space_after: float = 3.0
    row_height: float | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """A page and its margins, in millimetres."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float
    landscape: bool = False

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right


A4 = Page(210.0, 297.0, top=20.0, bottom=20.0, left=30.0, right=15.0)


# --- formatting -------------------------------------------------------------------------


def number(n: int) -> str:
    """An integer with "." between thousands: 2.000, 12.345."""
    return f"{n:,}".replace(",", ".")


def header_date(place: str, day: date) -> str:
    """The date line under the Party title: ``"Hòa Bình, ngày 05 tháng 02 năm 2025"``.

    A day below 10 and the months 1 and 2 take a leading zero.
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"
