"""The nomination step's ballot and counting minutes (docs/nomination.md, "Documents").

Pure: plain values in (:class:`StepBallotContext`, :class:`StepMinutesContext`,
holding the engine's ``Step``, ``Nominee``, ``Tally`` and ``Decision``),
PDF and DOCX bytes out, through the Party's document layout (:mod:`.layout`)
as the election's counting minutes (:mod:`.minutes`) are: the content is
worded once as a layout :class:`~.layout.Document`
(:func:`step_ballot_document`, :func:`step_minutes_document`) and rendered
as a PDF, or as a DOCX for the minutes.

Both documents are confidential: the header carries the secrecy mark
(:data:`~.layout.SECRET`) under the star.

The ballot (phiếu giới thiệu nhân sự for a ``pick`` step, phiếu biểu quyết
for an ``approve`` step) lists the step's names in the order given, each
with its box to tick (``pick``) or its two boxes, agree and disagree
(``approve``); a ``pick`` ballot ends with the step's blank lines to write
names in, numbered after the names. Nothing on it differs from one sheet to
the next: no serial number, no print date in the file (ReportLab's invariant
mode), so every copy is the same bytes. A step whose ``max_ticks`` or
``blank_lines`` the unit has yet to set cannot be printed
(``NominationError``).

The minutes (biên bản kiểm phiếu) state when the count began and ended, the
counting committee (tổ kiểm phiếu), those summoned and present, the ballots
issued, collected, valid and invalid by reason, the rule in words with the
values it was applied with, every name's votes, its shares of those
summoned and of the valid ballots and its status, the written-in names
grouped by person with each spelling and its count, the names that go on
and those left to the body's decision, and the committee's signatures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.nomination import Decision, Nominee, Outcome, Step, Tally, WriteIn
from ..core.nomination.counting import INVALID_REASONS
from .ballot_pdf import INSTRUCTIONS
from .layout import (
    SECRET,
    Align,
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
from .minutes import BLANK_FIGURE, LOOK, CountingMember

__all__ = [
    "BALLOT_TITLES",
    "MINUTES_TITLES",
    "CountingMember",
    "StepBallotContext",
    "StepMinutesContext",
    "step_ballot_document",
    "step_ballot_pdf",
    "step_minutes_document",
    "step_minutes_docx",
    "step_minutes_pdf",
]

BALLOT_TITLES = {"pick": "PHIẾU GIỚI THIỆU NHÂN SỰ", "approve": "PHIẾU BIỂU QUYẾT"}
MINUTES_TITLES = {
    "pick": "BIÊN BẢN KIỂM PHIẾU GIỚI THIỆU NHÂN SỰ",
    "approve": "BIÊN BẢN KIỂM PHIẾU BIỂU QUYẾT NHÂN SỰ",
}
HEAD_SIGNS = "TỔ TRƯỞNG TỔ KIỂM PHIẾU"
MEMBERS_SIGN = "CÁC THÀNH VIÊN TỔ KIỂM PHIẾU"
ROLES = {"head": "Tổ trưởng", "deputy": "Tổ phó", "member": "Thành viên"}
STATUSES = {
    "passed": "Đạt",
    "not_passed": "Không đạt",
    "needs_decision": "Bằng phiếu, chờ quyết định",
}
WRITTEN_IN = "(ghi thêm)"

_PICK_BOX = "Giới thiệu"
_AGREE, _DISAGREE = "Đồng ý", "Không đồng ý"
#: The unit-set numbers the minutes list, with the rule's own text before them.
_PARAMETERS = {
    "summoned": "Số người được triệu tập",
    "max_ticks": "Số người nhiều nhất được giới thiệu trên một phiếu",
    "blank_lines": "Số dòng trống để ghi thêm tên",
    "percent": "Tỷ lệ phiếu (%)",
    "count": "Số người lấy theo số phiếu từ cao xuống",
}
_SET_BY = {"default": "mặc định của quy trình", "unit": "đơn vị đặt"}

#: The ballot's measures: a larger table font and rows tall enough to tick
#: a box or write a name in.
_BALLOT_LOOK = Look(
    cell_size=13.0,
    subtitle_space_after=2.0,
    justify_items=False,
    fit_cells=True,
    repeat_head=True,
    title_space_after=0.0,
    row_height=9.0,
)


@dataclass(frozen=True, slots=True)
class StepBallotContext:
    """What a step's ballot prints.

    ``committee``: the committee or unit that holds the step (``"Đảng ủy xã
    Hòa Bình"``), ``upper``: the body above it (``"Đảng bộ tỉnh Phú Thọ"``,
    may be empty), both printed in capitals; ``place`` and ``date``: the
    header's date line; ``procedure``: the procedure's name as printed
    (``"Giới thiệu nhân sự Ban Chấp hành Đảng bộ xã khóa I"``); ``step``:
    the engine's step (its body, form and numbers); ``position``: where the
    step stands (``"Bước 2/5"``); ``names``: the step's list in ballot order.
    """

    committee: str
    upper: str
    place: str
    date: dt.date
    procedure: str
    step: Step
    position: str
    names: tuple[Nominee, ...]


@dataclass(frozen=True, slots=True)
class StepMinutesContext(StepBallotContext):
    """The ballot's context and the count: the engine's ``tally`` and
    ``decision`` of this step over ``names``; the counting committee
    (``members``, their roles head, deputy or member); when the count
    began and ended; those present and the ballots issued (``None``: not
    recorded, left as dots to fill in)."""

    tally: Tally
    decision: Decision
    members: tuple[CountingMember, ...]
    opened_at: dt.datetime
    closed_at: dt.datetime
    present: int | None = None
    issued: int | None = None


# --- the ballot -----------------------------------------------------------------------


def step_ballot_document(ctx: StepBallotContext) -> Document:
    """The ballot's content in the Party's layout (no signatures)."""
    step = ctx.step
    title = BALLOT_TITLES[step.form]
    names = [(f"{i}.", n.name) for i, n in enumerate(ctx.names, start=1)]
    if step.form == "pick":
        most = step.number("max_ticks")
        lines = step.number("blank_lines")
        instruction = (
            f"Đồng chí đánh dấu X vào ô “{_PICK_BOX}” bên cạnh họ và tên người đồng chí "
            "giới thiệu"
            + ("; có thể ghi thêm họ và tên người khác vào dòng trống" if lines else "")
            + f"; không quá {number(most)} đồng chí. Phiếu giới thiệu quá {number(most)} "
            "đồng chí là phiếu không hợp lệ."
        )
        rows = [(no, name, "") for no, name in names]
        rows += [(f"{i}.", "", "") for i in range(len(names) + 1, len(names) + lines + 1)]
        table = Table(
            head=("STT", "Họ và tên", _PICK_BOX),
            rows=tuple(rows),
            widths=(15.0, 115.0, 35.0),
            align=("centre", "left", "centre"),
        )
    else:
        instruction = (
            f"Đồng chí {INSTRUCTIONS['agree_disagree'][0].lower()}"
            + (INSTRUCTIONS["agree_disagree"][1:])
        )
        table = Table(
            head=("STT", "Họ và tên", _AGREE, _DISAGREE),
            rows=tuple((no, name, "", "") for no, name in names),
            widths=(15.0, 90.0, 30.0, 30.0),
            align=("centre", "left", "centre", "centre"),
        )
    blocks: tuple[Block, ...] = (
        Para((Run(title, bold=True),), "title"),
        Para((Run(ctx.procedure, bold=True),), "subtitle"),
        Para((Run(f"({ctx.position}: {step.body})", italic=True),), "round"),
        Para((Run(instruction, italic=True),), "body"),
        table,
    )
    return Document(
        upper_body=_caps(ctx.upper),
        issuing_body=_caps(ctx.committee),
        date_line=header_date(ctx.place, ctx.date),
        title=f"{title} – {ctx.procedure} – {ctx.position}",
        subject=title,
        blocks=blocks,
        signatures=None,
        secrecy=SECRET,
    )


def step_ballot_pdf(ctx: StepBallotContext) -> bytes:
    """The step's ballot as a PDF (A4), the same bytes for every copy."""
    return render_pdf(step_ballot_document(ctx), _BALLOT_LOOK)


