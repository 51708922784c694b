"""The personnel part of the demo: the term's rules, dossiers in two communes, two logins.

Called at the end of ``daihoi.demo.demo_build``. Hòa Bình's congress gets a
dossier for each of the 17 names on its committee list (some re-elected, a
secretary after two terms) and three more: a self-nominee who filed late, an
older member with too little working time left, and one kept off the list —
so the checks have something to flag. An Phú's sealed election gets dossiers
for its candidates, so the elected committee's structure shows. Everything
goes through the services; the people are the demo's fictional members.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from daihoi.accounts.models import UnitRole
from daihoi.accounts.services import unit_role_grant, user_create
from daihoi.congresses.models import Congress, Term
from daihoi.elections.models import Candidate
from daihoi.organizations.models import Level, Member, Unit
from daihoi.personnel import services
from daihoi.personnel.models import Dossier, PersonalRecord

D = dt.date
FICTION = " (hư cấu)"
EDUCATION = ["Đại học", "Đại học", "Thạc sĩ", "Cao đẳng", "Trung cấp"]
THEORY = ["Trung cấp", "Trung cấp", "Cao cấp", "Sơ cấp"]


def build_personnel_demo(
    *, admin: Any, password: str, province: Unit, communes: list[Unit], term: Term
) -> dict[str, int]:
    """Build it; returns counts of what was made.

    Its own random source: the demo's shared one stays as the other parts expect it.
    """
    rng = random.Random(45)
    commune_level = Level.objects.get(pk=communes[0].level_id)
    services.ruleset_save(
        actor=admin,
        unit=province,
        term=term,
        values={
            "self_nominee_deadline": D(2025, 6, 30),
            "filing_source": "Thông báo 12-TB/TU về nhận hồ sơ tự ứng cử" + FICTION,
            "reference_source": "Hướng dẫn 05-HD/BTCTU về nhân sự cấp ủy" + FICTION,
        },
        reference_dates={commune_level.pk: D(2025, 7, 20)},
    )
    hoa_binh = Congress.objects.select_related("unit").get(unit=communes[0], term=term)
    an_phu = Congress.objects.select_related("unit").get(unit=communes[1], term=term)
    made = _hoa_binh(rng, admin, hoa_binh) + _an_phu(rng, admin, an_phu)
    for username, unit, name in (
        ("nhansu", communes[0], "Tiểu ban Nhân sự, Đại hội Đảng bộ xã Hòa Bình"),
        ("tinhuy-nhansu", province, "Tiểu ban Nhân sự, Đại hội Đảng bộ tỉnh"),
    ):
        user = user_create(actor=admin, username=username, password=password, full_name=name)
        unit_role_grant(actor=admin, user=user, unit=unit, role=UnitRole.PERSONNEL)
    return {"dossiers": made}


def _documents(rng: random.Random, admin: Any, dossier: Dossier, unit: Unit, full: bool) -> None:
    kinds = ["application", "cv", "assets", "health", "conclusion"]
    if not full:
        kinds = kinds[: rng.randint(2, 4)]
    for i, kind in enumerate(kinds):
        conclusion = kind == "conclusion"
        services.document_add(
            actor=admin,
            dossier=dossier,
            kind=kind,
            title="Kết luận tiêu chuẩn chính trị" if conclusion else "",
            issuer=f"Ban Thường vụ {unit.name}"
            if conclusion
            else ("Trạm Y tế xã" if kind == "health" else "Người ứng cử"),
            issued_on=D(2025, 5, 5 + i),
            number=f"{rng.randint(10, 99)}-KL/ĐU" if conclusion else "",
        )


def _record(rng: random.Random, member: Member) -> None:
    PersonalRecord.objects.create(
        member=member,
        education=rng.choice(EDUCATION),
        political_theory=rng.choice(THEORY),
        current_post=f"Cán bộ {member.unit.name}",
    )


def _listed(congress: Congress) -> list[Member]:
    """The members on the congress's candidate lists, in the order they were added."""
    candidates = (
        Candidate.objects.filter(election__congress=congress, member__isnull=False)
        .select_related("member", "member__unit")
        .order_by("pk")
    )
    return [c.member for c in candidates if c.member is not None]


def _hoa_binh(rng: random.Random, admin: Any, congress: Congress) -> int:
    unit = congress.unit
    listed = _listed(congress)
    taken = {m.pk for m in listed}
    others = (
        Member.objects.filter(unit__parent=unit, birth_date__isnull=False)
        .exclude(pk__in=taken)
        .select_related("unit")
    )
    oldest = others.filter(sex="M").order_by("birth_date").first()
    younger = list(others.filter(birth_date__gte=D(1985, 1, 1)).order_by("pk")[:2])
    count = 0
    for i, member in enumerate(listed):
        post = "secretary" if i == 0 else ("deputy" if i in (1, 2) else "committee")
        dossier = services.dossier_create(
            actor=admin,
            congress=congress,
            member=member,
            post=post,
            reelection=i < 9,
            filed_on=D(2025, 5, 20),
        )
        _record(rng, member)
        if i == 0:  # a secretary after two full terms: the term limit flags it
            for start in (2015, 2020):
                services.served_term_add(
                    actor=admin,
                    member=member,
                    post="secretary",
                    body=f"Đảng ủy {unit.name.removeprefix('Đảng bộ ')}",
                    start_year=start,
                    end_year=start + 5,
                )
        _documents(rng, admin, dossier, unit, full=i % 6 != 5)
        count += 1
    extra: list[tuple[Member | None, dict[str, Any]]] = [
        (oldest, {"note": "Đề cử tại hội nghị cán bộ chủ chốt", "nomination": "nominated"}),
        (
            younger[0] if younger else None,
            {"nomination": "self", "filed_on": D(2025, 7, 5), "note": "Tự ứng cử"},
        ),
        (younger[1] if len(younger) > 1 else None, {"on_list": False, "note": "Chưa thống nhất"}),
    ]
    for person, kw in extra:
        if person is None:
            continue
        dossier = services.dossier_create(actor=admin, congress=congress, member=person, **kw)
        _record(rng, person)
        _documents(rng, admin, dossier, unit, full=False)
        count += 1
    return count


def _an_phu(rng: random.Random, admin: Any, congress: Congress) -> int:
    count = 0
    members = _listed(congress)
    for i, member in enumerate(members):
        dossier = services.dossier_create(
            actor=admin,
            congress=congress,
            member=member,
            reelection=i % 2 == 0,
            filed_on=D(2025, 5, 15),
        )
        _documents(rng, admin, dossier, congress.unit, full=True)
        count += 1
    return count
