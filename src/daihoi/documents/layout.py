"""The Party's document layout, shared by the written documents: model and renderers.

Pure: plain dataclasses in, PDF (ReportLab) and DOCX (python-docx) bytes out;
no Django. A document module (:mod:`.minutes`, :mod:`.congress_minutes`,
:mod:`.comment_report`) words its content as :class:`Block` values
(paragraphs and tables), wraps it in a :class:`Document` with the header's
bodies, the date line and the signatures, and hands it to
:func:`render_pdf` or :func:`render_docx`. :mod:`.review_table`, a
landscape table with charts, uses the DOCX pieces (:func:`new_docx`,
:func:`docx_header`, :func:`repeat_as_header`).

Layout after the Party's guidance on document format (Hướng dẫn thể thức văn
bản của Đảng): A4 (:data:`A4`); margins top and bottom 20 mm, left 30 mm,
right 15 mm; a Times-like font (:mod:`.fonts` in the PDF, "Times New Roman"
named in the DOCX), 13 pt body; top left the upper body in regular capitals
over the issuing body in bold capitals and a star; top right
:data:`PARTY` in bold, underlined, with the place and date in italics below
(:func:`header_date`); the title bold and centred. Tables are ruled, their
head row repeated on each page of the PDF. Page numbers from the second page, top
centre (PDF). The measures in which the documents differ (the table's font
size, the space left to sign, …) are a :class:`Look`.

Numbers use "." between thousands (:func:`number`); dates dd/mm/yyyy.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal
from xml.sax.saxutils import escape

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
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

from . import fonts

__all__ = [
    "A4",
    "DOCX_ALIGN",
    "DOCX_FONT",
    "PARTY",
    "SIGN_HINT",
    "Align",
    "Block",
    "CommitteeSignatures",
    "Document",
    "Look",
    "Page",
    "Para",
    "ParaStyle",
    "Run",
    "SignatureColumns",
    "Signer",
    "Table",
    "docx_header",
    "header_date",
    "new_docx",
    "number",
    "render_docx",
    "render_pdf",
    "repeat_as_header",
]

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
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
    signatures.
    """

    upper_body: str
    issuing_body: str
    date_line: str
    title: str
    blocks: tuple[Block, ...]
    signatures: SignatureColumns | CommitteeSignatures
    subject: str | None = None


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
    ``title_space_after``: below the title, subtitle and round line (pt, DOCX).
    """

    cell_size: float = 11.5
    sign_space: float = 18.0
    subtitle_space_after: float = 6.0
    justify_items: bool = True
    fit_cells: bool = False
    repeat_head: bool = False
    title_space_after: float = 3.0


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


# --- PDF (ReportLab) ------------------------------------------------------------------


def render_pdf(document: Document, look: Look = Look()) -> bytes:
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
        story += [self.block(block) for block in self.d.blocks[:-1]]
        # The last block goes with the signatures: never a page of signatures alone.
        first, *rest = self.signatures()
        story += [KeepTogether([self.block(self.d.blocks[-1]), Spacer(1, 6 * mm), first]), *rest]
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

    def signatures(self) -> list[Flowable]:
        s = self.d.signatures
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


# --- DOCX (python-docx) -----------------------------------------------------------------

DOCX_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "centre": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def new_docx(page: Page = A4) -> DocxDocument:
    """An empty Word document on ``page``, its Normal style in the body font."""
    doc = docx.Document()
    section = doc.sections[0]
    if page.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(page.width), Mm(page.height)
    section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
    section.left_margin, section.right_margin = Mm(page.left), Mm(page.right)
    normal = doc.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(BODY)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attribute), DOCX_FONT)
    return doc


def docx_header(
    doc: DocxDocument,
    *,
    upper_body: str,
    issuing_body: str,
    date_line: str,
    fixed_widths: bool = True,
    party_size: float | None = 14.0,
) -> None:
    """The header block: the bodies and a star top left, the Party and the date top right.

    ``fixed_widths``: the columns as in the PDF (otherwise Word sizes them);
    ``party_size``: the Party line's size in points (otherwise the body's).
    """
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    if fixed_widths:
        table.autofit = False
        left.width, right.width = Mm(HEADER_LEFT), Mm(A4.text_width - HEADER_LEFT)
    lines = [(upper_body, False), (issuing_body, True), ("*", False)]
    if not upper_body:
        lines = lines[1:]
    for i, (text, bold) in enumerate(lines):
        p = left.paragraphs[0] if i == 0 else left.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = bold or None
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(PARTY)
    run.bold, run.underline = True, True
    if party_size is not None:
        run.font.size = Pt(party_size)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(date_line).italic = True


def repeat_as_header(row: Any) -> None:
    """Mark a table row to repeat at the top of every page (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def render_docx(document: Document, look: Look = Look()) -> bytes:
    """The document as an editable Word document (DOCX, A4)."""
    return _Docx(document, look).render()


class _Docx:
    def __init__(self, document: Document, look: Look) -> None:
        self.d, self.look = document, look
        self.doc = new_docx(A4)

    def render(self) -> bytes:
        props = self.doc.core_properties
        props.title = self.d.title
        props.author = self.d.issuing_body
        if self.d.subject is not None:
            props.subject = self.d.subject
        props.comments = ""
        docx_header(
            self.doc,
            upper_body=self.d.upper_body,
            issuing_body=self.d.issuing_body,
            date_line=self.d.date_line,
        )
        for block in self.d.blocks:
            if isinstance(block, Table):
                self.table(block)
            else:
                self.para(block)
        if isinstance(self.d.signatures, CommitteeSignatures):
            self.committee(self.d.signatures)
        else:
            self.columns(self.d.signatures)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def para(self, para: Para) -> None:
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.space_after = Pt(3)
        style = para.style
        if style in ("title", "subtitle", "round"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.space_after = Pt(self.look.title_space_after)
        if style == "title":
            fmt.space_before = Pt(14)
        elif style == "body":
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            fmt.first_line_indent = Mm(INDENT)
        elif style in ("item", "subitem"):
            fmt.left_indent = Mm(INDENT if style == "item" else 2 * INDENT)
            fmt.space_after = Pt(1)
        elif style == "heading":
            fmt.space_before = Pt(6)
        size = {"title": 15.0, "subtitle": 14.0}.get(style)
        for run in para.runs:
            r = p.add_run(run.text)
            r.bold = run.bold or None
            r.italic = run.italic or None
            if size is not None:
                r.font.size = Pt(size)

    def table(self, t: Table) -> None:
        size = Pt(self.look.cell_size)
        table = self.doc.add_table(rows=1, cols=len(t.head))
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        widths = [Mm(w) for w in t.widths]
        for cell, text, width in zip(table.rows[0].cells, t.head, widths, strict=True):
            cell.width = width
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(text)
            run.bold, run.font.size = True, size
        if self.look.repeat_head:
            repeat_as_header(table.rows[0])
        for row in t.rows:
            cells = table.add_row().cells
            for cell, text, width, a in zip(cells, row, widths, t.align, strict=True):
                cell.width = width
                p = cell.paragraphs[0]
                p.alignment = DOCX_ALIGN[a]
                p.add_run(text).font.size = size

    def columns(self, s: SignatureColumns) -> None:
        self.doc.add_paragraph()
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        for cell, signer in zip(table.rows[0].cells, (s.left, s.right), strict=True):
            cell.width = Mm(A4.text_width / 2)
            p = cell.paragraphs[0]
            if signer is not None:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.add_run(signer.title).bold = True
                q = cell.add_paragraph()
                q.alignment = WD_ALIGN_PARAGRAPH.CENTER
                q.add_run(signer.hint).italic = True
                n = cell.add_paragraph()
                n.alignment = WD_ALIGN_PARAGRAPH.CENTER
                n.paragraph_format.space_before = Mm(self.look.sign_space)
                n.add_run(signer.name).bold = True
            elif s.recipients:
                for i, line in enumerate(s.recipients):
                    q = p if i == 0 else cell.add_paragraph()
                    r = q.add_run(line)
                    r.font.size = Pt(11)
                    if i == 0:
                        r.bold, r.italic = True, True

    def committee(self, s: CommitteeSignatures) -> None:
        self.doc.add_paragraph()
        count = max(len(s.members), 1)
        table = self.doc.add_table(rows=2 + count, cols=2)
        table.autofit = False
        half = Mm(A4.text_width / 2)
        texts: list[tuple[str, str, bool, bool]] = [
            (s.members_title, s.head_title, True, False),
            (s.hint, s.hint, False, True),
        ]
        for i in range(count):
            member = s.members[i] if i < len(s.members) else ""
            head = (s.head or "") if i == 0 else ""
            texts.append((member, head, True, False))
        for index, (row, (left, right, bold, italic)) in enumerate(
            zip(table.rows, texts, strict=True)
        ):
            for cell, text in zip(row.cells, (left, right), strict=True):
                cell.width = half
                p = cell.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if index >= 2:
                    p.paragraph_format.space_before = Mm(self.look.sign_space)
                run = p.add_run(text)
                run.bold, run.italic = bold or None, italic or None
