"""The demo commune congress's speeches (tham luận): some accepted, some waiting, one declined.

Called by :func:`daihoi.congresses.demo_session.build_session_demo`, as the
secretariat (``thuky``) would register and sort them before the congress.
None is being given: the demo's user gives the floor and watches the projector.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from daihoi.congresses import services
from daihoi.congresses.models import Congress, Delegate, Speech
from daihoi.organizations.models import Unit

#: (title, minutes, for a branch?, paragraphs) — fictional, as the whole demo.
SPEECHES: list[tuple[str, int, bool, tuple[str, ...]]] = [
    (
        "Phát triển nông nghiệp ứng dụng công nghệ cao gắn với xây dựng nông thôn mới",
        7,
        True,
        (
            "Kính thưa Đoàn Chủ tịch, thưa các vị đại biểu, thưa toàn thể Đại hội.",
            "Nhiệm kỳ qua, chi bộ đã vận động các hộ dồn điền, đổi thửa được 42 ha, "
            "hình thành hai vùng rau an toàn và một tổ hợp tác trồng lúa chất lượng cao.",
            "Nhiệm kỳ tới, chi bộ đề nghị Đảng ủy xã tiếp tục hỗ trợ liên kết tiêu thụ sản phẩm "
            "và đào tạo nghề cho thanh niên ở lại quê hương.",
        ),
    ),
    (
        "Nâng cao chất lượng sinh hoạt chi bộ ở thôn",
        5,
        True,
        (
            "Chi bộ duy trì sinh hoạt thường kỳ vào ngày 3 hằng tháng, mỗi quý một chuyên đề.",
            "Kinh nghiệm rút ra là chuẩn bị kỹ nội dung, phân công đảng viên phụ trách từng việc "
            "và kiểm tra kết quả ở kỳ sinh hoạt sau.",
        ),
    ),
    (
        "Chuyển đổi số trong cải cách hành chính của xã",
        7,
        False,
        (
            "Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến của xã năm 2025 đạt 78%.",
            "Tôi đề nghị Đại hội đưa chỉ tiêu 95% hồ sơ trực tuyến vào Nghị quyết nhiệm kỳ tới.",
        ),
    ),
    (
        "Công tác dân vận và phát huy vai trò của Mặt trận ở khu dân cư",
        6,
        False,
        (
            "Phong trào dân vận khéo đã có nhiều mô hình hay ở các thôn.",
            "Cần nhân rộng mô hình tổ tự quản về an ninh trật tự và vệ sinh môi trường.",
        ),
    ),
    (
        "Giữ gìn an ninh trật tự trên địa bàn xã",
        5,
        False,
        (
            "Lực lượng công an xã phối hợp với các thôn giải quyết dứt điểm các vụ việc ngay "
            "từ cơ sở.",
        ),
    ),
    (
        "Kiến nghị về chế độ phụ cấp cán bộ thôn",
        5,
        False,
        ("Đề nghị nâng mức phụ cấp cho cán bộ không chuyên trách ở thôn.",),
    ),
]
DECLINED_REASON = (
    "Nội dung thuộc thẩm quyền của chính quyền; Đoàn Chủ tịch tiếp thu và trả lời bằng văn bản"
)


def build_speeches_demo(
    *, rng: random.Random, secretary: Any, congress: Congress, speakers: list[Delegate]
) -> list[Speech]:
    """Six speeches: the first three accepted (in the order 2, 1, 3 re-sorted to 1, 2, 3),
    two waiting for a decision, the last declined with its reason."""
    branches = list(Unit.objects.filter(parent=congress.unit).order_by("code")[:2])
    chosen = rng.sample(speakers, len(SPEECHES))
    speeches = []
    for n, ((title, minutes, for_branch, paragraphs), delegate) in enumerate(
        zip(SPEECHES, chosen, strict=True)
    ):
        speeches.append(
            services.speech_register(
                actor=secretary,
                congress=congress,
                delegate=delegate,
                unit=branches[n] if for_branch and n < len(branches) else None,
                title=title,
                text="\n\n".join(paragraphs),
                minutes=minutes,
            )
        )
    for speech in (speeches[1], speeches[0], speeches[2]):
        services.speech_accept(actor=secretary, speech=speech)
    services.speech_move(actor=secretary, speech=speeches[0], position=1)
    services.speech_decline(actor=secretary, speech=speeches[5], reason=DECLINED_REASON)
    # Registered in the days before the congress (times only; the audit keeps its own).
    day = congress.planned_date or dt.date(2025, 7, 20)
    for n, speech in enumerate(speeches):
        registered = dt.datetime.combine(day - dt.timedelta(days=7 - n), dt.time(9, 0))
        Speech.objects.filter(pk=speech.pk).update(registered_at=timezone.make_aware(registered))
    return speeches
