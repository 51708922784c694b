"""The ballot paper as a print-ready PDF, drawn exactly on :mod:`daihoi.core.ballots.layout`.

Party layout conventions: top left the upper body and the convening
committee in capitals over a star, with the empty stamp box below; top
right "ĐẢNG CỘNG SẢN VIỆT NAM", underlined; the title "PHIẾU BẦU CỬ", the
election's title, the instruction for the form, then the numbered names in
ballot order (``core.elections.ballot_order``), with the distinguishing
line of candidates who share a full name. A test ballot (the ballot of a
test definition, ``core.ballots.testing``) prints "MẪU THỬ" in its title and
"Phiếu thử — không có giá trị bầu cử" under the election's title.

Secrecy (docs/rules.md §1): every copy of a side is the same drawing, byte for
byte. The PDF has no serial number, its metadata no print date (ReportLab's
invariant mode, fixed title and producer), and its code names only the
election, round and side (:mod:`daihoi.core.ballots.code`). The bytes depend on the
definition, the header and the font family found (:mod:`.fonts`).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Rect as ShapeRect
from reportlab.lib import colors
from reportlab.lib.units import mm as _mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..core.ballots.code import (
    CodePayload,
    code_payload,
    decode_code_payload,
    definition_hash,
    encode_code_payload,
)
from ..core.ballots.layout import BallotLayout, Rect, Row, Side, ballot_layout
from ..core.ballots.testing import is_test
from ..core.elections.ballot_order import BallotLine, ballot_lines
from ..core.elections.model import ElectionDefinition
from . import fonts

__all__ = [
    "INSTRUCTIONS",
    "BallotHeader",
    "CodePayload",
    "blank_ballot_pdf",
    "decode_code_payload",
    "definition_hash",
    "render_ballot_pdf",
    "render_deck_pdf",
]

#: Points per millimetre.
mm: float = _mm

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
TITLE = "PHIẾU BẦU CỬ"
INSTRUCTIONS = {
    "cross_out": (
        "Đồng ý người nào thì để nguyên họ tên; không đồng ý người nào "
        "thì gạch ngang cả họ và tên người đó."
    ),
    "agree_disagree": (
        "Đồng ý người nào thì đánh dấu X vào cột “Đồng ý”; không đồng ý người nào "
        "thì đánh dấu X vào cột “Không đồng ý” của người đó."
    ),
    "single": (
        "Đồng ý thì đánh dấu X vào ô “Đồng ý”; không đồng ý thì đánh dấu X "
        "vào ô “Không đồng ý”. Chỉ đánh dấu vào một ô."
    ),
}
_BACK_NOTE = "Danh sách còn tiếp ở mặt sau."
_BACK_TITLE = "PHIẾU BẦU CỬ (tiếp theo, mặt sau)"
#: A test ballot (``core.ballots.testing``) says so in its title box and its
#: subject box, never over the rows: the scanner's blank is drawn the same way.
TEST_MARK = "MẪU THỬ"
TEST_TITLE = f"{TITLE} — {TEST_MARK}"
TEST_NOTE = "Phiếu thử — không có giá trị bầu cử"
_BACK_TEST_TITLE = f"{TEST_TITLE} (tiếp theo, mặt sau)"
_STAMP_CAPTION = "Dấu của cấp ủy triệu tập đại hội"
_HEAD_NUMBER = "STT"
_HEAD_NAME = "Họ và tên"
_HEAD_AGREE = "Đồng ý"
_HEAD_DISAGREE = "Không đồng ý"

_RULE = 0.5  # points
#: A test deck's ballpoint (blue, 0.5 mm) and seal ink (red).
_PEN = colors.Color(0.10, 0.20, 0.70)
_PEN_WIDTH = 0.5 * _mm
_SEAL = colors.Color(0.85, 0.10, 0.12)
_GREY = colors.Color(0.55, 0.55, 0.55)
_PAD = 2.5 * mm


@dataclass(frozen=True, slots=True)
class BallotHeader:
    """The convening committee's names, as the top left of the ballot shows them.

    ``committee``: the convening committee (``"ĐẢNG ỦY XÃ HÒA BÌNH"``);
    ``upper``: the body above it (``"ĐẢNG BỘ TỈNH PHÚ THỌ"``). Printed in
    capitals whatever their case; either may be empty.
    """

    committee: str = ""
    upper: str = ""


def render_ballot_pdf(definition: ElectionDefinition, *, header: BallotHeader) -> bytes:
    """The ballot: one page per side of the sheet, the same bytes every time."""
    return _render(definition, header, None)


def render_deck_pdf(
    definition: ElectionDefinition, *, header: BallotHeader, struck: Sequence[Collection[str]]
) -> bytes:
    """A marked test deck (``core.ballots.deck``): one ballot per entry of ``struck``,
    each the printed ballot with a pen line across the names struck and a red stamp
    in the stamp box, as a voter and the committee would leave it."""
    return _render(definition, header, struck)


def _render(
    definition: ElectionDefinition,
    header: BallotHeader,
    deck: Sequence[Collection[str]] | None,
) -> bytes:
    fonts.register_fonts()
    layout = ballot_layout(definition)
    found = ballot_lines(definition.candidates, definition.rules.order)
    lines = {line.candidate.id: line for line in found}
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(layout.width * mm, layout.height * mm),
        invariant=True,
        pageCompression=1,
        initialFontName=fonts.REGULAR,
    )
    title = TEST_TITLE if is_test(definition) else TITLE
    canvas.setTitle(f"{title} – {definition.title}")
    canvas.setSubject(f"{definition.id}, vòng {definition.round}")
    canvas.setAuthor(_caps(header.committee) or "daihoi")
    canvas.setCreator("daihoi")
    canvas.setProducer("daihoi")
    canvas.setKeywords("")
    for struck in deck if deck is not None else [None]:
        for side in layout.sides:
            page = _Page(canvas, layout)
            payload = code_payload(definition, side.number, len(layout.sides))
            page.draw_side(side, definition, header, lines, payload)
            if struck is not None:
                page.marks(side, struck)
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def blank_ballot_pdf(definition: ElectionDefinition) -> bytes:
    """The ballot with an empty header: what the scanner compares with when
    the PDF that was printed is not at hand (``core.scanning.blank_ballot``'s
    ``render``)."""
    return render_ballot_pdf(definition, header=BallotHeader())


def _caps(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip().upper())


class _Page:
    """Draws in the layout's coordinates: millimetres from the top left."""

    def __init__(self, canvas: Canvas, layout: BallotLayout) -> None:
        self.c = canvas
        self.layout = layout

    # --- coordinates ------------------------------------------------------------

    def x(self, x_mm: float) -> float:
        return x_mm * mm

    def y(self, y_mm: float) -> float:
        return (self.layout.height - y_mm) * mm

    def box(self, r: Rect, *, fill: bool = False, stroke: bool = True) -> None:
        self.c.rect(
            self.x(r.x), self.y(r.bottom), r.width * mm, r.height * mm, stroke=stroke, fill=fill
        )

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.c.line(self.x(x0), self.y(y0), self.x(x1), self.y(y1))

    def text(
        self,
        text: str,
        r: Rect,
        *,
        font: str,
        size: float,
        align: str = "centre",
        baseline: float | None = None,
        least: float = 7.0,
    ) -> float:
        """One line in ``r``, shrunk to fit its width; returns the size used."""
        width = r.width * mm - 2 * _PAD if align == "left" else r.width * mm
        size = _fit(text, font, size, width, least)
        self.c.setFont(font, size)
        y = self.y(baseline) if baseline is not None else self._middle(r, size)
        if align == "left":
            self.c.drawString(self.x(r.x) + _PAD, y, text)
        else:
            self.c.drawCentredString(self.x(r.x + r.width / 2), y, text)
        return size

    def _middle(self, r: Rect, size: float) -> float:
        """The baseline that centres capitals and lower case in ``r``."""
        return self.y(r.y + r.height / 2) - 0.33 * size

    def paragraph(
        self, text: str, r: Rect, *, font: str, size: float, max_lines: int, leading: float = 1.2
    ) -> None:
        """Centred lines in ``r``, shrunk until they are at most ``max_lines``."""
        width = r.width * mm
        while True:
            lines = simpleSplit(text, font, size, width)
            if len(lines) <= max_lines or size <= 7.0:
                break
            size -= 0.5
        height = len(lines) * size * leading
        top = self.y(r.y) - (r.height * mm - height) / 2
        self.c.setFont(font, size)
        for i, line in enumerate(lines):
            baseline = top - (i + 0.8) * size * leading
            self.c.drawCentredString(self.x(r.x + r.width / 2), baseline, line)

    # --- the side ---------------------------------------------------------------

    def draw_side(
        self,
        side: Side,
        definition: ElectionDefinition,
        header: BallotHeader,
        lines: dict[str, BallotLine],
        payload: CodePayload,
    ) -> None:
        self.c.setStrokeColor(colors.black)
        self.c.setFillColor(colors.black)
        self.fiducials(side)
        self.code(side.code_box, payload)
        if side.number == 1:
            self.front_header(side, definition, header)
        else:
            self.back_header(side, definition)
        self.table(side, lines)

    def marks(self, side: Side, struck: Collection[str]) -> None:
        """A deck's pen: a line across each name struck; the red stamp on the front."""
        self.c.saveState()
        self.c.setStrokeColor(_PEN)
        self.c.setLineWidth(_PEN_WIDTH)
        for row in side.rows:
            if row.candidate_id in struck:
                r = row.name_box
                middle = r.y + r.height / 2
                self.line(r.x + 1.5, middle + 0.4, r.x + r.width - 1.5, middle - 0.4)
        if side.stamp_box is not None:
            r = side.stamp_box
            cx, cy = r.x + r.width / 2, r.y + r.height / 2
            radius = min(r.width, r.height) / 2 - 1.5
            self.c.setStrokeColor(_SEAL)
            self.c.setLineWidth(0.7 * mm)
            self.c.circle(self.x(cx), self.y(cy), radius * mm, stroke=1, fill=0)
            self.c.setLineWidth(0.35 * mm)
            self.c.circle(self.x(cx), self.y(cy), (radius - 2.2) * mm, stroke=1, fill=0)
            self.c.setFillColor(_SEAL)
            self.text(TEST_MARK, Rect(r.x, cy - 2.0, r.width, 4.0), font=fonts.BOLD, size=8)
        self.c.restoreState()

    def fiducials(self, side: Side) -> None:
        for fiducial in side.fiducials:
            self.c.setFillColor(colors.black)
            self.box(fiducial.rect, fill=True, stroke=False)
            if fiducial.hole is not None:
                self.c.setFillColor(colors.white)
                self.box(fiducial.hole, fill=True, stroke=False)
        self.c.setFillColor(colors.black)

    def code(self, r: Rect, payload: CodePayload) -> None:
        """The QR code filling ``r``, its 4-module quiet zone included.

        The widget's modules are drawn as plain filled rectangles (going
        through ``renderPDF`` would pull an unused Helvetica into the PDF).
        """
        widget = QrCodeWidget(
            encode_code_payload(payload),
            barLevel="M",
            barBorder=4,
            barWidth=r.width * mm,
            barHeight=r.height * mm,
        )
        left, bottom = self.x(r.x), self.y(r.bottom)
        self.c.setFillColor(colors.black)
        for shape in widget.draw().contents:
            if isinstance(shape, ShapeRect) and shape.fillColor is not None:
                self.c.rect(
                    left + shape.x, bottom + shape.y, shape.width, shape.height, stroke=0, fill=1
                )

    def front_header(
        self, side: Side, definition: ElectionDefinition, header: BallotHeader
    ) -> None:
        assert side.committee_box is not None and side.stamp_box is not None
        assert side.party_box is not None and side.subject_box is not None
        assert side.instruction_box is not None
        self.committee(side.committee_box, header)
        self.stamp(side.stamp_box)
        party = side.party_box
        size = self.text(PARTY, party, font=fonts.BOLD, size=13)
        width = stringWidth(PARTY, fonts.BOLD, size)
        middle = self.x(party.x + party.width / 2)
        underline = self._middle(party, size) - 0.3 * size
        self.c.setLineWidth(_RULE)
        self.c.line(middle - width / 2, underline, middle + width / 2, underline)
        if is_test(definition):
            self.text(TEST_TITLE, side.title_box, font=fonts.BOLD, size=16)
            self.trial_subject(definition.title, side.subject_box)
        else:
            self.text(TITLE, side.title_box, font=fonts.BOLD, size=16)
            self.paragraph(
                definition.title, side.subject_box, font=fonts.BOLD, size=13, max_lines=2
            )
        instruction = INSTRUCTIONS[definition.form]
        if len(self.layout.sides) > 1:
            instruction = f"{instruction} {_BACK_NOTE}"
        self.paragraph(instruction, side.instruction_box, font=fonts.ITALIC, size=12, max_lines=2)

    def trial_subject(self, title: str, r: Rect) -> None:
        """A test ballot's subject box: the title on one line, the test note under it."""
        upper = Rect(r.x, r.y, r.width, r.height * 0.62)
        lower = Rect(r.x, upper.bottom, r.width, r.height - upper.height)
        self.paragraph(title, upper, font=fonts.BOLD, size=12, max_lines=1)
        self.text(TEST_NOTE, lower, font=fonts.ITALIC, size=10)

    def committee(self, r: Rect, header: BallotHeader) -> None:
        """Upper body, committee (bold, on two lines if it is long), star."""
        upper, committee = _caps(header.upper), _caps(header.committee)
        size = 12.0
        names = simpleSplit(committee, fonts.BOLD, size, r.width * mm) if committee else []
        if len(names) > 1:
            size = 11.0
            names = simpleSplit(committee, fonts.BOLD, size, r.width * mm)
            if len(names) > 2:
                names = [committee]  # one line, shrunk to fit
        lines = [(upper, fonts.REGULAR)] if upper else []
        lines += [(name, fonts.BOLD) for name in names]
        lines.append(("*", fonts.REGULAR))
        step = r.height / max(len(lines), 3)
        for i, (text, font) in enumerate(lines):
            self.text(text, Rect(r.x, r.y + i * step, r.width, step), font=font, size=size)

    def stamp(self, r: Rect) -> None:
        self.c.saveState()
        self.c.setStrokeColor(_GREY)
        self.c.setLineWidth(_RULE)
        self.c.setDash(2, 2)
        self.box(r)
        self.c.restoreState()
        self.c.saveState()
        self.c.setFillColor(_GREY)
        caption = Rect(r.x, r.bottom - 6.0, r.width, 5.0)
        self.text(_STAMP_CAPTION, caption, font=fonts.ITALIC, size=7, least=5)
        self.c.restoreState()

    def back_header(self, side: Side, definition: ElectionDefinition) -> None:
        r = side.title_box
        top = Rect(r.x, r.y, r.width, r.height * 0.55)
        bottom = Rect(r.x, top.bottom, r.width, r.height - top.height)
        back_title = _BACK_TEST_TITLE if is_test(definition) else _BACK_TITLE
        self.text(back_title, top, font=fonts.BOLD, size=13)
        self.text(definition.title, bottom, font=fonts.ITALIC, size=10)

    # --- the table --------------------------------------------------------------

    def table(self, side: Side, lines: dict[str, BallotLine]) -> None:
        form = self.layout.form
        size = _name_size(self.layout.row_height, form)
        self.c.setLineWidth(_RULE)
        self.c.setStrokeColor(colors.black)
        for column, head in enumerate(side.table_headers):
            rows = [row for row in side.rows if row.column == column]
            self.table_head(head, rows[0] if rows else None)
            for row in rows:
                self.row(row, lines[row.candidate_id], size)
            bottom = rows[-1].rect.bottom if rows else head.bottom
            self.box(Rect(head.x, head.y, head.width, bottom - head.y))

    def table_head(self, head: Rect, first: Row | None) -> None:
        self.box(head)
        if first is None:
            return
        cells = [(first.number_box, _HEAD_NUMBER), (first.name_box, _HEAD_NAME)]
        if first.agree_box is not None and first.disagree_box is not None:
            cells += [(first.agree_box, _HEAD_AGREE), (first.disagree_box, _HEAD_DISAGREE)]
        for cell, label in cells:
            r = Rect(cell.x, head.y, cell.width, head.height)
            self.text(label, r, font=fonts.BOLD, size=11)
            if cell.x > head.x:
                self.line(cell.x, head.y, cell.x, head.bottom)

    def row(self, row: Row, line: BallotLine, size: float) -> None:
        self.box(row.rect)
        self.text(f"{row.number}.", row.number_box, font=fonts.REGULAR, size=size)
        cells = [row.name_box]
        if row.agree_box is not None and row.disagree_box is not None:
            cells += [row.agree_box, row.disagree_box]
        for cell in cells:
            self.line(cell.x, cell.y, cell.x, cell.bottom)
        self.name(row.name_box, line, size)

    def name(self, r: Rect, line: BallotLine, size: float) -> None:
        """The full name, and the distinguishing line after it when needed."""
        name = line.candidate.name
        note = line.candidate.note if line.distinguish else None
        width = r.width * mm - 2 * _PAD
        note_text = f"  ({note})" if note else ""
        while size > 6.0:
            used = stringWidth(name, fonts.REGULAR, size)
            if note_text:
                used += stringWidth(note_text, fonts.ITALIC, size * 0.8)
            if used <= width:
                break
            size -= 0.25
        baseline = self._middle(r, size)
        x = self.x(r.x) + _PAD
        self.c.setFont(fonts.REGULAR, size)
        self.c.drawString(x, baseline, name)
        if note_text:
            self.c.setFont(fonts.ITALIC, size * 0.8)
            self.c.drawString(x + stringWidth(name, fonts.REGULAR, size), baseline, note_text)


def _fit(text: str, font: str, size: float, width: float, least: float) -> float:
    while size > least and stringWidth(text, font, size) > width:
        size -= 0.25
    return size


def _name_size(row_height: float, form: str) -> float:
    if form == "single":
        return 15.0
    if row_height >= 9.5:
        return 13.0
    if row_height >= 8.0:
        return 12.0
    return 11.0
