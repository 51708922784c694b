"""The congress's book of speeches (tập tham luận), as an editable Word document.

Pure: a :class:`SpeechBook` in, DOCX bytes out; no Django. The cover page
follows the Party's document layout of :mod:`.layout` (A4, margins
20/20/30/15 mm, Times-like font; top left the upper body over the issuing
body, the congress, and a star; top right "ĐẢNG CỘNG SẢN VIỆT NAM" over the
place and date), then the book's title and the congress, with the place and
month at the foot. The table of contents lists the speeches in the
programme's order, numbered, each with its speaker; then each speech starts
on a new page with its number, title and speaker, and its text paragraph by
paragraph.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from .layout import header_date, new_docx
from .layout.word import docx_header

__all__ = ["BOOK_TITLE", "CONTENTS", "SpeechBook", "SpeechRecord", "render_speech_book_docx"]

BOOK_TITLE = "TẬP THAM LUẬN"
CONTENTS = "MỤC LỤC"
NONE_ACCEPTED = "Chưa có tham luận nào được chấp nhận."


@dataclass(frozen=True, slots=True)
class SpeechRecord:
    """One accepted speech: its title, the speaker and, when given for a unit, the unit."""

    title: str
    speaker: str
    on_behalf_of: str
    paragraphs: tuple[str, ...]

    @property
    def byline(self) -> str:
        who = f"Đồng chí {self.speaker}"
        return f"{who}, thay mặt {self.on_behalf_of}" if self.on_behalf_of else who


@dataclass(frozen=True, slots=True)
class SpeechBook:
    upper_body: str
    convening_body: str
    congress_title: str
    place: str
    day: date
    speeches: tuple[SpeechRecord, ...]


def _centred(
    doc: DocxDocument,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    before: float = 0.0,
) -> Paragraph:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.space_after = Pt(4)
    run = p.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    run.font.size = Pt(size)
    return p


def _page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def render_speech_book_docx(book: SpeechBook) -> bytes:
    """The book: cover, table of contents, then each speech on its own pages."""
    doc = new_docx()
    props = doc.core_properties
    props.title = f"{BOOK_TITLE} – {book.congress_title}"
    props.author = book.convening_body.upper()
    props.comments = ""
    docx_header(
        doc,
        upper_body=book.upper_body.upper(),
        issuing_body=f"ĐẠI HỘI {book.convening_body.upper()}",
        date_line=header_date(book.place, book.day),
    )
    _centred(doc, BOOK_TITLE, size=22, bold=True, before=150)
    _centred(doc, book.congress_title, size=15, bold=True, before=12)
    _centred(
        doc,
        f"{book.place}, tháng {book.day.month} năm {book.day.year}",
        size=13,
        italic=True,
        before=250,
    )

    _page_break(doc)
    _centred(doc, CONTENTS, size=15, bold=True)
    if not book.speeches:
        _centred(doc, NONE_ACCEPTED, size=13, italic=True, before=12)
    for n, speech in enumerate(book.speeches, start=1):
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Mm(10)
        p.paragraph_format.first_line_indent = Mm(-10)
        p.paragraph_format.space_after = Pt(4)
        p.add_run(f"{n}. {speech.title}").bold = True
        p.add_run(f" – {speech.byline}").italic = True

    for n, speech in enumerate(book.speeches, start=1):
        _page_break(doc)
        _centred(doc, f"THAM LUẬN SỐ {n}", size=13)
        _centred(doc, speech.title.upper(), size=14, bold=True)
        _centred(doc, speech.byline, size=13, italic=True)
        for text in speech.paragraphs:
            p = doc.add_paragraph(text)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Mm(10)
            p.paragraph_format.space_after = Pt(3)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
