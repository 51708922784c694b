"""The readable summary states each outcome and what comes next."""

from __future__ import annotations

from daihoi.core.elections.summary import render_summary
from daihoi.core.elections.tally import decide

from .builders import counts, election


def lines_of(text: str) -> list[str]:
    return text.splitlines()


def test_a_tie_names_the_tied_and_the_revote() -> None:
    e = election(seats=2, n=4, summoned=198)
    text = render_summary(e, decide(e, counts([180, 150, 150, 90], valid=190)))
    assert "Trúng cử (1/2): Nguyễn Văn An" in lines_of(text)
    assert (
        "Kết quả: Trần Thị Bình, Lê Văn Cường bằng phiếu (150 phiếu) cho 1 chỗ còn lại."
        in lines_of(text)
    )
    assert "Tiếp theo: bầu lại giữa Trần Thị Bình, Lê Văn Cường cho 1 chỗ." in lines_of(text)


def test_a_shortfall_states_how_many_are_missing_and_who_decides() -> None:
    e = election(seats=3, n=4, summoned=198)
    text = render_summary(e, decide(e, counts([150, 120, 90, 60], valid=190)), "en")
    assert "Outcome: 1 seat(s) short." in lines_of(text)
    assert (
        "Next: the congress decides on the 1 seat(s) left (list: Lê Văn Cường, Phạm Văn Dũng)."
        in lines_of(text)
    )


def test_a_void_election_says_so() -> None:
    e = election(seats=1, n=2, summoned=10)
    text = render_summary(e, decide(e, counts([0, 0], valid=0, collected=3)))
    assert "Kết quả: không có phiếu hợp lệ, cuộc bầu không có kết quả." in lines_of(text)


def test_a_member_congress_prints_the_members_and_no_deduction_heading() -> None:
    e = election(seats=1, n=2, electorate={"congress": "members", "summoned": 30})
    text = render_summary(e, decide(e, counts([20, 5], valid=25)))
    assert "Số đảng viên chính thức của đảng bộ: 30" in lines_of(text)
    assert "Trừ:" not in lines_of(text)


def test_same_ballot_alternates_are_listed_apart() -> None:
    e = election(
        seats=2,
        n=5,
        summoned=198,
        kind="delegation",
        alternate_seats=2,
        rules={"alternates": "same_ballot"},
    )
    text = render_summary(e, decide(e, counts([180, 160, 160, 150, 90], valid=190)))
    assert (
        "Tiếp theo: bầu lại giữa Trần Thị Bình, Lê Văn Cường cho 1 chỗ. Những người không "
        "trúng cử chính thức trong số này trúng cử dự khuyết (1 chỗ)." in lines_of(text)
    )
    assert "Trúng cử dự khuyết (1/1): Phạm Văn Dũng" in lines_of(text)
