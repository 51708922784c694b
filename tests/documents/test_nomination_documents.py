"""The nomination step's ballot (PDF) and counting minutes (PDF and DOCX), on worked numbers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from typing import Any

import docx
import pypdfium2
import pytest
from hypothesis import given, settings

from daihoi.core.nomination import (
    BallotRecord,
    NominationError,
    Nominee,
    Step,
    count_step,
    decide_step,
)
from daihoi.documents.layout import SECRET, Table
from daihoi.documents.nomination import (
    CountingMember,
    StepBallotContext,
    StepMinutesContext,
    step_ballot_document,
    step_ballot_pdf,
    step_minutes_document,
    step_minutes_docx,
    step_minutes_pdf,
)
from tests.core.nomination_builders import make_step, nominees, votes_ballots
from tests.core.test_nomination_properties import counted

from .test_minutes import docx_text

NAMES = nominees("Nguyễn Văn An", "Trần Thị Bình", "Lê Quốc Cường", "Phạm Thu Hà", "Đỗ Khánh")
PLACE = dict(
    committee="Đảng ủy xã Hòa Bình",
    upper="Đảng bộ tỉnh Phú Thọ",
    place="Hòa Bình",
    date=dt.date(2025, 5, 6),
    procedure="Giới thiệu nhân sự Ban Chấp hành Đảng bộ xã khóa I",
    position="Bước 2/5",
)
MEMBERS = (
    CountingMember("Lê Thị Hồng", "member"),
    CountingMember("Phạm Quốc Việt", "head"),
    CountingMember("Đinh Văn Tú", "deputy"),
)


def pick_step(**params: Any) -> Step:
    return make_step("2", **({"summoned": 60, "max_ticks": 5, "blank_lines": 2} | params))


def ballot_context(step: Step, names: tuple[Nominee, ...] = NAMES) -> StepBallotContext:
    return StepBallotContext(step=step, names=names, **PLACE)


def minutes_context(step: Step, records: list[BallotRecord], **more: Any) -> StepMinutesContext:
    names = more.pop("names", NAMES)
    tally = count_step(step, names, records)
    return StepMinutesContext(
        step=step,
        names=names,
        tally=tally,
        decision=decide_step(step, tally),
        members=MEMBERS,
        opened_at=dt.datetime(2025, 5, 6, 15, 30),
        closed_at=dt.datetime(2025, 5, 6, 16, 5),
        **(PLACE | more),
    )


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, lines joined by newlines."""
    document = pypdfium2.PdfDocument(data)
    return [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in document]


def worked_minutes() -> StepMinutesContext:
    """60 summoned, 57 collected, 55 valid (12 blank), rule: more than 50 % of those summoned.

    52 sheets tick An on 40, Bình on 31, Cường on 30, Hà on 28 (the last 12
    blank); three write Hoàng Văn Dũng, spelt three ways, one of them also
    Nguyễn Văn An, a listed name; one ticks all five and writes a sixth
    (over 5), one the committee declared spoiled.
    """
    step = pick_step()
    records = votes_ballots("2", {"p1": 40, "p2": 31, "p3": 30, "p4": 28}, 52)
    records += [
        BallotRecord(step="2", write_ins=("Hoàng Văn Dũng",)),
        BallotRecord(step="2", write_ins=("hoang van dung",)),
        BallotRecord(step="2", write_ins=("HOÀNG VĂN DŨNG", "Nguyễn Văn An")),
        BallotRecord(step="2", ticks=("p1", "p2", "p3", "p4", "p5"), write_ins=("Vũ Minh",)),
        BallotRecord(step="2", ticks=("p1",), spoiled="không phải phiếu do tổ phát ra"),
    ]
    return minutes_context(step, records, present=58, issued=58)


#: name, votes, share of the 60 summoned, of the 55 valid, status; worked by hand.
WORKED_ROWS = [
    ("Nguyễn Văn An", "40", "66,67%", "72,73%", "Đạt"),
    ("Trần Thị Bình", "31", "51,67%", "56,36%", "Đạt"),
    ("Lê Quốc Cường", "30", "50,00%", "54,55%", "Không đạt"),
    ("Phạm Thu Hà", "28", "46,67%", "50,91%", "Không đạt"),
    ("Hoàng Văn Dũng (ghi thêm)", "3", "5,00%", "5,45%", "Không đạt"),
    ("Nguyễn Văn An (ghi thêm)", "1", "1,67%", "1,82%", "Không đạt"),
    ("Đỗ Khánh", "0", "0,00%", "0,00%", "Không đạt"),
]


