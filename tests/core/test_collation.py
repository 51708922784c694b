"""docs/rules.md §1: names in ballot order, "theo vần A, B, C" by given name."""

from __future__ import annotations

import random
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.collation import (
    equal_name_groups,
    name_key,
    search_form,
    sort_string,
    word_key,
)
from daihoi.core.elections.ballot_order import ballot_lines, ballot_order
from daihoi.core.elections.model import Candidate

#: A realistic list, ordered by hand by the rule and checked twice:
#: given name first (An < Anh < Ánh, Dũng < Dương < Đạt, Hà < Hải,
#: Hương < Hường), then the other words from the first (Lê < Phạm, Ngô < Nguyễn).
HAND_ORDERED = [
    "Nguyễn Văn An",
    "Lê Hoàng Anh",
    "Phạm Thị Anh",
    "Trần Thị Ánh",
    "Đỗ Quang Bình",
    "Hoàng Văn Cường",
    "Vũ Đức Dũng",
    "Bùi Thị Dương",
    "Nguyễn Tiến Đạt",
    "Trần Minh Đức",
    "Lý Thị Hà",
    "Đặng Văn Hải",
    "Ngô Thị Hương",
    "Nguyễn Thị Hương",
    "Dương Thị Hường",
    "Hà Thị Linh",
    "Trịnh Văn Long",
    "Mai Văn Minh",
    "Lê Văn Nam",
    "Nguyễn Thị Thu Trang",
]


def sort_names(names: list[str]) -> list[str]:
    return sorted(names, key=name_key)


def test_the_rules_examples_order_as_stated() -> None:
    assert sort_names(["Bình", "Ân", "Án", "An"]) == ["An", "Án", "Ân", "Bình"]
    assert sort_names(["Đỗ", "Dương"]) == ["Dương", "Đỗ"]
    assert sort_names(["Hường", "Hương"]) == ["Hương", "Hường"]


def test_tones_decide_only_where_the_letters_are_equal() -> None:
    # none, huyền, hỏi, ngã, sắc, nặng
    assert sort_names(["Mạ", "Má", "Mã", "Mả", "Mà", "Ma"]) == ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
    # the letters decide first: "Bá" (b, a) before "Ban" (b, a, n) whatever the tones
    assert sort_names(["Ban", "Bá"]) == ["Bá", "Ban"]
    # ă and â are letters of their own, after a: Ăn < Ân, and Ấn only after An, Ăn
    assert sort_names(["Ấn", "Ân", "Ăn", "An"]) == ["An", "Ăn", "Ân", "Ấn"]


def test_vietnamese_letter_order_keeps_f_j_w_z_in_their_latin_places() -> None:
    words = ["Zin", "Yến", "Xuân", "Wăn", "Vân", "Ưng", "Uyên", "Thu", "Ơn", "Ôn", "On", "Jin",
             "Giang", "Fan", "Ê", "E", "Đan", "Dan", "Cao"]  # fmt: skip
    expected = ["Cao", "Dan", "Đan", "E", "Ê", "Fan", "Giang", "Jin", "On", "Ôn", "Ơn", "Thu",
                "Uyên", "Ưng", "Vân", "Wăn", "Xuân", "Yến", "Zin"]  # fmt: skip
    assert sort_names(words) == expected


def test_names_order_by_given_name_then_the_other_words_from_the_first() -> None:
    assert sort_names(["Trần Văn Bình", "Nguyễn Văn Bình", "Đỗ Thị An"]) == [
        "Đỗ Thị An",
        "Nguyễn Văn Bình",
        "Trần Văn Bình",
    ]
    assert sort_names(["Nguyễn Văn Hải", "Nguyễn Hải"]) == ["Nguyễn Hải", "Nguyễn Văn Hải"]


def test_a_realistic_list_orders_as_ordered_by_hand() -> None:
    shuffled = HAND_ORDERED[:]
    random.Random(3).shuffle(shuffled)
    assert sort_names(shuffled) == HAND_ORDERED


