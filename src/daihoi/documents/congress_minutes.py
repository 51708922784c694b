"""The congress minutes (biên bản đại hội) and resolution (nghị quyết đại hội).

Pure: plain dataclasses in (:class:`CongressRecord`, what the secretariat
recorded), PDF and DOCX bytes out; no Django. Laid out by :mod:`.layout`, as
the counting minutes: A4, margins 20/20/30/15 mm, a Times-like font at 13 pt,
the issuing body top left over a star, "ĐẢNG CỘNG SẢN VIỆT NAM" underlined
top right over the place and date in italics, the title bold and centred;
page numbers from the second page.

The minutes: who was summoned and present at each sitting, the quorum (as the
engine decided it, passed in), the deductions and the base; the agenda items
in order with their speakers and votes; every procedural vote's figures and
result (decided by the engine, passed in); the sealed elections' results; the
signatures of the secretariat and the presidium. The resolution: what the
congress decided (the votes that passed, the elected), with a paragraph for
the secretariat to complete with the term's targets in the DOCX.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..core.elections.rules import profile_title
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
    "CongressRecord",
    "ElectionRecord",
    "ItemRecord",
    "SittingRecord",
    "VoteRecord",
    "minutes_blocks",
    "render_congress_minutes_docx",
    "render_congress_minutes_pdf",
    "render_resolution_docx",
    "render_resolution_pdf",
    "resolution_blocks",
]

MINUTES_TITLE = "BIÊN BẢN ĐẠI HỘI"
RESOLUTION_TITLE = "NGHỊ QUYẾT"
TO_COMPLETE = (
    "[Đoàn Thư ký hoàn chỉnh: phương hướng, mục tiêu, các chỉ tiêu chủ yếu và nhiệm vụ, "
    "giải pháp của nhiệm kỳ theo Báo cáo chính trị Đại hội đã thông qua.]"
)


@dataclass(frozen=True, slots=True)
class SittingRecord:
    """A sitting and its attendance; ``quorum_met`` and ``least_present`` from the engine."""

    title: str
    day: date
    opened_at: datetime | None
    closed_at: datetime | None
    present: int
    excused: int
    absent: int
    quorum_met: bool
    quorum_share: str  # "2/3"
    least_present: int


@dataclass(frozen=True, slots=True)
class VoteRecord:
    """A procedural vote's figures; ``passed`` and ``base`` as the engine decided them."""

    title: str
    method: str  # "giơ tay", "điện tử"
    secret: bool
    present: int
    agree: int
    disagree: int
    abstain: int
    base: int
    passed: bool


@dataclass(frozen=True, slots=True)
class ItemRecord:
    position: int
    title: str
    started_at: datetime | None
    speakers: tuple[tuple[str, str], ...]  # name, topic
    votes: tuple[VoteRecord, ...]


@dataclass(frozen=True, slots=True)
class ElectionRecord:
    """A sealed election: the elected in order, with votes and percent of the base."""

    title: str
    base: int
    elected: tuple[tuple[str, int, str], ...]
    conclusion: str


@dataclass(frozen=True, slots=True)
class CongressRecord:
    upper_body: str
    convening_body: str
    congress_title: str  # "Đại hội đại biểu Đảng bộ xã Hòa Bình lần thứ I, nhiệm kỳ 2025–2030"
    place: str
    day: date
    venue: str
    members_congress: bool  # a congress of members rather than of delegates
    summoned: int
    deductions: tuple[tuple[str, int], ...]
    base: int
    profile: str
    sittings: tuple[SittingRecord, ...]
    items: tuple[ItemRecord, ...]
    other_votes: tuple[VoteRecord, ...]  # votes not attached to an agenda item
    elections: tuple[ElectionRecord, ...]
    presidium: tuple[str, ...] = ()
    secretariat: tuple[str, ...] = ()


def _pct(n: int, base: int) -> str:
    if base <= 0:
        return "0,00"
    return f"{n * 100 / base:.2f}".replace(".", ",")


def _time(at: datetime | None) -> str:
    return f"{at.hour} giờ {at.minute:02d} phút" if at else "…"


def _who(record: CongressRecord) -> str:
    return "đảng viên" if record.members_congress else "đại biểu"


def _vote_line(v: VoteRecord, *, lead: bool = False) -> str:
    """A vote in one sentence; ``lead``: after "Đại hội biểu quyết", so a title that
    starts with "Biểu quyết" is not said twice ("Đại hội biểu quyết chương trình …")."""
    how = f"{v.method}{', bỏ phiếu kín' if v.secret else ''}"
    title = v.title
    if lead and title.lower().startswith("biểu quyết "):
        title = title[len("biểu quyết ") :]
    result = "thông qua" if v.passed else "không được thông qua"
    return (
        f"{title} ({how}): tán thành {number(v.agree)}/{number(v.base)}, "
        f"đạt {_pct(v.agree, v.base)}%; không tán thành {number(v.disagree)}; "
        f"không biểu quyết {number(v.abstain)}. Kết quả: {result}."
    )


