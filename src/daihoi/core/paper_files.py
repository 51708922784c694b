"""What a congress paper's file is, told by its content, and its text for a phone.

A paper is published as a PDF or a Word file (.docx). The name a browser sends
proves nothing, so the type is read from the bytes: a PDF starts with
``%PDF-``; a DOCX is a ZIP holding ``[Content_Types].xml`` and
``word/document.xml``. Anything else (a renamed picture, an old .doc, a
spreadsheet) is refused.

A DOCX is also read into sections and paragraphs (the draft reader of
``core.texts``), so a delegate reads it on a phone as text that reflows to the
screen instead of a page laid out for A4.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from daihoi.core.texts.paragraphs import DraftText, TextError, read_docx

__all__ = ["DOCX", "MAX_BYTES", "PDF", "Block", "blocks_of", "docx_blocks", "kind_of"]

PDF = "pdf"
DOCX = "docx"
#: The largest file a paper version may be: 20 MB.
MAX_BYTES = 20 * 1024 * 1024


def kind_of(data: bytes) -> str | None:
    """``"pdf"``, ``"docx"`` or None, from the content alone."""
    if data.startswith(b"%PDF-"):
        return PDF
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if {"[Content_Types].xml", "word/document.xml"} <= names:
        return DOCX
    return None


@dataclass(frozen=True, slots=True)
class Block:
    """A section of the text: its heading (empty before the first) and its paragraphs."""

    title: str
    paragraphs: tuple[str, ...]


def blocks_of(text: DraftText) -> list[Block]:
    """Sections with their paragraphs, in order; an empty section is left out."""
    by_section: dict[int, list[str]] = {s.number: [] for s in text.sections}
    for p in text.paragraphs:
        by_section.setdefault(p.section, []).append(p.text)
    titles = {s.number: s.title for s in text.sections}
    return [
        Block(titles.get(number, ""), tuple(paras))
        for number, paras in sorted(by_section.items())
        if paras or titles.get(number)
    ]


def docx_blocks(data: bytes) -> list[Block]:
    """The text of a DOCX as blocks: none when it holds no paragraph of text (only
    tables or pictures); ``core.texts.paragraphs.TextError`` if it is not a DOCX."""
    try:
        text = read_docx(data)
    except TextError as error:
        if error.code == "empty":
            return []
        raise
    return blocks_of(text)