def test_decomposed_and_composed_input_order_the_same() -> None:
    nfd = [unicodedata.normalize("NFD", name) for name in HAND_ORDERED]
    assert [unicodedata.normalize("NFC", n) for n in sort_names(nfd[::-1])] == HAND_ORDERED
    assert name_key("Nguyễn Thị Hường") == name_key(
        unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    )


def test_case_is_ignored() -> None:
    assert name_key("NGUYỄN VĂN AN") == name_key("nguyễn văn an")
    assert word_key("Đỗ") == word_key("đỗ")


def test_old_and_new_tone_placement_are_the_same_name() -> None:
    assert name_key("Lê Thị Hoà") == name_key("Lê Thị Hòa")
    assert equal_name_groups(["Lê Thị Hoà", "Trần An", "Lê Thị Hòa"]) == ((0, 2),)


def test_the_ballot_is_printed_in_collation_order_whatever_the_file_order() -> None:
    candidates = [Candidate(id=f"x{i}", name=name) for i, name in enumerate(HAND_ORDERED)]
    random.Random(7).shuffle(candidates)
    printed = [candidates[i].name for i in ballot_order(candidates, "collation")]
    assert printed == HAND_ORDERED


def test_a_profile_may_print_the_list_as_listed() -> None:
    candidates = [Candidate(id="b", name="Trần Văn Bình"), Candidate(id="a", name="Lê Văn An")]
    assert ballot_order(candidates, "as_listed") == (0, 1)
    assert ballot_order(candidates, "collation") == (1, 0)


def test_equal_full_names_are_ordered_by_note_then_id_and_flagged_for_a_distinguishing_line() -> (
    None
):
    candidates = [
        Candidate(id="c3", name="Nguyễn Văn Hùng", note="1980, xã Tân Lập"),
        Candidate(id="c1", name="Lê Thị Mai"),
        Candidate(id="c2", name="Nguyễn Văn Hùng", note="1972, thị trấn Nà Phặc"),
    ]
    lines = ballot_lines(candidates, "collation")
    assert [(line.number, line.candidate.id, line.distinguish) for line in lines] == [
        (1, "c2", True),  # "1972 …" before "1980 …"
        (2, "c3", True),
        (3, "c1", False),
    ]


_NAME_WORDS = st.text(
    alphabet=st.sampled_from("aAăâbcdĐđeêfghiíìỉĩịklmnoôơpqrstuưvwxyýỳỷỹỵz-'0ë\u0301\u0300\u0323"),
    min_size=1,
    max_size=6,
).filter(lambda w: not unicodedata.combining(w[0]))


@given(st.lists(st.lists(_NAME_WORDS, min_size=0, max_size=4).map(" ".join), max_size=8))
def test_the_sort_string_orders_names_as_their_key_does(names: list[str]) -> None:
    by_key = sorted(names, key=lambda n: (name_key(n), n))
    by_string = sorted(names, key=lambda n: (sort_string(n), n))
    assert by_string == by_key
    assert all(set(sort_string(n)) <= set("0123456789") for n in names)


def test_the_sort_string_puts_the_dossier_list_in_ballot_order() -> None:
    shuffled = HAND_ORDERED[:]
    random.Random(5).shuffle(shuffled)
    assert sorted(shuffled, key=sort_string) == HAND_ORDERED
    assert sorted(["Võ Văn Đỗ", "Lê Đỗ"], key=sort_string) == ["Lê Đỗ", "Võ Văn Đỗ"]


def test_the_search_form_drops_case_tone_and_vowel_marks() -> None:
    assert search_form("Chi bộ thôn HÒA BÌNH") == search_form("chi bo thon hoa binh")
    assert search_form("Đồng Đăng") == "dong dang"
    assert search_form("Hoà") == search_form("Hòa") == "hoa"