# --- the minutes ----------------------------------------------------------------------


def step_minutes_document(ctx: StepMinutesContext) -> Document:
    """The minutes' content in the Party's layout; the count must be this step's."""
    step, tally, decision = ctx.step, ctx.tally, ctx.decision
    if tally.step != step.code or decision.step != step.code:
        raise ValueError(
            f"a count of step {tally.step!r} decided as step {decision.step!r}, "
            f"not of step {step.code!r}"
        )
    if tally.names != ctx.names:
        raise ValueError(f"the tally of step {step.code!r} counts another list of names")
    title = MINUTES_TITLES[step.form]
    blocks: list[Block] = [
        Para((Run(title, bold=True),), "title"),
        Para((Run(ctx.procedure, bold=True),), "subtitle"),
        Para((Run(f"({ctx.position}: {step.body})", italic=True),), "round"),
    ]
    blocks += _opening(ctx)
    blocks += _figures(ctx)
    blocks += _rule(ctx)
    blocks += _results(ctx)
    if step.form == "pick":
        blocks += _write_ins(tally.write_ins, tally.names)
    blocks += _conclusion(ctx)
    members = sorted(ctx.members, key=lambda m: tuple(ROLES).index(m.role))
    return Document(
        upper_body=_caps(ctx.upper),
        issuing_body=_caps(ctx.committee),
        date_line=header_date(ctx.place, ctx.date),
        title=f"{title} – {ctx.procedure} – {ctx.position}",
        subject=title,
        blocks=tuple(blocks),
        signatures=CommitteeSignatures(
            members_title=MEMBERS_SIGN,
            head_title=HEAD_SIGNS,
            head=next((m.name for m in members if m.role == "head"), None),
            members=tuple(m.name for m in members if m.role != "head"),
        ),
        secrecy=SECRET,
    )


