"""Delegate cards and electronic vote passes (PDF); the QR code is drawn by ``documents.qr``.

Pure drawing with ReportLab, no Django. A card (thẻ đại biểu) carries the
delegate's number, name and a QR code of their check-in code: the code
identifies the person at the desk, for attendance only, and is never used for
a vote. A vote pass is a separate slip with the QR of the delegate's personal
vote link, handed over at the desk; it works on one phone only.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from daihoi.documents import fonts
from daihoi.documents.qr import qr_modules as _modules

__all__ = ["render_cards_pdf", "render_passes_pdf"]

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"


@dataclass(frozen=True, slots=True)
class Card:
    """One delegate's card or pass. ``qr`` is what the code holds, ``code_text`` under it."""

    number: int | None
    name: str
    position: str
    kind: str  # the kind as printed: "Đại biểu chính thức", "Đại biểu dự khuyết"
    qr: str
    code_text: str


def _fit(text: str, font: str, size: float, width: float) -> float:
    while size > 6 and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _centred(
    c: Canvas, text: str, x: float, y: float, width: float, font: str, size: float
) -> None:
    size = _fit(text, font, size, width)
    c.setFont(font, size)
    c.drawCentredString(x + width / 2, y, text)


def _qr(c: Canvas, text: str, x: float, y: float, size: float) -> None:
    c.setFillColor(colors.black)
    for mx, my, w, h in _modules(text, size):
        c.rect(x + mx, y + my, w, h, stroke=0, fill=1)


# Eight cards on an A4 sheet, two across and four down, with cutting room.
_CARD_W, _CARD_H = 90 * mm, 62 * mm
_COLS, _ROWS = 2, 4
_MARGIN_X = (210 * mm - _COLS * _CARD_W) / 2
_MARGIN_Y = (297 * mm - _ROWS * _CARD_H) / 2


def _sheet(
    cards: Sequence[Card],
    congress_title: str,
    title: str,
    footer: str,
    draw_number: bool,
) -> bytes:
    fonts.register_fonts()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(210 * mm, 297 * mm), invariant=True)
    c.setTitle(title)
    c.setCreator("daihoi")
    per_page = _COLS * _ROWS
    for start in range(0, max(len(cards), 1), per_page):
        for i, card in enumerate(cards[start : start + per_page]):
            col, row = i % _COLS, i // _COLS
            x = _MARGIN_X + col * _CARD_W
            y = 297 * mm - _MARGIN_Y - (row + 1) * _CARD_H
            _card(c, card, x, y, congress_title, title, footer, draw_number)
        c.showPage()
    c.save()
    return buffer.getvalue()


def _card(
    c: Canvas,
    card: Card,
    x: float,
    y: float,
    congress_title: str,
    title: str,
    footer: str,
    draw_number: bool,
) -> None:
    pad = 4 * mm
    c.setStrokeColor(colors.grey)
    c.setLineWidth(0.4)
    c.setDash(2, 2)
    c.rect(x, y, _CARD_W, _CARD_H)
    c.setDash()
    c.setStrokeColor(colors.HexColor("#b3121f"))
    c.setLineWidth(1.2)
    c.rect(x + 2 * mm, y + 2 * mm, _CARD_W - 4 * mm, _CARD_H - 4 * mm)
    inner = _CARD_W - 2 * pad
    top = y + _CARD_H - pad - 3 * mm
    c.setFillColor(colors.black)
    _centred(c, PARTY, x + pad, top, inner, fonts.BOLD, 9)
    _centred(c, congress_title.upper(), x + pad, top - 4.2 * mm, inner, fonts.REGULAR, 7.5)
    c.setFillColor(colors.HexColor("#b3121f"))
    _centred(c, title, x + pad, top - 11 * mm, inner, fonts.BOLD, 15)
    c.setFillColor(colors.black)
    qr_size = 30 * mm
    qr_x = x + _CARD_W - pad - qr_size
    qr_y = y + pad + 1 * mm
    _qr(c, card.qr, qr_x, qr_y, qr_size)
    text_w = qr_x - x - pad - 2 * mm
    line = top - 19 * mm
    if draw_number and card.number is not None:
        c.setFont(fonts.REGULAR, 10)
        c.drawString(x + pad, line, f"Số: {card.number:03d}")
        line -= 6 * mm
    size = _fit(card.name, fonts.BOLD, 13, text_w)
    c.setFont(fonts.BOLD, size)
    c.drawString(x + pad, line, card.name)
    line -= 5 * mm
    for text in (card.kind, card.position):
        if text:
            c.setFont(fonts.REGULAR, _fit(text, fonts.REGULAR, 8.5, text_w))
            c.drawString(x + pad, line, text)
            line -= 4.2 * mm
    c.setFont(fonts.ITALIC, _fit(footer, fonts.ITALIC, 7, text_w))
    c.drawString(x + pad, y + pad + 5 * mm, footer)
    c.setFont(fonts.REGULAR, _fit(card.code_text, fonts.REGULAR, 8, qr_size))
    c.drawCentredString(qr_x + qr_size / 2, qr_y - 2.5 * mm, card.code_text)


def render_cards_pdf(cards: Sequence[Card], *, congress_title: str) -> bytes:
    """Delegate cards (thẻ đại biểu), eight to an A4 sheet, each with its check-in QR."""
    return _sheet(
        cards,
        congress_title,
        "THẺ ĐẠI BIỂU",
        "Mã QR dùng để điểm danh, không dùng để bỏ phiếu.",
        draw_number=True,
    )


def render_passes_pdf(cards: Sequence[Card], *, congress_title: str) -> bytes:
    """Electronic vote passes: the QR of each delegate's own link, for one phone only."""
    return _sheet(
        cards,
        congress_title,
        "THẺ BIỂU QUYẾT ĐIỆN TỬ",
        "Chỉ dùng trên một điện thoại; không chuyển cho người khác.",
        draw_number=True,
    )