def minutes_blocks(r: CongressRecord) -> list[Block]:
    """The minutes' content as paragraphs and tables."""
    who = _who(r)
    first = r.sittings[0] if r.sittings else None
    where = f", tại {r.venue}" if r.venue else ""
    blocks: list[Block] = [
        Para((Run(MINUTES_TITLE, bold=True),), "title"),
        Para((Run(r.congress_title, bold=True),), "subtitle"),
        Para.body(
            f"Hôm nay, ngày {r.day:%d/%m/%Y}{where}, {r.congress_title} "
            f"khai mạc hồi {_time(first.opened_at if first else None)}."
        ),
        Para.heading(f"I. Số lượng {who} và tính hợp lệ của Đại hội"),
        Para.item(f"Tổng số {who} được triệu tập: {number(r.summoned)}."),
    ]
    if r.deductions:
        blocks.append(Para.item("Trừ khỏi số làm cơ sở tính quá bán:"))
        blocks += [
            Para((Run(f"+ {reason}: {number(n)}"),), "subitem") for reason, n in r.deductions
        ]
    blocks.append(
        Para.item(
            f"Số làm cơ sở tính quá bán: {number(r.base)} "
            f"(quy chế áp dụng: {profile_title(r.profile, 'vi')})."
        )
    )
    for s in r.sittings:
        verdict = (
            f"quá {s.quorum_share} số {who} được triệu tập, Đại hội đủ điều kiện tiến hành"
            if s.quorum_met
            else f"chưa quá {s.quorum_share} số {who} được triệu tập "
            f"(cần ít nhất {number(s.least_present)}), Đại hội chưa đủ điều kiện tiến hành"
        )
        blocks.append(
            Para.item(
                f"{s.title} (ngày {s.day:%d/%m/%Y}): có mặt {number(s.present)}/"
                f"{number(r.summoned)} {who}, đạt {_pct(s.present, r.summoned)}%; vắng có lý do "
                f"{number(s.excused)}, vắng không có lý do {number(s.absent)}; {verdict}."
            )
        )
    blocks.append(Para.heading("II. Diễn biến Đại hội"))
    if not r.items:
        blocks.append(Para.body("(Chưa ghi chương trình Đại hội.)"))
    for item in r.items:
        at = f" (từ {_time(item.started_at)})" if item.started_at else ""
        blocks.append(Para((Run(f"{item.position}. {item.title}{at}", bold=True),), "body"))
        if item.speakers:
            blocks.append(Para.item("Các đồng chí phát biểu:"))
            blocks += [
                Para((Run(f"+ Đồng chí {name}{': ' + topic if topic else ''}."),), "subitem")
                for name, topic in item.speakers
            ]
        blocks += [Para.item(f"Đại hội biểu quyết {_vote_line(v, lead=True)}") for v in item.votes]
    if r.other_votes:
        blocks.append(Para.body("Ngoài ra, Đại hội biểu quyết:"))
        blocks += [Para.item(_vote_line(v)) for v in r.other_votes]
    votes = [v for item in r.items for v in item.votes] + list(r.other_votes)
    if votes:
        blocks.append(Para.heading("III. Kết quả biểu quyết"))
        blocks.append(
            Table(
                head=("TT", "Nội dung", "Tán thành", "Không tán thành", "Không BQ", "Kết quả"),
                rows=tuple(
                    (
                        str(i),
                        v.title,
                        f"{number(v.agree)} ({_pct(v.agree, v.base)}%)",
                        number(v.disagree),
                        number(v.abstain),
                        "Thông qua" if v.passed else "Không thông qua",
                    )
                    for i, v in enumerate(votes, start=1)
                ),
                widths=(10.0, 55.0, 28.0, 22.0, 18.0, 32.0),
                align=("centre", "left", "right", "right", "right", "left"),
            )
        )
    if r.elections:
        blocks.append(Para.heading("IV. Kết quả bầu cử"))
        for e in r.elections:
            blocks.append(Para.body(f"{e.title} (số làm cơ sở tính quá bán: {number(e.base)}):"))
            blocks += [
                Para.item(f"Đồng chí {name}: {number(votes_)} phiếu, đạt {pct}%.")
                for name, votes_, pct in e.elected
            ]
            if e.conclusion:
                blocks.append(Para.body(e.conclusion))
    last = r.sittings[-1] if r.sittings else None
    blocks.append(
        Para.body(
            f"Đại hội bế mạc hồi {_time(last.closed_at if last else None)}"
            f"{f', ngày {last.day:%d/%m/%Y}' if last else ''}. "
            "Biên bản đã được thông qua trước Đại hội."
        )
    )
    return blocks


