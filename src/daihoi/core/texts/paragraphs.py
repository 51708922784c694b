"""A draft's text as numbered sections and paragraphs.

A draft is written in Markdown or uploaded as DOCX. A heading (``#`` in
Markdown; a Heading or Title style in DOCX, or a short line in capitals such
as ``I. ĐÁNH GIÁ TÌNH HÌNH``) starts a section; what comes before the first
heading is section 0. Every other non-empty block is a paragraph: in Markdown
the lines up to a blank line, each list item on its own; in DOCX a Word
paragraph. Paragraphs are numbered 1, 2, … through the whole draft (đoạn 1,
đoạn 2, …), so a comment names one by its number alone.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "DraftText",
    "Para",
    "Section",
    "TextError",
    "from_blocks",
    "read_docx",
    "read_markdown",
]

MAX_PARAGRAPHS = 10_000
MAX_PARAGRAPH_CHARS = 20_000


class TextError(ValueError):
    """The text cannot be read as a draft; ``code`` says why (for a translated message)."""

    def __init__(self, code: str, detail: str = "") -> None:
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else code)


@dataclass(frozen=True, slots=True)
class Section:
    number: int
    title: str


@dataclass(frozen=True, slots=True)
class Para:
    number: int  # 1, 2, … through the whole draft
    section: int  # the number of its section
    text: str


@dataclass(frozen=True, slots=True)
class DraftText:
    sections: tuple[Section, ...]
    paragraphs: tuple[Para, ...]


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def from_blocks(blocks: Iterable[tuple[bool, str]]) -> DraftText:
    """Number (is_heading, text) blocks as sections and paragraphs."""
    sections: list[Section] = []
    paragraphs: list[Para] = []
    for is_heading, raw in blocks:
        text = _clean(raw)
        if not text:
            continue
        if len(text) > MAX_PARAGRAPH_CHARS:
            raise TextError("paragraph_too_long", str(len(paragraphs) + 1))
        if is_heading:
            sections.append(Section(sections[-1].number + 1 if sections else 1, text))
            continue
        if not sections:
            sections.append(Section(0, ""))
        paragraphs.append(Para(len(paragraphs) + 1, sections[-1].number, text))
        if len(paragraphs) > MAX_PARAGRAPHS:
            raise TextError("too_many_paragraphs", str(MAX_PARAGRAPHS))
    if not paragraphs:
        raise TextError("empty")
    return DraftText(tuple(sections), tuple(paragraphs))


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")


def _md_blocks(text: str) -> Iterable[tuple[bool, str]]:
    current: list[str] = []

    def flush() -> Iterable[tuple[bool, str]]:
        if current:
            yield False, _MD_EMPHASIS.sub("", " ".join(current))
            current.clear()

    for line in text.splitlines():
        heading = _MD_HEADING.match(line)
        if heading:
            yield from flush()
            yield True, _MD_EMPHASIS.sub("", heading.group(1))
        elif not line.strip():
            yield from flush()
        elif _MD_ITEM.match(line):
            yield from flush()
            current.append(line.strip())
        else:
            current.append(line.strip())
    yield from flush()


def read_markdown(text: str) -> DraftText:
    return from_blocks(_md_blocks(text))


_ROMAN_HEADING = re.compile(r"^(?:[IVXLC]+|PHẦN [^\s]+|CHƯƠNG [^\s]+)[.:\s]", re.IGNORECASE)


def _looks_like_heading(style: str, text: str) -> bool:
    if style.lower().startswith(("heading", "title")):
        return True
    letters = [c for c in text if c.isalpha()]
    return (
        0 < len(text) <= 200
        and bool(letters)
        and all(c.isupper() for c in letters)
        and not text.endswith((".", ";", ","))
        and (_ROMAN_HEADING.match(text) is not None or len(letters) >= 4)
    )


def read_docx(data: bytes) -> DraftText:
    """The paragraphs of a Word document (.docx); anything else is refused."""
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a file that is not one
        raise TextError("not_docx", type(exc).__name__) from exc
    blocks = []
    for p in document.paragraphs:
        text = p.text
        style = p.style.name if p.style is not None and p.style.name else ""
        blocks.append((_looks_like_heading(style, _clean(text)), text))
    return from_blocks(blocks)
