"""The document as a PDF, drawn with ReportLab: header, blocks, signatures, page numbers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from .. import fonts
from .model import (
    A4,
    BODY,
    HEADER_LEFT,
    INDENT,
    PARTY,
    Block,
    CommitteeSignatures,
    Document,
    Look,
    Run,
    SignatureColumns,
    Table,
)

#: The look of a document that names none (a frozen value, shared safely).
_DEFAULT_LOOK = Look()


def render_pdf(document: Document, look: Look = _DEFAULT_LOOK) -> bytes:
    """The document as a PDF (A4), ready to print and sign."""
    fonts.register_fonts()
    return _Pdf(document, look).render()


def _markup(runs: Sequence[Run]) -> str:
    out = []
    for run in runs:
        text = escape(run.text)
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        out.append(text)
    return "".join(out)


class _Pdf:
    def __init__(self, document: Document, look: Look) -> None:
        self.d, self.look = document, look
        cell = look.cell_size
        base = ParagraphStyle(
            "base", fontName=fonts.FAMILY, fontSize=BODY, leading=BODY * 1.3, spaceAfter=3
        )
        centred = ParagraphStyle("centred", base, alignment=TA_CENTER, spaceAfter=0)
        self.centred = centred
        self.styles: dict[str, ParagraphStyle] = {
            "body": ParagraphStyle("body", base, alignment=TA_JUSTIFY, firstLineIndent=INDENT * mm),
            "item": ParagraphStyle(
                "item",
                base,
                alignment=TA_JUSTIFY if look.justify_items else TA_LEFT,
                leftIndent=INDENT * mm,
                spaceAfter=1,
            ),
            "subitem": ParagraphStyle("subitem", base, leftIndent=2 * INDENT * mm, spaceAfter=1),
            "heading": ParagraphStyle("heading", base, spaceBefore=6),
            "title": ParagraphStyle(
                "title", centred, fontSize=15, leading=20, spaceBefore=14, spaceAfter=2
            ),
            "subtitle": ParagraphStyle(
                "subtitle", centred, fontSize=14, leading=18, spaceAfter=look.subtitle_space_after
            ),
            "round": ParagraphStyle("round", centred, spaceAfter=2),
            "cell": ParagraphStyle("cell", base, fontSize=cell, leading=cell * 1.2, spaceAfter=0),
            "head": ParagraphStyle(
                "head", centred, fontSize=cell, leading=cell * 1.2, fontName=fonts.BOLD
            ),
        }

    def render(self) -> bytes:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=(A4.width * mm, A4.height * mm),
            topMargin=A4.top * mm,
            bottomMargin=A4.bottom * mm,
            leftMargin=A4.left * mm,
            rightMargin=A4.right * mm,
            title=self.d.title,
            author=self.d.issuing_body,
            creator="daihoi",
            producer="daihoi",
            subject=self.d.subject,
            invariant=True,
            initialFontName=fonts.REGULAR,
        )
        story: list[Flowable] = [self.header()]
        if self.d.signatures is None:
            story += [self.block(block) for block in self.d.blocks]
        else:
            story += [self.block(block) for block in self.d.blocks[:-1]]
            # The last block goes with the signatures: never a page of signatures alone.
            first, *rest = self.signatures(self.d.signatures)
            last = self.block(self.d.blocks[-1])
            story += [KeepTogether([last, Spacer(1, 6 * mm), first]), *rest]
        doc.build(story, onLaterPages=_page_number)
        return buffer.getvalue()

    def block(self, block: Block) -> Flowable:
        if isinstance(block, Table):
            return self.table(block)
        return Paragraph(_markup(block.runs), self.styles[block.style])

    def header(self) -> Flowable:
        c = self.centred
        left: list[Flowable] = []
        if self.d.upper_body:
            left.append(Paragraph(escape(self.d.upper_body), c))
        left += [Paragraph(f"<b>{escape(self.d.issuing_body)}</b>", c), Paragraph("*", c)]
        if self.d.secrecy:
            left.append(Paragraph(f"<b>{escape(self.d.secrecy)}</b>", c))
        party = ParagraphStyle("party", c, fontSize=14, leading=18, spaceAfter=3)
        right = [
            Paragraph(f"<b><u>{PARTY}</u></b>", party),
            Paragraph(f"<i>{escape(self.d.date_line)}</i>", c),
        ]
        widths = [HEADER_LEFT * mm, (A4.text_width - HEADER_LEFT) * mm]
        table = RLTable([[left, right]], colWidths=widths)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), fonts.REGULAR, BODY),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return table

    def table(self, t: Table) -> Flowable:
        size = self.look.cell_size
        widths = [w * mm for w in t.widths]
        data: list[list[object]] = [[Paragraph(escape(h), self.styles["head"]) for h in t.head]]
        data += [
            [self.cell(text, width) for text, width in zip(row, widths, strict=True)]
            for row in t.rows
        ]
        style: list[tuple[object, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        if self.look.fit_cells:
            # The font and alignment of the cells set as plain text.
            align = {"left": "LEFT", "centre": "CENTER", "right": "RIGHT"}
            style.insert(0, ("FONT", (0, 0), (-1, -1), fonts.REGULAR, size, size * 1.2))
            style += [("ALIGN", (i, 1), (i, -1), align[a]) for i, a in enumerate(t.align)]
        if self.look.row_height is not None:
            # Padding, not a fixed height: a name that wraps still fits its row.
            pad = max(0.0, (self.look.row_height * mm - size * 1.2) / 2)
            style += [
                ("TOPPADDING", (0, 1), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 1), (-1, -1), pad),
            ]
        table = RLTable(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(style))
        return table

    def cell(self, text: str, width: float) -> object:
        """Plain text when the look allows it and it fits; else a paragraph that wraps."""
        padding = 2 * 3.0
        size = self.look.cell_size
        if self.look.fit_cells and stringWidth(text, fonts.REGULAR, size) <= width - padding:
            return text
        return Paragraph(escape(text), self.styles["cell"])

    def signatures(self, s: SignatureColumns | CommitteeSignatures) -> list[Flowable]:
        if isinstance(s, CommitteeSignatures):
            return self.committee(s)
        return [self.columns(s)]

    def columns(self, s: SignatureColumns) -> Flowable:
        c = self.centred
        small = ParagraphStyle("small", c, fontSize=11, leading=14)
        cells: list[list[Flowable]] = []
        for signer in (s.left, s.right):
            cell: list[Flowable] = []
            if signer is not None:
                cell += [
                    self.signer_title(signer.title),
                    Paragraph(f"<i>{escape(signer.hint)}</i>", c),
                    Spacer(1, self.look.sign_space * mm),
                    Paragraph(f"<b>{escape(signer.name)}</b>", c),
                ]
            elif s.recipients:
                cell += [
                    Paragraph(
                        f"<b><i>{escape(line)}</i></b>" if i == 0 else escape(line),
                        ParagraphStyle("to", small, alignment=TA_LEFT),
                    )
                    for i, line in enumerate(s.recipients)
                ]
            cells.append(cell)
        half = A4.text_width / 2 * mm
        table = RLTable([cells], colWidths=[half, half])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return table

    def signer_title(self, title: str) -> Flowable:
        """A signer's title; one given as lines ("T/M …\\nTRƯỞNG BAN") keeps its
        lines, at the size at which the longest fits the column."""
        c = self.centred
        if "\n" not in title:
            return Paragraph(f"<b>{escape(title)}</b>", c)
        lines = title.split("\n")
        half = A4.text_width / 2 * mm
        size = min(_fit_size(line, fonts.BOLD, BODY, half - 12) for line in lines)
        style = ParagraphStyle("signer", c, fontSize=size, leading=size * 1.3)
        return Paragraph("<br/>".join(f"<b>{escape(line)}</b>" for line in lines), style)

    def committee(self, s: CommitteeSignatures) -> list[Flowable]:
        """The titles and the first names, then the other names.

        Two tables of the same columns, so that the first part can be kept
        with the closing paragraph while a long committee flows on.
        """
        c = self.centred
        half = A4.text_width / 2 * mm
        size = min(
            _fit_size(title, fonts.BOLD, BODY, half - 12)
            for title in (s.members_title, s.head_title)
        )
        title = ParagraphStyle("signs", c, fontSize=size, leading=size * 1.3)
        hint = f"<i>{escape(s.hint)}</i>"
        rows: list[list[object]] = [
            [
                Paragraph(f"<b>{escape(s.members_title)}</b>", title),
                Paragraph(f"<b>{escape(s.head_title)}</b>", title),
            ],
            [Paragraph(hint, c), Paragraph(hint, c)],
        ]
        for i in range(max(len(s.members), 1)):
            member = s.members[i] if i < len(s.members) else ""
            head = (s.head or "") if i == 0 else ""
            rows.append(
                [Paragraph(f"<b>{escape(member)}</b>", c), Paragraph(f"<b>{escape(head)}</b>", c)]
            )
        space = self.look.sign_space * mm
        first = RLTable(rows[:3], colWidths=[half, half])
        first.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), fonts.REGULAR, BODY),
                    ("VALIGN", (0, 0), (-1, 1), "TOP"),
                    ("VALIGN", (0, 2), (-1, -1), "BOTTOM"),
                    ("TOPPADDING", (0, 2), (-1, -1), space),
                ]
            )
        )
        if len(rows) == 3:
            return [first]
        rest = RLTable(rows[3:], colWidths=[half, half])
        rest.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), fonts.REGULAR, BODY),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("TOPPADDING", (0, 0), (-1, -1), space),
                ]
            )
        )
        return [first, rest]


def _fit_size(text: str, font: str, size: float, width: float) -> float:
    """The largest size, down to 9 pt by halves, at which ``text`` fits ``width``."""
    while size > 9 and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _page_number(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(fonts.REGULAR, 12)
    x = (A4.left + A4.text_width / 2) * mm
    canvas.drawCentredString(x, (A4.height - A4.top / 2) * mm, str(doc.page))
    canvas.restoreState()
