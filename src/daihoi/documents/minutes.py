"""The counting minutes (biên bản kiểm phiếu): PDF to sign, DOCX to edit.

One content, two renderings: :func:`minutes_document` turns the definition,
the engine's :class:`Result` and a :class:`MinutesContext` into paragraphs
and tables (pure data); :func:`render_minutes_pdf` and
:func:`render_minutes_docx` lay them out in the Party's document layout
(:mod:`.layout`): A4, the upper body over the issuing body and a star top
left, "ĐẢNG CỘNG SẢN VIỆT NAM" over the place and date top right, the title
"BIÊN BẢN KIỂM PHIẾU" in bold, centred, the election's title under it. The
counting committee signs at the foot, the head on the right, the other
members on the left.

Content: when and where; the counting committee and its roles; the rules
profile and the values used; those summoned, each deduction with its reason
and count, the base and the threshold ("quá một nửa"); ballots issued,
collected, valid, invalid by reason; every candidate's votes and percent of
the base in result order; the elected in order; the outcome and the next
step; remarks; the signatures of the head and of the other members.
Numbers use "." between thousands (2.000), percents a decimal comma (the
engine's strings), dates dd/mm/yyyy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ..core.elections.ballot_order import ballot_lines
from ..core.elections.model import ElectionDefinition, NextStep, Result
from ..core.elections.rules import profile_title
from . import labels
from .layout import (
    Block,
    CommitteeSignatures,
    Document,
    Look,
    Para,
    Run,
    Table,
    header_date,
    number,
    render_docx,
    render_pdf,
)

__all__ = [
    "LOOK",
    "Block",
    "CountingMember",
    "Minutes",
    "MinutesContext",
    "Para",
    "Role",
    "Run",
    "Table",
    "header_date",
    "minutes_document",
    "number",
    "render_minutes_docx",
    "render_minutes_pdf",
]

Role = Literal["head", "deputy", "member"]
_ROLE_ORDER: dict[str, int] = {"head": 0, "deputy": 1, "member": 2}

TITLE = "BIÊN BẢN KIỂM PHIẾU"
HEAD_SIGNS = "TRƯỞNG BAN KIỂM PHIẾU"
MEMBERS_SIGN = "CÁC THÀNH VIÊN BAN KIỂM PHIẾU"
#: A figure the minutes must state but nobody recorded: dots to write it on.
BLANK_FIGURE = "…………"


@dataclass(frozen=True, slots=True)
class CountingMember:
    """A member of the counting committee (ban kiểm phiếu) and their role."""

    name: str
    role: Role


@dataclass(frozen=True, slots=True)
class MinutesContext:
    """What the minutes say that the election and its result do not.

    ``upper_body``: the body above the issuing one (``"ĐẢNG BỘ TỈNH PHÚ
    THỌ"``); ``convening_body``: the issuing body (``"ĐẢNG BỘ XÃ HÒA BÌNH"``
    or ``"ĐẠI HỘI ĐẠI BIỂU LẦN THỨ I"``), both printed in capitals;
    ``congress_title``: the congress as the text names it (``"Đại hội đại
    biểu Đảng bộ xã Hòa Bình lần thứ I, nhiệm kỳ 2025–2030"``); ``place``:
    the place name of the date line; ``counted_at``: when the count was
    made; ``venue``: where (optional); ``remarks``: other matters the
    committee records (optional).
    """

    upper_body: str
    convening_body: str
    congress_title: str
    place: str
    counted_at: datetime
    members: tuple[CountingMember, ...]
    venue: str | None = None
    remarks: str | None = None


@dataclass(frozen=True, slots=True)
class Minutes:
    """The minutes as data: header, blocks in order, the signatures."""

    upper_body: str
    issuing_body: str
    date_line: str
    blocks: tuple[Block, ...]
    head: str | None
    members: tuple[str, ...]
    title: str


# --- formatting -----------------------------------------------------------------


def _caps(text: str) -> str:
    return text.strip().upper()


# --- content --------------------------------------------------------------------


def minutes_document(
    definition: ElectionDefinition, result: Result, context: MinutesContext
) -> Minutes:
    """The minutes' content; ``result`` must be this definition's."""
    if result.election != definition.id:
        raise ValueError(f"result of {result.election!r}, not of {definition.id!r}")
    return _Builder(definition, result, context).build()


class _Builder:
    def __init__(self, d: ElectionDefinition, r: Result, ctx: MinutesContext) -> None:
        self.d, self.r, self.ctx = d, r, ctx
        lines = ballot_lines(d.candidates, d.rules.order)
        self.notes = {
            ln.candidate.id: ln.candidate.note
            for ln in lines
            if ln.distinguish and ln.candidate.note
        }
        self.rows = {c.id: c for c in r.candidates}

    def name(self, candidate_id: str) -> str:
        name = self.rows[candidate_id].name
        note = self.notes.get(candidate_id)
        return f"{name} ({note})" if note else name

    def listing(self, ids: Sequence[str]) -> str:
        return ", ".join(self.name(i) for i in ids) or labels.text("nobody")

    def build(self) -> Minutes:
        blocks: list[Block] = [
            Para((Run(TITLE, bold=True),), "title"),
            Para((Run(self.d.title, bold=True),), "subtitle"),
        ]
        if self.d.round > 1:
            blocks.append(Para((Run(f"(Lần bỏ phiếu thứ {self.d.round})", italic=True),), "round"))
        blocks += self.opening()
        blocks += self.rules()
        blocks += self.electorate()
        blocks += self.ballots()
        blocks += self.table()
        blocks += self.elected()
        blocks += self.conclusion()
        members = sorted(self.ctx.members, key=lambda m: _ROLE_ORDER[m.role])
        head = next((m.name for m in members if m.role == "head"), None)
        others = tuple(m.name for m in members if m.role != "head")
        return Minutes(
            upper_body=_caps(self.ctx.upper_body),
            issuing_body=_caps(self.ctx.convening_body),
            date_line=header_date(self.ctx.place, self.ctx.counted_at.date()),
            blocks=tuple(blocks),
            head=head,
            members=others,
            title=f"{TITLE} – {self.d.title}",
        )

    def opening(self) -> list[Block]:
        at = self.ctx.counted_at
        where = f", tại {self.ctx.venue}" if self.ctx.venue else ""
        blocks: list[Block] = [
            Para.body(
                f"Hôm nay, hồi {at.hour} giờ {at.minute:02d} phút, ngày {at:%d/%m/%Y}{where}, "
                f"{self.ctx.congress_title} tiến hành bỏ phiếu kín: {self.d.title}."
            ),
            Para.body("Ban kiểm phiếu do Đại hội bầu gồm các đồng chí:"),
        ]
        members = sorted(self.ctx.members, key=lambda m: _ROLE_ORDER[m.role])
        blocks += [
            Para((Run(f"{i}. Đồng chí {m.name} – {labels.ROLES[m.role]}."),), "item")
            for i, m in enumerate(members, start=1)
        ]
        blocks.append(
            Para.body(
                "Sau khi kiểm phiếu theo đúng Quy chế bầu cử trong Đảng, "
                "Ban kiểm phiếu lập biên bản như sau:"
            )
        )
        return blocks

    def rules(self) -> list[Block]:
        d, r = self.d, self.r
        rules = dict(r.rules)
        blocks: list[Block] = [Para.heading("1. Số lượng, danh sách bầu cử và quy chế áp dụng")]
        blocks.append(Para.item(labels.text("seats", n=number(r.seats))))
        if d.alternate_seats:
            blocks.append(Para.item(labels.text("alternate_seats", n=number(d.alternate_seats))))
        blocks.append(Para.item(f"Số người trong danh sách bầu cử: {number(len(d.candidates))}"))
        blocks.append(Para.item(f"Hình thức phiếu bầu: {labels.FORMS[d.form]}"))
        blocks.append(Para.item(labels.text("profile", profile=profile_title(r.profile, "vi"))))
        blocks.append(
            Para.item(labels.text("base_rule", base=labels.base_label(str(rules["base"]))))
        )
        blocks.append(Para.item(labels.text("tie_rule", tie=labels.tie_label(str(rules["tie"])))))
        codes = rules.get("invalid_codes")
        if isinstance(codes, tuple):
            reasons = "; ".join(labels.invalid_label(code) for code in codes) or "không có"
            blocks.append(Para.item(f"Các trường hợp phiếu không hợp lệ: {reasons}"))
        order = rules.get("order")
        if isinstance(order, str):
            blocks.append(Para.item(f"Thứ tự tên trên phiếu: {labels.ORDERS.get(order, order)}"))
        alternates = rules.get("alternates")
        if isinstance(alternates, str) and d.kind in ("delegation", "delegation_alternate"):
            mode = labels.ALTERNATES.get(alternates, alternates)
            blocks.append(Para.item(f"Đại biểu dự khuyết: {mode}"))
        if d.kind in ("delegation", "delegation_alternate"):
            required = rules.get("required_rounds")
            most = rules.get("max_rounds")
            if isinstance(required, int):
                blocks.append(
                    Para.item(f"Số vòng bầu theo quy chế khi chưa đủ số lượng: {required}")
                )
            blocks.append(
                Para.item(
                    "Số vòng bầu tối đa: "
                    + (str(most) if isinstance(most, int) else "không giới hạn")
                )
            )
        return blocks

    def electorate(self) -> list[Block]:
        e, r = self.d.electorate, self.r
        blocks: list[Block] = [Para.heading("2. Số người có quyền bầu cử và mức quá một nửa")]
        if dict(r.rules)["base"] == "summoned_minus_deductions":
            key = "summoned_delegates" if e.congress == "delegates" else "summoned_members"
            blocks.append(Para.item(labels.text(key, n=number(e.summoned))))
            if e.deductions:
                blocks.append(Para.item(labels.text("deducted")))
                blocks += [
                    Para((Run(f"+ {x.reason}: {number(x.count)}"),), "subitem")
                    for x in e.deductions
                ]
            blocks.append(Para.item(labels.text("base", n=number(r.base))))
        else:
            base = labels.base_label(str(dict(r.rules)["base"]))
            blocks.append(Para.item(f"{labels.text('base', n=number(r.base))} ({base})"))
        blocks.append(Para.item(labels.text("threshold", n=number(r.threshold))))
        return blocks

    def ballots(self) -> list[Block]:
        d, b = self.d, self.r.ballots
        blocks: list[Block] = [Para.heading("3. Số phiếu")]
        # Always printed: a figure not recorded is left as dots for the committee to fill in.
        issued = number(d.ballots_issued) if d.ballots_issued is not None else BLANK_FIGURE
        blocks.append(Para.item(labels.text("issued", n=issued)))
        blocks.append(Para.item(labels.text("collected", n=number(b.collected))))
        blocks.append(Para.item(labels.text("valid", n=number(b.valid))))
        blocks.append(Para.item(labels.text("invalid", n=number(b.invalid))))
        blocks += [
            Para((Run(f"+ {labels.invalid_label(code)}: {number(n)}"),), "subitem")
            for code, n in b.invalid_by_reason
        ]
        return blocks

    def table(self) -> list[Block]:
        r = self.r
        head = (
            "TT",
            labels.text("col_name"),
            labels.text("col_votes"),
            "Tỷ lệ (%)",
            labels.text("col_status"),
        )
        rows = tuple(
            (
                str(i),
                self.name(c.id),
                number(c.votes),
                f"{c.percent}%",
                labels.status_label(c.status),
            )
            for i, c in enumerate(r.candidates, start=1)
        )
        return [
            Para.heading("4. Kết quả kiểm phiếu"),
            Para.body(
                "Số phiếu bầu cho từng người, xếp theo số phiếu từ cao đến thấp; tỷ lệ tính "
                f"trên số làm cơ sở tính quá bán ({number(r.base)}):"
            ),
            Table(
                head=head,
                rows=rows,
                widths=(11.0, 66.0, 22.0, 24.0, 42.0),
                align=("centre", "left", "right", "right", "left"),
            ),
        ]

    def elected(self) -> list[Block]:
        r = self.r
        blocks: list[Block] = [Para.heading("5. Người trúng cử")]
        blocks += self.elected_list(r.elected, "các đồng chí sau đây trúng cử")
        if r.alternates is not None:
            blocks.append(Para.body(labels.text("alternates_heading")))
            lead = "các đồng chí sau đây trúng cử dự khuyết"
            blocks += self.elected_list(r.alternates.elected, lead)
        return blocks

    def elected_list(self, ids: Sequence[str], lead: str) -> list[Block]:
        if not ids:
            return [Para.body("Không có đồng chí nào trúng cử.")]
        blocks: list[Block] = [
            Para.body(f"Căn cứ kết quả kiểm phiếu, {lead} (xếp theo số phiếu từ cao đến thấp):")
        ]
        for i, candidate_id in enumerate(ids, start=1):
            c = self.rows[candidate_id]
            text = f"{i}. Đồng chí {self.name(c.id)}: {number(c.votes)} phiếu, đạt {c.percent}%."
            blocks.append(Para((Run(text),), "item"))
        return blocks

    def conclusion(self) -> list[Block]:
        r = self.r
        blocks: list[Block] = [Para.heading("6. Kết luận")]
        blocks += self.state(r.outcome, r.tied, r.seats - r.seats_filled, r.next)
        a = r.alternates
        if a is not None:
            blocks.append(Para.body(labels.text("alternates_heading")))
            blocks += self.state(a.outcome, a.tied, a.seats - a.seats_filled, a.next)
        if self.ctx.remarks and self.ctx.remarks.strip():
            blocks.append(Para.heading("7. Ý kiến khác"))
            blocks += [
                Para.body(p.strip()) for p in self.ctx.remarks.strip().split("\n") if p.strip()
            ]
        blocks.append(
            Para.body(
                "Biên bản này được Ban kiểm phiếu thông qua, ký tên và công bố trước Đại hội."
            )
        )
        return blocks

    def state(
        self, outcome: str, tied: Sequence[str], short: int, step: NextStep | None
    ) -> list[Block]:
        if outcome == "tie":
            votes = self.rows[tied[0]].votes
            seats = step.seats if step else 0
            line = labels.text("tie", names=self.listing(tied), votes=number(votes), seats=seats)
        else:
            line = labels.text(outcome, seats=short)
        blocks: list[Block] = [Para.body(line)]
        if step is not None:
            text = labels.text(
                f"next_{step.action}", names=self.listing(step.candidates), seats=step.seats
            )
            if step.alternate_seats:
                text += labels.text("next_alternates", n=step.alternate_seats)
            blocks.append(Para.body(text))
        return blocks


# --- rendering ------------------------------------------------------------------------

#: The counting minutes' own measures (the nomination step's minutes share
#: them): see :class:`Look` for each.
LOOK = Look(
    cell_size=12.0,
    sign_space=16.0,
    subtitle_space_after=2.0,
    justify_items=False,
    fit_cells=True,
    repeat_head=True,
    title_space_after=0.0,
)


def _document(minutes: Minutes) -> Document:
    return Document(
        upper_body=minutes.upper_body,
        issuing_body=minutes.issuing_body,
        date_line=minutes.date_line,
        title=minutes.title,
        subject=TITLE,
        blocks=minutes.blocks,
        signatures=CommitteeSignatures(
            members_title=MEMBERS_SIGN,
            head_title=HEAD_SIGNS,
            head=minutes.head,
            members=minutes.members,
        ),
    )


def render_minutes_pdf(
    definition: ElectionDefinition, result: Result, context: MinutesContext
) -> bytes:
    """The minutes as a PDF (A4), ready to print and sign."""
    return render_pdf(_document(minutes_document(definition, result, context)), LOOK)


def render_minutes_docx(
    definition: ElectionDefinition, result: Result, context: MinutesContext
) -> bytes:
    """The minutes as an editable Word document (DOCX, A4)."""
    return render_docx(_document(minutes_document(definition, result, context)), LOOK)