# --- the ballot -----------------------------------------------------------------------


def test_a_pick_ballot_is_marked_secret_and_lists_every_name_then_the_blank_lines() -> None:
    ctx = ballot_context(pick_step(max_ticks=3, blank_lines=4))
    (page,) = pdf_pages(step_ballot_pdf(ctx))
    lines = page.splitlines()
    assert SECRET == "MẬT" and "MẬT" in lines
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page and "ĐẢNG ỦY XÃ HÒA BÌNH" in page
    assert "PHIẾU GIỚI THIỆU NHÂN SỰ" in lines and "PHIẾU BIỂU QUYẾT" not in page
    assert "(Bước 2/5: Hội nghị cán bộ chủ chốt)" in lines
    assert re.search(r"không quá 3\s+đồng chí", page)
    names = [line for line in lines if re.fullmatch(r"\d+\. .+", line)]
    assert names == [f"{i}. {n.name}" for i, n in enumerate(NAMES, start=1)]
    # The blank lines go on numbering after the names, with nothing written.
    assert [line for line in lines if re.fullmatch(r"\d+\.", line)] == ["6.", "7.", "8.", "9."]
    (table,) = [b for b in step_ballot_document(ctx).blocks if isinstance(b, Table)]
    assert table.head == ("STT", "Họ và tên", "Giới thiệu")
    assert [row[1:] for row in table.rows[5:]] == [("", "")] * 4


def test_a_pick_ballot_without_blank_lines_says_nothing_of_writing_names() -> None:
    ctx = ballot_context(pick_step(blank_lines=0))
    (page,) = pdf_pages(step_ballot_pdf(ctx))
    assert "dòng trống" not in page
    (table,) = [b for b in step_ballot_document(ctx).blocks if isinstance(b, Table)]
    assert len(table.rows) == len(NAMES)


def test_an_approve_ballot_has_the_agree_and_disagree_columns() -> None:
    step = make_step("5", form="approve", summoned=9)
    (page,) = pdf_pages(step_ballot_pdf(ballot_context(step)))
    assert "PHIẾU BIỂU QUYẾT" in page.splitlines() and "MẬT" in page.splitlines()
    assert "PHIẾU GIỚI THIỆU" not in page
    assert "STT Họ và tên Đồng ý Không đồng ý" in page
    assert "Đồng chí đồng ý người nào thì đánh dấu X vào cột “Đồng ý”" in page.replace("\n", " ")
    assert all(f"{i}. {n.name}" in page for i, n in enumerate(NAMES, start=1))
    assert not re.search(r"^\d+\.$", page, re.MULTILINE)  # no blank lines


def test_copies_of_a_ballot_are_the_same_bytes_and_carry_no_number_of_their_own() -> None:
    """Byte-identical: the rendering is a function of the context alone (ReportLab's
    invariant mode fixes the file's dates and id), and the context holds nothing
    that differs from one sheet to the next, so no copy can be told from another."""
    ctx = ballot_context(pick_step(max_ticks=7, blank_lines=2))
    first = step_ballot_pdf(ctx)
    assert step_ballot_pdf(ctx) == first
    assert b"/CreationDate (D:20000101000000" in first
    (page,) = pdf_pages(first)
    # Every number printed comes from the context: the date, the step's place,
    # the most names, the rows.
    allowed = {"06", "5", "2025", "2", "7", *(str(i) for i in range(1, len(NAMES) + 3))}
    assert set(re.findall(r"\d+", page)) <= allowed


def test_a_long_list_goes_on_over_pages_with_the_table_head_on_each() -> None:
    many = tuple(Nominee(id=f"p{i}", name=f"Nguyễn Văn Thử {i}") for i in range(1, 121))
    short = len(pdf_pages(step_ballot_pdf(ballot_context(pick_step()))))
    pages = pdf_pages(step_ballot_pdf(ballot_context(pick_step(), many)))
    assert short == 1 and len(pages) >= 4
    assert all("STT Họ và tên Giới thiệu" in page for page in pages)
    text = "\n".join(pages)
    assert all(f"{i}. Nguyễn Văn Thử {i}\n" in text for i in range(1, 121))
    assert text.endswith("120. Nguyễn Văn Thử 120\n121.\n122.")  # the blank lines, last


def test_a_ballot_whose_numbers_the_unit_has_not_set_is_not_printed() -> None:
    with pytest.raises(NominationError, match="max_ticks: not set"):
        step_ballot_pdf(ballot_context(pick_step(max_ticks=None)))


# --- the minutes ----------------------------------------------------------------------


