"""The demo congress's papers: a report in two versions (DOCX), the programme (PDF), and
the province's draft political report as the consultation app holds it.

Called by the demo after the consultation's drafts and the congress in session
exist. Everything goes through the services, as the secretariat would do it;
the delegates whose phones the demo confirmed have opened some of them.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from daihoi.congresses.models import Congress
from daihoi.documents import fonts
from daihoi.papers import services
from daihoi.papers.models import PaperKind
from daihoi.papers.selectors import draft_versions_for

REPORT_TITLE = "Báo cáo kiểm điểm của Ban Chấp hành Đảng bộ xã nhiệm kỳ 2020–2025"
REPORT = [
    (
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        [
            "Ban Chấp hành Đảng bộ xã nhiệm kỳ 2020–2025 gồm 15 đồng chí; trong nhiệm kỳ có "
            "2 đồng chí chuyển công tác, được bổ sung kịp thời.",
            "Ban Chấp hành ban hành quy chế làm việc ngay sau Đại hội, phân công từng ủy viên "
            "phụ trách chi bộ và lĩnh vực.",
        ],
    ),
    (
        "II. ƯU ĐIỂM",
        [
            "Lãnh đạo thực hiện đạt và vượt 14/16 chỉ tiêu Nghị quyết Đại hội; thu nhập bình "
            "quân đầu người tăng 1,6 lần so với đầu nhiệm kỳ.",
            "Công tác xây dựng Đảng được chú trọng; kết nạp 46 đảng viên mới, 100% chi bộ duy "
            "trì sinh hoạt định kỳ và chuyên đề.",
        ],
    ),
    (
        "III. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN",
        [
            "Một số chỉ tiêu về chuyển dịch cơ cấu kinh tế chưa đạt; việc kiểm tra, giám sát "
            "ở một số chi bộ còn hình thức.",
        ],
    ),
    (
        "IV. BÀI HỌC KINH NGHIỆM",
        [
            "Giữ vững đoàn kết thống nhất trong Ban Chấp hành; phát huy vai trò nêu gương của "
            "người đứng đầu.",
        ],
    ),
]
PROGRAMME = [
    ("07:30", "Đón tiếp đại biểu, điểm danh"),
    ("08:00", "Chào cờ; tuyên bố lý do, giới thiệu đại biểu"),
    ("08:15", "Bầu Đoàn Chủ tịch, Đoàn Thư ký, Ban Thẩm tra tư cách đại biểu"),
    ("08:30", "Báo cáo chính trị của Ban Chấp hành khóa trước"),
    ("09:15", "Báo cáo kiểm điểm của Ban Chấp hành nhiệm kỳ 2020–2025"),
    ("09:45", "Thảo luận, tham luận của các đại biểu"),
    ("13:30", "Bầu cử Ban Chấp hành khóa mới"),
    ("16:00", "Thông qua Nghị quyết Đại hội; bế mạc"),
]


def report_docx(sections: list[tuple[str, list[str]]], title: str) -> bytes:
    document = Document()
    document.add_heading(title, level=0)
    for heading, paragraphs in sections:
        document.add_heading(heading, level=1)
        for text in paragraphs:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def programme_pdf(unit_name: str) -> bytes:
    fonts.register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    width, height = A4
    canvas.setFont(fonts.BOLD, 15)
    canvas.drawCentredString(width / 2, height - 30 * mm, "CHƯƠNG TRÌNH ĐẠI HỘI")
    canvas.setFont(fonts.REGULAR, 12)
    canvas.drawCentredString(width / 2, height - 38 * mm, unit_name)
    y = height - 55 * mm
    for at, text in PROGRAMME:
        canvas.drawString(25 * mm, y, at)
        canvas.drawString(45 * mm, y, text)
        y -= 9 * mm
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def build_papers_demo(*, admin: Any, congress: Congress) -> dict[str, int]:
    report = services.paper_publish(
        actor=admin,
        congress=congress,
        title=REPORT_TITLE,
        kind=PaperKind.REPORT,
        file_name="bao-cao-kiem-diem.docx",
        data=report_docx(REPORT[:3], REPORT_TITLE),
        note="Bản gửi đại biểu trước Đại hội",
    )
    services.paper_version_add(
        actor=admin,
        paper=report,
        file_name="bao-cao-kiem-diem-sua.docx",
        data=report_docx(REPORT, REPORT_TITLE),
        note="Bổ sung phần bài học kinh nghiệm",
    )
    programme = services.paper_publish(
        actor=admin,
        congress=congress,
        title="Chương trình Đại hội",
        kind=PaperKind.PROGRAMME,
        file_name="chuong-trinh-dai-hoi.pdf",
        data=programme_pdf(congress.unit.name),
    )
    drafts = draft_versions_for(congress)
    published = 2
    if drafts:
        services.paper_publish(
            actor=admin,
            congress=congress,
            title=drafts[0].draft.title,
            kind=PaperKind.DRAFT,
            draft=drafts[0],
            note=drafts[0].note,
        )
        published += 1
    # The phones the demo confirmed have opened the programme and the report's first version.
    bound = list(congress.delegates.exclude(pass_device="").order_by("pk")[:12])
    first = report.versions.get(number=1)
    for i, delegate in enumerate(bound):
        services.paper_read(delegate=delegate, version=programme.versions.get())
        if i % 2 == 0:
            services.paper_read(delegate=delegate, version=first)
    return {"papers": published, "reads": len(bound)}
