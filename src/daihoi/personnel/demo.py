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
from daihoi.personnel.services import nomination

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
    clerks = []
    for username, unit, name in (
        ("nhansu", communes[0], "Tiểu ban Nhân sự, Đại hội Đảng bộ xã Hòa Bình"),
        ("tinhuy-nhansu", province, "Tiểu ban Nhân sự, Đại hội Đảng bộ tỉnh"),
    ):
        user = user_create(actor=admin, username=username, password=password, full_name=name)
        unit_role_grant(actor=admin, user=user, unit=unit, role=UnitRole.PERSONNEL)
        clerks.append(user)
    steps = _nomination(rng, admin, hoa_binh, clerks)
    return {"dossiers": made, "nomination_steps_sealed": steps}


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


#: The demo's numbers for each step of the default procedure (the unit sets them).
STEP_VALUES: dict[str, dict[str, int]] = {
    "1": {"summoned": 11, "max_ticks": 19},
    "2": {"summoned": 60, "max_ticks": 19, "blank_lines": 3},
    "3": {"summoned": 11, "max_ticks": 19},
    "4": {"summoned": 33, "max_ticks": 19},
    "5": {"summoned": 11},
}
#: The counting committee of each sealed step (fictional names).
COUNTING_COMMITTEE = [
    ("Trần Văn Kiểm" + FICTION, "head"),
    ("Lê Thị Phiếu" + FICTION, "deputy"),
    ("Phạm Văn Đếm" + FICTION, "member"),
]
#: Step 2's written-in names: one person written three ways, grouped as one.
WRITTEN = ["Đinh Văn Tới", "dinh van toi", "ĐINH VĂN TỚI", "Đinh Văn Tới"]


def _nomination(rng: random.Random, admin: Any, congress: Congress, clerks: list[Any]) -> int:
    """Hòa Bình's introduction procedure: the pool (every dossier's member and two names
    kept on paper), steps 1 and 2 entered twice by ``nhansu`` and ``tinhuy-nhansu`` and
    sealed, step 3 open for entry. Returns the number of sealed steps."""
    dossiers = Dossier.objects.filter(congress=congress).select_related("member")
    for d in dossiers.order_by("pk"):
        posts = [d.post] if d.post == "committee" else ["committee", d.post]
        nomination.pool_add(
            actor=admin, congress=congress, member=d.member, posts=posts, reviewed_year=2024
        )
    for name, year in (("Lò Thị Mai", 1990), ("Hà Văn Sơn", 1983)):
        nomination.pool_add(
            actor=admin,
            congress=congress,
            full_name=name + FICTION,
            birth_year=year,
            posts=["committee"],
            reviewed_year=2025,
        )
    run = nomination.run_start(actor=admin, congress=congress)
    for code, values in STEP_VALUES.items():
        run = nomination.step_settings(actor=admin, run=run, code=code, values=values)
    sealed = 0
    for code in ("1", "2"):
        record = nomination.step_open(actor=admin, run=run, code=code)
        names = len(record.names)
        favoured = set(range(1, min(names, 18) + 1))
        summoned = STEP_VALUES[code]["summoned"]
        sheets = []
        for i in range(summoned - (3 if code == "2" else 0)):
            ticks = [
                n for n in range(1, names + 1) if rng.random() < (0.85 if n in favoured else 0.3)
            ]
            written: tuple[str, ...] = ()
            if code == "2" and i < len(WRITTEN):
                written = (WRITTEN[i],)
            ticks = ticks[: STEP_VALUES[code]["max_ticks"] - len(written)]
            sheets.append(nomination.Sheet(code, ticks=tuple(ticks), write_ins=written))
        for clerk in clerks:
            for sheet in sheets:
                nomination.entry_add(actor=clerk, record=record, sheet=sheet)
            nomination.slot_close(actor=clerk, record=record)
        nomination.step_seal(actor=admin, record=record, collected=len(sheets))
        nomination.step_minutes_details(
            actor=admin,
            record=record,
            place="",
            held_on=None,
            committee=COUNTING_COMMITTEE,
            present=len(sheets),
            issued=len(sheets),
        )
        sealed += 1
    nomination.step_open(actor=admin, run=run, code="3")
    return sealed
