"""The logic-and-accuracy report of a test run (biên bản chạy thử kiểm phiếu), as PDF.

Pure: a plain dataclass in (every figure already compared by the caller,
``elections.services.testing``), PDF bytes out; no Django. Laid out by
:mod:`.layout`, as the counting minutes: the convening committee top left,
the date line top right, the title, what was tested (the election, the test
code's id, the expected file, the batches), one table line a figure —
expected, counted, equal or not —, the conclusion "ĐẠT" or "KHÔNG ĐẠT",
and the counting committee's signatures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .layout import (
    Block,
    CommitteeSignatures,
    Document,
    Look,
    Para,
    Run,
    Table,
    header_date,
    render_pdf,
)

__all__ = ["AccuracyLine", "AccuracyReport", "render_accuracy_report_pdf"]

TITLE = "BIÊN BẢN CHẠY THỬ KIỂM PHIẾU"
SUBJECT = "Kiểm tra logic và độ chính xác"
PASSED = "ĐẠT"
FAILED = "KHÔNG ĐẠT"
_MEMBERS_SIGN = "CÁC THÀNH VIÊN BAN KIỂM PHIẾU"
_HEAD_SIGNS = "TRƯỞNG BAN KIỂM PHIẾU"
_MISSING = "—"


@dataclass(frozen=True, slots=True)
class AccuracyLine:
    label: str
    expected: str | None
    counted: str | None
    equal: bool


@dataclass(frozen=True, slots=True)
class AccuracyReport:
    upper_body: str
    convening_body: str
    place: str
    day: date
    election_title: str
    trial_id: str
    expected_file: str
    batches: int
    pending_batches: int
    waiting_scans: int
    problem: str
    lines: tuple[AccuracyLine, ...]
    passed: bool
    head: str | None = None
    members: tuple[str, ...] = ()


def _blocks(r: AccuracyReport) -> list[Block]:
    blocks: list[Block] = [
        Para((Run(TITLE, bold=True),), "title"),
        Para((Run(f"{SUBJECT}: {r.election_title}", bold=True),), "subtitle"),
        Para.body(
            "Ban kiểm phiếu đã kiểm phiếu thử bằng các phiếu MẪU THỬ (phiếu thử, không có giá "
            f"trị bầu cử; mã cuộc bầu trên phiếu: {r.trial_id}), qua đúng quy trình kiểm phiếu "
            "thật, và đối chiếu kết quả với kết quả dự kiến."
        ),
        Para.item(f"Tệp kết quả dự kiến: {r.expected_file or 'chưa có'}."),
        Para.item(f"Số tập phiếu đã kiểm: {r.batches}."),
    ]
    if r.pending_batches:
        blocks.append(Para.item(f"Số tập phiếu chưa khớp: {r.pending_batches}."))
    if r.waiting_scans:
        blocks.append(Para.item(f"Số phiếu quét chờ quyết định: {r.waiting_scans}."))
    if r.problem:
        blocks.append(Para.item(f"Không tính được kết quả: {r.problem}"))
    blocks.append(
        Table(
            head=("Nội dung", "Dự kiến", "Kiểm được", "Đối chiếu"),
            rows=tuple(
                (
                    line.label,
                    line.expected if line.expected is not None else _MISSING,
                    line.counted if line.counted is not None else _MISSING,
                    "Khớp" if line.equal else "Khác",
                )
                for line in r.lines
            ),
            widths=(70.0, 35.0, 35.0, 25.0),
            align=("left", "right", "right", "centre"),
        )
    )
    blocks.append(Para((Run("Kết luận: "), Run(PASSED if r.passed else FAILED, bold=True)), "body"))
    return blocks


def _document(r: AccuracyReport) -> Document:
    return Document(
        upper_body=r.upper_body.upper(),
        issuing_body=r.convening_body.upper(),
        date_line=header_date(r.place, r.day),
        title=TITLE,
        subject=f"{SUBJECT}: {r.election_title}",
        blocks=tuple(_blocks(r)),
        signatures=CommitteeSignatures(
            members_title=_MEMBERS_SIGN, head_title=_HEAD_SIGNS, head=r.head, members=r.members
        ),
    )


def render_accuracy_report_pdf(report: AccuracyReport) -> bytes:
    return render_pdf(_document(report), Look(fit_cells=True))
