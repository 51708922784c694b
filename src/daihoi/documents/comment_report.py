"""The comment report (báo cáo tổng hợp ý kiến góp ý dự thảo văn kiện): PDF and DOCX.

Pure: a :class:`CommentReport` in (what the documents subcommittee gathered,
plain data), bytes out; no Django. Laid out by :mod:`.layout`, as the
congress minutes (:mod:`.congress_minutes`): A4, the Party's header,
the title bold and centred, 13 pt body, numbers with "." between thousands,
dates dd/mm/yyyy.

Content: the draft, the version and the round (who was invited, from when to
when); the totals (comments, units, how many accepted, partly accepted,
explained, noted, not yet handled); then section by section: its counts,
its topics (each with its count, its representative comments and the units
behind it, the comments sent by many units as one), and the comments with
their answers (at most :attr:`CommentReport.answers_per_section` per
section; the full list is in the Excel export).
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
    "AnswerLine",
    "CommentReport",
    "SectionReport",
    "TopicLine",
    "render_comment_report_docx",
    "render_comment_report_pdf",
    "report_blocks",
]

HANDLING = (
    ("accepted", "Tiếp thu"),
    ("partly", "Tiếp thu một phần"),
    ("explained", "Giải trình"),
    ("noted", "Ghi nhận"),
    ("", "Chưa xử lý"),
)


@dataclass(frozen=True, slots=True)
class TopicLine:
    label: str
    count: int
    representatives: tuple[str, ...]  # comment texts
    units: tuple[tuple[str, int], ...]  # (unit name, comments), most first
    units_count: int
    duplicates: tuple[tuple[str, int, int], ...] = ()  # (text, comments, units) sent by many


@dataclass(frozen=True, slots=True)
class AnswerLine:
    paragraph: int
    unit: str
    text: str
    handling: str  # a key of HANDLING
    answer: str
    change: str  # "đoạn 12, bản 2" or ""


@dataclass(frozen=True, slots=True)
class SectionReport:
    title: str
    counts: dict[str, int]  # handling → comments
    topics: tuple[TopicLine, ...]
    answers: tuple[AnswerLine, ...]
    answers_total: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class CommentReport:
    upper_body: str
    issuing_body: str
    place: str
    day: date
    draft_title: str
    version: int
    round_title: str
    scope: str
    opens_on: date
    closes_on: date
    units: int
    sections: tuple[SectionReport, ...]
    answers_per_section: int = 200


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _pct(n: int, total: int) -> str:
    if not total:
        return "0%"
    return f"{100 * n / total:.1f}%".replace(".", ",")


def _short(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def report_blocks(r: CommentReport) -> list[Block]:
    totals = {key: sum(s.counts.get(key, 0) for s in r.sections) for key, _ in HANDLING}
    total = sum(totals.values())
    labels = dict(HANDLING)
    blocks: list[Block] = [
        Para((Run("BÁO CÁO", bold=True),), "title"),
        Para((Run("Tổng hợp ý kiến góp ý dự thảo văn kiện", bold=True),), "subtitle"),
        Para((Run(r.draft_title, italic=True),), "round"),
        Para.heading("I. TÌNH HÌNH GÓP Ý"),
        Para.body(
            f"Thực hiện {r.round_title}, dự thảo (bản số {r.version}) được gửi xin ý kiến "
            f"{r.scope} từ ngày {_d(r.opens_on)} đến ngày {_d(r.closes_on)}. Tiểu ban Văn kiện "
            f"đã nhận {number(total)} ý kiến của {number(r.units)} đơn vị và đảng viên."
        ),
        Table(
            head=("Cách xử lý", "Số ý kiến", "Tỷ lệ"),
            rows=(
                *(
                    (label, number(totals[key]), _pct(totals[key], total))
                    for key, label in HANDLING
                ),
                ("Tổng cộng", number(total), "100%" if total else "0%"),
            ),
            widths=(90.0, 35.0, 35.0),
            align=("left", "right", "right"),
        ),
        Para.heading("II. TỔNG HỢP Ý KIẾN THEO TỪNG PHẦN CỦA DỰ THẢO"),
    ]
    for i, s in enumerate(r.sections, start=1):
        blocks.append(Para.heading(f"{i}. {s.title or 'Phần mở đầu'}"))
        handled = s.total - s.counts.get("", 0)
        blocks.append(
            Para.body(
                f"Có {number(s.total)} ý kiến; đã xử lý {number(handled)} "
                f"({_pct(handled, s.total)}): "
                + "; ".join(
                    f"{labels[key].lower()} {number(s.counts.get(key, 0))}"
                    for key, _ in HANDLING
                    if key
                )
                + "."
            )
        )
        for j, t in enumerate(s.topics, start=1):
            units = ", ".join(f"{name} ({number(n)})" for name, n in t.units[:8])
            more = t.units_count - min(len(t.units), 8)
            if more > 0:
                units += f" và {number(more)} đơn vị khác" if units else f"{number(more)} đơn vị"
            blocks.append(
                Para(
                    (
                        Run(f"Nhóm ý kiến {i}.{j}", bold=True),
                        Run(f" ({t.label}): " if t.label else ": "),
                        Run(f"{number(t.count)} ý kiến, của {units or 'đảng viên'}."),
                    ),
                    "item",
                )
            )
            for text in t.representatives:
                blocks.append(Para((Run(f"«{_short(text)}»", italic=True),), "subitem"))
            for text, n, n_units in t.duplicates[:3]:
                blocks.append(
                    Para(
                        (
                            Run(
                                f"Ý kiến gửi trùng hoặc gần trùng: {number(n)} lần, "
                                f"từ {number(n_units)} đơn vị: «{_short(text, 200)}»"
                            ),
                        ),
                        "subitem",
                    )
                )
        if s.answers:
            blocks.append(
                Table(
                    head=("Đoạn", "Đơn vị", "Ý kiến", "Xử lý", "Trả lời, giải trình"),
                    rows=tuple(
                        (
                            str(a.paragraph),
                            a.unit,
                            _short(a.text, 300),
                            labels.get(a.handling, a.handling),
                            (_short(a.answer, 300) + (f" ({a.change})" if a.change else "")),
                        )
                        for a in s.answers
                    ),
                    widths=(12.0, 28.0, 55.0, 22.0, 48.0),
                    align=("right", "left", "left", "left", "left"),
                )
            )
            if s.answers_total > len(s.answers):
                blocks.append(
                    Para.item(
                        f"Phần này còn {number(s.answers_total - len(s.answers))} ý kiến khác, "
                        "xem bảng tổng hợp đầy đủ (tệp Excel)."
                    )
                )
    blocks.append(Para.heading("III. KIẾN NGHỊ"))
    blocks.append(
        Para.body(
            "Tiểu ban Văn kiện tiếp tục tiếp thu, hoàn thiện dự thảo và báo cáo cấp ủy "
            "những ý kiến chưa được xử lý."
        )
    )
    return blocks


def _doc(r: CommentReport) -> Document:
    return Document(
        upper_body=r.upper_body.upper(),
        issuing_body=r.issuing_body.upper(),
        date_line=header_date(r.place, r.day),
        title=f"Báo cáo tổng hợp ý kiến – {r.draft_title}",
        blocks=tuple(report_blocks(r)),
        signatures=SignatureColumns(
            left=None,
            right=Signer("T/M TIỂU BAN VĂN KIỆN"),
            recipients=("Nơi nhận:", "- Ban Chấp hành,", "- Lưu Tiểu ban Văn kiện."),
        ),
    )


def render_comment_report_pdf(report: CommentReport) -> bytes:
    """The comment report as a PDF (A4), signed for the documents subcommittee."""
    return render_pdf(_doc(report))


def render_comment_report_docx(report: CommentReport) -> bytes:
    """The comment report as an editable Word document (DOCX, A4)."""
    return render_docx(_doc(report))
