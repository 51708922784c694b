"""The document as DOCX, written with python-docx; the pieces the review table reuses too."""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .model import (
    A4,
    BODY,
    DOCX_FONT,
    HEADER_LEFT,
    INDENT,
    PARTY,
    CommitteeSignatures,
    Document,
    Look,
    Page,
    Para,
    SignatureColumns,
    Table,
)

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
    secrecy: str = "",
) -> None:
    """The header block: the bodies and a star top left, the Party and the date top right.

    ``fixed_widths``: the columns as in the PDF (otherwise Word sizes them);
    ``party_size``: the Party line's size in points (otherwise the body's);
    ``secrecy``: the secrecy mark under the star, in bold (none if empty).
    """
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    if fixed_widths:
        table.autofit = False
        left.width, right.width = Mm(HEADER_LEFT), Mm(A4.text_width - HEADER_LEFT)
    lines = [(upper_body, False), (issuing_body, True), ("*", False)]
    if not upper_body:
        lines = lines[1:]
    if secrecy:
        lines.append((secrecy, True))
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


#: The look of a document that names none (a frozen value, shared safely).
_DEFAULT_LOOK = Look()


def render_docx(document: Document, look: Look = _DEFAULT_LOOK) -> bytes:
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
            secrecy=self.d.secrecy,
        )
        for block in self.d.blocks:
            if isinstance(block, Table):
                self.table(block)
            else:
                self.para(block)
        if isinstance(self.d.signatures, CommitteeSignatures):
            self.committee(self.d.signatures)
        elif self.d.signatures is not None:
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
            if self.look.row_height is not None:
                table.rows[-1].height = Mm(self.look.row_height)
                table.rows[-1].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
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