def test_the_docx_minutes_hold_every_figure_share_and_status() -> None:
    text = docx_text(step_minutes_docx(worked_minutes()))
    assert "BIÊN BẢN KIỂM PHIẾU GIỚI THIỆU NHÂN SỰ" in text
    assert "\n*\nMẬT | ĐẢNG CỘNG SẢN VIỆT NAM\n" in text
    for line in (
        "Hòa Bình, ngày 06 tháng 5 năm 2025",
        "Hôm nay, hồi 15 giờ 30 phút, ngày 06/05/2025, Hội nghị cán bộ chủ chốt",
        "1. Đồng chí Phạm Quốc Việt – Tổ trưởng.",
        "2. Đồng chí Đinh Văn Tú – Tổ phó.",
        "3. Đồng chí Lê Thị Hồng – Thành viên.",
        "kết thúc hồi 16 giờ 05 phút, ngày 06/05/2025",
        "Số người được triệu tập: 60",
        "Số người có mặt: 58",
        "Số phiếu phát ra: 58",
        "Số phiếu thu vào: 57",
        "Số phiếu hợp lệ: 55 (trong đó phiếu không giới thiệu ai: 12)",
        "Số phiếu không hợp lệ: 2",
        "+ Phiếu giới thiệu quá số người được phép: 1",
        "+ Phiếu tổ kiểm phiếu xác định không hợp lệ: 1",
        "trên 50% số người được triệu tập (60 người), tức từ 31 phiếu trở lên.",
        "Số người nhiều nhất được giới thiệu trên một phiếu: 5",
        "1. Đồng chí Nguyễn Văn An: 40 phiếu, đạt 66,67% số người được triệu tập",
        "2. Đồng chí Trần Thị Bình: 31 phiếu, đạt 51,67%",
        "CÁC THÀNH VIÊN TỔ KIỂM PHIẾU | TỔ TRƯỞNG TỔ KIỂM PHIẾU",
        "Đinh Văn Tú | Phạm Quốc Việt",
        "Lê Thị Hồng | ",
    ):
        assert line in text, line
    rows = [f"{i} | {' | '.join(row)}" for i, row in enumerate(WORKED_ROWS, start=1)]
    assert [line for line in text.splitlines() if re.match(r"\d+ \| ", line)] == rows
    assert "3. Đồng chí" not in text.split("Kết luận")[1]  # only two go on


def test_written_in_names_are_grouped_with_every_spelling() -> None:
    text = docx_text(step_minutes_docx(worked_minutes()))
    groups = text.split("4. Tên ghi thêm")[1].split("5. Kết luận")[0]
    (dung,) = [line for line in groups.splitlines() if "Hoàng Văn Dũng:" in line]
    assert dung.startswith("1. Hoàng Văn Dũng: 3 phiếu (cách ghi: ")
    for spelling in ("“Hoàng Văn Dũng”: 1", "“hoang van dung”: 1", "“HOÀNG VĂN DŨNG”: 1"):
        assert spelling in dung
    (an,) = [line for line in groups.splitlines() if line.startswith("2. ")]
    assert an.startswith("2. Nguyễn Văn An: 1 phiếu (cách ghi: “Nguyễn Văn An”: 1).")
    assert "Trùng tên với đồng chí Nguyễn Văn An trong danh sách" in an


def test_the_pdf_minutes_say_what_the_docx_says() -> None:
    pdf = step_minutes_pdf(worked_minutes())
    assert step_minutes_pdf(worked_minutes()) == pdf
    text = "\n".join(pdf_pages(pdf))
    assert "MẬT" in text.splitlines()
    assert "BIÊN BẢN KIỂM PHIẾU GIỚI THIỆU NHÂN SỰ" in text
    for name, votes, of_summoned, of_valid, status in WORKED_ROWS:
        assert f"{name} {votes} {of_summoned} {of_valid} {status}" in text, name
    assert "TỔ TRƯỞNG TỔ KIỂM PHIẾU" in text and "Phạm Quốc Việt" in text


