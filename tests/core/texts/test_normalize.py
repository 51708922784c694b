from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.texts.normalize import fold_diacritics, normalize, shingles, syllables, text_key


def test_it_makes_case_spacing_unicode_form_and_tone_placement_one() -> None:
    decomposed = unicodedata.normalize("NFD", "Hoà  Bình,  THUỶ lợi")
    assert normalize(decomposed) == "hòa bình, thủy lợi"
    assert text_key("Hoà Bình; thuỷ lợi!") == text_key("hòa bình thủy lợi")


def test_it_keeps_the_mark_of_qu() -> None:
    assert normalize("quý") == "quý"
    assert normalize("Hoàn thành") == "hoàn thành"


def test_syllables_drop_punctuation_and_keep_digits() -> None:
    assert syllables("Đảng viên: xây-dựng 2025!") == ["đảng", "viên", "xây", "dựng", "2025"]


def test_shingles_of_a_short_text_are_the_text() -> None:
    assert shingles(["a", "b"], 3) == {"a b"}
    assert shingles(["a", "b", "c", "d"], 3) == {"a b c", "b c d"}
    assert shingles([], 3) == set()


def test_fold_diacritics_reads_without_marks() -> None:
    assert fold_diacritics("Đảng viên trẻ") == "Dang vien tre"


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


VIETNAMESE = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậếềểễệốồổỗộớờởỡợứừửữựýỳỷỹỵ ,.;!?-0123456789"
)


@given(VIETNAMESE)
def test_the_key_ignores_case_and_spacing(text: str) -> None:
    assert text_key(text) == text_key("  " + text.upper().replace(" ", "  ") + " ")
