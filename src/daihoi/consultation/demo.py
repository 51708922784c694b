"""Demo data: the province's draft political report in two versions, a round open to the
whole province, comments from the communes (many re-sent, some lightly edited), answers,
and the groups, so that every consultation page has something to show."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from daihoi.congresses.models import Term
from daihoi.consultation import services
from daihoi.consultation.models import Comment, CommentSource
from daihoi.organizations.models import Unit

VERSION_1 = """# I. Kết quả thực hiện Nghị quyết Đại hội nhiệm kỳ 2020–2025

Nhiệm kỳ qua, Đảng bộ tỉnh Thạch Sơn lãnh đạo hoàn thành 21 trên 24 chỉ tiêu chủ yếu
của Nghị quyết Đại hội.

Tốc độ tăng trưởng kinh tế bình quân đạt 7,2% mỗi năm;
thu nhập bình quân đầu người đạt 68 triệu đồng.

Xây dựng nông thôn mới đạt kết quả quan trọng: 86 xã đạt chuẩn, 12 xã đạt chuẩn nâng cao.

Công tác xây dựng Đảng được chú trọng; chất lượng sinh hoạt chi bộ có chuyển biến.

# II. Hạn chế, nguyên nhân và bài học kinh nghiệm

Một số chỉ tiêu về thu ngân sách và thu hút đầu tư chưa đạt; cải cách hành chính còn chậm.

Chuyển đổi số chưa đồng đều giữa các địa phương, hạ tầng số vùng cao còn thiếu.

# III. Phương hướng, nhiệm vụ nhiệm kỳ 2025–2030

Phấn đấu tốc độ tăng trưởng kinh tế bình quân 8% mỗi năm,
thu nhập bình quân đầu người đạt 110 triệu đồng.

Đẩy mạnh chuyển đổi số, xây dựng chính quyền số, phát triển dịch vụ công trực tuyến toàn trình.

Xây dựng đội ngũ cán bộ các cấp đủ phẩm chất, năng lực, uy tín, ngang tầm nhiệm vụ.
"""

VERSION_2 = (
    VERSION_1.replace(
        "thu nhập bình quân đầu người đạt 68 triệu đồng.",
        "thu nhập bình quân đầu người đạt 68 triệu đồng, gấp 1,5 lần đầu nhiệm kỳ.",
    ).replace(
        "Công tác xây dựng Đảng được chú trọng; chất lượng sinh hoạt chi bộ có chuyển biến.\n\n",
        "",
    )
    + "\nBảo vệ môi trường, chủ động ứng phó biến đổi khí hậu, phát triển rừng bền vững.\n"
)

SENT = [
    (
        9,
        "Đề nghị bổ sung chỉ tiêu tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình.",
    ),
    (2, "Đề nghị nêu rõ so sánh tốc độ tăng trưởng với bình quân chung cả nước."),
    (9, "Cần có giải pháp cụ thể về đào tạo, thu hút cán bộ trẻ có năng lực về công tác ở xã."),
]
OWN = [
    (1, "Đề nghị nêu rõ 3 chỉ tiêu chưa đạt và nguyên nhân."),
    (3, "Nên bổ sung số xã đạt chuẩn nông thôn mới kiểu mẫu."),
    (5, "Cần đánh giá rõ hơn trách nhiệm người đứng đầu trong thu hút đầu tư."),
    (6, "Đề nghị bổ sung giải pháp phát triển hạ tầng số cho các xã vùng cao."),
    (7, "Chỉ tiêu thu nhập 110 triệu đồng là cao, đề nghị cân nhắc."),
    (4, "Đề nghị bổ sung kết quả kết nạp đảng viên trong nhiệm kỳ."),
]


def build_consultation_demo(
    *, rng: random.Random, admin: Any, province: Unit, communes: list[Unit], term: Term
) -> dict[str, int]:
    draft = services.draft_create(
        unit=province,
        term=term,
        kind="political_report",
        title="Dự thảo Báo cáo chính trị trình Đại hội Đảng bộ tỉnh Thạch Sơn lần thứ XX",
        user=admin,
    )
    v1 = services.version_create(draft=draft, user=admin, markdown=VERSION_1, note="Bản xin ý kiến")
    today = timezone.localdate()
    round_ = services.round_create(
        draft=draft,
        version=v1,
        title="Lấy ý kiến các đảng bộ trực thuộc vào dự thảo Báo cáo chính trị",
        scope=province,
        opens_on=today - dt.timedelta(days=20),
        closes_on=today + dt.timedelta(days=10),
        members_may_comment=True,
        user=admin,
    )
    paragraphs = {p.number: p for p in v1.paragraphs.select_related("section")}
    rows = []
    for commune in communes:
        for number, text in SENT:
            if rng.random() < 0.7:
                edited = (
                    text if rng.random() < 0.6 else text.replace("Đề nghị", "Đề nghị Ban soạn thảo")
                )
                rows.append((commune, number, edited))
        for number, text in rng.sample(OWN, 2):
            rows.append((commune, number, text))
    Comment.objects.bulk_create(
        [
            Comment(
                round=round_,
                paragraph=paragraphs[n],
                section_number=paragraphs[n].section.number,
                current_paragraph=paragraphs[n],
                unit=unit,
                on_behalf=True,
                author_name=unit.name,
                text=text,
                source=CommentSource.IMPORT,
            )
            for unit, n, text in rows
        ]
    )
    services.round_aggregate(round_=round_, user=admin)
    services.version_create(draft=draft, user=admin, markdown=VERSION_2, note="Bản tiếp thu lần 1")
    answered = 0
    for comment in round_.comments.filter(paragraph__number__in=(2, 8)).order_by("pk")[:12]:
        services.comment_answer(
            comment=comment,
            handling="accepted" if comment.paragraph.number == 2 else "partly",
            answer="Tiểu ban đã tiếp thu, bổ sung vào dự thảo.",
            change=comment.current_paragraph if comment.paragraph.number == 2 else None,
            user=admin,
        )
        answered += 1
    return {"comments": len(rows), "answered": answered}
