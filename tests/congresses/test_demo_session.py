"""The demo's congress in session builds through the services and keeps the audit chain whole."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from daihoi.accounts.models import User
from daihoi.audit.services import audit_verify
from daihoi.congresses.demo_session import SESSION_LOGINS, build_session_demo
from daihoi.congresses.models import Delegate, ProceduralVote, Sitting, VoteCast
from daihoi.congresses.selectors import credentials_report, hall_state
from daihoi.congresses.services import congress_update
from daihoi.organizations.models import Member, Sex
from tests.conftest import Tree


@pytest.mark.django_db
def test_the_session_demo_fills_a_congress_of_120(tree: Tree) -> None:
    rng = random.Random(7)
    congress = congress_update(
        actor=None,
        congress=tree.congress_A,
        kind="delegates",
        number="I",
        is_pilot=False,
        planned_date=dt.date(2025, 7, 20),
        held_from=None,
        held_to=None,
        summoned=120,
    )
    members = Member.objects.bulk_create(
        Member(
            unit=tree.A1, full_name=f"Đảng viên {i}", sex=Sex.MALE, birth_date=dt.date(1975, 1, 1)
        )
        for i in range(120)
    )
    Delegate.objects.bulk_create(
        Delegate(congress=congress, member=m, full_name=m.full_name) for m in members
    )
    admin = User.objects.create(username="admin", is_superuser=True)
    build_session_demo(rng=rng, admin=admin, congress=congress)

    state = hall_state(congress)
    assert state.sitting is not None and state.sitting.status == "open"
    assert state.present == 112 and state.quorum.met and state.base == 118
    assert state.speaking is not None and len(state.waiting) == 2
    closed = ProceduralVote.objects.filter(congress=congress, status="closed")
    assert closed.count() == 4 and all(v.passed for v in closed)
    seats = closed.get(subject="seats")
    assert seats.cast == VoteCast.objects.filter(vote=seats).count() == 109
    assert Sitting.objects.get(congress=congress, number=1).opened_at.date() == dt.date(2025, 7, 20)
    assert len(credentials_report(congress).questioned) == 1
    assert User.objects.filter(username=SESSION_LOGINS[0][0]).exists()
    assert audit_verify().ok