def test_approve_minutes_show_agree_and_disagree_and_have_no_written_names() -> None:
    step = make_step("5", form="approve", summoned=9, rule="share_of_summoned", percent=50)
    names = NAMES[:3]
    marks = [
        (("p1", "agree"), ("p2", "agree"), ("p3", "disagree")),
        (("p1", "agree"), ("p2", "disagree"), ("p3", "disagree")),
        (("p1", "agree"), ("p2", "agree"), ("p3", "agree")),
        (("p1", "agree"), ("p2", "agree")),
        (("p1", "agree"), ("p2", "disagree")),
        (),
        (("p1", "disagree"),),
    ]
    records = [BallotRecord(step="5", marks=m) for m in marks]
    ctx = minutes_context(step, records, names=names, position="Bước 5/5")
    text = docx_text(step_minutes_docx(ctx))
    assert "BIÊN BẢN KIỂM PHIẾU BIỂU QUYẾT NHÂN SỰ" in text and "*\nMẬT | " in text
    assert "TT | Họ và tên | Đồng ý | Không đồng ý |" in text
    # 9 summoned, 7 valid: more than half of 9 is 5.
    assert "1 | Nguyễn Văn An | 5 | 1 | 55,56% | 71,43% | Đạt" in text
    assert "2 | Trần Thị Bình | 3 | 2 | 33,33% | 42,86% | Không đạt" in text
    assert "3 | Lê Quốc Cường | 1 | 2 | 11,11% | 14,29% | Không đạt" in text
    assert "phiếu không đánh dấu ai: 1" in text
    assert "ghi thêm" not in text.lower() and "4. Kết luận" in text
    assert "Các đồng chí sau đây được đồng ý" in text


def test_a_tie_at_the_cutoff_is_left_to_the_body() -> None:
    step = pick_step(rule="top", count=2, ties="needs_decision")
    records = votes_ballots("2", {"p1": 40, "p2": 30, "p3": 30, "p4": 10}, 50)
    text = docx_text(step_minutes_docx(minutes_context(step, records)))
    assert "| 40 | 66,67% | 80,00% | Đạt" in text
    assert "Trần Thị Bình | 30 | 50,00% | 60,00% | Bằng phiếu, chờ quyết định" in text
    assert "Lê Quốc Cường | 30 | 50,00% | 60,00% | Bằng phiếu, chờ quyết định" in text
    assert (
        "Các đồng chí Trần Thị Bình, Lê Quốc Cường bằng phiếu (30 phiếu) ở vị trí cuối cùng; "
        "Hội nghị cán bộ chủ chốt quyết định việc giới thiệu tiếp." in text
    )


def test_the_minutes_repeat_the_table_head_on_each_page() -> None:
    many = tuple(Nominee(id=f"p{i}", name=f"Trần Văn Thử {i}") for i in range(1, 121))
    records = votes_ballots("2", {f"p{i}": i % 50 for i in range(1, 121)}, 55)
    ctx = minutes_context(pick_step(max_ticks=120), records, names=many)
    pages = pdf_pages(step_minutes_pdf(ctx))
    assert len(pages) >= 4
    table = [page for page in pages if re.search(r"^\d+ Trần Văn Thử \d+ ", page, re.MULTILINE)]
    assert len(table) >= 3
    assert all("TT Họ và tên Số phiếu Tỷ lệ trên" in page for page in table)
    document = docx.Document(io.BytesIO(step_minutes_docx(ctx)))
    (results,) = [t for t in document.tables if t.rows[0].cells[0].text == "TT"]
    assert len(results.rows) == 121
    assert results.rows[0]._tr.xpath("./w:trPr/w:tblHeader")


def test_minutes_refuse_a_count_of_another_step_or_list() -> None:
    ctx = worked_minutes()
    other = dataclasses.replace(ctx, step=make_step("3"))
    with pytest.raises(ValueError, match="not of step '3'"):
        step_minutes_document(other)
    with pytest.raises(ValueError, match="another list of names"):
        step_minutes_document(dataclasses.replace(ctx, names=NAMES[:4]))


@settings(max_examples=60, deadline=None)
@given(counted())
def test_the_minutes_table_holds_every_vote_of_the_tally(
    case: tuple[Step, list[Nominee], list[BallotRecord]],
) -> None:
    """For any count: one row per listed name and per written-in person, and the
    votes column adds up to the tally's votes and written-in votes."""
    step, names, records = case
    ctx = minutes_context(step, records, names=tuple(names))
    (table,) = [b for b in step_minutes_document(ctx).blocks if isinstance(b, Table)]
    tally = ctx.tally
    assert len(table.rows) == len(names) + len(tally.write_ins)
    column = table.head.index("Số phiếu")
    total = sum(int(row[column].replace(".", "")) for row in table.rows)
    assert total == sum(v for _, v in tally.votes) + sum(w.votes for w in tally.write_ins)
    statuses = {"Đạt": "passed", "Không đạt": "not_passed"}
    assert [statuses.get(row[-1], "needs_decision") for row in table.rows] == [
        o.status for o in ctx.decision.outcomes
    ]
