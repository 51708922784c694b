from __future__ import annotations

import io

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.texts.paragraphs import TextError, read_docx, read_markdown


def test_headings_start_sections_and_paragraphs_are_numbered_through() -> None:
    text = read_markdown(
        "Lời mở đầu.\n\n# I. Đánh giá\n\nĐoạn một\ntiếp tục.\n\n- Ý a\n- Ý **b**\n\n## II. Phương hướng\n\nĐoạn cuối."  # noqa: E501
    )
    assert [(s.number, s.title) for s in text.sections] == [
        (0, ""),
        (1, "I. Đánh giá"),
        (2, "II. Phương hướng"),
    ]
    assert [(p.number, p.section, p.text) for p in text.paragraphs] == [
        (1, 0, "Lời mở đầu."),
        (2, 1, "Đoạn một tiếp tục."),
        (3, 1, "- Ý a"),
        (4, 1, "- Ý b"),
        (5, 2, "Đoạn cuối."),
    ]


def test_an_empty_text_is_refused() -> None:
    with pytest.raises(TextError) as e:
        read_markdown("# Chỉ có tiêu đề\n\n")
    assert e.value.code == "empty"


def _docx(paragraphs: list[tuple[str, str | None]]) -> bytes:
    doc = Document()
    for text, style in paragraphs:
        doc.add_paragraph(text, style=style)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_word_file_is_read_with_heading_styles_and_capital_lines() -> None:
    data = _docx(
        [
            ("Phần mở đầu", "Heading 1"),
            ("Đoạn thứ nhất.", None),
            ("II. PHƯƠNG HƯỚNG NHIỆM KỲ TỚI", None),
            ("Đoạn thứ hai.", None),
            ("", None),
        ]
    )
    text = read_docx(data)
    assert [s.title for s in text.sections] == ["Phần mở đầu", "II. PHƯƠNG HƯỚNG NHIỆM KỲ TỚI"]
    assert [(p.number, p.section) for p in text.paragraphs] == [(1, 1), (2, 2)]


def test_a_file_that_is_not_a_word_file_is_refused() -> None:
    with pytest.raises(TextError) as e:
        read_docx(b"%PDF-1.4 not a docx")
    assert e.value.code == "not_docx"


@given(st.lists(st.text(alphabet="abc đêơ\n#-", max_size=30), max_size=12))
def test_paragraph_numbers_run_from_one_without_gaps(blocks: list[str]) -> None:
    try:
        text = read_markdown("\n\n".join(blocks))
    except TextError:
        return
    assert [p.number for p in text.paragraphs] == list(range(1, len(text.paragraphs) + 1))
    assert {p.section for p in text.paragraphs} <= {s.number for s in text.sections}
