"""The planning part of the demo: fictional directives and plans, deadlines, reported results.

Called by ``daihoi.demo.demo_build`` after the congresses (and best after the
demo accounts: their offices get demo e-mail addresses, so ``daihoi
reminders`` prints its messages on the console). Everything goes through the
services, so the audit chain is what real use would leave. All documents are
fictional and say so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from decimal import Decimal
from typing import Any

from daihoi.accounts.models import UnitRole, User
from daihoi.congresses.models import Congress, CongressStatus, Term
from daihoi.organizations.models import Level, Member, Unit
from daihoi.planning import services
from daihoi.planning.importing import reports_import
from daihoi.planning.models import Document, Post, ResultReport

D = dt.date
FICTION = " (hư cấu)"


def build_planning_demo(
    *, rng: random.Random, admin: Any, province: Unit, communes: list[Unit], term: Term
) -> dict[str, int]:
    """Build it; returns counts of what was made (for the demo's own summary)."""
    levels = {lv.code: lv for lv in Level.objects.all()}
    # The Politburo's directive is above the province's tree: recorded by the
    # province, under the name of the body that issued it.
    central = services.document_create(
        actor=admin,
        issuer=province,
        issued_by="Bộ Chính trị",
        term=term,
        kind="directive",
        number="35-CT/TW",
        issued_on=D(2024, 6, 14),
        title="Về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
    )
    directive = services.document_create(
        actor=admin,
        issuer=province,
        term=term,
        kind="directive",
        number="21-CT/TU",
        issued_on=D(2024, 6, 15),
        title="Chỉ thị của Ban Thường vụ Tỉnh ủy về đại hội đảng bộ các cấp tiến tới "
        "Đại hội đại biểu Đảng bộ tỉnh lần thứ XX, nhiệm kỳ 2025–2030" + FICTION,
        implements=central,
    )
    plan = services.document_create(
        actor=admin,
        issuer=province,
        term=term,
        kind="plan",
        number="153-KH/TU",
        issued_on=D(2024, 7, 11),
        title="Kế hoạch tổ chức đại hội đảng bộ các cấp, nhiệm kỳ 2025–2030" + FICTION,
        implements=directive,
        report_days=15,
        targets={
            "target_women": Decimal(15),
            "target_young": Decimal(10),
            "target_minority": Decimal(10),
            "target_renewal": Decimal(30),
        },
    )
    deadlines = [
        ("chi-bo", True, D(2025, 5, 15), "Đại hội điểm cấp chi bộ"),
        ("chi-bo", False, D(2025, 6, 30), "Đại hội chi bộ trực thuộc đảng ủy xã, phường"),
        ("xa", True, D(2025, 7, 31), "Đại hội điểm cấp xã"),
        ("xa", False, D(2025, 8, 31), "Đại hội đảng bộ xã, phường, đặc khu"),
        ("tinh", False, D(2025, 10, 31), "Đại hội đại biểu Đảng bộ tỉnh lần thứ XX"),
    ]
    for code, pilot, due, note in deadlines:
        if code in levels:
            services.milestone_add(
                actor=admin, document=plan, level=levels[code], pilot=pilot, due=due, note=note
            )
    services.document_create(
        actor=admin,
        issuer=province,
        term=term,
        kind="guidance",
        number="05-HD/TU",
        issued_on=D(2024, 8, 2),
        title="Hướng dẫn một số nội dung cụ thể về đại hội đảng bộ các cấp" + FICTION,
        implements=plan,
    )
    made = {"documents": 3, "reports": 0}
    # Three communes pass the plan down with their own, earlier deadline for their branches.
    for n, commune in enumerate(communes[:3], start=1):
        lower = services.document_create(
            actor=admin,
            issuer=commune,
            term=term,
            kind="plan",
            number=f"{40 + n}-KH/ĐU",
            issued_on=D(2024, 8, 20 + n),
            title=f"Kế hoạch đại hội các chi bộ trực thuộc {commune.name}" + FICTION,
            implements=plan,
        )
        made["documents"] += 1
        if "chi-bo" in levels:
            services.milestone_add(
                actor=admin, document=lower, level=levels["chi-bo"], due=D(2025, 6, 15)
            )
        first = Unit.objects.filter(parent=commune).order_by("code").first()
        if first is not None:
            services.milestone_add(
                actor=admin,
                document=lower,
                unit=first,
                due=D(2025, 5, 10),
                note="Chi bộ làm điểm của xã",
            )
    made["disseminations"] = _disseminations(rng, admin, province, communes, central, plan)
    made["reports"] += _commune_reports(rng, admin, communes)
    made["reports"] += _branch_results(rng, admin, province, communes, term)
    _demo_addresses()
    return made


def _disseminations(
    rng: random.Random,
    admin: Any,
    province: Unit,
    communes: list[Unit],
    central: Document,
    plan: Document,
) -> int:
    """The conferences disseminating 35-CT/TW and the province's plan.

    The province held both soon after they were issued; the communes, set up on
    1/7/2025, in the weeks after (about four in five of them, Hòa Bình not yet:
    its office records its own, as the guide shows), then most of their
    branches at their meetings; attendance 85–100%. Drawn from a copy of the
    demo's generator, so what the later parts of the demo draw is unchanged.
    """
    draw = random.Random()
    draw.setstate(rng.getstate())
    made = 0

    def hold(document: Document, unit: Unit, day: dt.date, summoned: int) -> None:
        nonlocal made
        services.dissemination_record(
            actor=admin,
            document=document,
            unit=unit,
            held_on=day,
            summoned=summoned,
            attended=max(1, round(summoned * draw.uniform(0.85, 1.0))),
        )
        made += 1

    hold(central, province, D(2024, 7, 2), 420)
    hold(plan, province, D(2024, 7, 24), 380)
    branches: dict[int, list[Unit]] = {}
    for branch in Unit.objects.filter(parent__in=communes, end_date__isnull=True).order_by("code"):
        branches.setdefault(branch.parent_id or 0, []).append(branch)
    for commune in communes[1:]:
        if draw.random() < 0.2:
            continue
        day = D(2025, 7, 7) + dt.timedelta(days=draw.randint(0, 35))
        hold(central, commune, day, draw.randint(35, 70))
        if draw.random() < 0.75:
            hold(plan, commune, day + dt.timedelta(days=draw.randint(0, 10)), draw.randint(35, 70))
        for branch in branches.get(commune.pk, []):
            if draw.random() < 0.8:
                later = day + dt.timedelta(days=draw.randint(3, 28))
                hold(central, branch, later, max(3, branch.members_count))
    return made


def _people(rng: random.Random, commune: Unit, size: int) -> list[Member]:
    members = list(Member.objects.filter(unit__parent=commune).order_by("pk"))
    rng.shuffle(members)
    return members[:size]


def _fill(rng: random.Random, admin: Any, report: ResultReport, commune: Unit) -> None:
    size = rng.choice((11, 13, 15))
    for i, m in enumerate(_people(rng, commune, size + 3)):
        committee = i < size
        services.person_add(
            actor=admin,
            report=report,
            member=m,
            full_name=m.full_name,
            sex=m.sex,
            birth_date=m.birth_date,
            ethnicity=m.ethnicity,
            committee=committee,
            reelected=committee and rng.random() < 0.62,
            standing=committee and i < 5,
            post=Post.SECRETARY if i == 0 else Post.DEPUTY if i in (1, 2) else "",
            delegate="official" if i < 7 or i == size else "alternate" if i > size else "",
        )


def _commune_reports(rng: random.Random, admin: Any, communes: list[Unit]) -> int:
    """Reports of the communes whose congress was held: approved, awaiting, sent back, a draft."""
    made = 0
    held = list(
        Congress.objects.filter(
            unit__in=communes, status__in=(CongressStatus.HELD, CongressStatus.RESULTS_APPROVED)
        )
        .select_related("unit")
        .order_by("unit__code")
    )
    # An Phú's result is left to send up by hand, as the README's guide shows: its counting
    # head downloads the signed package, the province's office registers the station's key
    # and uploads it on An Phú's report page.
    others = [c for c in held if not c.unit.code.endswith("X02")]
    approved = [c for c in others if c.status == CongressStatus.RESULTS_APPROVED][:6]
    waiting = [c for c in others if c.status == CongressStatus.HELD][:6]
    for congress in approved + waiting:
        report = services.report_start(actor=admin, congress=congress)
        _fill(rng, admin, report, congress.unit)
        made += 1
        i = waiting.index(congress) if congress in waiting else -1
        if i == 4:
            continue  # still being entered
        services.report_submit(actor=admin, report=report)
        if i in (-1, 5):
            services.report_approve(actor=admin, report=report)
        elif i == 3:
            services.report_return(
                actor=admin,
                report=report,
                reason="Đề nghị bổ sung ngày sinh và dân tộc của các đồng chí ủy viên mới; "
                "kiểm tra lại số đại biểu dự khuyết.",
            )
    return made


def _branch_results(
    rng: random.Random, admin: Any, province: Unit, communes: list[Unit], term: Term
) -> int:
    """The branches' results, as a commune office compiles them: one spreadsheet, imported."""
    rows = []
    for congress in (
        Congress.objects.filter(
            term=term, unit__parent__in=communes[2:12], status=CongressStatus.HELD
        )
        .select_related("unit")
        .order_by("unit__code")
    ):
        size = rng.choice((3, 5, 5, 7))
        rows.append(
            [
                congress.unit.code,
                congress.held_from.strftime("%d/%m/%Y") if congress.held_from else "",
                size,
                rng.randint(0, 2),
                rng.randint(0, 2),
                rng.randint(0, 1),
                rng.randint(1, size - 1),
                "",
                "",
                "",
                rng.randint(1, 3),
                rng.randint(0, 1),
            ]
        )
    if not rows:
        return 0
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Mã đơn vị",
            "Ngày đại hội",
            "Số ủy viên BCH",
            "Nữ",
            "Dưới 40 tuổi",
            "Dân tộc thiểu số",
            "Tái cử",
            "Số ủy viên BTV",
            "Bí thư",
            "Phó Bí thư",
            "Đại biểu chính thức",
            "Đại biểu dự khuyết",
        ]
    )
    writer.writerows(rows)
    result = reports_import(
        actor=admin,
        under=province,
        term=term,
        file_name="ket-qua-dai-hoi-chi-bo.csv",
        data=out.getvalue().encode("utf-8"),
    )
    # The communes approve a part of them.
    for report in ResultReport.objects.filter(congress__term=term, source="imported").order_by(
        "congress__unit__code"
    )[: result.reports // 2]:
        services.report_approve(actor=admin, report=report)
    return result.reports


def _demo_addresses() -> None:
    """Demo e-mail addresses for the offices, so reminders print on the console."""
    for user in User.objects.filter(unit_grants__role=UnitRole.OFFICE, email="").distinct():
        user.email = f"{user.username}@thachson.example"
        user.save(update_fields=["email"])
