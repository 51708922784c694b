"""The counting minutes (biên bản kiểm phiếu): PDF to sign, DOCX to edit.

One content, two renderings: :func:`minutes_document` turns the definition,
the engine's :class:`Result` and a :class:`MinutesContext` into paragraphs
and tables (pure data); :func:`render_minutes_pdf` (ReportLab) and
:func:`render_minutes_docx` (python-docx) lay them out the same way.

Layout after the Party's guidance on document format (Hướng dẫn thể thức văn
bản của Đảng): A4; margins top and bottom 20 mm, left 30 mm, right 15 mm; a
Times-like font (:mod:`.fonts` in the PDF, "Times New Roman" named in the
DOCX), 13 pt body; top left the upper body in regular capitals over the
issuing body in bold capitals and a star; top right "ĐẢNG CỘNG SẢN VIỆT NAM"
in bold, underlined, with the place and date in italics below ("Hòa Bình,
ngày 05 tháng 7 năm 2025": a day below 10 and the months 1 and 2 take a
leading zero); the title "BIÊN BẢN KIỂM PHIẾU" in bold, centred, the
election's title under it. Page numbers from the second page, top centre
(PDF).

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

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from ..core.elections.ballot_order import ballot_lines
from ..core.elections.model import ElectionDefinition, NextStep, Result
from . import fonts, labels

__all__ = [
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
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
HEAD_SIGNS = "TRƯỞNG BAN KIỂM PHIẾU"
MEMBERS_SIGN = "CÁC THÀNH VIÊN BAN KIỂM PHIẾU"
SIGN_HINT = "(Ký, ghi rõ họ tên)"


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
class Run:
    text: str
    bold: bool = False
    italic: bool = False


ParaStyle = Literal["title", "subtitle", "round", "heading", "body", "item", "subitem"]


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph: ``title`` and ``subtitle`` centred bold; ``heading`` bold;
    ``body`` justified with a first-line indent; ``item`` indented, ``subitem``
    more."""

    runs: tuple[Run, ...]
    style: ParaStyle = "body"

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


Align = Literal["left", "centre", "right"]


@dataclass(frozen=True, slots=True)
class Table:
    """A ruled table; ``widths`` in millimetres; the head repeats on each page."""

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    align: tuple[Align, ...]


Block = Para | Table


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


def number(n: int) -> str:
    """An integer with "." between thousands: 2.000, 12.345."""
    return f"{n:,}".replace(",", ".")


