"""A province plan over the personas' tree (tests/conftest.py).

P (rank-0) issues 153-KH/TU: branches (rank-2) by 30/6/2025, communes
(rank-1) by 31/8/2025, the province by 31/10/2025; results within 15 days;
women ≥ 15%, under 40 ≥ 10%, renewal ≥ 30%. The congresses of A, A1 and B
exist (planned, no date); A2, B1 and P have none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from daihoi.congresses.models import Congress, CongressStatus, Term
from daihoi.congresses.services import congress_set_status, congress_update
from daihoi.planning import services
from daihoi.planning.models import Document, ReportPerson, ResultReport
from tests.conftest import Tree
from tests.factories import make_term

D = dt.date
TODAY = D(2025, 9, 1)


@dataclass
class Plan:
    tree: Tree
    term: Term
    document: Document


@pytest.fixture
def plan(tree: Tree) -> Plan:
    term = make_term()
    document = services.document_create(
        actor=None,
        issuer=tree.P,
        term=term,
        kind="plan",
        number="153-KH/TU",
        issued_on=D(2025, 1, 10),
        title="Kế hoạch tổ chức đại hội đảng bộ các cấp",
        report_days=15,
        targets={
            "target_women": Decimal(15),
            "target_young": Decimal(10),
            "target_minority": None,
            "target_renewal": Decimal(30),
        },
    )
    for unit, due in (
        (tree.A1, D(2025, 6, 30)),
        (tree.A, D(2025, 8, 31)),
        (tree.P, D(2025, 10, 31)),
    ):
        services.milestone_add(actor=None, document=document, level=unit.level, due=due)
    return Plan(tree, term, document)


def hold(congress: Congress, day: dt.date) -> Congress:
    """Record a congress as held on ``day`` through the congresses' services."""
    congress = congress_update(
        actor=None,
        congress=congress,
        kind=congress.kind,
        number=congress.number,
        is_pilot=congress.is_pilot,
        planned_date=congress.planned_date or day,
        held_from=day,
        held_to=day,
        summoned=congress.summoned,
    )
    if congress.status == CongressStatus.PLANNED:
        congress = congress_set_status(actor=None, congress=congress, status="preparing")
    return congress_set_status(actor=None, congress=congress, status="held")


COMMITTEE = [
    # name, sex, born, ethnicity, re-elected, standing, post
    ("Nguyễn Văn An", "M", D(1970, 3, 1), "Kinh", True, True, "secretary"),
    ("Trần Thị Bình", "F", D(1988, 5, 2), "Tày", False, True, "deputy_secretary"),
    ("Lê Văn Cường", "M", D(1979, 1, 9), "Kinh", True, False, ""),
    ("Phạm Thị Dung", "F", D(1992, 12, 30), "Kinh", False, False, ""),
    ("Hoàng Văn Em", "M", D(1965, 6, 6), "Nùng", True, False, ""),
]


def fill_report(
    report: ResultReport, people: list[tuple[Any, ...]] = COMMITTEE
) -> list[ReportPerson]:
    out = []
    for name, sex, born, eth, re, standing, post in people:
        out.append(
            services.person_add(
                actor=None,
                report=report,
                full_name=name,
                sex=sex,
                birth_date=born,
                ethnicity=eth,
                committee=True,
                reelected=re,
                standing=standing,
                post=post,
                delegate="official" if standing else "",
            )
        )
    out.append(
        services.person_add(
            actor=None,
            report=report,
            full_name="Đỗ Văn Giang",
            sex="M",
            birth_date=D(1990, 1, 1),
            ethnicity="Kinh",
            committee=False,
            reelected=False,
            standing=False,
            post="",
            delegate="alternate",
        )
    )
    return out
