"""The credentials committee's report (báo cáo thẩm tra tư cách đại biểu).

Pure: a plain dataclass in (:class:`CredentialsRecord`, the figures of the
credentials page and the attendance of the opening sitting), PDF and DOCX
bytes out; no Django. Laid out by :mod:`.layout`, as the congress minutes.

What the committee reads out: those summoned by kind; those present at the
opening sitting and those absent, with the reason when one was recorded; the
structure of the delegates who vote (women, ethnic minorities, age bands with
the youngest and the oldest, ethnicity, education, political theory, years in
the Party); the credentials: those questioned with the committee's note, and
the conclusion — "đủ tư cách đại biểu dự Đại hội" — for the valid ones only.
Percentages with a decimal comma, dates dd/mm/yyyy. Signed for the committee by
its head, the name left blank to sign.
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
    render_pdf,
)

__all__ = [
    "Absence",
    "CredentialsRecord",
    "Questioned",
    "Share",
    "credentials_blocks",
    "render_credentials_report_docx",
    "render_credentials_report_pdf",
]

TITLE = "BÁO CÁO"
SUBJECT = "Thẩm tra tư cách đại biểu"
COMMITTEE = "BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU"
SIGNS = f"T/M {COMMITTEE}\nTRƯỞNG BAN"
#: How the record marks a value no one entered (the credentials page's "—").
UNKNOWN = "—"


@dataclass(frozen=True, slots=True)
class Share:
    """A line of the structure: ``"dưới 30 tuổi"``, 3; the percentage is computed here."""

    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Absence:
    """An official delegate not present at the opening sitting.

    ``excused``: recorded absent with a reason; ``reason`` as recorded (may be
    empty); ``replaced_by``: the alternate in the delegate's place, if any.
    """

    name: str
    excused: bool = False
    reason: str = ""
    replaced_by: str = ""


@dataclass(frozen=True, slots=True)
class Questioned:
    """A delegate whose credential the committee questions, with its note."""

    name: str
    kind: str  # "Đại biểu chính thức"
    note: str


@dataclass(frozen=True, slots=True)
class CredentialsRecord:
    """The figures of the report.

    ``summoned``: official delegates (members, at a congress of members);
    ``sitting``: the opening sitting's title, empty when none has opened yet;
    ``present``: present and voting at it (officials, and alternates in the
    place of an absent official: ``alternates_in_place`` of them);
    ``counted``: the delegates who vote, over whom the structure and the valid
    credentials are counted; ages and years in the Party on ``on``.
    """

    convening_body: str  # "Đảng bộ xã Hòa Bình"
    congress_title: str  # "Đại hội đại biểu Đảng bộ xã Hòa Bình lần thứ I, nhiệm kỳ 2025–2030"
    place: str
    day: date
    members_congress: bool
    summoned: int
    ex_officio: int
    alternates: int
    sitting: str
    sitting_day: date | None
    present: int
    alternates_in_place: int
    absences: tuple[Absence, ...]
    counted: int
    on: date
    women: int
    minorities: int
    ages: tuple[Share, ...]
    youngest: int | None
    oldest: int | None
    unknown_birth: int
    ethnicities: tuple[Share, ...]
    education: tuple[Share, ...]
    theory: tuple[Share, ...]
    party_years: tuple[Share, ...]
    valid: int
    questioned: tuple[Questioned, ...]


def percent(n: int, total: int) -> str:
    """Two decimals, decimal comma: 36,36."""
    if total <= 0:
        return "0,00"
    return f"{n * 100 / total:.2f}".replace(".", ",")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _share(label: str, n: int, total: int) -> str:
    label = "Chưa có thông tin" if label.strip() in ("", UNKNOWN) else _capital(label)
    return f"{label}: {number(n)} đồng chí, chiếm {percent(n, total)}%."


def _group(heading: str, shares: tuple[Share, ...], total: int) -> list[Block]:
    if not shares:
        return []
    lines = [Para((Run(f"+ {_share(s.label, s.count, total)}"),), "subitem") for s in shares]
    return [Para.item(heading), *lines]


def _absence(a: Absence) -> str:
    if a.excused:
        line = f"vắng có lý do: {a.reason}" if a.reason else "vắng có lý do"
    else:
        line = f"vắng: {a.reason}" if a.reason else "vắng"
    instead = f"; đại biểu dự khuyết {a.replaced_by} thay thế" if a.replaced_by else ""
    return f"+ Đồng chí {a.name}: {line}{instead}."


def credentials_blocks(r: CredentialsRecord) -> list[Block]:
    """The report's content as paragraphs and a table."""
    who = "đảng viên" if r.members_congress else "đại biểu"
    blocks: list[Block] = [
        Para((Run(TITLE, bold=True),), "title"),
        Para((Run(f"{SUBJECT} dự {r.congress_title}", bold=True),), "subtitle"),
        Para.body(
            "Căn cứ Điều lệ Đảng và Quy chế làm việc của Đại hội, Ban Thẩm tra tư cách "
            f"đại biểu đã thẩm tra tư cách các {who} được triệu tập dự Đại hội. "
            "Ban Thẩm tra tư cách đại biểu báo cáo Đại hội như sau:"
        ),
        Para.heading(f"I. Số lượng {who} được triệu tập và có mặt"),
    ]
    summoned = f"Tổng số {who} chính thức được triệu tập: {number(r.summoned)} đồng chí"
    if r.ex_officio:
        summoned += f", trong đó {number(r.ex_officio)} đại biểu đương nhiên"
    blocks.append(Para.item(f"{summoned}."))
    if r.alternates:
        blocks.append(Para.item(f"Đại biểu dự khuyết: {number(r.alternates)} đồng chí."))
    if not r.sitting:
        blocks.append(Para.item(f"Đại hội chưa khai mạc phiên họp nào: chưa có số {who} có mặt."))
    else:
        on = f" (ngày {r.sitting_day:%d/%m/%Y})" if r.sitting_day else ""
        instead = (
            f", kể cả {number(r.alternates_in_place)} đại biểu dự khuyết thay thế "
            "đại biểu chính thức vắng mặt"
            if r.alternates_in_place
            else ""
        )
        blocks.append(
            Para.item(
                f"Có mặt tại {r.sitting}{on}: {number(r.present)}/{number(r.summoned)} {who}, "
                f"đạt {percent(r.present, r.summoned)}%{instead}."
            )
        )
        if r.absences:
            excused = sum(1 for a in r.absences if a.excused)
            detail = f" ({number(excused)} đồng chí có lý do)" if excused else ""
            blocks.append(Para.item(f"Vắng mặt: {number(len(r.absences))} đồng chí{detail}:"))
            blocks += [Para((Run(_absence(a)),), "subitem") for a in r.absences]
        else:
            blocks.append(Para.item(f"Không có {who} chính thức vắng mặt."))

    n = r.counted
    blocks.append(Para.heading(f"II. Cơ cấu {who}"))
    blocks.append(
        Para.body(
            f"Tính trên {number(n)} {who} có quyền biểu quyết (tuổi đời, tuổi đảng tính đến "
            f"ngày {r.on:%d/%m/%Y}):"
        )
    )
    if n == 0:
        blocks.append(Para.item(f"Chưa có {who} trong danh sách."))
    else:
        blocks += [
            Para.item(_share("Nữ", r.women, n)),
            Para.item(_share("Dân tộc thiểu số", r.minorities, n)),
        ]
        blocks += _group("Về độ tuổi:", r.ages, n)
        if r.youngest is not None and r.oldest is not None:
            blocks.append(
                Para.item(
                    f"{_capital(who)} trẻ tuổi nhất: {r.youngest} tuổi; "
                    f"cao tuổi nhất: {r.oldest} tuổi."
                )
            )
        if r.unknown_birth:
            blocks.append(
                Para.item(f"Chưa có thông tin ngày sinh: {number(r.unknown_birth)} đồng chí.")
            )
        blocks += _group("Về dân tộc:", r.ethnicities, n)
        blocks += _group("Về trình độ chuyên môn:", r.education, n)
        blocks += _group("Về trình độ lý luận chính trị:", r.theory, n)
        blocks += _group("Về tuổi đảng:", r.party_years, n)

    blocks.append(Para.heading("III. Kết quả thẩm tra tư cách đại biểu"))
    if r.questioned:
        blocks.append(
            Para.body(
                f"Ban Thẩm tra tư cách đại biểu đang xem xét tư cách của "
                f"{number(len(r.questioned))} đồng chí:"
            )
        )
        blocks.append(
            Table(
                head=("TT", "Họ và tên", "Loại đại biểu", "Nội dung xem xét"),
                rows=tuple(
                    (str(i), q.name, q.kind, q.note or "(chưa ghi nội dung)")
                    for i, q in enumerate(r.questioned, start=1)
                ),
                widths=(10.0, 45.0, 35.0, 75.0),
                align=("centre", "left", "left", "left"),
            )
        )
        blocks.append(
            Para.body(
                "Ban Thẩm tra tư cách đại biểu báo cáo để Đại hội xem xét, quyết định "
                "đối với các trường hợp trên."
            )
        )
    if r.valid:
        blocks.append(
            Para.body(
                f"Qua thẩm tra, Ban Thẩm tra tư cách đại biểu kết luận: {number(r.valid)} "
                f"đồng chí {who} có quyền biểu quyết đủ tư cách đại biểu dự Đại hội."
            )
        )
    else:
        blocks.append(Para.body(f"Chưa có {who} nào được kết luận đủ tư cách đại biểu."))
    blocks.append(
        Para.body(
            "Trên đây là báo cáo kết quả thẩm tra tư cách đại biểu, "
            "Ban Thẩm tra tư cách đại biểu trân trọng báo cáo Đại hội."
        )
    )
    return blocks


def _document(r: CredentialsRecord) -> Document:
    return Document(
        upper_body=r.convening_body.upper(),
        issuing_body=COMMITTEE,
        date_line=header_date(r.place, r.day),
        title=f"Báo cáo thẩm tra tư cách đại biểu – {r.congress_title}",
        blocks=tuple(credentials_blocks(r)),
        signatures=SignatureColumns(left=None, right=Signer(SIGNS)),
    )


def render_credentials_report_pdf(record: CredentialsRecord) -> bytes:
    """The report as a PDF (A4), to read out and sign for the committee."""
    return render_pdf(_document(record))


def render_credentials_report_docx(record: CredentialsRecord) -> bytes:
    """The report as an editable Word document (DOCX, A4)."""
    return render_docx(_document(record))