def step_minutes_pdf(ctx: StepMinutesContext) -> bytes:
    """The step's counting minutes as a PDF (A4), ready to print and sign."""
    return render_pdf(step_minutes_document(ctx), LOOK)


def step_minutes_docx(ctx: StepMinutesContext) -> bytes:
    """The step's counting minutes as an editable Word document (DOCX, A4)."""
    return render_docx(step_minutes_document(ctx), LOOK)


def _caps(text: str) -> str:
    return text.strip().upper()


def _clock(at: dt.datetime) -> str:
    return f"{at.hour} giờ {at.minute:02d} phút, ngày {at:%d/%m/%Y}"


def _figure(n: int | None) -> str:
    return BLANK_FIGURE if n is None else number(n)


def _opening(ctx: StepMinutesContext) -> list[Block]:
    what = "giới thiệu nhân sự" if ctx.step.form == "pick" else "biểu quyết nhân sự"
    members = sorted(ctx.members, key=lambda m: tuple(ROLES).index(m.role))
    blocks: list[Block] = [
        Para.body(
            f"Hôm nay, hồi {_clock(ctx.opened_at)}, {ctx.step.body} tiến hành bỏ phiếu kín "
            f"{what} ({ctx.position}, {ctx.procedure})."
        ),
        Para.body("Tổ kiểm phiếu gồm các đồng chí:"),
    ]
    blocks += [
        Para((Run(f"{i}. Đồng chí {m.name} – {ROLES[m.role]}."),), "item")
        for i, m in enumerate(members, start=1)
    ]
    blocks.append(
        Para.body(
            f"Việc kiểm phiếu bắt đầu hồi {_clock(ctx.opened_at)} và kết thúc hồi "
            f"{_clock(ctx.closed_at)}. Tổ kiểm phiếu lập biên bản như sau:"
        )
    )
    return blocks


def _figures(ctx: StepMinutesContext) -> list[Block]:
    t = ctx.tally
    empty = "không giới thiệu ai" if ctx.step.form == "pick" else "không đánh dấu ai"
    blocks: list[Block] = [
        Para.heading("1. Số người và số phiếu"),
        Para.item(f"Số người được triệu tập: {number(t.summoned)}"),
        Para.item(f"Số người có mặt: {_figure(ctx.present)}"),
        Para.item(f"Số phiếu phát ra: {_figure(ctx.issued)}"),
        Para.item(f"Số phiếu thu vào: {number(t.collected)}"),
        Para.item(
            f"Số phiếu hợp lệ: {number(t.valid)} (trong đó phiếu {empty}: {number(t.blank)})"
        ),
        Para.item(f"Số phiếu không hợp lệ: {number(len(t.invalid))}"),
    ]
    blocks += [
        Para((Run(f"+ Phiếu {INVALID_REASONS[reason]}: {number(n)}"),), "subitem")
        for reason, n in t.invalid_by_reason.items()
    ]
    return blocks


def _rule(ctx: StepMinutesContext) -> list[Block]:
    blocks: list[Block] = [
        Para.heading("2. Nguyên tắc xác định kết quả"),
        Para.item(f"{ctx.decision.rule}."),
    ]
    for name, setting in ctx.decision.parameters:
        if name in _PARAMETERS and isinstance(setting.value, int):
            blocks.append(
                Para.item(
                    f"{_PARAMETERS[name]}: {number(setting.value)} ({_SET_BY[setting.set_by]})"
                )
            )
    return blocks


