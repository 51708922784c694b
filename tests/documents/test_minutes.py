"""The counting minutes: the same content in the PDF to sign and the DOCX to edit."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from datetime import date, datetime
from pathlib import Path

import docx
import pytest

from daihoi.core.elections.model import ElectionDefinition, Result
from daihoi.core.elections.tally import decide
from daihoi.documents.minutes import (
    HEAD_SIGNS,
    MEMBERS_SIGN,
    CountingMember,
    MinutesContext,
    Table,
    header_date,
    minutes_document,
    number,
    render_minutes_docx,
    render_minutes_pdf,
)
from tests.core.builders import counts

from .builders import definition, people

CONTEXT = MinutesContext(
    upper_body="Đảng bộ tỉnh Phú Thọ",
    convening_body="Đại hội đại biểu Đảng bộ xã Hòa Bình lần thứ I",
    congress_title="Đại hội đại biểu Đảng bộ xã Hòa Bình lần thứ I, nhiệm kỳ 2025–2030",
    place="Hòa Bình",
    counted_at=datetime(2025, 7, 20, 15, 30),
    venue="Hội trường Đảng ủy xã",
    members=(
        CountingMember("Lê Thị Hồng", "member"),
        CountingMember("Phạm Quốc Việt", "head"),
        CountingMember("Đinh Văn Tú", "deputy"),
    ),
    remarks="Không có khiếu nại về việc kiểm phiếu.",
)

#: Base 200 − 2 = 198, threshold 100; 163 ballots collected, 160 valid.
VOTES = {
    "complete": [150, 140, 130, 120, 110, 90, 20],
    "tie": [150, 140, 130, 120, 110, 110, 20],
    "shortfall": [150, 140, 130, 90, 80, 70, 20],
}


def result(outcome: str) -> tuple[Result, ElectionDefinition]:
    d = definition(7, 5, ballots_issued=170)
    r = decide(d, counts(VOTES[outcome], valid=160, collected=163))
    assert r.outcome == outcome
    return r, d


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def pdf_text(data: bytes, folder: Path) -> str:
    path = folder / "minutes.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True)
    return done.stdout.decode("utf-8")


@pytest.mark.parametrize("outcome", ["complete", "tie", "shortfall"])
def test_the_docx_holds_every_figure_of_the_count(outcome: str) -> None:
    r, d = result(outcome)
    text = docx_text(render_minutes_docx(d, r, CONTEXT))
    assert unicodedata.is_normalized("NFC", text)
    for c in r.candidates:
        assert re.search(rf"{re.escape(c.name)} \| {c.votes} \| {c.percent}%", text)
    assert "75,76%" in text  # 150 / 198
    for line in (
        "Số đại biểu được triệu tập: 200",
        "Số làm cơ sở tính quá bán: 198",
        "Số phiếu tối thiểu để trúng cử (quá một nửa): 100",
        "Số phiếu phát ra: 170",
        "Số phiếu thu vào: 163",
        "Số phiếu hợp lệ: 160",
        "Số phiếu không hợp lệ: 3",
        "có chữ ký, ký hiệu hoặc viết thêm nội dung: 3",
        "Đại biểu chính thức vắng mặt suốt thời gian đại hội",
        "Quy chế áp dụng: Quy chế bầu cử trong Đảng (Quyết định 190-QĐ/TW)",
        "Hòa Bình, ngày 20 tháng 7 năm 2025",
        "ngày 20/07/2025",
        "Đồng chí Phạm Quốc Việt – Trưởng ban",
        "Đồng chí Đinh Văn Tú – Phó Trưởng ban",
        "Đồng chí Lê Thị Hồng – Ủy viên",
        "Không có khiếu nại về việc kiểm phiếu.",
        f"{MEMBERS_SIGN} | {HEAD_SIGNS}",
        "Đinh Văn Tú | Phạm Quốc Việt",
        "Lê Thị Hồng | ",
    ):
        assert line in text, line
    names = {c.id: c.name for c in r.candidates}
    for i, candidate_id in enumerate(r.elected, start=1):
        assert f"{i}. Đồng chí {names[candidate_id]}:" in text


def test_a_tie_names_the_tied_and_the_revote() -> None:
    r, d = result("tie")
    text = docx_text(render_minutes_docx(d, r, CONTEXT))
    names = {c.id: c.name for c in r.candidates}
    tied = ", ".join(names[i] for i in r.tied)
    assert f"Kết quả: {tied} bằng phiếu (110 phiếu) cho 1 chỗ còn lại." in text
    assert f"Tiếp theo: bầu lại giữa {tied} cho 1 chỗ." in text
    assert text.count("| bằng phiếu") == 2


def test_a_shortfall_states_the_seats_left_and_what_the_congress_decides() -> None:
    r, d = result("shortfall")
    text = docx_text(render_minutes_docx(d, r, CONTEXT))
    assert "Kết quả: còn thiếu 2 người so với số lượng cần bầu." in text
    assert "Tiếp theo: đại hội quyết định việc bầu tiếp cho 2 chỗ" in text
    assert len(r.elected) == 3


@pytest.mark.parametrize("outcome", ["complete", "tie", "shortfall"])
def test_the_pdf_is_made_for_every_outcome(outcome: str, tmp_path: Path) -> None:
    r, d = result(outcome)
    pdf = render_minutes_pdf(d, r, CONTEXT)
    assert pdf.startswith(b"%PDF-")
    assert render_minutes_pdf(d, r, CONTEXT) == pdf
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed (Debian package poppler-utils)")
    text = pdf_text(pdf, tmp_path)
    for needle in ("BIÊN BẢN KIỂM PHIẾU", "ĐẢNG CỘNG SẢN VIỆT NAM", HEAD_SIGNS, "75,76%"):
        assert needle in text
    for c in r.candidates:
        assert c.name in text


def test_the_minutes_list_the_candidates_in_result_order_with_their_notes() -> None:
    listed = people(3)
    listed[2]["name"] = listed[0]["name"]
    listed[0]["note"], listed[2]["note"] = "1970, thôn Đông", "1982, thôn Tây"
    d = definition(3, 2, candidates=listed)
    r = decide(d, counts([120, 60, 150], valid=160))
    doc = minutes_document(d, r, CONTEXT)
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert [row[1] for row in table.rows] == [
        f"{listed[2]['name']} (1982, thôn Tây)",
        f"{listed[0]['name']} (1970, thôn Đông)",
        listed[1]["name"],
    ]
    assert [row[0] for row in table.rows] == ["1", "2", "3"]


def test_large_numbers_use_a_dot_between_thousands() -> None:
    assert [number(n) for n in (0, 999, 2000, 1234567)] == ["0", "999", "2.000", "1.234.567"]
    d = definition(7, 5, electorate={"congress": "members", "summoned": 2500})
    r = decide(d, counts([2000, 1900, 1800, 1700, 1600, 100, 50], valid=2100))
    text = docx_text(render_minutes_docx(d, r, CONTEXT))
    assert "Số đảng viên chính thức của đảng bộ: 2.500" in text
    assert "| 2.000 | 80,00%" in text


def test_the_date_line_puts_a_zero_before_small_days_and_the_first_two_months() -> None:
    assert header_date("Hòa Bình", date(2025, 7, 20)) == "Hòa Bình, ngày 20 tháng 7 năm 2025"
    assert header_date("Hà Nội", date(2025, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2025"
    assert header_date("Huế", date(2025, 12, 1)) == "Huế, ngày 01 tháng 12 năm 2025"


def test_minutes_refuse_a_result_of_another_election() -> None:
    r, _ = result("complete")
    with pytest.raises(ValueError, match=r"not of 'bch-2025-r1'|of 'bch-2025-r1', not of"):
        minutes_document(definition(7, 5, id="other"), r, CONTEXT)


def test_a_large_election_fits_its_table_on_several_pages(tmp_path: Path) -> None:
    d = definition(300, 200, electorate={"congress": "delegates", "summoned": 2000})
    votes = [2000 - 5 * i for i in range(300)]
    r = decide(d, counts(votes, valid=2000))
    pdf = render_minutes_pdf(d, r, CONTEXT)
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) >= 8
    text = docx_text(render_minutes_docx(d, r, CONTEXT))
    assert all(c.name in text for c in r.candidates)
