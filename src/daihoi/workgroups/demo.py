"""The working groups in the demo: the province's first working group follows Hòa
Bình, An Phú and Cao Sơn (a pilot congress), has visited two of them, and left
recommendations in each state — one past its deadline, one still within it, one
answered and marked done. Its member `tocongtac` signs in; `xahoabinh` answers.

Built through the services, like the rest of the demo. Fictional people.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from daihoi.accounts.models import UnitRole
from daihoi.accounts.services import unit_role_grant, user_create
from daihoi.congresses.models import Congress
from daihoi.organizations.models import Unit
from daihoi.workgroups import services

D = dt.date


def build_workgroups_demo(
    *, admin: Any, password: str, province: Unit, communes: list[Unit]
) -> dict[str, int]:
    hoa_binh, an_phu, cao_son = communes[0], communes[1], communes[3]
    group = services.group_create(
        actor=admin,
        unit=province,
        name="Tổ công tác số 1 của Ban Thường vụ Tỉnh ủy",
        note="Theo dõi, giúp đỡ chuẩn bị đại hội các xã Hòa Bình, An Phú, Cao Sơn (hư cấu)",
    )
    for commune in (hoa_binh, an_phu, cao_son):
        services.unit_follow(actor=admin, group=group, unit=commune)
    # A member with an account: reads the province (viewer), records the group's work.
    account = user_create(
        actor=admin,
        username="tocongtac",
        password=password,
        full_name="Đinh Văn Tổ",
    )
    unit_role_grant(actor=admin, user=account, unit=province, role=UnitRole.VIEWER)
    leader = services.member_add(
        actor=admin, group=group, name="Vũ Minh Trưởng", post="Phó Bí thư Tỉnh ủy, Tổ trưởng"
    )
    member = services.member_add(
        actor=admin, group=group, user=account, post="Ủy viên Ban Thường vụ, Tổ phó"
    )
    services.member_add(
        actor=admin, group=group, name="Hà Thị Liên", post="Chuyên viên Ban Tổ chức Tỉnh ủy"
    )
    visit = services.visit_record(
        actor=account,
        group=group,
        unit=hoa_binh,
        visited_on=D(2025, 6, 20),
        notes="Làm việc với Ban Thường vụ Đảng ủy xã về dự thảo báo cáo chính trị, "
        "đề án nhân sự và công tác chuẩn bị đại hội.",
        findings="Chuẩn bị đúng tiến độ; dự thảo báo cáo chính trị còn dài, phần phương "
        "hướng chưa sát thực tiễn; đề án nhân sự chưa đủ tỷ lệ cán bộ trẻ.",
    )
    services.recommendation_add(
        actor=account,
        visit=visit,
        text="Bổ sung cán bộ trẻ vào danh sách giới thiệu cấp ủy khóa mới, bảo đảm tỷ lệ "
        "theo kế hoạch của Tỉnh ủy.",
        deadline=D(2025, 7, 5),
    )
    services.recommendation_add(
        actor=account,
        visit=visit,
        text="Báo cáo Tổ công tác kết quả tiếp thu ý kiến góp ý dự thảo văn kiện.",
        deadline=timezone.localdate() + dt.timedelta(days=45),
    )
    second = services.visit_record(
        actor=account,
        group=group,
        unit=cao_son,
        visited_on=D(2025, 6, 5),
        notes="Dự duyệt văn kiện đại hội điểm.",
        findings="Văn kiện cơ bản đạt yêu cầu.",
    )
    done = services.recommendation_add(
        actor=account,
        visit=second,
        text="Rút gọn dự thảo báo cáo chính trị còn không quá 25 trang.",
        deadline=D(2025, 6, 25),
    )
    services.recommendation_answer(
        actor=admin,
        recommendation=done,
        answer="Đã rút gọn còn 22 trang, gửi Tổ công tác ngày 18/6.",
        answered_on=D(2025, 6, 18),
    )
    services.recommendation_close(actor=account, recommendation=done, done=True)
    congresses = {
        c.unit_id: c for c in Congress.objects.filter(unit__in=[hoa_binh, an_phu, cao_son])
    }
    services.attendance_set(
        actor=admin, group=group, congress=congresses[cao_son.pk], members=[leader, member]
    )
    services.attendance_set(
        actor=admin, group=group, congress=congresses[hoa_binh.pk], members=[member]
    )
    return {"groups": 1, "visits": 2, "recommendations": 3}
