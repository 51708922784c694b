"""The demo: a fictional province, clearly marked as such. No real people or places.

Built through the same services as real data, so the audit chain and the
paths are what a real import would give. Members are generated from common
Vietnamese family, middle and given names; any likeness to a person is chance.

:func:`demo_build` builds the tree and calls the parts: :mod:`.people` (the
made-up members), :mod:`.congresses` (a congress at each level),
:mod:`.users` (a login for each role), then each app's own ``demo`` module.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from daihoi.accounts.services import (
    user_create,
)
from daihoi.congresses.demo_session import build_session_demo
from daihoi.congresses.models import Congress
from daihoi.congresses.services import (
    term_create,
)
from daihoi.consultation.demo import build_consultation_demo
from daihoi.organizations.models import Level, Member, Unit
from daihoi.organizations.services import member_build, unit_create, unit_dissolve
from daihoi.papers.demo import build_papers_demo
from daihoi.personnel.demo import build_personnel_demo
from daihoi.planning.demo import build_planning_demo
from daihoi.targets.demo import build_targets_demo
from daihoi.workgroups.demo import build_workgroups_demo

from .congresses import demo_congresses
from .people import BRANCH_KINDS, COMMUNES, LEVELS, person
from .users import DEMO_LOGINS, DEMO_PASSWORD, demo_users

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "PROVINCE_CODE", "demo_build", "demo_is_built"]


PROVINCE_CODE = "TS"


def demo_is_built() -> bool:
    return Unit.objects.filter(code=PROVINCE_CODE).exists()


@transaction.atomic
def demo_build(*, seed: int = 2025) -> bool:
    """Build the demo province once; False when it is already there."""
    if demo_is_built():
        return False
    rng = random.Random(seed)
    admin = user_create(
        actor=None,
        username="admin",
        password=DEMO_PASSWORD,
        full_name="Quản trị hệ thống",
        is_superuser=True,
    )
    levels = {}
    for code, name, rank, active in LEVELS:
        levels[code] = Level.objects.create(code=code, name=name, rank=rank, active=active)

    province = unit_create(
        actor=admin,
        code=PROVINCE_CODE,
        name="Đảng bộ tỉnh Thạch Sơn (hư cấu)",
        level=levels["tinh"],
        parent=None,
        start_date=dt.date(1946, 3, 1),
        note="Dữ liệu mẫu hư cấu: không có người thật, địa danh thật.",
    )
    # A district abolished in 2025: its communes moved up to the province, its history stays.
    district = unit_create(
        actor=admin,
        code="TS-H01",
        name="Đảng bộ huyện Ngân Thủy (cũ)",
        level=levels["huyen"],
        parent=province,
        start_date=dt.date(1976, 1, 1),
    )
    term = term_create(actor=admin, start_year=2025, end_year=2030)
    members: list[Member] = []
    communes: list[Unit] = []
    for i, cname in enumerate(COMMUNES, start=1):
        kind = "phường" if cname.startswith("Phường") else "xã"
        bare = cname.removeprefix("Phường ")
        parent = district if i <= 8 else province
        commune = unit_create(
            actor=admin,
            code=f"TS-X{i:02d}",
            name=f"Đảng bộ {kind} {bare}",
            level=levels["xa"],
            parent=parent,
            start_date=dt.date(2025, 7, 1),
        )
        communes.append(commune)
        n_branches = 9 if i > 1 else 10
        total = 0
        for j in range(1, n_branches + 1):
            template = BRANCH_KINDS[0] if j <= 5 else BRANCH_KINDS[j - 5]
            label = f"{j}" if j <= 5 else bare
            size = rng.randint(18, 55)
            branch = unit_create(
                actor=admin,
                code=f"TS-X{i:02d}-C{j:02d}",
                name=template.format(label),
                level=levels["chi-bo"],
                parent=commune,
                members_count=size,
                start_date=dt.date(2025, 7, 1),
            )
            members.extend(member_build(unit=branch, **person(rng)) for _ in range(size))
            total += size
        commune.members_count = total
        commune.save(update_fields=["members_count"])
    unit_dissolve(actor=admin, unit=district, end_date=dt.date(2025, 6, 30), merged_into=province)
    # The merge moved eight communes: read their new paths back.
    communes = list(Unit.objects.filter(pk__in=[c.pk for c in communes]).order_by("code"))
    Member.objects.bulk_create(members, batch_size=2000)
    province.members_count = sum(c.members_count for c in communes)
    province.save(update_fields=["members_count"])

    demo_congresses(rng, admin, province, communes, term)
    demo_users(admin, province, communes[0])
    build_session_demo(rng=rng, admin=admin, congress=Congress.objects.get(unit=communes[0]))
    build_planning_demo(rng=rng, admin=admin, province=province, communes=communes, term=term)
    build_targets_demo(admin=admin, province=province, communes=communes, term=term)
    build_personnel_demo(
        admin=admin, password=DEMO_PASSWORD, province=province, communes=communes, term=term
    )
    build_consultation_demo(rng=rng, admin=admin, province=province, communes=communes, term=term)
    build_workgroups_demo(admin=admin, password=DEMO_PASSWORD, province=province, communes=communes)
    build_papers_demo(admin=admin, congress=Congress.objects.get(unit=communes[0]))
    return True
