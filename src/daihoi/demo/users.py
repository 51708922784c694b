"""The demo's logins, one a role, all with the one demo password."""

from __future__ import annotations

from daihoi.accounts.models import CongressRole, UnitRole
from daihoi.accounts.services import (
    congress_role_grant,
    unit_role_grant,
    user_create,
)
from daihoi.actor import Actor
from daihoi.congresses.models import Congress
from daihoi.organizations.models import Unit

DEMO_PASSWORD = "daihoi-demo-2025"
DEMO_LOGINS = [
    ("admin", DEMO_PASSWORD, "quản trị hệ thống"),
    ("tinhuy", DEMO_PASSWORD, "Văn phòng Tỉnh ủy Thạch Sơn: toàn tỉnh"),
    ("xahoabinh", DEMO_PASSWORD, "Văn phòng Đảng ủy xã Hòa Bình: xã và các chi bộ"),
    ("truongban", DEMO_PASSWORD, "Trưởng ban kiểm phiếu, Đại hội Đảng bộ xã Hòa Bình"),
    ("kiemphieu", DEMO_PASSWORD, "Ban kiểm phiếu xã Hòa Bình: nhập phiếu lần 1"),
    ("kiemphieu2", DEMO_PASSWORD, "Ban kiểm phiếu xã Hòa Bình: nhập phiếu lần 2"),
    ("anphu-truongban", DEMO_PASSWORD, "Trưởng ban kiểm phiếu xã An Phú (đã kiểm xong)"),
    ("thuky", DEMO_PASSWORD, "Đoàn thư ký, Đại hội Đảng bộ xã Hòa Bình: điểm danh, biểu quyết"),
    ("chutich", DEMO_PASSWORD, "Đoàn Chủ tịch, Đại hội Đảng bộ xã Hòa Bình: điều hành phiên họp"),
    ("nhansu", DEMO_PASSWORD, "Tiểu ban Nhân sự, Đại hội Đảng bộ xã Hòa Bình: hồ sơ nhân sự"),
    ("tinhuy-nhansu", DEMO_PASSWORD, "Tiểu ban Nhân sự của Tỉnh ủy: hồ sơ nhân sự toàn tỉnh"),
    ("tocongtac", DEMO_PASSWORD, "Tổ công tác số 1 của Tỉnh ủy: chuyến làm việc, kiến nghị"),
]


def demo_users(admin: Actor, province: Unit, commune: Unit) -> None:
    tinh = user_create(
        actor=admin, username="tinhuy", password=DEMO_PASSWORD, full_name="Văn phòng Tỉnh ủy"
    )
    unit_role_grant(actor=admin, user=tinh, unit=province, role=UnitRole.OFFICE)
    xa = user_create(
        actor=admin, username="xahoabinh", password=DEMO_PASSWORD, full_name="Văn phòng Đảng ủy xã"
    )
    unit_role_grant(actor=admin, user=xa, unit=commune, role=UnitRole.OFFICE)
    # The counting committee of Hòa Bình: its head and two clerks for double entry.
    congress = Congress.objects.get(unit=commune)
    for username, full_name, role in (
        ("truongban", "Lê Văn Trưởng", CongressRole.COUNTING_HEAD),
        ("kiemphieu", "Phạm Thị Kiểm", CongressRole.COUNTING_CLERK),
        ("kiemphieu2", "Hoàng Văn Phiếu", CongressRole.COUNTING_CLERK),
    ):
        member = user_create(
            actor=admin, username=username, password=DEMO_PASSWORD, full_name=full_name
        )
        congress_role_grant(actor=admin, user=member, congress=congress, role=role)
