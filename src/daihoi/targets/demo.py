"""The targets part of the demo: the commune Hòa Bình's resolution for 2020–2025 and its review.

Fifteen targets of the usual kinds and groups, figures for 2021–2025 (2025
estimated), one target without its 2025 figure (not assessable), two that
feed the province's targets (roll-up), and drafts for 2025–2030 beside the
old ones, two of them approved. Everything goes through the services, so the
audit chain is what real use would leave. All figures are fictional.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from daihoi.congresses.models import Term
from daihoi.congresses.services import term_create
from daihoi.organizations.models import Unit
from daihoi.targets import services
from daihoi.targets.models import Direction, Group, Kind, State, Target

SOURCE = "Báo cáo tình hình kinh tế – xã hội năm {year} (hư cấu)"

# name, group, measure, kind, direction, target, baseline, figures 2021…2025 ("" missing)
COMMUNE: list[tuple[str, str, str, str, str, str, str, tuple[str, ...]]] = [
    (
        "Tốc độ tăng giá trị sản xuất bình quân hằng năm",
        Group.ECONOMY,
        "tỷ đồng",
        Kind.GROWTH,
        Direction.HIGHER,
        "8",
        "1250",
        ("1348", "1462", "1580", "1702", "1840"),
    ),
    (
        "Thu nhập bình quân đầu người đến năm 2025",
        Group.ECONOMY,
        "triệu đồng",
        Kind.LEVEL,
        Direction.HIGHER,
        "75",
        "52",
        ("56", "60.5", "65", "70", "74"),
    ),
    (
        "Tổng thu ngân sách nhà nước trên địa bàn cả nhiệm kỳ",
        Group.ECONOMY,
        "tỷ đồng",
        Kind.SUM,
        Direction.HIGHER,
        "120",
        "",
        ("22", "24.5", "25", "26", "27"),
    ),
    (
        "Giá trị sản phẩm trên 1 ha đất canh tác, bình quân giai đoạn",
        Group.ECONOMY,
        "triệu đồng/ha",
        Kind.AVERAGE,
        Direction.HIGHER,
        "150",
        "",
        ("138", "145", "152", "158", "163"),
    ),
    (
        "Tỷ lệ đường giao thông nông thôn được cứng hóa",
        Group.ECONOMY,
        "%",
        Kind.LEVEL,
        Direction.HIGHER,
        "100",
        "82",
        ("86", "90", "94", "97", "100"),
    ),
    (
        "Tỷ lệ hộ nghèo đến năm 2025 (theo chuẩn mới)",
        Group.SOCIETY,
        "%",
        Kind.LEVEL,
        Direction.LOWER,
        "1",
        "3.1",
        ("2.5", "1.9", "1.4", "1.1", "0.8"),
    ),
    (
        "Tỷ lệ dân số tham gia bảo hiểm y tế",
        Group.SOCIETY,
        "%",
        Kind.LEVEL,
        Direction.HIGHER,
        "95",
        "88",
        ("89.5", "91", "92.4", "93.5", "94.2"),
    ),
    (
        "Tỷ lệ trường học đạt chuẩn quốc gia",
        Group.SOCIETY,
        "%",
        Kind.LEVEL,
        Direction.HIGHER,
        "100",
        "60",
        ("60", "80", "80", "100", "100"),
    ),
    (
        "Tỷ lệ gia đình đạt danh hiệu “Gia đình văn hóa” hằng năm",
        Group.SOCIETY,
        "%",
        Kind.AT_LEAST,
        Direction.HIGHER,
        "90",
        "",
        ("91", "92.5", "89.5", "93", "94"),
    ),
    (
        "Tỷ lệ hộ dân sử dụng nước sạch",
        Group.ENVIRONMENT,
        "%",
        Kind.LEVEL,
        Direction.HIGHER,
        "98",
        "90",
        ("92", "94", "95.5", "97", "98.5"),
    ),
    (
        "Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý",
        Group.ENVIRONMENT,
        "%",
        Kind.LEVEL,
        Direction.HIGHER,
        "95",
        "70",
        ("75", "82", "88", "91", ""),
    ),
    (
        "Hoàn thành chỉ tiêu giao quân hằng năm",
        Group.DEFENCE,
        "%",
        Kind.AT_LEAST,
        Direction.HIGHER,
        "100",
        "",
        ("100", "100", "100", "100", "100"),
    ),
    (
        "Kết nạp đảng viên mới cả nhiệm kỳ",
        Group.PARTY,
        "đảng viên",
        Kind.SUM,
        Direction.HIGHER,
        "100",
        "",
        ("18", "22", "20", "21", "23"),
    ),
    (
        "Kết nạp đảng viên mới hằng năm",
        Group.PARTY,
        "đảng viên",
        Kind.AT_LEAST,
        Direction.HIGHER,
        "18",
        "",
        ("18", "22", "20", "21", "23"),
    ),
    (
        "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên, bình quân hằng năm",
        Group.PARTY,
        "%",
        Kind.AVERAGE,
        Direction.HIGHER,
        "90",
        "",
        ("88", "90", "92", "91", "93"),
    ),
]

ADMISSIONS = "Kết nạp đảng viên mới cả nhiệm kỳ"
POVERTY = "Tỷ lệ hộ nghèo đến năm 2025 (theo chuẩn mới)"


def _data(
    name: str,
    group: str,
    measure: str,
    kind: str,
    direction: str,
    value: str,
    baseline: str,
    baseline_year: int,
    feeds: Target | None = None,
) -> services.TargetData:
    return services.TargetData(
        name=name,
        group=group,
        measure=measure,
        kind=kind,
        direction=direction,
        value=Decimal(value),
        baseline=Decimal(baseline) if baseline else None,
        baseline_year=baseline_year if baseline else None,
        feeds=feeds,
    )


def _figures(admin: Any, target: Target, figures: tuple[str, ...], first: int) -> None:
    last = first + len(figures) - 1
    for year, text in enumerate(figures, start=first):
        if text:
            services.actual_set(
                actor=admin,
                target=target,
                year=year,
                value=Decimal(text),
                estimate=year == last,
                source=SOURCE.format(year=year),
            )


def build_targets_demo(
    *, admin: Any, province: Unit, communes: list[Unit], term: Term
) -> dict[str, int]:
    """Build it; ``term`` is the new term (2025–2030), the reviewed one is the term before."""
    old = Term.objects.filter(end_year=term.start_year).first() or term_create(
        actor=admin, start_year=term.start_year - 5, end_year=term.start_year
    )
    first = old.start_year + 1
    upper = {
        ADMISSIONS: services.target_create(
            actor=admin,
            unit=province,
            term=old,
            data=_data(
                ADMISSIONS, Group.PARTY, "đảng viên", Kind.SUM, Direction.HIGHER, "3000", "", 0
            ),
        ),
        POVERTY: services.target_create(
            actor=admin,
            unit=province,
            term=old,
            data=_data(
                "Tỷ lệ hộ nghèo đến năm 2025 (theo chuẩn mới)",
                Group.SOCIETY,
                "%",
                Kind.LEVEL,
                Direction.LOWER,
                "1.5",
                "4.2",
                old.start_year,
            ),
        ),
    }
    _figures(admin, upper[ADMISSIONS], ("580", "610", "600", "620", "640"), first)
    _figures(admin, upper[POVERTY], ("3.6", "3.0", "2.4", "1.9", "1.4"), first)

    commune = communes[0]
    made: dict[str, Target] = {}
    for name, group, measure, kind, direction, value, baseline, figures in COMMUNE:
        target = services.target_create(
            actor=admin,
            unit=commune,
            term=old,
            data=_data(
                name,
                group,
                measure,
                kind,
                direction,
                value,
                baseline,
                old.start_year,
                feeds=upper.get(name),
            ),
        )
        _figures(admin, target, figures, first)
        made[name] = target
    # Three more communes feed the province's admissions, so the roll-up adds up.
    for i, other in enumerate(communes[1:4]):
        target = services.target_create(
            actor=admin,
            unit=other,
            term=old,
            data=_data(
                ADMISSIONS,
                Group.PARTY,
                "đảng viên",
                Kind.SUM,
                Direction.HIGHER,
                "90",
                "",
                0,
                feeds=upper[ADMISSIONS],
            ),
        )
        _figures(admin, target, tuple(str(16 + (i + y) % 5) for y in range(5)), first)

    drafts = [
        (made[COMMUNE[0][0]], "8.5", None, True),
        (made[COMMUNE[1][0]], "110", "Thu nhập bình quân đầu người đến năm 2030", True),
        (made[POVERTY], "0.5", "Tỷ lệ hộ nghèo đến năm 2030 (theo chuẩn mới)", False),
        (made[ADMISSIONS], "110", None, False),
    ]
    for old_target, value, new_name, approved in drafts:
        draft = services.target_create(
            actor=admin,
            unit=commune,
            term=term,
            state=State.DRAFT,
            previous=old_target,
            data=services.TargetData(
                name=new_name or old_target.name,
                group=old_target.group,
                measure=old_target.measure,
                kind=old_target.kind,
                direction=old_target.direction,
                value=Decimal(value),
                baseline=None,
                baseline_year=None,
            )
            if old_target.kind != Kind.GROWTH
            else services.TargetData(
                name=old_target.name,
                group=old_target.group,
                measure=old_target.measure,
                kind=old_target.kind,
                direction=old_target.direction,
                value=Decimal(value),
                baseline=Decimal("1840"),
                baseline_year=term.start_year,
            ),
        )
        if approved:
            services.draft_set_approved(actor=admin, target=draft, approved=True)
    services.target_create(
        actor=admin,
        unit=commune,
        term=term,
        state=State.DRAFT,
        data=_data(
            "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình",
            Group.PARTY,
            "%",
            Kind.LEVEL,
            Direction.HIGHER,
            "80",
            "",
            0,
        ),
    )
    return {"targets": Target.objects.count()}