def header_date(place: str, day: date) -> str:
    """The date line under the Party title: ``"Hòa Bình, ngày 05 tháng 02 năm 2025"``."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _caps(text: str) -> str:
    return text.strip().upper()


def _item(text: str) -> Para:
    return Para((Run(f"– {text}"),), "item")


def _body(text: str) -> Para:
    return Para((Run(text),), "body")


def _heading(text: str) -> Para:
    return Para((Run(text, bold=True),), "heading")


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
            _body(
                f"Hôm nay, hồi {at.hour} giờ {at.minute:02d} phút, ngày {at:%d/%m/%Y}{where}, "
                f"{self.ctx.congress_title} tiến hành bỏ phiếu kín: {self.d.title}."
            ),
            _body("Ban kiểm phiếu do Đại hội bầu gồm các đồng chí:"),
        ]
        members = sorted(self.ctx.members, key=lambda m: _ROLE_ORDER[m.role])
        blocks += [
            Para((Run(f"{i}. Đồng chí {m.name} – {labels.ROLES[m.role]}."),), "item")
            for i, m in enumerate(members, start=1)
        ]
        blocks.append(
            _body(
                "Sau khi kiểm phiếu theo đúng Quy chế bầu cử trong Đảng, "
                "Ban kiểm phiếu lập biên bản như sau:"
            )
        )
        return blocks

    def rules(self) -> list[Block]:
        d, r = self.d, self.r
        rules = dict(r.rules)
        blocks: list[Block] = [_heading("1. Số lượng, danh sách bầu cử và quy chế áp dụng")]
        blocks.append(_item(labels.text("seats", n=number(r.seats))))
        if d.alternate_seats:
            blocks.append(_item(labels.text("alternate_seats", n=number(d.alternate_seats))))
        blocks.append(_item(f"Số người trong danh sách bầu cử: {number(len(d.candidates))}"))
        blocks.append(_item(f"Hình thức phiếu bầu: {labels.FORMS[d.form]}"))
        blocks.append(_item(labels.text("profile", profile=r.profile)))
        blocks.append(_item(labels.text("base_rule", base=labels.base_label(str(rules["base"])))))
        blocks.append(_item(labels.text("tie_rule", tie=labels.tie_label(str(rules["tie"])))))
        codes = rules.get("invalid_codes")
        if isinstance(codes, tuple):
            reasons = "; ".join(labels.invalid_label(code) for code in codes) or "không có"
            blocks.append(_item(f"Các trường hợp phiếu không hợp lệ: {reasons}"))
        order = rules.get("order")
        if isinstance(order, str):
            blocks.append(_item(f"Thứ tự tên trên phiếu: {labels.ORDERS.get(order, order)}"))
        alternates = rules.get("alternates")
        if isinstance(alternates, str) and d.kind in ("delegation", "delegation_alternate"):
            mode = labels.ALTERNATES.get(alternates, alternates)
            blocks.append(_item(f"Đại biểu dự khuyết: {mode}"))
        if d.kind in ("delegation", "delegation_alternate"):
            required = rules.get("required_rounds")
            most = rules.get("max_rounds")
            if isinstance(required, int):
                blocks.append(_item(f"Số vòng bầu theo quy chế khi chưa đủ số lượng: {required}"))
            blocks.append(
                _item(
                    "Số vòng bầu tối đa: "
                    + (str(most) if isinstance(most, int) else "không giới hạn")
                )
            )
        return blocks

    def electorate(self) -> list[Block]:
        e, r = self.d.electorate, self.r
        blocks: list[Block] = [_heading("2. Số người có quyền bầu cử và mức quá một nửa")]
        if dict(r.rules)["base"] == "summoned_minus_deductions":
            key = "summoned_delegates" if e.congress == "delegates" else "summoned_members"
            blocks.append(_item(labels.text(key, n=number(e.summoned))))
            if e.deductions:
                blocks.append(_item(labels.text("deducted")))
                blocks += [
                    Para((Run(f"+ {x.reason}: {number(x.count)}"),), "subitem")
                    for x in e.deductions
                ]
            blocks.append(_item(labels.text("base", n=number(r.base))))
        else:
            base = labels.base_label(str(dict(r.rules)["base"]))
            blocks.append(_item(f"{labels.text('base', n=number(r.base))} ({base})"))
        blocks.append(_item(labels.text("threshold", n=number(r.threshold))))
        return blocks

    def ballots(self) -> list[Block]:
        d, b = self.d, self.r.ballots
        blocks: list[Block] = [_heading("3. Số phiếu")]
        if d.ballots_issued is not None:
            blocks.append(_item(labels.text("issued", n=number(d.ballots_issued))))
        blocks.append(_item(labels.text("collected", n=number(b.collected))))
        blocks.append(_item(labels.text("valid", n=number(b.valid))))
        blocks.append(_item(labels.text("invalid", n=number(b.invalid))))
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
            _heading("4. Kết quả kiểm phiếu"),
            _body(
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
        blocks: list[Block] = [_heading("5. Người trúng cử")]
        blocks += self.elected_list(r.elected, "các đồng chí sau đây trúng cử")
        if r.alternates is not None:
            blocks.append(_body(labels.text("alternates_heading")))
            lead = "các đồng chí sau đây trúng cử dự khuyết"
            blocks += self.elected_list(r.alternates.elected, lead)
        return blocks

    def elected_list(self, ids: Sequence[str], lead: str) -> list[Block]:
        if not ids:
            return [_body("Không có đồng chí nào trúng cử.")]
        blocks: list[Block] = [
            _body(f"Căn cứ kết quả kiểm phiếu, {lead} (xếp theo số phiếu từ cao đến thấp):")
        ]
        for i, candidate_id in enumerate(ids, start=1):
            c = self.rows[candidate_id]
            text = f"{i}. Đồng chí {self.name(c.id)}: {number(c.votes)} phiếu, đạt {c.percent}%."
            blocks.append(Para((Run(text),), "item"))
        return blocks

    def conclusion(self) -> list[Block]:
        r = self.r
        blocks: list[Block] = [_heading("6. Kết luận")]
        blocks += self.state(r.outcome, r.tied, r.seats - r.seats_filled, r.next)
        a = r.alternates
        if a is not None:
            blocks.append(_body(labels.text("alternates_heading")))
            blocks += self.state(a.outcome, a.tied, a.seats - a.seats_filled, a.next)
        if self.ctx.remarks and self.ctx.remarks.strip():
            blocks.append(_heading("7. Ý kiến khác"))
            blocks += [_body(p.strip()) for p in self.ctx.remarks.strip().split("\n") if p.strip()]
        blocks.append(
            _body("Biên bản này được Ban kiểm phiếu thông qua, ký tên và công bố trước Đại hội.")
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
        blocks: list[Block] = [_body(line)]
        if step is not None:
            text = labels.text(
                f"next_{step.action}", names=self.listing(step.candidates), seats=step.seats
            )
            if step.alternate_seats:
                text += labels.text("next_alternates", n=step.alternate_seats)
            blocks.append(_body(text))
        return blocks


# --- PDF (ReportLab) ---------------------------------------------------------------

_TOP, _BOTTOM, _LEFT, _RIGHT = 20.0, 20.0, 30.0, 15.0
_TEXT_WIDTH = 210.0 - _LEFT - _RIGHT
_BODY = 13.0
_CELL = 12.0
_INDENT = 10.0
_SIGN_SPACE = 16.0


def render_minutes_pdf(
    definition: ElectionDefinition, result: Result, context: MinutesContext
) -> bytes:
    """The minutes as a PDF (A4), ready to print and sign."""
    fonts.register_fonts()
    return _Pdf(minutes_document(definition, result, context)).render()


def _markup(runs: Sequence[Run]) -> str:
    out = []
    for run in runs:
        text = escape(run.text)
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        out.append(text)
    return "".join(out)


class _Pdf:
    def __init__(self, minutes: Minutes) -> None:
        self.m = minutes
        base = ParagraphStyle(
            "base", fontName=fonts.FAMILY, fontSize=_BODY, leading=_BODY * 1.3, spaceAfter=3
        )
        centred = ParagraphStyle("centred", base, alignment=TA_CENTER, spaceAfter=0)
        self.styles: dict[str, ParagraphStyle] = {
            "body": ParagraphStyle(
                "body", base, alignment=TA_JUSTIFY, firstLineIndent=_INDENT * mm
            ),
            "item": ParagraphStyle("item", base, leftIndent=_INDENT * mm, spaceAfter=1),
            "subitem": ParagraphStyle(
                "subitem", base, leftIndent=2 * _INDENT * mm, firstLineIndent=0, spaceAfter=1
            ),
            "heading": ParagraphStyle("heading", base, spaceBefore=6),
            "title": ParagraphStyle(
                "title", centred, fontSize=15, leading=20, spaceBefore=14, spaceAfter=2
            ),
            "subtitle": ParagraphStyle("subtitle", centred, fontSize=14, leading=18, spaceAfter=2),
            "round": ParagraphStyle("round", centred, spaceAfter=2),
            "centred": centred,
            "cell": ParagraphStyle("cell", base, fontSize=_CELL, leading=_CELL * 1.2, spaceAfter=0),
            "head": ParagraphStyle(
                "head", centred, fontSize=_CELL, leading=_CELL * 1.2, fontName=fonts.BOLD
            ),
        }

    def render(self) -> bytes:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=(210 * mm, 297 * mm),
            topMargin=_TOP * mm,
            bottomMargin=_BOTTOM * mm,
            leftMargin=_LEFT * mm,
            rightMargin=_RIGHT * mm,
            title=self.m.title,
            author=self.m.issuing_body,
            creator="daihoi",
            producer="daihoi",
            subject=TITLE,
            invariant=True,
            initialFontName=fonts.REGULAR,
        )
        story: list[Flowable] = [self.header()]
        for block in self.m.blocks[:-1]:
            story.append(self.table(block) if isinstance(block, Table) else self.para(block))
        # The last paragraph goes with the signatures: never a page of signatures alone.
        last = self.m.blocks[-1]
        closing = self.table(last) if isinstance(last, Table) else self.para(last)
        first, *rest = self.signatures()
        story += [KeepTogether([closing, Spacer(1, 6 * mm), first]), *rest]
        doc.build(story, onLaterPages=_page_number)
        return buffer.getvalue()

    def para(self, para: Para) -> Paragraph:
        return Paragraph(_markup(para.runs), self.styles[para.style])

    def header(self) -> Flowable:
        c = self.styles["centred"]
        left: list[Flowable] = []
        if self.m.upper_body:
            left.append(Paragraph(escape(self.m.upper_body), c))
        left += [
            Paragraph(f"<b>{escape(self.m.issuing_body)}</b>", c),
            Paragraph("*", c),
        ]
        party = ParagraphStyle("party", c, fontSize=14, leading=18, spaceAfter=3)
        right = [
            Paragraph(f"<b><u>{PARTY}</u></b>", party),
            Paragraph(f"<i>{escape(self.m.date_line)}</i>", c),
        ]
        table = RLTable([[left, right]], colWidths=[72 * mm, (_TEXT_WIDTH - 72) * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), fonts.REGULAR, _BODY),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return table

    def table(self, t: Table) -> Flowable:
        widths = [w * mm for w in t.widths]
        pad = 2 * 3.0
        data: list[list[object]] = [[Paragraph(escape(h), self.styles["head"]) for h in t.head]]
        cell = self.styles["cell"]
        for row in t.rows:
            cells: list[object] = []
            for text, width in zip(row, widths, strict=True):
                if stringWidth(text, fonts.REGULAR, _CELL) > width - pad:
                    cells.append(Paragraph(escape(text), cell))
                else:
                    cells.append(text)
            data.append(cells)
        align = {"left": "LEFT", "centre": "CENTER", "right": "RIGHT"}
        style = [
            ("FONT", (0, 0), (-1, -1), fonts.REGULAR, _CELL, _CELL * 1.2),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        style += [("ALIGN", (i, 1), (i, -1), align[a]) for i, a in enumerate(t.align)]
        table = RLTable(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(style))
        return table

    def signatures(self) -> list[Flowable]:
        """The signature block: its titles and first names, then the other names.

        Two tables of the same columns, so that the first part can be kept
        with the closing paragraph while a long committee flows on.
        """
        c = self.styles["centred"]
        half = _TEXT_WIDTH / 2 * mm
        size = _fit_size(MEMBERS_SIGN, fonts.BOLD, _BODY, half - 12)
        title = ParagraphStyle("signs", c, fontSize=size, leading=size * 1.3)
        rows: list[list[object]] = [
            [
                Paragraph(f"<b>{MEMBERS_SIGN}</b>", title),
                Paragraph(f"<b>{HEAD_SIGNS}</b>", title),
            ],
            [Paragraph(f"<i>{SIGN_HINT}</i>", c), Paragraph(f"<i>{SIGN_HINT}</i>", c)],
        ]
        for i in range(max(len(self.m.members), 1)):
            member = self.m.members[i] if i < len(self.m.members) else ""
            head = (self.m.head or "") if i == 0 else ""
            rows.append(
                [Paragraph(f"<b>{escape(member)}</b>", c), Paragraph(f"<b>{escape(head)}</b>", c)]
            )
        first = RLTable(rows[:3], colWidths=[half, half])
        first.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), fonts.REGULAR, _BODY),
                    ("VALIGN", (0, 0), (-1, 1), "TOP"),
                    ("VALIGN", (0, 2), (-1, -1), "BOTTOM"),
                    ("TOPPADDING", (0, 2), (-1, -1), _SIGN_SPACE * mm),
                ]
            )
        )
        if len(rows) == 3:
            return [first]
        rest = RLTable(rows[3:], colWidths=[half, half])
        rest.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), fonts.REGULAR, _BODY),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("TOPPADDING", (0, 0), (-1, -1), _SIGN_SPACE * mm),
                ]
            )
        )
        return [first, rest]


def _fit_size(text: str, font: str, size: float, width: float) -> float:
    while size > 9 and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _page_number(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(fonts.REGULAR, 12)
    canvas.drawCentredString((_LEFT + _TEXT_WIDTH / 2) * mm, (297 - _TOP / 2) * mm, str(doc.page))
    canvas.restoreState()


# --- DOCX (python-docx) ------------------------------------------------------------

_DOCX_FONT = "Times New Roman"


def render_minutes_docx(
    definition: ElectionDefinition, result: Result, context: MinutesContext
) -> bytes:
    """The minutes as an editable Word document (DOCX, A4)."""
    return _Docx(minutes_document(definition, result, context)).render()


class _Docx:
    def __init__(self, minutes: Minutes) -> None:
        self.m = minutes
        self.doc = Document()

    def render(self) -> bytes:
        doc = self.doc
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(_TOP), Mm(_BOTTOM)
        section.left_margin, section.right_margin = Mm(_LEFT), Mm(_RIGHT)
        normal = doc.styles["Normal"]
        normal.font.name = _DOCX_FONT
        normal.font.size = Pt(_BODY)
        fonts_xml = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts_xml.set(qn(attribute), _DOCX_FONT)
        props = doc.core_properties
        props.title = self.m.title
        props.author = self.m.issuing_body
        props.subject = TITLE
        props.comments = ""
        self.header()
        for block in self.m.blocks:
            if isinstance(block, Table):
                self.table(block)
            else:
                self.para(block)
        self.signatures()
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    def para(self, para: Para) -> None:
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.space_after = Pt(3)
        if para.style in ("title", "subtitle", "round"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.space_after = Pt(0)
        if para.style == "title":
            fmt.space_before = Pt(14)
        elif para.style == "body":
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            fmt.first_line_indent = Mm(_INDENT)
        elif para.style in ("item", "subitem"):
            fmt.left_indent = Mm(_INDENT if para.style == "item" else 2 * _INDENT)
            fmt.space_after = Pt(1)
        elif para.style == "heading":
            fmt.space_before = Pt(6)
        size = {"title": 15.0, "subtitle": 14.0}.get(para.style)
        for run in para.runs:
            r = p.add_run(run.text)
            r.bold = run.bold or None
            r.italic = run.italic or None
            if size is not None:
                r.font.size = Pt(size)

    def header(self) -> None:
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        left, right = table.rows[0].cells
        widths = (Mm(72), Mm(_TEXT_WIDTH - 72))
        for cell, width in zip((left, right), widths, strict=True):
            cell.width = width
        lines = [(self.m.upper_body, False), (self.m.issuing_body, True), ("*", False)]
        if not self.m.upper_body:
            lines = lines[1:]
        first = True
        for text, bold in lines:
            p = left.paragraphs[0] if first else left.add_paragraph()
            first = False
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(text).bold = bold or None
        p = right.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(PARTY)
        run.bold, run.underline, run.font.size = True, True, Pt(14)
        p = right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(self.m.date_line).italic = True

    def table(self, t: Table) -> None:
        table = self.doc.add_table(rows=1, cols=len(t.head))
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        align = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "centre": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }
        widths = [Mm(w) for w in t.widths]
        for cell, text, width in zip(table.rows[0].cells, t.head, widths, strict=True):
            cell.width = width
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(text)
            run.bold, run.font.size = True, Pt(_CELL)
        _repeat_as_header(table.rows[0])
        for row in t.rows:
            cells = table.add_row().cells
            for cell, text, width, a in zip(cells, row, widths, t.align, strict=True):
                cell.width = width
                p = cell.paragraphs[0]
                p.alignment = align[a]
                p.add_run(text).font.size = Pt(_CELL)

    def signatures(self) -> None:
        self.doc.add_paragraph()
        count = max(len(self.m.members), 1)
        table = self.doc.add_table(rows=2 + count, cols=2)
        table.autofit = False
        half = Mm(_TEXT_WIDTH / 2)
        texts: list[tuple[str, str, bool, bool]] = [
            (MEMBERS_SIGN, HEAD_SIGNS, True, False),
            (SIGN_HINT, SIGN_HINT, False, True),
        ]
        for i in range(count):
            member = self.m.members[i] if i < len(self.m.members) else ""
            head = (self.m.head or "") if i == 0 else ""
            texts.append((member, head, True, False))
        for index, (row, (left, right, bold, italic)) in enumerate(
            zip(table.rows, texts, strict=True)
        ):
            for cell, text in zip(row.cells, (left, right), strict=True):
                cell.width = half
                p = cell.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if index >= 2:
                    p.paragraph_format.space_before = Mm(_SIGN_SPACE)
                run = p.add_run(text)
                run.bold, run.italic = bold or None, italic or None


def _repeat_as_header(row: Any) -> None:
    """Mark a table row to repeat at the top of every page (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)
