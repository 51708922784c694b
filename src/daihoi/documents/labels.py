"""The engine's Vietnamese wording, for the documents; one place to import it from.

The counting minutes say what ``daihoi tally`` says (the figures' labels, the
invalid reasons, the statuses, the outcome and next step), so the wording
comes from the engine's summary rather than a second copy. Those tables are
private to ``core.elections.summary`` today; this module is the only place
that reaches into them, so when they move to a public module only the
imports below change.

Wording the engine has no table for (the ballot form, the order of names,
the alternates mode, the rounds, the counting committee's roles) is here.
"""

from __future__ import annotations

from ..core.elections.model import Form, InvalidCode
from ..core.elections.summary import _BASES, _INVALID, _STATUS, _TEXT, _TIES

__all__ = [
    "ALTERNATES",
    "FORMS",
    "ORDERS",
    "ROLES",
    "base_label",
    "invalid_label",
    "status_label",
    "text",
    "tie_label",
]

FORMS: dict[Form, str] = {
    "cross_out": "phiếu gạch tên (có số dư)",
    "agree_disagree": "phiếu đồng ý, không đồng ý (không có số dư)",
    "single": "phiếu đồng ý, không đồng ý (danh sách một người)",
}
ORDERS: dict[str, str] = {
    "collation": "theo vần A, B, C của tên",
    "as_listed": "theo thứ tự danh sách đã thông qua",
}
ALTERNATES: dict[str, str] = {
    "separate": "bầu riêng",
    "same_ballot": "bầu trên cùng phiếu với đại biểu chính thức",
}
ROLES: dict[str, str] = {"head": "Trưởng ban", "deputy": "Phó Trưởng ban", "member": "Ủy viên"}


def text(key: str, **values: object) -> str:
    """A line of the engine's summary, in Vietnamese, its placeholders filled."""
    return _TEXT[key]["vi"].format(**values)


def invalid_label(code: InvalidCode | str) -> str:
    return _INVALID[code]["vi"]


def status_label(status: str) -> str:
    return _STATUS[status]["vi"]


def base_label(base: str) -> str:
    return _BASES[base]["vi"]


def tie_label(tie: str) -> str:
    return _TIES[tie]["vi"]
