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
centre (PDF). A confidential document carries its secrecy mark
(:data:`SECRET`) under the star; a form to fill in (a ballot) has no
signatures. The measures in which the documents differ (the table's font
size, the space left to sign, …) are a :class:`Look`.

The model is :mod:`.model`, the renderers :mod:`.pdf` and :mod:`.word`;
callers import everything from this package.

Numbers use "." between thousands (:func:`number`); dates dd/mm/yyyy.
"""

from .model import (
    A4,
    DOCX_FONT,
    PARTY,
    SECRET,
    SIGN_HINT,
    Align,
    Block,
    CommitteeSignatures,
    Document,
    Look,
    Page,
    Para,
    ParaStyle,
    Run,
    SignatureColumns,
    Signer,
    Table,
    header_date,
    number,
)
from .pdf import (
    render_pdf,
)
from .word import (
    DOCX_ALIGN,
    docx_header,
    new_docx,
    render_docx,
    repeat_as_header,
)

__all__ = [
    "A4",
    "DOCX_ALIGN",
    "DOCX_FONT",
    "PARTY",
    "SECRET",
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