def resolution_blocks(r: CongressRecord) -> list[Block]:
    """The resolution's content: what the congress decided, from what it voted."""
    votes = [v for item in r.items for v in item.votes] + list(r.other_votes)
    passed = [v for v in votes if v.passed]
    blocks: list[Block] = [
        Para((Run(RESOLUTION_TITLE, bold=True),), "title"),
        Para((Run(r.congress_title, bold=True),), "subtitle"),
        Para.body(
            f"{r.congress_title} họp ngày {r.day:%d/%m/%Y}"
            f"{f', tại {r.venue}' if r.venue else ''}, với {number(r.sittings[-1].present)}/"
            f"{number(r.summoned)} {_who(r)} có mặt,"
            if r.sittings
            else f"{r.congress_title} họp ngày {r.day:%d/%m/%Y},"
        ),
        Para((Run("QUYẾT NGHỊ:", bold=True),), "subtitle"),
    ]
    n = 0
    for v in passed:
        n += 1
        blocks.append(
            Para.body(
                f"{n}. Thông qua: {v.title} (tán thành {number(v.agree)}/{number(v.base)}, "
                f"đạt {_pct(v.agree, v.base)}%)."
            )
        )
    n += 1
    blocks.append(Para.body(f"{n}. {TO_COMPLETE}"))
    for e in r.elections:
        n += 1
        names = ", ".join(name for name, _v, _p in e.elected) or "không có đồng chí nào trúng cử"
        blocks.append(
            Para.body(f"{n}. Thông qua kết quả {e.title[0].lower()}{e.title[1:]}: {names}.")
        )
    n += 1
    blocks.append(
        Para.body(
            f"{n}. Đại hội giao Ban Chấp hành khóa mới lãnh đạo, chỉ đạo tổ chức thực hiện "
            "thắng lợi Nghị quyết này."
        )
    )
    blocks.append(Para.body("Nghị quyết được Đại hội thông qua toàn văn."))
    return blocks


# --- rendering ------------------------------------------------------------------------


def _first(names: tuple[str, ...]) -> str:
    return names[0] if names else ""


def _minutes_doc(r: CongressRecord) -> Document:
    return Document(
        upper_body=r.upper_body.upper(),
        issuing_body=r.convening_body.upper(),
        date_line=header_date(r.place, r.day),
        title=f"{MINUTES_TITLE} – {r.congress_title}",
        blocks=tuple(minutes_blocks(r)),
        signatures=SignatureColumns(
            left=Signer("T/M ĐOÀN THƯ KÝ", _first(r.secretariat)),
            right=Signer("T/M ĐOÀN CHỦ TỊCH", _first(r.presidium)),
        ),
    )


def _resolution_doc(r: CongressRecord) -> Document:
    return Document(
        upper_body=r.upper_body.upper(),
        issuing_body=f"ĐẠI HỘI {r.convening_body.upper()}",
        date_line=header_date(r.place, r.sittings[-1].day if r.sittings else r.day),
        title=f"{RESOLUTION_TITLE} – {r.congress_title}",
        blocks=tuple(resolution_blocks(r)),
        signatures=SignatureColumns(
            left=None,
            right=Signer("T/M ĐOÀN CHỦ TỊCH", _first(r.presidium)),
            recipients=(
                "Nơi nhận:",
                "- Cấp ủy cấp trên trực tiếp,",
                "- Các tổ chức đảng trực thuộc,",
                "- Lưu Văn phòng.",
            ),
        ),
    )


def render_congress_minutes_pdf(record: CongressRecord) -> bytes:
    """The congress minutes as a PDF (A4), signed by the secretariat and the presidium."""
    return render_pdf(_minutes_doc(record))


def render_congress_minutes_docx(record: CongressRecord) -> bytes:
    """The congress minutes as an editable Word document (DOCX, A4)."""
    return render_docx(_minutes_doc(record))


def render_resolution_pdf(record: CongressRecord) -> bytes:
    """The resolution as a PDF (A4), signed for the presidium."""
    return render_pdf(_resolution_doc(record))


def render_resolution_docx(record: CongressRecord) -> bytes:
    """The resolution as an editable Word document (DOCX, A4), to complete with the targets."""
    return render_docx(_resolution_doc(record))
