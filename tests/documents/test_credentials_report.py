"""The credentials committee's report: the same figures in the PDF to read out and the DOCX."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import docx
import pypdfium2

from daihoi.documents.credentials_report import (
    Absence,
    CredentialsRecord,
    Questioned,
    Share,
    credentials_blocks,
    render_credentials_report_docx,
    render_credentials_report_pdf,
)

#: 120 summoned, 118 present at the opening sitting (one alternate in an absent
#: official's place), 119 who vote; 35 women, 12 of ethnic minorities.
RECORD = CredentialsRecord(
    convening_body="Đảng bộ xã Hòa Bình",
    congress_title="Đại hội đại biểu Đảng bộ xã Hòa Bình lần thứ I, nhiệm kỳ 2025–2030",
    place="Hòa Bình",
    day=date(2025, 7, 5),
    members_congress=False,
    summoned=120,
    ex_officio=15,
    alternates=3,
    sitting="Phiên chính thức",
    sitting_day=date(2025, 7, 5),
    present=118,
    alternates_in_place=1,
    absences=(
        Absence("Lê Văn Mười", excused=True, reason="Ốm, nằm viện", replaced_by="Đỗ Thị Lan"),
        Absence("Phạm Văn Nam"),
        Absence("Vũ Thị Hà"),
    ),
    counted=119,
    on=date(2025, 7, 5),
    women=35,
    minorities=12,
    ages=(
        Share("dưới 30 tuổi", 10),
        Share("từ 30 đến 40 tuổi", 40),
        Share("từ 41 đến 50 tuổi", 39),
        Share("từ 51 đến 60 tuổi", 30),
        Share("từ 61 tuổi trở lên", 0),
    ),
    youngest=26,
    oldest=60,
    unknown_birth=0,
    ethnicities=(Share("Kinh", 107), Share("Mường", 12)),
    education=(Share("Đại học", 90), Share("Thạc sĩ", 20), Share("—", 9)),
    theory=(Share("Trung cấp", 70), Share("Cao cấp", 49)),
    party_years=(
        Share("dưới 10 năm tuổi đảng", 30),
        Share("từ 10 đến 19 năm tuổi đảng", 50),
        Share("từ 20 năm tuổi đảng trở lên", 39),
    ),
    valid=118,
    questioned=(),
)


def docx_paragraphs(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [p.text for cell in row.cells for p in cell.paragraphs]
    return parts


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    # A wrapped line ends in a line break: read the text as one line.
    return " ".join(text.split())


def blocks_text(record: CredentialsRecord) -> str:
    return "\n".join(b.text for b in credentials_blocks(record) if hasattr(b, "text"))


FIGURES = [
    "Tổng số đại biểu chính thức được triệu tập: 120 đồng chí, trong đó 15 đại biểu đương nhiên.",
    "Đại biểu dự khuyết: 3 đồng chí.",
    "Có mặt tại Phiên chính thức (ngày 05/07/2025): 118/120 đại biểu, đạt 98,33%, "
    "kể cả 1 đại biểu dự khuyết thay thế đại biểu chính thức vắng mặt.",
    "Vắng mặt: 3 đồng chí (1 đồng chí có lý do):",
    "Đồng chí Lê Văn Mười: vắng có lý do: Ốm, nằm viện; đại biểu dự khuyết Đỗ Thị Lan thay thế.",
    "Đồng chí Phạm Văn Nam: vắng.",
    "tuổi đời, tuổi đảng tính đến ngày 05/07/2025",
    "Nữ: 35 đồng chí, chiếm 29,41%.",
    "Dân tộc thiểu số: 12 đồng chí, chiếm 10,08%.",
    "Dưới 30 tuổi: 10 đồng chí, chiếm 8,40%.",
    "Đại biểu trẻ tuổi nhất: 26 tuổi; cao tuổi nhất: 60 tuổi.",
    "Mường: 12 đồng chí, chiếm 10,08%.",
    "Thạc sĩ: 20 đồng chí, chiếm 16,81%.",
    "Chưa có thông tin: 9 đồng chí, chiếm 7,56%.",
    "Cao cấp: 49 đồng chí, chiếm 41,18%.",
    "Từ 10 đến 19 năm tuổi đảng: 50 đồng chí, chiếm 42,02%.",
    "118 đồng chí đại biểu có quyền biểu quyết đủ tư cách đại biểu dự Đại hội.",
]


def test_the_docx_reads_out_the_figures_in_the_partys_layout() -> None:
    paragraphs = docx_paragraphs(render_credentials_report_docx(RECORD))
    text = "\n".join(paragraphs)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in paragraphs and "BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU" in paragraphs
    assert "Hòa Bình, ngày 05 tháng 7 năm 2025" in paragraphs
    assert "BÁO CÁO" in paragraphs
    assert f"Thẩm tra tư cách đại biểu dự {RECORD.congress_title}" in paragraphs
    for figure in FIGURES:
        assert figure in text, figure
    assert "T/M BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU\nTRƯỞNG BAN" in paragraphs
    assert "đang xem xét" not in text


def test_the_pdf_carries_the_same_figures_on_a4() -> None:
    data = render_credentials_report_pdf(RECORD)
    pdf = pypdfium2.PdfDocument(data)
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (595, 842)
    text = pdf_text(data)
    for figure in FIGURES:
        assert figure in text, figure
    assert "T/M BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU TRƯỞNG BAN" in text


def test_a_questioned_credential_is_listed_with_its_note_and_left_out_of_the_conclusion() -> None:
    record = replace(
        RECORD,
        valid=117,
        questioned=(
            Questioned("Trần Văn Bình", "Đại biểu chính thức", "Đang chờ kết luận kiểm tra"),
            Questioned("Đỗ Thị Lan", "Đại biểu dự khuyết", ""),
        ),
    )
    text = "\n".join(docx_paragraphs(render_credentials_report_docx(record)))
    assert "Ban Thẩm tra tư cách đại biểu đang xem xét tư cách của 2 đồng chí:" in text
    assert "Trần Văn Bình" in text and "Đang chờ kết luận kiểm tra" in text
    assert "(chưa ghi nội dung)" in text
    assert "117 đồng chí đại biểu có quyền biểu quyết đủ tư cách đại biểu dự Đại hội." in text
    conclusion = next(line for line in text.splitlines() if "đủ tư cách đại biểu dự" in line)
    assert "Trần Văn Bình" not in conclusion
    pdf = pdf_text(render_credentials_report_pdf(record))
    assert "Đang chờ kết luận kiểm tra" in pdf


def test_a_record_with_no_one_present_says_so_without_dividing_by_zero() -> None:
    empty = replace(
        RECORD,
        summoned=0,
        ex_officio=0,
        alternates=0,
        sitting="",
        sitting_day=None,
        present=0,
        alternates_in_place=0,
        absences=(),
        counted=0,
        women=0,
        minorities=0,
        ages=(),
        youngest=None,
        oldest=None,
        ethnicities=(),
        education=(),
        theory=(),
        party_years=(),
        valid=0,
    )
    text = blocks_text(empty)
    assert "Tổng số đại biểu chính thức được triệu tập: 0 đồng chí." in text
    assert "Đại hội chưa khai mạc phiên họp nào: chưa có số đại biểu có mặt." in text
    assert "Chưa có đại biểu trong danh sách." in text
    assert "đủ tư cách đại biểu dự Đại hội" not in text
    assert render_credentials_report_pdf(empty).startswith(b"%PDF-")
    nobody = replace(RECORD, present=0, alternates_in_place=0)
    assert "Có mặt tại Phiên chính thức (ngày 05/07/2025): 0/120 đại biểu, đạt 0,00%." in (
        blocks_text(nobody)
    )


def test_a_congress_of_members_counts_members() -> None:
    text = blocks_text(replace(RECORD, members_congress=True, ex_officio=0, alternates=0))
    assert "Tổng số đảng viên chính thức được triệu tập: 120 đồng chí." in text
    assert "đồng chí đảng viên có quyền biểu quyết đủ tư cách đại biểu dự Đại hội" in text
