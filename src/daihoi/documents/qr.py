"""A QR code drawn with ReportLab: its dark modules, and an inline SVG for a page.

Shared by the delegate cards (``congresses.cards``) and the two-factor
enrolment page (``accounts``); pure drawing, no Django.
"""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Rect as ShapeRect

__all__ = ["qr_modules", "qr_svg"]


def qr_modules(text: str, size: float) -> list[tuple[float, float, float, float]]:
    """The QR's dark modules as (x, y, w, h) in a square of ``size`` points, quiet zone in."""
    widget = QrCodeWidget(text, barLevel="M", barBorder=4, barWidth=size, barHeight=size)
    return [
        (s.x, s.y, s.width, s.height)
        for s in widget.draw().contents
        if isinstance(s, ShapeRect) and s.fillColor is not None
    ]


def qr_svg(text: str, size: int = 240) -> str:
    """An inline SVG of the QR code (attributes only, no style: it passes a strict CSP)."""
    rects = "".join(
        f'<rect x="{x:.2f}" y="{size - y - h:.2f}" width="{w:.2f}" height="{h:.2f}"/>'
        for x, y, w, h in qr_modules(text, size)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size}" height="{size}" role="img" aria-label="QR">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><g fill="#000">{rects}</g></svg>'
    )
