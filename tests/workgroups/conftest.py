"""A working group of the province P following the commune A and its branch A1
(the tree of ``tests.conftest``), with a member who holds an account, a visit to
A and an open recommendation to A."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from daihoi.accounts.models import User
from daihoi.workgroups import services
from daihoi.workgroups.models import GroupMember, Recommendation, Visit, WorkGroup
from tests.conftest import Tree
from tests.factories import UserFactory

D = dt.date


@dataclass
class Field:
    tree: Tree
    group: WorkGroup
    member_user: User
    member: GroupMember
    named: GroupMember  # a member without an account
    visit: Visit
    rec: Recommendation


@pytest.fixture
def field(tree: Tree) -> Field:
    group = services.group_create(
        actor=None, unit=tree.P, name="Tổ công tác số 1", note="Theo dõi xã A"
    )
    services.unit_follow(actor=None, group=group, unit=tree.A)
    services.unit_follow(actor=None, group=group, unit=tree.A1)
    user = UserFactory(username="member", full_name="Trần Văn Tổ")
    member = services.member_add(actor=None, group=group, user=user, post="Ủy viên BTV")
    named = services.member_add(actor=None, group=group, name="Lê Thị Hòa", post="Phó Ban Tổ chức")
    visit = services.visit_record(
        actor=None,
        group=group,
        unit=tree.A,
        visited_on=D(2025, 5, 20),
        notes="Làm việc với Ban Thường vụ Đảng ủy xã",
        findings="Dự thảo báo cáo chính trị còn dài",
    )
    rec = services.recommendation_add(
        actor=None, visit=visit, text="Rút gọn dự thảo báo cáo chính trị", deadline=D(2025, 6, 15)
    )
    return Field(tree, group, user, member, named, visit, rec)
