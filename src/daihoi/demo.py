"""The demo: a fictional province, clearly marked as such. No real people or places.

Built through the same services as real data, so the audit chain and the
paths are what a real import would give. Members are generated from common
Vietnamese family, middle and given names; any likeness to a person is chance.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction

from daihoi.accounts.models import CongressRole, UnitRole
from daihoi.accounts.services import (
    congress_role_grant,
    unit_role_grant,
    user_create,
)
from daihoi.congresses.demo_session import build_session_demo
from daihoi.congresses.models import Congress, CongressKind, CongressStatus, Delegate, Term
from daihoi.congresses.services import (
    congress_create,
    congress_set_status,
    congress_update,
    term_create,
)
from daihoi.consultation.demo import build_consultation_demo
from daihoi.elections.models import ElectionKind
from daihoi.elections.services import (
    batch_open,
    candidates_add_many,
    deduction_add,
    election_create,
    election_finalise,
    election_list_approve,
    entry_save,
    stream_close,
    stream_join,
)
from daihoi.organizations.models import Level, Member, Sex, Unit
from daihoi.organizations.services import member_build, unit_create, unit_dissolve
from daihoi.personnel.demo import build_personnel_demo
from daihoi.planning.demo import build_planning_demo
from daihoi.targets.demo import build_targets_demo

PROVINCE_CODE = "TS"
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
]

LEVELS = [
    ("trung-uong", "Trung ương", 0, True),
    ("tinh", "Tỉnh, thành phố", 1, True),
    ("huyen", "Huyện (bãi bỏ từ 01/7/2025)", 2, False),
    ("xa", "Xã, phường, đặc khu", 3, True),
    ("chi-bo", "Chi bộ", 4, True),
]

FAMILY = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 3),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Lương", 1),
    ("Hà", 1),
    ("Nông", 1),
]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thanh", "Ngọc", "Xuân", "Đình", "Mạnh"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Thúy", "Hồng", "Phương"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Đông",
    "Giang",
    "Hải",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Huy",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Long",
    "Lộc",
    "Minh",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Thịnh",
    "Tiến",
    "Toàn",
    "Trung",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
]
GIVEN_F = [
    "An",
    "Anh",
    "Bích",
    "Chi",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Hương",
    "Hường",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quỳnh",
    "Thảo",
    "Thu",
    "Thủy",
    "Trang",
    "Vân",
    "Yến",
]
ETHNICITIES = [("Kinh", 80), ("Tày", 8), ("Nùng", 5), ("Dao", 3), ("H'Mông", 2), ("Mường", 2)]
COMMUNES = [
    "Hòa Bình",
    "An Phú",
    "Bình Minh",
    "Cao Sơn",
    "Đông Hưng",
    "Đồng Tâm",
    "Hưng Đạo",
    "Kim Liên",
    "Lạc Sơn",
    "Long Hưng",
    "Minh Khai",
    "Nam Sơn",
    "Ngọc Lâm",
    "Phú Thịnh",
    "Quang Trung",
    "Tân Lập",
    "Tân Tiến",
    "Thạch Lâm",
    "Thanh Xuân",
    "Thống Nhất",
    "Thuận Thành",
    "Tiên Phong",
    "Trung Hòa",
    "Vĩnh Hưng",
    "Xuân Phương",
    "Yên Bình",
    "Phường Bắc Sơn",
    "Phường Đông Thành",
    "Phường Nam Thạch",
    "Phường Tây Hồ",
]
BRANCH_KINDS = [
    "Chi bộ thôn {}",
    "Chi bộ Trường Tiểu học {}",
    "Chi bộ Trường THCS {}",
    "Chi bộ Trạm Y tế {}",
    "Chi bộ Công an {}",
    "Chi bộ Quân sự {}",
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _person(rng: random.Random) -> dict[str, Any]:
    female = rng.random() < 0.38
    name = " ".join(
        (
            _weighted(rng, FAMILY),
            rng.choice(MIDDLE_F if female else MIDDLE_M),
            rng.choice(GIVEN_F if female else GIVEN_M),
        )
    )
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 42))
    joined = birth + dt.timedelta(days=rng.randrange(365 * 19, 365 * 40))
    return {
        "full_name": name,
        "sex": Sex.FEMALE if female else Sex.MALE,
        "birth_date": birth,
        "ethnicity": _weighted(rng, ETHNICITIES),
        "joined_on": min(joined, dt.date(2024, 12, 31)),
    }


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
            members.extend(member_build(unit=branch, **_person(rng)) for _ in range(size))
            total += size
        commune.members_count = total
        commune.save(update_fields=["members_count"])
    unit_dissolve(actor=admin, unit=district, end_date=dt.date(2025, 6, 30), merged_into=province)
    # The merge moved eight communes: read their new paths back.
    communes = list(Unit.objects.filter(pk__in=[c.pk for c in communes]).order_by("code"))
    Member.objects.bulk_create(members, batch_size=2000)
    province.members_count = sum(c.members_count for c in communes)
    province.save(update_fields=["members_count"])

    _demo_congresses(rng, admin, province, communes, term)
    _demo_users(admin, province, communes[0])
    build_session_demo(rng=rng, admin=admin, congress=Congress.objects.get(unit=communes[0]))
    build_planning_demo(rng=rng, admin=admin, province=province, communes=communes, term=term)
    build_targets_demo(admin=admin, province=province, communes=communes, term=term)
    build_personnel_demo(
        admin=admin, password=DEMO_PASSWORD, province=province, communes=communes, term=term
    )
    build_consultation_demo(rng=rng, admin=admin, province=province, communes=communes, term=term)
    return True


def _advance(admin: Any, congress: Congress, status: str, held: dt.date | None) -> None:
    order = [CongressStatus.PREPARING, CongressStatus.HELD, CongressStatus.RESULTS_APPROVED]
    if held is not None:
        congress = congress_update(
            actor=admin,
            congress=congress,
            kind=congress.kind,
            number=congress.number,
            is_pilot=congress.is_pilot,
            planned_date=congress.planned_date,
            held_from=held,
            held_to=held + dt.timedelta(days=1),
            summoned=congress.summoned,
        )
    for step in order:
        congress = congress_set_status(actor=admin, congress=congress, status=step)
        if step == status:
            return


def _demo_congresses(
    rng: random.Random, admin: Any, province: Unit, communes: list[Unit], term: Term
) -> None:
    start = dt.date(2025, 4, 1)
    for ci, commune in enumerate(communes):
        for branch in Unit.objects.filter(parent=commune).order_by("code"):
            planned = start + dt.timedelta(days=rng.randrange(0, 75))
            c = congress_create(
                actor=admin,
                unit=branch,
                term=term,
                kind=CongressKind.MEMBERS,
                number="I",
                is_pilot=branch.code.endswith("C01") and ci % 5 == 0,
                planned_date=planned,
                summoned=branch.members_count,
            )
            roll = rng.random()
            if roll < 0.55:
                _advance(admin, c, CongressStatus.RESULTS_APPROVED, planned)
            elif roll < 0.85:
                _advance(admin, c, CongressStatus.HELD, planned)
            elif roll < 0.95:
                _advance(admin, c, CongressStatus.PREPARING, None)
        planned = dt.date(2025, 7, 15) + dt.timedelta(days=ci * 2)
        c = congress_create(
            actor=admin,
            unit=commune,
            term=term,
            kind=CongressKind.DELEGATES,
            number="I",
            is_pilot=ci in (3, 17),
            planned_date=planned,
            summoned=min(200, max(80, commune.members_count // 3)),
        )
        if ci == 0:
            _ready_commune_congress(rng, admin, commune, c)
        elif ci == 1:
            _advance(admin, c, CongressStatus.HELD, planned)
            _counted_commune_congress(rng, admin, commune)
        elif ci < 12:
            _advance(admin, c, CongressStatus.RESULTS_APPROVED, planned)
        elif ci < 20:
            _advance(admin, c, CongressStatus.HELD, planned)
        elif ci < 26:
            _advance(admin, c, CongressStatus.PREPARING, None)
    congress_create(
        actor=admin,
        unit=province,
        term=term,
        kind=CongressKind.DELEGATES,
        number="XX",
        planned_date=dt.date(2025, 10, 10),
        summoned=350,
    )


def _ready_commune_congress(
    rng: random.Random, admin: Any, commune: Unit, congress: Congress
) -> None:
    """The commune congress the counting room works on: delegates summoned, a list with surplus."""
    people = list(Member.objects.filter(unit__parent=commune).order_by("pk"))
    rng.shuffle(people)
    summoned = people[:120]
    congress = congress_update(
        actor=admin,
        congress=congress,
        kind=congress.kind,
        number="I",
        is_pilot=False,
        planned_date=dt.date(2025, 7, 20),
        held_from=None,
        held_to=None,
        summoned=len(summoned),
    )
    congress_set_status(actor=admin, congress=congress, status=CongressStatus.PREPARING)
    Delegate.objects.bulk_create(
        Delegate(congress=congress, member=m, full_name=m.full_name) for m in summoned
    )
    election = election_create(
        actor=admin,
        congress=congress,
        kind=ElectionKind.COMMITTEE,
        seats=15,
        summoned=len(summoned),
        title="Bầu Ban Chấp hành Đảng bộ xã Hòa Bình khóa I, nhiệm kỳ 2025–2030",
    )
    deduction_add(
        actor=admin,
        election=election,
        count=2,
        reason="Đại biểu chính thức vắng mặt suốt thời gian đại hội, không có dự khuyết thay thế",
    )
    # 17 names for 15 seats: a surplus of 13.3%, within the 10–15% the convening committee prepares.
    candidates_add_many(
        actor=admin, election=election, rows=[_candidate_row(m) for m in summoned[:17]]
    )


def _candidate_row(m: Member) -> dict[str, Any]:
    return {
        "full_name": m.full_name,
        "note": f"{m.birth_date.year if m.birth_date else ''}, {m.unit.name}",
        "born": m.birth_date,
        "member_id": m.pk,
    }


def _counted_commune_congress(rng: random.Random, admin: Any, commune: Unit) -> None:
    """A commune whose committee election is counted by double entry and sealed."""
    congress = Congress.objects.get(unit=commune)
    people = list(Member.objects.filter(unit__parent=commune).order_by("pk"))
    rng.shuffle(people)
    election = election_create(
        actor=admin,
        congress=congress,
        kind=ElectionKind.COMMITTEE,
        seats=13,
        summoned=congress.summoned,
        title=f"Bầu Ban Chấp hành {commune.name} khóa I, nhiệm kỳ 2025–2030",
    )
    candidates_add_many(
        actor=admin, election=election, rows=[_candidate_row(m) for m in people[:15]]
    )
    present = congress.summoned - 3
    deduction_add(
        actor=admin,
        election=election,
        count=3,
        reason="Đại biểu chính thức vắng mặt suốt thời gian đại hội có lý do",
    )
    election_list_approve(
        actor=admin, election=election, present=present, agree=present, disagree=0
    )
    head, clerk1, clerk2 = (
        user_create(actor=admin, username=u, password=DEMO_PASSWORD, full_name=n)
        for u, n in (
            ("anphu-truongban", "Trưởng ban kiểm phiếu xã An Phú"),
            ("anphu-kp1", "Thành viên Ban kiểm phiếu"),
            ("anphu-kp2", "Thành viên Ban kiểm phiếu"),
        )
    )
    congress_role_grant(actor=admin, user=head, congress=congress, role=CongressRole.COUNTING_HEAD)
    for clerk in (clerk1, clerk2):
        congress_role_grant(
            actor=admin, user=clerk, congress=congress, role=CongressRole.COUNTING_CLERK
        )
    # Each voter strikes two names, mostly the same weaker ones; a few spoil the ballot.
    weights = [1] * 11 + [6, 9, 12, 14]
    lines = []
    for _ in range(present):
        roll = rng.random()
        if roll < 0.02:
            lines.append("0")  # keeps all 15 names for 13 seats: invalid, over the seats
        elif roll < 0.03:
            lines.append("3 x")  # a signature on the ballot: invalid
        else:
            struck: set[int] = set()
            while len(struck) < 2:
                struck.add(rng.choices(range(1, 16), weights=weights)[0])
            lines.append(" ".join(map(str, sorted(struck))))
    for start in range(0, len(lines), 50):
        batch = batch_open(actor=head, election=election)
        streams = [stream_join(clerk=c, batch=batch) for c in (clerk1, clerk2)]
        for clerk, stream in zip((clerk1, clerk2), streams, strict=True):
            for line in lines[start : start + 50]:
                entry_save(actor=clerk, stream_id=stream.pk, text=line)
            stream_close(clerk=clerk, stream=stream)
    election_finalise(actor=head, election=election)


def _demo_users(admin: Any, province: Unit, commune: Unit) -> None:
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