def _results(ctx: StepMinutesContext) -> list[Block]:
    t = ctx.tally
    approve = ctx.step.form == "approve"
    disagree = dict(t.disagree)

    def row(i: int, o: Outcome) -> tuple[str, ...]:
        name = f"{o.name} {WRITTEN_IN}" if o.written_in else o.name
        votes = (number(o.votes), number(disagree[o.id])) if approve else (number(o.votes),)
        shares = (f"{o.share_of_summoned}%", f"{o.share_of_valid}%")
        return (str(i), name, *votes, *shares, STATUSES[o.status])

    shares = ("Tỷ lệ trên số triệu tập", "Tỷ lệ trên số phiếu hợp lệ")
    head: tuple[str, ...]
    widths: tuple[float, ...]
    if approve:
        head = ("TT", "Họ và tên", _AGREE, _DISAGREE, *shares, "Kết quả")
        widths = (10.0, 47.0, 17.0, 17.0, 22.0, 22.0, 30.0)
    else:
        head = ("TT", "Họ và tên", "Số phiếu", *shares, "Kết quả")
        widths = (10.0, 55.0, 18.0, 24.0, 24.0, 34.0)
    right: Align = "right"
    numbers = (right,) * (len(head) - 3)
    votes = "phiếu đồng ý" if approve else "phiếu giới thiệu"
    return [
        Para.heading("3. Kết quả kiểm phiếu"),
        Para.body(
            f"Số {votes} của từng người, xếp theo số phiếu từ cao đến thấp; tỷ lệ tính trên "
            f"số người được triệu tập ({number(t.summoned)}) và trên số phiếu hợp lệ "
            f"({number(t.valid)}):"
        ),
        Table(
            head=head,
            rows=tuple(row(i, o) for i, o in enumerate(ctx.decision.outcomes, start=1)),
            widths=widths,
            align=("centre", "left", *numbers, "left"),
        ),
    ]


def _write_ins(groups: Sequence[WriteIn], names: Sequence[Nominee]) -> list[Block]:
    blocks: list[Block] = [Para.heading("4. Tên ghi thêm")]
    if not groups:
        return [*blocks, Para.body("Không có phiếu nào ghi thêm tên.")]
    blocks.append(
        Para.body(
            "Các tên ghi thêm được gộp theo người được ghi (không phân biệt chữ hoa, chữ "
            "thường, dấu thanh, dấu mũ); mỗi người với từng cách ghi và số phiếu của cách ghi đó:"
        )
    )
    listed = {n.id: n.name for n in names}
    for i, w in enumerate(groups, start=1):
        spellings = "; ".join(f"“{text}”: {number(n)}" for text, n in w.spellings)
        text = f"{i}. {w.name}: {number(w.votes)} phiếu (cách ghi: {spellings})."
        if w.like_listed:
            alike = ", ".join(listed[i] for i in w.like_listed)
            text += (
                f" Trùng tên với đồng chí {alike} trong danh sách; không cộng vào số phiếu "
                "của người trong danh sách, Tổ kiểm phiếu báo cáo để xem xét."
            )
        blocks.append(Para((Run(text),), "item"))
    return blocks


def _conclusion(ctx: StepMinutesContext) -> list[Block]:
    d = ctx.decision
    heading = "5. Kết luận" if ctx.step.form == "pick" else "4. Kết luận"
    go_on = "được giới thiệu tiếp" if ctx.step.form == "pick" else "được đồng ý"
    blocks: list[Block] = [Para.heading(heading)]
    if d.passed:
        blocks.append(Para.body(f"Các đồng chí sau đây {go_on} (xếp theo số phiếu):"))
        blocks += [
            Para(
                (
                    Run(
                        f"{i}. Đồng chí {o.name}: {number(o.votes)} phiếu, đạt "
                        f"{o.share_of_summoned}% số người được triệu tập, "
                        f"{o.share_of_valid}% số phiếu hợp lệ."
                    ),
                ),
                "item",
            )
            for i, o in enumerate(d.passed, start=1)
        ]
    else:
        blocks.append(Para.body(f"Không có đồng chí nào {go_on}."))
    if d.open:
        tied = ", ".join(o.name for o in d.open)
        blocks.append(
            Para.body(
                f"Các đồng chí {tied} bằng phiếu ({number(d.open[0].votes)} phiếu) ở vị trí "
                f"cuối cùng; {ctx.step.body} quyết định việc giới thiệu tiếp."
            )
        )
    blocks.append(
        Para.body(
            f"Biên bản lập xong hồi {_clock(ctx.closed_at)}, được Tổ kiểm phiếu thông qua "
            "và ký tên."
        )
    )
    return blocks
