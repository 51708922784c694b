"""The pure part: a file's type from its content, and a DOCX's text for the phone."""

from __future__ import annotations

import io
import zipfile

import pytest

from daihoi.core import paper_files
from daihoi.core.texts.paragraphs import TextError
from tests.papers.conftest import PDF, docx_bytes


def _zip(**files: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name.replace("__", "/"), text)
    return out.getvalue()


def test_it_tells_a_pdf_and_a_docx_by_their_content() -> None:
    assert paper_files.kind_of(PDF) == "pdf"
    assert paper_files.kind_of(docx_bytes("Một đoạn.")) == "docx"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + b"0" * 100,  # a picture renamed .pdf
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100,  # an old .doc
        b"Hello, not a file type at all",
        b"",
        b"PK\x03\x04 broken zip",
    ],
)
def test_it_refuses_what_is_neither(data: bytes) -> None:
    assert paper_files.kind_of(data) is None


def test_a_zip_that_is_not_a_word_file_is_refused() -> None:
    workbook = _zip(**{"[Content_Types].xml": "<x/>", "xl__workbook.xml": "<x/>"})
    assert paper_files.kind_of(workbook) is None


def test_a_docx_reads_as_sections_of_paragraphs() -> None:
    blocks = paper_files.docx_blocks(docx_bytes("Đoạn một.", "Đoạn hai.", heading="I. MỞ ĐẦU"))
    assert [(b.title, b.paragraphs) for b in blocks] == [("I. MỞ ĐẦU", ("Đoạn một.", "Đoạn hai."))]


def test_a_docx_without_text_has_no_blocks_and_a_broken_one_is_an_error() -> None:
    from docx import Document

    out = io.BytesIO()
    Document().save(out)
    assert paper_files.docx_blocks(out.getvalue()) == []
    with pytest.raises(TextError):
        paper_files.docx_blocks(_zip(**{"[Content_Types].xml": "<x/>", "word__document.xml": "?"}))
