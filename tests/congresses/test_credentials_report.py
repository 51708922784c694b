"""The credentials committee's report from the database: the page's figures, printed."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from daihoi.congresses import services
from daihoi.congresses.documents import credentials_record
from daihoi.congresses.models import DelegateKind
from tests.congresses.conftest import Hall, check_in_all
from tests.congresses.test_documents import docx_text, pdf_text


def _question_and_absent(hall: Hall) -> None:
    """No. 3 questioned; no. 10 away on business, the alternate in his place checked in."""
    services.delegate_update(
        actor=None,
        delegate=hall.delegates[2],
        kind=DelegateKind.OFFICIAL,
        is_ex_officio=True,
        credential="questioned",
        credential_note="Chờ kết luận của Ủy ban kiểm tra",
        replaces=None,
    )
    check_in_all(hall, [*range(9), 10])
    services.absence_record(
        actor=None,
        sitting=hall.sitting,
        delegate=hall.delegates[9],
        excused=True,
        reason="Đi công tác",
    )


def test_the_record_takes_the_pages_figures_and_the_opening_sittings_attendance(
    hall: Hall,
) -> None:
    _question_and_absent(hall)
    r = credentials_record(hall.congress)
    assert (r.summoned, r.ex_officio, r.alternates) == (10, 1, 2)
    assert (r.sitting, r.present, r.alternates_in_place) == ("Phiên chính thức", 10, 1)
    assert [(a.name, a.excused, a.reason, a.replaced_by) for a in r.absences] == [
        ("Lê Văn Mười", True, "Đi công tác", "Alternate One")
    ]
    # The ten officials and the alternate in no. 10's place vote; no. 3 is questioned.
    assert (r.counted, r.valid, r.women) == (11, 10, 4)
    assert [(q.name, q.note) for q in r.questioned] == [
        ("Lê Văn Cường", "Chờ kết luận của Ủy ban kiểm tra")
    ]


def test_the_secretariat_downloads_the_report_in_vietnamese_whatever_its_language(
    hall: Hall,
) -> None:
    _question_and_absent(hall)
    client = hall.client(hall.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pdf = client.get(reverse("hall_credentials_pdf", args=[hall.congress.pk]))
    docx = client.get(reverse("hall_credentials_docx", args=[hall.congress.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert f'filename="tham-tra-tu-cach-{hall.congress.pk}.docx"' in docx["Content-Disposition"]
    for text in (" ".join(pdf_text(pdf.content).split()), docx_text(docx.content)):
        assert "ngày 20 tháng 7 năm 2025" in text
        assert "Có mặt tại Phiên chính thức (ngày 20/07/2025): 10/10 đại biểu, đạt 100,00%" in text
        assert (
            "Đồng chí Lê Văn Mười: vắng có lý do: Đi công tác; "
            "đại biểu dự khuyết Alternate One thay thế." in text
        )
        assert "Nữ: 4 đồng chí, chiếm 36,36%." in text
        assert "Dưới 30 tuổi" in text and "years old" not in text
        assert "Lê Văn Cường" in text and "Chờ kết luận của Ủy ban kiểm tra" in text
        assert "10 đồng chí đại biểu có quyền biểu quyết đủ tư cách đại biểu dự Đại hội." in text


def test_before_any_sitting_the_report_says_no_one_is_present_yet(hall: Hall) -> None:
    services.sitting_close(actor=None, sitting=hall.sitting)
    hall.congress.sittings.all().delete()
    r = credentials_record(hall.congress)
    assert (r.sitting, r.present, r.absences) == ("", 0, ())
    client = hall.client(hall.secretary)
    response = client.get(reverse("hall_credentials_docx", args=[hall.congress.pk]))
    assert "chưa có số đại biểu có mặt" in docx_text(response.content)


def test_the_credentials_page_links_the_report(hall: Hall) -> None:
    response = hall.client(hall.secretary).get(reverse("hall_credentials", args=[hall.congress.pk]))
    page = response.content.decode()
    assert reverse("hall_credentials_pdf", args=[hall.congress.pk]) in page
    assert reverse("hall_credentials_docx", args=[hall.congress.pk]) in page
    assert "Báo cáo thẩm tra tư cách đại biểu (PDF)" in page
