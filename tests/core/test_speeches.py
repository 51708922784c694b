"""The speeches' pure rules: the status moves, the order, the clock, the Word text."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.core import speeches as rules


@settings(deadline=None)  # a shared machine's pauses are not the rule's failures
@given(st.lists(st.integers(1, 10_000), min_size=1, max_size=40, unique=True), st.data())
def test_moving_keeps_every_speech_once_and_puts_the_moved_one_where_asked(
    order: list[int], data: st.DataObject
) -> None:
    pk = data.draw(st.sampled_from(order))
    position = data.draw(st.integers(-5, len(order) + 5))
    after = rules.moved(order, pk, position)
    assert sorted(after) == sorted(order)
    assert after.index(pk) == min(max(position, 1), len(order)) - 1
    others = [p for p in order if p != pk]
    assert [p for p in after if p != pk] == others  # the others keep their order


def test_a_speech_not_in_the_order_cannot_be_moved() -> None:
    with pytest.raises(ValueError):
        rules.moved([1, 2], 5, 1)


def test_the_status_moves() -> None:
    assert rules.may_move(rules.REGISTERED, rules.ACCEPTED)
    assert rules.may_move(rules.ACCEPTED, rules.DECLINED)
    assert rules.may_move(rules.DECLINED, rules.REGISTERED)
    assert not rules.may_move(rules.DECLINED, rules.ACCEPTED)
    assert not rules.may_move(rules.ACCEPTED, rules.ACCEPTED)


@pytest.mark.parametrize(
    ("minutes", "elapsed", "shown"),
    [(5, 0, "5:00"), (5, 0.4, "4:59"), (1, 59.9, "0:00"), (1, 60.2, "-0:01"), (2, 185, "-1:05")],
)
def test_the_clock_counts_down_then_below_zero(minutes: int, elapsed: float, shown: str) -> None:
    left = rules.remaining_seconds(allotted_minutes=minutes, elapsed_seconds=elapsed)
    assert rules.clock(left) == shown


def test_the_text_is_kept_as_paragraphs() -> None:
    assert rules.tidy("  Một\r\nhai  \n \n\nBa ") == "Một hai\n\nBa"
    assert rules.paragraphs("Một hai\n\nBa") == ["Một hai", "Ba"]


def _word(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_file_is_read_by_its_content() -> None:
    assert rules.text_from_docx(_word("Kính thưa Đại hội,", "", "Xin tham luận.")) == (
        "Kính thưa Đại hội,\n\nXin tham luận."
    )
    for not_word in (b"%PDF-1.7", b"PK\x03\x04 broken", b""):
        with pytest.raises(rules.SpeechTextError) as error:
            rules.text_from_docx(not_word)
        assert error.value.code == "not_docx"
    with pytest.raises(rules.SpeechTextError) as error:
        rules.text_from_docx(_word(" "))
    assert error.value.code == "empty"


def test_a_word_file_that_unpacks_to_too_much_is_refused() -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/media/big.bin", b"\0" * (rules.MAX_UNPACKED_BYTES + 1))
    with pytest.raises(rules.SpeechTextError) as error:
        rules.text_from_docx(bomb.getvalue())
    assert error.value.code == "too_large"
