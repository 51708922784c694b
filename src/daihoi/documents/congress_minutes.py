"""The congress minutes (biên bản đại hội) and resolution (nghị quyết đại hội).

Pure: plain dataclasses in (:class:`CongressRecord`, what the secretariat
recorded), PDF and DOCX bytes out; no Django. The same layout conventions as
the counting minutes (:mod:`.minutes`): A4, margins 20/20/30/15 mm, a
Times-like font at 13 pt, the issuing body top left over a star, "ĐẢNG CỘNG
SẢN VIỆT NAM" underlined top right over the place and date in italics, the
title bold and centred; page numbers from the second page.

The minutes: who was summoned and present at each sitting, the quorum (as the
engine decided it, passed in), the deductions and the base; the agenda items
in order with their speakers and votes; every procedural vote's figures and
result (decided by the engine, passed in); the sealed elections' results; the
signatures of the secretariat and the presidium. The resolution: what the
congress decided (the votes that passed, the elected), with a paragraph for
the secretariat to complete with the term's targets in the DOCX.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
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

from . import fonts
from .minutes import PARTY, Block, Para, Run, Table, header_date, number

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
SIGN_HINT = "(Ký, ghi rõ họ tên)"
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


def _body(text: str) -> Para:
    return Para((Run(text),), "body")


def _item(text: str) -> Para:
    return Para((Run(f"– {text}"),), "item")


def _heading(text: str) -> Para:
    return Para((Run(text, bold=True),), "heading")


def _who(record: CongressRecord) -> str:
    return "đảng viên" if record.members_congress else "đại biểu"


def _vote_line(v: VoteRecord) -> str:
    how = f"{v.method}{', bỏ phiếu kín' if v.secret else ''}"
    result = "thông qua" if v.passed else "không được thông qua"
    return (
        f"{v.title} ({how}): tán thành {number(v.agree)}/{number(v.base)}, "
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
        _body(
            f"Hôm nay, ngày {r.day:%d/%m/%Y}{where}, {r.congress_title} "
            f"khai mạc hồi {_time(first.opened_at if first else None)}."
        ),
        _heading(f"I. Số lượng {who} và tính hợp lệ của Đại hội"),
        _item(f"Tổng số {who} được triệu tập: {number(r.summoned)}."),
    ]
    if r.deductions:
        blocks.append(_item("Trừ khỏi số làm cơ sở tính quá bán:"))
        blocks += [
            Para((Run(f"+ {reason}: {number(n)}"),), "subitem") for reason, n in r.deductions
        ]
    blocks.append(
        _item(f"Số làm cơ sở tính quá bán: {number(r.base)} (quy chế áp dụng: {r.profile}).")
    )
    for s in r.sittings:
        verdict = (
            f"quá {s.quorum_share} số {who} được triệu tập, Đại hội đủ điều kiện tiến hành"
            if s.quorum_met
            else f"chưa quá {s.quorum_share} số {who} được triệu tập "
            f"(cần ít nhất {number(s.least_present)}), Đại hội chưa đủ điều kiện tiến hành"
        )
        blocks.append(
            _item(
                f"{s.title} (ngày {s.day:%d/%m/%Y}): có mặt {number(s.present)}/"
                f"{number(r.summoned)} {who}, đạt {_pct(s.present, r.summoned)}%; vắng có lý do "
                f"{number(s.excused)}, vắng không có lý do {number(s.absent)}; {verdict}."
            )
        )
    blocks.append(_heading("II. Diễn biến Đại hội"))
    if not r.items:
        blocks.append(_body("(Chưa ghi chương trình Đại hội.)"))
    for item in r.items:
        at = f" (từ {_time(item.started_at)})" if item.started_at else ""
        blocks.append(Para((Run(f"{item.position}. {item.title}{at}", bold=True),), "body"))
        if item.speakers:
            blocks.append(_item("Các đồng chí phát biểu:"))
            blocks += [
                Para((Run(f"+ Đồng chí {name}{': ' + topic if topic else ''}."),), "subitem")
                for name, topic in item.speakers
            ]
        blocks += [_item(f"Đại hội biểu quyết {_vote_line(v)}") for v in item.votes]
    if r.other_votes:
        blocks.append(_body("Ngoài ra, Đại hội biểu quyết:"))
        blocks += [_item(_vote_line(v)) for v in r.other_votes]
    votes = [v for item in r.items for v in item.votes] + list(r.other_votes)
    if votes:
        blocks.append(_heading("III. Kết quả biểu quyết"))
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
        blocks.append(_heading("IV. Kết quả bầu cử"))
        for e in r.elections:
            blocks.append(_body(f"{e.title} (số làm cơ sở tính quá bán: {number(e.base)}):"))
            blocks += [
                _item(f"Đồng chí {name}: {number(votes_)} phiếu, đạt {pct}%.")
                for name, votes_, pct in e.elected
            ]
            if e.conclusion:
                blocks.append(_body(e.conclusion))
    last = r.sittings[-1] if r.sittings else None
    blocks.append(
        _body(
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
        _body(
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
            _body(
                f"{n}. Thông qua: {v.title} (tán thành {number(v.agree)}/{number(v.base)}, "
                f"đạt {_pct(v.agree, v.base)}%)."
            )
        )
    n += 1
    blocks.append(_body(f"{n}. {TO_COMPLETE}"))
    for e in r.elections:
        n += 1
        names = ", ".join(name for name, _v, _p in e.elected) or "không có đồng chí nào trúng cử"
        blocks.append(_body(f"{n}. Thông qua kết quả {e.title[0].lower()}{e.title[1:]}: {names}."))
    n += 1
    blocks.append(
        _body(
            f"{n}. Đại hội giao Ban Chấp hành khóa mới lãnh đạo, chỉ đạo tổ chức thực hiện "
            "thắng lợi Nghị quyết này."
        )
    )
    blocks.append(_body("Nghị quyết được Đại hội thông qua toàn văn."))
    return blocks


# --- layout --------------------------------------------------------------------------

_TOP, _BOTTOM, _LEFT, _RIGHT = 20.0, 20.0, 30.0, 15.0
_TEXT_WIDTH = 210.0 - _LEFT - _RIGHT
_BODY, _CELL, _INDENT, _SIGN_SPACE = 13.0, 11.5, 10.0, 18.0

Signature = tuple[str, str, tuple[str, ...]]  # title, hint, names


@dataclass(frozen=True, slots=True)
class _Doc:
    upper_body: str
    issuing_body: str
    date_line: str
    title: str
    blocks: tuple[Block, ...]
    signatures: tuple[Signature, ...]  # left column, right column (one may be empty)
    recipients: tuple[str, ...] = ()


def _minutes_doc(r: CongressRecord) -> _Doc:
    return _Doc(
        upper_body=r.upper_body.upper(),
        issuing_body=r.convening_body.upper(),
        date_line=header_date(r.place, r.day),
        title=f"{MINUTES_TITLE} – {r.congress_title}",
        blocks=tuple(minutes_blocks(r)),
        signatures=(
            ("T/M ĐOÀN THƯ KÝ", SIGN_HINT, r.secretariat[:1]),
            ("T/M ĐOÀN CHỦ TỊCH", SIGN_HINT, r.presidium[:1]),
        ),
    )


def _resolution_doc(r: CongressRecord) -> _Doc:
    return _Doc(
        upper_body=r.upper_body.upper(),
        issuing_body=f"ĐẠI HỘI {r.convening_body.upper()}",
        date_line=header_date(r.place, r.sittings[-1].day if r.sittings else r.day),
        title=f"{RESOLUTION_TITLE} – {r.congress_title}",
        blocks=tuple(resolution_blocks(r)),
        signatures=(("", "", ()), ("T/M ĐOÀN CHỦ TỊCH", SIGN_HINT, r.presidium[:1])),
        recipients=(
            "Nơi nhận:",
            "- Cấp ủy cấp trên trực tiếp,",
            "- Các tổ chức đảng trực thuộc,",
            "- Lưu Văn phòng.",
        ),
    )


def render_congress_minutes_pdf(record: CongressRecord) -> bytes:
    return _Pdf(_minutes_doc(record)).render()


def render_congress_minutes_docx(record: CongressRecord) -> bytes:
    return _Docx(_minutes_doc(record)).render()


def render_resolution_pdf(record: CongressRecord) -> bytes:
    return _Pdf(_resolution_doc(record)).render()


def render_resolution_docx(record: CongressRecord) -> bytes:
    return _Docx(_resolution_doc(record)).render()


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
    def __init__(self, doc: _Doc) -> None:
        fonts.register_fonts()
        self.d = doc
        base = ParagraphStyle(
            "base", fontName=fonts.FAMILY, fontSize=_BODY, leading=_BODY * 1.3, spaceAfter=3
        )
        centred = ParagraphStyle("centred", base, alignment=TA_CENTER, spaceAfter=0)
        self.centred = centred
        self.styles: dict[str, ParagraphStyle] = {
            "body": ParagraphStyle(
                "body", base, alignment=TA_JUSTIFY, firstLineIndent=_INDENT * mm
            ),
            "item": ParagraphStyle(
                "item", base, alignment=TA_JUSTIFY, leftIndent=_INDENT * mm, spaceAfter=1
            ),
            "subitem": ParagraphStyle("subitem", base, leftIndent=2 * _INDENT * mm, spaceAfter=1),
            "heading": ParagraphStyle("heading", base, spaceBefore=6),
            "title": ParagraphStyle(
                "title", centred, fontSize=15, leading=20, spaceBefore=14, spaceAfter=2
            ),
            "subtitle": ParagraphStyle("subtitle", centred, fontSize=14, leading=18, spaceAfter=6),
            "round": ParagraphStyle("round", centred, spaceAfter=2),
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
            title=self.d.title,
            author=self.d.issuing_body,
            creator="daihoi",
            producer="daihoi",
            invariant=True,
            initialFontName=fonts.REGULAR,
        )
        story: list[Flowable] = [self.header()]
        for block in self.d.blocks[:-1]:
            story.append(self.table(block) if isinstance(block, Table) else self.para(block))
        last = self.d.blocks[-1]
        closing = self.table(last) if isinstance(last, Table) else self.para(last)
        story.append(KeepTogether([closing, Spacer(1, 6 * mm), self.signatures()]))
        doc.build(story, onLaterPages=_page_number)
        return buffer.getvalue()

    def para(self, para: Para) -> Paragraph:
        return Paragraph(_markup(para.runs), self.styles[para.style])

    def header(self) -> Flowable:
        c = self.centred
        left: list[Flowable] = []
        if self.d.upper_body:
            left.append(Paragraph(escape(self.d.upper_body), c))
        left += [Paragraph(f"<b>{escape(self.d.issuing_body)}</b>", c), Paragraph("*", c)]
        party = ParagraphStyle("party", c, fontSize=14, leading=18, spaceAfter=3)
        right = [
            Paragraph(f"<b><u>{PARTY}</u></b>", party),
            Paragraph(f"<i>{escape(self.d.date_line)}</i>", c),
        ]
        table = RLTable([[left, right]], colWidths=[72 * mm, (_TEXT_WIDTH - 72) * mm])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return table

    def table(self, t: Table) -> Flowable:
        head = [Paragraph(escape(h), self.styles["head"]) for h in t.head]
        data: list[list[object]] = [head]
        data += [[Paragraph(escape(text), self.styles["cell"]) for text in row] for row in t.rows]
        table = RLTable(data, colWidths=[w * mm for w in t.widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return table

    def signatures(self) -> Flowable:
        c = self.centred
        small = ParagraphStyle("small", c, fontSize=11, leading=14)
        cells: list[list[Flowable]] = []
        for title, hint, names in self.d.signatures:
            cell: list[Flowable] = []
            if title:
                cell += [
                    Paragraph(f"<b>{escape(title)}</b>", c),
                    Paragraph(f"<i>{escape(hint)}</i>", c),
                    Spacer(1, _SIGN_SPACE * mm),
                    Paragraph(f"<b>{escape(names[0] if names else '')}</b>", c),
                ]
            elif self.d.recipients:
                cell += [
                    Paragraph(
                        f"<b><i>{escape(line)}</i></b>" if i == 0 else escape(line),
                        ParagraphStyle("to", small, alignment=0),
                    )
                    for i, line in enumerate(self.d.recipients)
                ]
            cells.append(cell)
        half = _TEXT_WIDTH / 2 * mm
        table = RLTable([cells], colWidths=[half, half])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return table


def _page_number(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(fonts.REGULAR, 12)
    canvas.drawCentredString((_LEFT + _TEXT_WIDTH / 2) * mm, (297 - _TOP / 2) * mm, str(doc.page))
    canvas.restoreState()


_DOCX_FONT = "Times New Roman"
Style = Literal["title", "subtitle", "round", "heading", "body", "item", "subitem"]


class _Docx:
    def __init__(self, doc: _Doc) -> None:
        self.d = doc
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
        rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attribute), _DOCX_FONT)
        props = doc.core_properties
        props.title, props.author, props.comments = self.d.title, self.d.issuing_body, ""
        self.header()
        for block in self.d.blocks:
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
        style: Style = para.style
        if style in ("title", "subtitle", "round"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if style == "title":
            fmt.space_before = Pt(14)
        elif style == "body":
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            fmt.first_line_indent = Mm(_INDENT)
        elif style in ("item", "subitem"):
            fmt.left_indent = Mm(_INDENT if style == "item" else 2 * _INDENT)
            fmt.space_after = Pt(1)
        elif style == "heading":
            fmt.space_before = Pt(6)
        size = {"title": 15.0, "subtitle": 14.0}.get(style)
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
        left.width, right.width = Mm(72), Mm(_TEXT_WIDTH - 72)
        lines = [(self.d.upper_body, False), (self.d.issuing_body, True), ("*", False)]
        if not self.d.upper_body:
            lines = lines[1:]
        for i, (text, bold) in enumerate(lines):
            p = left.paragraphs[0] if i == 0 else left.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(text).bold = bold or None
        p = right.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(PARTY)
        run.bold, run.underline, run.font.size = True, True, Pt(14)
        p = right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(self.d.date_line).italic = True

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
        for row in t.rows:
            cells = table.add_row().cells
            for cell, text, width, a in zip(cells, row, widths, t.align, strict=True):
                cell.width = width
                p = cell.paragraphs[0]
                p.alignment = align[a]
                p.add_run(text).font.size = Pt(_CELL)

    def signatures(self) -> None:
        self.doc.add_paragraph()
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        for cell, (title, hint, names) in zip(table.rows[0].cells, self.d.signatures, strict=True):
            cell.width = Mm(_TEXT_WIDTH / 2)
            p = cell.paragraphs[0]
            if title:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.add_run(title).bold = True
                q = cell.add_paragraph()
                q.alignment = WD_ALIGN_PARAGRAPH.CENTER
                q.add_run(hint).italic = True
                n = cell.add_paragraph()
                n.alignment = WD_ALIGN_PARAGRAPH.CENTER
                n.paragraph_format.space_before = Mm(_SIGN_SPACE)
                n.add_run(names[0] if names else "").bold = True
            elif self.d.recipients:
                for i, line in enumerate(self.d.recipients):
                    q = p if i == 0 else cell.add_paragraph()
                    r = q.add_run(line)
                    r.font.size = Pt(11)
                    if i == 0:
                        r.bold, r.italic = True, True
