"""An election on commune A's congress, with a counting committee: a head and three clerks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from daihoi.accounts.models import CongressRole, User
from daihoi.accounts.services import congress_role_grant
from daihoi.elections import services
from daihoi.elections.models import Candidate, Election
from tests.conftest import Tree
from tests.factories import UserFactory

NAMES = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]


@dataclass
class Room:
    tree: Tree
    election: Election
    head: User
    clerk1: User
    clerk2: User
    clerk3: User
    secretary: User

    @property
    def candidates(self) -> list[Candidate]:
        from daihoi.elections.definition import ordered_candidates

        return ordered_candidates(self.election)


@pytest.fixture
def room(tree: Tree) -> Room:
    congress = tree.congress_A
    users = {
        n: UserFactory(username=n) for n in ("head", "clerk1", "clerk2", "clerk3", "secretary")
    }
    congress_role_grant(
        actor=None, user=users["head"], congress=congress, role=CongressRole.COUNTING_HEAD
    )
    for n in ("clerk1", "clerk2", "clerk3"):
        congress_role_grant(
            actor=None, user=users[n], congress=congress, role=CongressRole.COUNTING_CLERK
        )
    congress_role_grant(
        actor=None, user=users["secretary"], congress=congress, role=CongressRole.SECRETARIAT
    )
    election = services.election_create(
        actor=None,
        congress=congress,
        kind="committee",
        seats=4,
        summoned=10,
        title="Bầu Ban Chấp hành Đảng bộ xã A",
    )
    services.deduction_add(actor=None, election=election, reason="Vắng mặt cả kỳ đại hội", count=1)
    for name in NAMES:
        services.candidate_add(actor=None, election=election, full_name=name)
    return Room(tree, election, **users)


def approve(room: Room) -> None:
    assert services.election_list_approve(
        actor=room.secretary, election=room.election, present=9, agree=9, disagree=0
    )
    room.election.refresh_from_db()
