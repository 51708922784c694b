"""The personas' tree (tests/conftest.py) with personnel subcommittees and people.

personnel_A: personnel role on commune A (its congress and branches A1, A2)
personnel_P: personnel role on the province P (everything below)
personnel_B: personnel role on the sibling commune B (nothing of A)
admin: the system administrator (no personnel role)

Members: five in branch A1 and one in B1; the congress of A is planned for
1/10/2025, the date ages are counted at unless the rules set one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from daihoi.accounts.models import UnitRole, User
from daihoi.accounts.services import unit_role_grant
from daihoi.congresses.models import Congress
from daihoi.congresses.services import congress_update
from daihoi.organizations.models import Member, Sex
from daihoi.organizations.services import member_create
from daihoi.personnel import services
from daihoi.personnel.models import Dossier
from tests.conftest import Tree
from tests.factories import UserFactory

D = dt.date


@dataclass
class People:
    tree: Tree
    personnel_A: User
    personnel_P: User
    personnel_B: User
    admin: User
    members: list[Member]  # in A1
    stranger: Member  # in B1

    @property
    def congress(self) -> Congress:
        return self.tree.congress_A

    def user(self, name: str) -> User | None:
        return getattr(self, name, None) or getattr(self.tree, name)


def add_member(unit, name: str, sex: str, born: dt.date | None, ethnicity: str = "Kinh") -> Member:  # type: ignore[no-untyped-def]
    return member_create(
        actor=None, unit=unit, full_name=name, sex=sex, birth_date=born, ethnicity=ethnicity
    )


@pytest.fixture
def people(tree: Tree) -> People:
    users = {}
    for name, unit in (("personnel_A", tree.A), ("personnel_P", tree.P), ("personnel_B", tree.B)):
        users[name] = UserFactory(username=name)
        unit_role_grant(actor=None, user=users[name], unit=unit, role=UnitRole.PERSONNEL)
    admin = UserFactory(username="admin", is_superuser=True)
    c = tree.congress_A
    congress_update(
        actor=None,
        congress=c,
        kind=c.kind,
        number="I",
        is_pilot=False,
        planned_date=D(2025, 10, 1),
        held_from=None,
        held_to=None,
        summoned=100,
    )
    tree.congress_A.refresh_from_db()
    members = [
        add_member(tree.A1, "Nguyễn Văn An", Sex.MALE, D(1975, 3, 15)),
        add_member(tree.A1, "Trần Thị Bình", Sex.FEMALE, D(1988, 7, 2), "Tày"),
        add_member(tree.A1, "Lê Văn Cường", Sex.MALE, D(1964, 1, 20)),
        add_member(tree.A1, "Phạm Thị Dung", Sex.FEMALE, D(1990, 11, 30)),
        add_member(tree.A1, "Hoàng Văn Em", Sex.MALE, None),
    ]
    stranger = add_member(tree.B1, "Đỗ Văn Giang", Sex.MALE, D(1980, 1, 1))
    return People(tree, members=members, stranger=stranger, admin=admin, **users)


def open_dossiers(p: People, **kw) -> list[Dossier]:  # type: ignore[no-untyped-def]
    return [
        services.dossier_create(actor=None, congress=p.congress, member=m, **kw) for m in p.members
    ]
