"""What the crawler types into a form: nothing, the wrong kind, too much, and hostile text."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.crawl.checks import Form

#: Markup, a NUL, control characters, right-to-left marks and SQL in one line.
HOSTILE = "<script>alert(1)</script>\x00\x07\x1b\u202e\u200f\u061c'; DROP TABLE x; --\"><b>"
HUGE_TEXT = "ữ" * 1_000_000
HUGE_NUMBER = str(10**40)

NUMBER = {"number", "range"}
DATES = {"date", "datetime-local", "month", "time"}


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _value(kind: str, choices: list[str], variant: str, first_text: bool) -> Any:
    if kind == "file":
        return {
            "wrong": _file("danh-sach.xlsx", b"PK\x03\x04 not a workbook \x00\xff"),
            "huge": _file("danh-sach.json", b"[" + b"{}," * 200_000 + b"{}]"),
            "hostile": _file("../../<script>.csv", HOSTILE.encode("utf-8", "surrogatepass")),
            "plausible": _file("danh-sach.csv", "Họ và tên\nNguyễn Văn An\n".encode()),
        }[variant]
    if kind in ("select", "radio") and variant in ("huge", "plausible") and choices:
        return [c for c in choices if c][:1] or choices[:1]
    if kind == "checkbox":
        return {
            "wrong": "có lẽ",
            "huge": HUGE_NUMBER,
            "hostile": HOSTILE,
            "plausible": choices[:1] or "on",
        }[variant]
    if kind in NUMBER:
        return {"wrong": "mười hai", "huge": HUGE_NUMBER, "hostile": "-1", "plausible": "3"}[
            variant
        ]
    if kind in DATES:
        return {
            "wrong": "31/02/2025",
            "huge": "99999999-01-01",
            "hostile": HOSTILE,
            "plausible": "2025-07-20",
        }[variant]
    return {
        "wrong": "12.5e9",
        "huge": HUGE_TEXT if first_text else "x" * 5_000,
        "hostile": HOSTILE,
        "plausible": "Hòa Bình 2",
    }[variant]


VARIANTS = ("empty", "wrong", "huge", "hostile", "plausible", "zero")


def payload(form: Form, variant: str) -> dict[str, Any]:
    """The body of one POST of ``form``."""
    if variant == "empty":
        return {}
    if variant == "zero":  # plausible, every number 0: figures that add up, reach the engine
        data = payload(form, "plausible")
        return {n: "0" if form.fields[n] in NUMBER else v for n, v in data.items()}
    data: dict[str, Any] = {}
    first_text = True
    for name, kind in form.fields.items():
        is_text = kind in ("text", "textarea", "search", "hidden", "email", "url", "tel")
        if variant == "plausible" and kind == "hidden" and name in form.values:
            data[name] = form.values[name]
            continue
        data[name] = _value(kind, form.choices.get(name, []), variant, first_text and is_text)
        if is_text:
            first_text = False
    return data
