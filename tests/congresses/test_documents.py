"""The congress minutes and resolution (pure renderers and the pages), cards and vote passes."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pypdfium2
import pytest
from django.urls import reverse

from daihoi.congresses import services
from daihoi.congresses.cards import Card, render_cards_pdf
from daihoi.congresses.documents import congress_record
from daihoi.documents.congress_minutes import (
    CongressRecord,
    ItemRecord,
    SittingRecord,
    VoteRecord,
    minutes_blocks,
    render_congress_minutes_docx,
    render_congress_minutes_pdf,
    render_resolution_docx,
    render_resolution_pdf,
)
from daihoi.documents.qr import qr_svg
from tests.congresses.conftest import Hall, check_in_all


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def record(**changes: object) -> CongressRecord:
    vote = VoteRecord(
        title="Biểu quyết chương trình Đại hội",
        method="điện tử",
        secret=True,
        present=110,
        agree=100,
        disagree=6,
        abstain=4,
        base=118,
        passed=True,
    )
    base = CongressRecord(
        upper_body="Đảng bộ tỉnh Thạch Sơn",
        convening_body="Đảng bộ xã Hòa Bình",
        congress_title="Đại hội đại biểu Đảng bộ xã Hòa Bình lần thứ I, nhiệm kỳ 2025–2030",
        place="Hòa Bình",
        day=dt.date(2025, 7, 20),
        venue="Hội trường UBND xã",
        members_congress=False,
        summoned=120,
        deductions=(("Vắng mặt cả kỳ đại hội, không có dự khuyết thay thế", 2),),
        base=118,
        profile="cpv-2024",
        sittings=(
            SittingRecord(
                title="Phiên chính thức",
                day=dt.date(2025, 7, 20),
                opened_at=dt.datetime(2025, 7, 20, 7, 30),
                closed_at=dt.datetime(2025, 7, 20, 17, 5),
                present=112,
                excused=6,
                absent=2,
                quorum_met=True,
                quorum_share="2/3",
                least_present=81,
            ),
        ),
        items=(
            ItemRecord(
                position=1,
                title="Thông qua chương trình Đại hội",
                started_at=dt.datetime(2025, 7, 20, 7, 45),
                speakers=(("Nguyễn Văn An", "Về chỉ tiêu kinh tế"),),
                votes=(vote,),
            ),
        ),
        other_votes=(),
        elections=(),
        secretariat=("Trần Thị Bình",),
        presidium=("Lê Văn Cường",),
    )
    from dataclasses import replace

    return replace(base, **changes)  # type: ignore[arg-type]


def test_the_minutes_state_attendance_quorum_base_and_each_votes_result() -> None:
    text = docx_text(render_congress_minutes_docx(record()))
    assert "BIÊN BẢN ĐẠI HỘI" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Hòa Bình, ngày 20 tháng 7 năm 2025" in text
    assert "có mặt 112/120 đại biểu, đạt 93,33%" in text
    assert "quá 2/3 số đại biểu được triệu tập, Đại hội đủ điều kiện tiến hành" in text
    assert "Số làm cơ sở tính quá bán: 118" in text
    assert "tán thành 100/118, đạt 84,75%" in text and "Kết quả: thông qua" in text
    assert "Đồng chí Nguyễn Văn An: Về chỉ tiêu kinh tế" in text
    assert "T/M ĐOÀN CHỦ TỊCH" in text and "Trần Thị Bình" in text


def test_the_minutes_say_when_the_congress_may_not_proceed() -> None:
    sitting = record().sittings[0]
    from dataclasses import replace

    low = replace(sitting, present=70, quorum_met=False)
    blocks = minutes_blocks(record(sittings=(low,)))
    text = "\n".join(b.text for b in blocks if hasattr(b, "text"))
    assert "cần ít nhất 81" in text and "chưa đủ điều kiện tiến hành" in text


def test_the_pdfs_are_a4_with_vietnamese_text() -> None:
    for render in (render_congress_minutes_pdf, render_resolution_pdf):
        data = render(record())
        assert data.startswith(b"%PDF-")
        pdf = pypdfium2.PdfDocument(data)
        width, height = pdf[0].get_size()
        assert (round(width), round(height)) == (595, 842)
    assert "NGHỊ QUYẾT" in pdf_text(render_resolution_pdf(record()))


def test_the_resolution_lists_what_passed_and_leaves_the_targets_to_the_secretariat() -> None:
    text = docx_text(render_resolution_docx(record()))
    assert "QUYẾT NGHỊ:" in text
    assert "Thông qua: Biểu quyết chương trình Đại hội (tán thành 100/118" in text
    assert "Đoàn Thư ký hoàn chỉnh" in text and "Nơi nhận:" in text


def test_the_minutes_from_the_database_carry_the_engines_decisions(hall: Hall) -> None:
    check_in_all(hall, range(9))
    services.agenda_item_start(actor=None, item=hall.item)
    services.vote_record_hands(
        actor=None, vote=hall.hands, present=9, agree=9, disagree=0, abstain=0
    )
    services.sitting_close(actor=None, sitting=hall.sitting)
    r = congress_record(hall.congress)
    assert r.summoned == 10 and r.base == 9
    assert r.sittings[0].present == 9 and r.sittings[0].quorum_met
    assert r.sittings[0].absent == 3  # no. 10 and both alternates (one only in his place)
    assert r.items[0].votes[0].passed and r.items[0].votes[0].base == 9
    client = hall.client(hall.secretary)
    response = client.get(reverse("hall_minutes_docx", args=[hall.congress.pk]))
    assert "Biểu quyết danh sách Đoàn Chủ tịch" in docx_text(response.content)
    assert "Thư ký Đại hội" in docx_text(response.content)


def test_cards_carry_the_check_in_code_and_passes_the_personal_link(hall: Hall) -> None:
    client = hall.client(hall.secretary)
    cards = client.get(reverse("hall_cards_pdf", args=[hall.congress.pk]))
    text = pdf_text(cards.content)
    assert "THẺ ĐẠI BIỂU" in text and hall.delegates[0].code in text and "Số: 001" in text
    assert len(pypdfium2.PdfDocument(cards.content)) == 2  # 12 cards, 8 a sheet
    passes = client.get(reverse("hall_passes_pdf", args=[hall.congress.pk]))
    text = pdf_text(passes.content)
    assert "THẺ BIỂU QUYẾT ĐIỆN TỬ" in text and hall.delegates[0].code not in text


@pytest.mark.parametrize(
    "text", ["K7M2QX9P", "http://127.0.0.1:8000/v/1.1.abcdefghijklmnopqrstuvwx/"]
)
def test_the_qr_code_is_drawn_in_pdf_and_svg(text: str) -> None:
    svg = qr_svg(text)
    assert svg.startswith("<svg") and svg.count("<rect") > 100 and "style" not in svg
    pdf = render_cards_pdf(
        [Card(1, "Nguyễn Văn An", "Chi bộ thôn 1", "Đại biểu chính thức", text, text)],
        congress_title="Đại hội",
    )
    assert pdf.startswith(b"%PDF-")
