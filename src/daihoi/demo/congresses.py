"""The demo's congresses: one at each level; one commune ready to count, another counted."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from daihoi.accounts.models import CongressRole
from daihoi.accounts.services import (
    congress_role_grant,
    user_create,
)
from daihoi.actor import Actor
from daihoi.congresses.models import Congress, CongressKind, CongressStatus, Delegate, Term
from daihoi.congresses.services import (
    congress_create,
    congress_set_status,
    congress_update,
)
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
from daihoi.organizations.models import Member, Unit

from .users import DEMO_PASSWORD


def _advance(admin: Actor, congress: Congress, status: str, held: dt.date | None) -> None:
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


def demo_congresses(
    rng: random.Random, admin: Actor, province: Unit, communes: list[Unit], term: Term
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
    rng: random.Random, admin: Actor, commune: Unit, congress: Congress
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


def _counted_commune_congress(rng: random.Random, admin: Actor, commune: Unit) -> None:
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
