from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.core.texts.aggregate import CommentText, aggregate, topic_count

BASE = "Đề nghị bổ sung nội dung về chuyển đổi số trong cải cách hành chính ở cấp xã"


def test_identical_and_lightly_edited_comments_form_one_group_with_their_units() -> None:
    comments = [
        CommentText(1, BASE, unit=10),
        CommentText(2, BASE.upper() + "!", unit=11),
        CommentText(3, BASE.replace("nội dung", "thêm nội dung"), unit=12),
        CommentText(4, BASE, unit=10),
        CommentText(5, "Cần làm rõ chỉ tiêu tăng trưởng kinh tế bình quân hằng năm", unit=13),
        CommentText(6, "Xây dựng đội ngũ cán bộ trẻ có đủ năng lực và phẩm chất", unit=None),
    ]
    result = aggregate(comments)
    biggest = result.groups[0]
    assert biggest.members == (1, 2, 3, 4)
    assert biggest.wordings == 2  # 1, 2, 4 are one wording after normalisation
    assert biggest.representative == 1
    assert biggest.units == ((10, 2), (11, 1), (12, 1))
    assert [len(g.members) for g in result.groups[1:]] == [1, 1]


def test_different_topics_are_not_merged_and_topics_cover_every_comment() -> None:
    economy = [
        f"Cần làm rõ chỉ tiêu tăng trưởng kinh tế năm {y} và thu ngân sách"
        for y in range(2020, 2030)
    ]
    cadres = [
        f"Đề nghị quan tâm cán bộ trẻ, cán bộ nữ trong quy hoạch khóa {k}" for k in range(10, 20)
    ]
    comments = [CommentText(i, t) for i, t in enumerate(economy + cadres)]
    result = aggregate(comments, topics=2)
    assert sum(t.count for t in result.topics) == len(comments)
    by_topic = [{m for g in t.groups for m in result.groups[g].members} for t in result.topics]
    assert sorted(map(sorted, by_topic)) == [list(range(10)), list(range(10, 20))]


def test_nothing_in_nothing_out() -> None:
    result = aggregate([])
    assert result.groups == () and result.topics == ()


def test_topic_count_grows_slowly_and_is_bounded() -> None:
    assert topic_count(1) == 1
    assert topic_count(100) < topic_count(10_000) <= 12


texts = st.lists(
    st.sampled_from([BASE, BASE + " nữa", "Ý kiến khác về y tế cơ sở", "", "!!!", "Đồng ý"]),
    max_size=25,
)


@settings(max_examples=30, deadline=None)
@given(texts)
def test_every_comment_is_in_exactly_one_group_and_one_topic(items: list[str]) -> None:
    comments = [CommentText(i, t, unit=i % 3) for i, t in enumerate(items)]
    result = aggregate(comments)
    members = [m for g in result.groups for m in g.members]
    assert sorted(members) == list(range(len(items)))
    in_topics = [g for t in result.topics for g in t.groups]
    assert sorted(in_topics) == list(range(len(result.groups)))
    for g in result.groups:  # exact duplicates always share a group
        texts_in = {items[m] for m in g.members}
        assert g.wordings <= len(texts_in)
    same = {}
    for g_index, g in enumerate(result.groups):
        for m in g.members:
            same.setdefault(items[m].strip(), set()).add(g_index)
    assert all(len(v) == 1 for k, v in same.items() if k not in ("", "!!!"))
