from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.texts.diff import Anchor, Change, align, carry, word_diff

OLD = [
    "Nhiệm kỳ qua hoàn thành 15 trên 17 chỉ tiêu nghị quyết đề ra.",
    "Thu nhập bình quân đầu người đạt 52 triệu đồng mỗi năm.",
    "Phát triển sản phẩm OCOP gắn với du lịch cộng đồng.",
    "Đẩy mạnh chuyển đổi số trong hoạt động của cơ quan đảng.",
]


def changes(links: list) -> list[tuple[int | None, int | None, Change]]:  # type: ignore[type-arg]
    return [(link.old, link.new, link.change) for link in links]


def test_an_edited_paragraph_is_matched_as_changed_and_a_removed_one_as_removed() -> None:
    new = [
        "Đẩy mạnh chuyển đổi số trong hoạt động của cơ quan đảng.",  # moved to the top
        "Nhiệm kỳ qua hoàn thành 15 trên 17 chỉ tiêu nghị quyết đề ra.",
        "Thu nhập bình quân đầu người đạt 55 triệu đồng mỗi năm, tăng 1,5 lần.",
        "Xây dựng đội ngũ cán bộ trẻ có đủ phẩm chất.",
    ]
    links = align(OLD, new)
    assert sorted(changes(links), key=str) == sorted(
        [
            (3, 0, Change.SAME),
            (0, 1, Change.SAME),
            (1, 2, Change.CHANGED),
            (2, None, Change.REMOVED),
            (None, 3, Change.ADDED),
        ],
        key=str,
    )


def test_case_and_punctuation_do_not_make_a_change() -> None:
    new = [t.upper().rstrip(".") for t in OLD]
    assert all(link.change is Change.SAME for link in align(OLD, new))


def test_a_comment_carries_the_strongest_mark() -> None:
    assert carry(Anchor.ON_TEXT, Change.SAME) is Anchor.ON_TEXT
    assert carry(Anchor.ON_TEXT, Change.CHANGED) is Anchor.ON_CHANGED
    assert carry(Anchor.ON_CHANGED, Change.SAME) is Anchor.ON_CHANGED
    assert carry(Anchor.ON_CHANGED, Change.REMOVED) is Anchor.ON_REMOVED


def test_the_word_diff_rebuilds_both_texts() -> None:
    runs = word_diff(OLD[1], "Thu nhập bình quân đạt 55 triệu đồng mỗi năm.")
    assert "".join(t for op, t in runs if op != "+") == OLD[1]
    assert ("-", "52") in runs or any(op == "-" and "52" in t for op, t in runs)


paragraphs = st.lists(
    st.sampled_from([*OLD, "Ý khác hẳn về môi trường.", "Một đoạn mới."]), max_size=8
)


@given(paragraphs, paragraphs)
def test_every_paragraph_of_both_versions_is_linked_exactly_once(
    old: list[str], new: list[str]
) -> None:
    links = align(old, new)
    assert sorted(link.old for link in links if link.old is not None) == list(range(len(old)))
    assert sorted(link.new for link in links if link.new is not None) == list(range(len(new)))
    for link in links:
        if link.change is Change.SAME:
            assert link.old is not None and link.new is not None
            assert old[link.old] == new[link.new]


@given(st.text(max_size=60), st.text(max_size=60))
def test_a_word_diff_keeps_every_character(a: str, b: str) -> None:
    runs = word_diff(a, b)
    assert "".join(t for op, t in runs if op != "+") == a
    assert "".join(t for op, t in runs if op != "-") == b
