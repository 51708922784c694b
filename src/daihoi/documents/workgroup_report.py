"""A working group's report (báo cáo của đoàn, tổ công tác): DOCX.

Pure: a :class:`GroupReport` in (plain data), bytes out; no Django. Laid out by
:mod:`.layout` in the Party's layout (A4, the header with the committee, the
title bold and centred, 13 pt body, dates dd/mm/yyyy). Content: the group and
its members; the units it follows; its visits, each with notes and findings;
its recommendations, each with its deadline, the unit's answer and its state
(done, answered, open, and how many days late); the attendance at the
followed units' congresses, pilot congresses first; signed for the group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .layout import (
    Block,
    Document,
    Para,
    Run,
    SignatureColumns,
    Signer,
    Table,
    header_date,
    number,
    render_docx,
)

__all__ = [
    "AttendanceLine",
    "GroupReport",
    "MemberLine",
    "RecommendationLine",
    "VisitLine",
    "render_group_report_docx",
]

STATES = {"open": "Chưa trả lời", "answered": "Đơn vị đã trả lời", "done": "Đã hoàn thành"}


@dataclass(frozen=True, slots=True)
class MemberLine:
    name: str
    post: str


@dataclass(frozen=True, slots=True)
class VisitLine:
    unit: str
    day: date
    notes: str
    findings: str


@dataclass(frozen=True, slots=True)
class RecommendationLine:
    unit: str
    text: str
    deadline: date
    state: str  # a key of STATES
    answer: str
    answered_on: date | None
    days_late: int


@dataclass(frozen=True, slots=True)
class AttendanceLine:
    unit: str
    pilot: bool
    day: date | None
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GroupReport:
    upper_body: str
    committee: str
    place: str
    day: date
    name: str
    note: str
    members: tuple[MemberLine, ...]
    units: tuple[str, ...]
    visits: tuple[VisitLine, ...]
    recommendations: tuple[RecommendationLine, ...]
    attendance: tuple[AttendanceLine, ...]


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def report_blocks(r: GroupReport) -> list[Block]:
    counts = {key: sum(1 for x in r.recommendations if x.state == key) for key in STATES}
    late = sum(1 for x in r.recommendations if x.days_late)
    blocks: list[Block] = [
        Para((Run("BÁO CÁO", bold=True),), "title"),
        Para((Run(f"Kết quả hoạt động của {r.name}", bold=True),), "subtitle"),
        Para((Run(f"(đến ngày {_d(r.day)})", italic=True),), "round"),
        Para.heading("I. THÀNH VIÊN VÀ ĐỊA BÀN PHỤ TRÁCH"),
    ]
    if r.note:
        blocks.append(Para.body(r.note))
    blocks.append(Para.body(f"{r.name} gồm {number(len(r.members))} thành viên:"))
    blocks.append(
        Table(
            head=("STT", "Họ và tên", "Chức vụ"),
            rows=tuple((str(i), m.name, m.post) for i, m in enumerate(r.members, start=1)),
            widths=(15.0, 70.0, 80.0),
            align=("right", "left", "left"),
        )
    )
    blocks.append(
        Para.body(
            f"Đoàn theo dõi, giúp đỡ {number(len(r.units))} đơn vị: " + "; ".join(r.units) + "."
        )
        if r.units
        else Para.body("Đoàn chưa được phân công theo dõi đơn vị nào.")
    )
    blocks.append(Para.heading("II. CÁC CHUYẾN LÀM VIỆC VỚI CƠ SỞ"))
    if not r.visits:
        blocks.append(Para.body("Đoàn chưa làm việc với đơn vị nào."))
    for i, v in enumerate(r.visits, start=1):
        blocks.append(Para((Run(f"{i}. {v.unit}, ngày {_d(v.day)}", bold=True),), "item"))
        if v.notes:
            blocks.append(Para((Run("Nội dung làm việc: ", italic=True), Run(v.notes)), "subitem"))
        if v.findings:
            blocks.append(
                Para((Run("Nhận xét, đánh giá: ", italic=True), Run(v.findings)), "subitem")
            )
    blocks.append(Para.heading("III. KIẾN NGHỊ VÀ KẾT QUẢ THỰC HIỆN"))
    blocks.append(
        Para.body(
            f"Đoàn đã nêu {number(len(r.recommendations))} kiến nghị: "
            f"đã hoàn thành {number(counts['done'])}, đơn vị đã trả lời chờ đoàn xem xét "
            f"{number(counts['answered'])}, chưa trả lời {number(counts['open'])}; "
            f"quá hạn chưa hoàn thành {number(late)}."
        )
    )
    if r.recommendations:
        blocks.append(
            Table(
                head=("STT", "Đơn vị", "Kiến nghị", "Hạn", "Trả lời của đơn vị", "Tình trạng"),
                rows=tuple(
                    (
                        str(i),
                        x.unit,
                        x.text,
                        _d(x.deadline),
                        (f"{x.answer} ({_d(x.answered_on)})" if x.answer else ""),
                        STATES[x.state] + (f", quá hạn {x.days_late} ngày" if x.days_late else ""),
                    )
                    for i, x in enumerate(r.recommendations, start=1)
                ),
                widths=(10.0, 28.0, 45.0, 20.0, 40.0, 22.0),
                align=("right", "left", "left", "left", "left", "left"),
            )
        )
    blocks.append(Para.heading("IV. DỰ ĐẠI HỘI CỦA CÁC ĐƠN VỊ"))
    if r.attendance:
        blocks.append(
            Table(
                head=("STT", "Đại hội", "Ngày", "Thành viên dự"),
                rows=tuple(
                    (
                        str(i),
                        a.unit + (" (đại hội điểm)" if a.pilot else ""),
                        _d(a.day),
                        ", ".join(a.members) or "Chưa phân công",
                    )
                    for i, a in enumerate(r.attendance, start=1)
                ),
                widths=(10.0, 70.0, 25.0, 60.0),
                align=("right", "left", "left", "left"),
            )
        )
    else:
        blocks.append(Para.body("Các đơn vị đoàn theo dõi chưa lập đại hội nhiệm kỳ này."))
    return blocks


def _doc(r: GroupReport) -> Document:
    return Document(
        upper_body=r.upper_body.upper(),
        issuing_body=r.committee.upper(),
        date_line=header_date(r.place, r.day),
        title=f"Báo cáo của {r.name}",
        blocks=tuple(report_blocks(r)),
        signatures=SignatureColumns(
            left=None,
            right=Signer(f"T/M {r.name.upper()}"),
            recipients=("Nơi nhận:", "- Ban Thường vụ,", "- Lưu Văn phòng."),
        ),
    )


def render_group_report_docx(report: GroupReport) -> bytes:
    """The group's report as an editable Word document (DOCX, A4)."""
    return render_docx(_doc(report))
