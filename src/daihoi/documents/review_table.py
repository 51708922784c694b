"""The review table of a term's resolution (bảng đánh giá thực hiện chỉ tiêu) as DOCX, with charts.

Pure: plain dataclasses in (every cell already worded and formatted by the
caller), DOCX and PNG bytes out; no Django. The layout of the other
documents (:mod:`.layout`): the issuing body top left over a star, "ĐẢNG
CỘNG SẢN VIỆT NAM" underlined top right over the place and date in italics,
the title bold and centred, Times New Roman; A4 landscape, because the table
has a column a year. One row a target under its group's heading, the years'
figures (an estimate marked "ước" in its column head), the term's result,
the percentage of the target and the assessment; under the table, how each
was computed; then a chart a target: its figures against the path to its
goal.

The charts are drawn with ReportLab's chart library (a line plot), written
as a one-page PDF and rasterised to PNG by pdfium (``pypdfium2``), both
already used by the project: no system library and no browser is needed,
and the Vietnamese font is the documents' own.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from reportlab.graphics import renderPDF
from reportlab.graphics.charts.legends import LineLegend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from . import fonts
from .layout import DOCX_ALIGN, Align, Page, docx_header, new_docx, repeat_as_header

__all__ = [
    "ReviewChart",
    "ReviewDocument",
    "ReviewGroup",
    "ReviewRow",
    "chart_png",
    "render_review_docx",
]

TITLE = "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT ĐẠI HỘI"
#: A4 landscape; the binding edge is on top.
_PAGE = Page(297.0, 210.0, top=20.0, bottom=15.0, left=20.0, right=15.0, landscape=True)
_CELL = 10.5


@dataclass(frozen=True, slots=True)
class ReviewRow:
    number: str
    name: str
    measure: str
    target: str  # as the resolution set it: "≥ 8%/năm", "100"
    years: tuple[str, ...]  # one a year column, "" when missing
    result: str
    percent: str
    status: str
    reason: str


@dataclass(frozen=True, slots=True)
class ReviewGroup:
    title: str  # "I. KINH TẾ"
    rows: tuple[ReviewRow, ...]


@dataclass(frozen=True, slots=True)
class ReviewChart:
    title: str
    actual_label: str
    goal_label: str
    actual: tuple[tuple[int, float], ...]
    goal: tuple[tuple[int, float], ...]


@dataclass(frozen=True, slots=True)
class ReviewDocument:
    upper_body: str
    issuing_body: str
    date_line: str
    subtitle: str  # "Nhiệm kỳ 2020–2025"
    year_heads: tuple[str, ...]  # "2021" … "Ước 2025"
    groups: tuple[ReviewGroup, ...]
    summary: str
    charts: tuple[ReviewChart, ...] = ()
    heads: tuple[str, ...] = (
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Nghị quyết đề ra",
        "Kết quả nhiệm kỳ",
        "So với nghị quyết (%)",
        "Đánh giá",
    )


# --- the chart ----------------------------------------------------------------------

_ACTUAL_COLOR = colors.HexColor("#b3121f")
_GOAL_COLOR = colors.HexColor("#1f5fa8")


def _drawing(chart: ReviewChart, width: float = 460, height: float = 230) -> Drawing:
    fonts.register_fonts()
    d = Drawing(width, height)
    d.add(String(8, height - 16, chart.title, fontName=fonts.BOLD, fontSize=11))
    plot = LinePlot()
    plot.x, plot.y = 48, 46
    plot.width, plot.height = width - 70, height - 90
    series = [list(chart.goal), list(chart.actual)]
    plot.data = [s if s else [(0, 0)] for s in series]
    xs = [x for s in series for x, _y in s] or [0, 1]
    ys = [y for s in series for _x, y in s] or [0, 1]
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = min(xs) - 0.3, max(xs) + 0.3
    plot.xValueAxis.valueSteps = sorted({x for x in xs})
    plot.xValueAxis.labelTextFormat = "%d"
    low, high = min(0.0, min(ys)), max(ys) or 1.0
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = low, high * 1.12
    plot.yValueAxis.labelTextFormat = lambda v: f"{v:,.0f}".replace(",", ".")
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName, axis.labels.fontSize = fonts.REGULAR, 8
    plot.lines[0].strokeColor, plot.lines[0].strokeDashArray = _GOAL_COLOR, (4, 3)
    plot.lines[0].strokeWidth = 1.5
    plot.lines[1].strokeColor, plot.lines[1].strokeWidth = _ACTUAL_COLOR, 2.2
    from reportlab.graphics.widgets.markers import makeMarker

    plot.lines[1].symbol = makeMarker("FilledCircle", size=4, fillColor=_ACTUAL_COLOR)
    if not chart.goal:
        plot.lines[0].strokeColor = colors.white
    if not chart.actual:
        plot.lines[1].strokeColor = colors.white
    d.add(plot)
    legend = LineLegend()
    legend.x, legend.y = 48, 14
    legend.fontName, legend.fontSize = fonts.REGULAR, 9
    legend.columnMaximum, legend.deltax = 1, 160
    legend.colorNamePairs = [(_GOAL_COLOR, chart.goal_label), (_ACTUAL_COLOR, chart.actual_label)]
    d.add(legend)
    return d


def chart_png(chart: ReviewChart, *, scale: float = 2.0) -> bytes:
    """The chart as PNG: drawn by ReportLab to PDF, rasterised by pdfium."""
    import pypdfium2

    pdf = renderPDF.drawToString(_drawing(chart))
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=scale).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# --- DOCX ---------------------------------------------------------------------------


def _cell(cell: object, text: str, *, bold: bool = False, align: Align = "left") -> None:
    p = cell.paragraphs[0]  # type: ignore[attr-defined]
    p.alignment = DOCX_ALIGN[align]
    run = p.add_run(text)
    run.bold = bold or None
    run.font.size = Pt(_CELL)


def _widths(years: int) -> list[float]:
    fixed = [10.0, 0.0, 20.0, 24.0, 24.0, 20.0, 24.0]
    year_w = 19.0
    name_w = _PAGE.text_width - sum(fixed) - year_w * years
    fixed[1] = max(name_w, 40.0)
    return fixed[:4] + [year_w] * years + fixed[4:]


def render_review_docx(review: ReviewDocument) -> bytes:
    doc = new_docx(_PAGE)
    doc.core_properties.title = TITLE
    doc.core_properties.author = review.issuing_body
    # Word sizes the header's columns on the wide page; the Party line at body size.
    docx_header(
        doc,
        upper_body=review.upper_body.upper(),
        issuing_body=review.issuing_body.upper(),
        date_line=review.date_line,
        fixed_widths=False,
        party_size=None,
    )

    for text, size in ((TITLE, 14), (review.subtitle, 13)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(10 if size == 14 else 0)
        r = p.add_run(text)
        r.bold, r.font.size = True, Pt(size)

    heads = [*review.heads[:4], *review.year_heads, *review.heads[4:]]
    widths = [Mm(w) for w in _widths(len(review.year_heads))]
    table = doc.add_table(rows=1, cols=len(heads))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for cell, text, width in zip(table.rows[0].cells, heads, widths, strict=True):
        cell.width = width
        _cell(cell, text, bold=True, align="centre")
    repeat_as_header(table.rows[0])
    for group in review.groups:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        _cell(merged, group.title, bold=True)
        for row in group.rows:
            values: list[tuple[str, Align]] = [
                (row.number, "centre"),
                (row.name, "left"),
                (row.measure, "centre"),
                (row.target, "right"),
                *((y, "right") for y in row.years),
                (row.result, "right"),
                (row.percent, "right"),
                (row.status, "centre"),
            ]
            cells = table.add_row().cells
            for cell, (text, align), width in zip(cells, values, widths, strict=True):
                cell.width = width
                _cell(cell, text, align=align)

    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(8)
    p.add_run(review.summary).italic = True
    p = doc.add_paragraph()
    p.add_run("Cách tính và căn cứ đánh giá:").bold = True
    for group in review.groups:
        for row in group.rows:
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Mm(8)
            p.paragraph_format.space_after = Pt(2)
            p.add_run(f"{row.number}. {row.name}: ").bold = True
            p.add_run(row.reason)
    if review.charts:
        doc.add_page_break()  # type: ignore[no-untyped-call]
        p = doc.add_paragraph()
        p.add_run("Biểu đồ thực hiện các chỉ tiêu so với lộ trình của nghị quyết").bold = True
        for chart in review.charts:
            doc.add_picture(io.BytesIO(chart_png(chart)), width=Mm(150))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def group_numeral(index: int) -> str:
    """I, II, III … for the group headings."""
    numerals: Sequence[tuple[int, str]] = (
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = ""
    for value, letters in numerals:
        while index >= value:
            out += letters
            index -= value
    return out
