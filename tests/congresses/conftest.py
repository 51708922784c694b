"""Commune A's congress in session: a secretariat, twelve delegates, a sitting, an agenda, votes.

Delegates 1–10 are official, 11 and 12 alternates; Le Van Muoi (10) is absent
and the alternate Alternate One (11) takes his place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from daihoi.accounts.models import CongressRole, User
from daihoi.accounts.services import congress_role_grant
from daihoi.congresses import services, voting
from daihoi.congresses.models import (
    AgendaItem,
    Congress,
    Delegate,
    DelegateKind,
    ProceduralVote,
    Sitting,
    Speaker,
)
from tests.conftest import Tree
from tests.factories import UserFactory

NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Phương",
    "Đặng Văn Giang",
    "Bùi Thị Hà",
    "Đỗ Văn Hùng",
    "Lê Văn Mười",
]


@dataclass
class Hall:
    tree: Tree
    congress: Congress
    secretary: User
    delegates: list[Delegate]
    sitting: Sitting
    item: AgendaItem
    speaker: Speaker
    hands: ProceduralVote
    electronic: ProceduralVote

    def client(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    def phone(self, delegate: Delegate) -> tuple[Client, str]:
        """A phone that confirmed the delegate's link: its client and the token."""
        client = Client(enforce_csrf_checks=False)
        token = voting.pass_token(delegate)
        response = client.post(f"/v/{token}/")
        assert response.status_code == 302, response.content
        return client, token


def build_hall(tree: Tree) -> Hall:
    congress = tree.congress_A
    secretary = UserFactory(username="secretary", full_name="Thư ký Đại hội")
    congress_role_grant(
        actor=None, user=secretary, congress=congress, role=CongressRole.SECRETARIAT
    )
    rows = [
        {"full_name": n, "sex": "F" if " Thị " in n else "M", "birth_date": dt.date(1970 + i, 1, 1)}
        for i, n in enumerate(NAMES)
    ]
    rows += [
        {"full_name": "Alternate One", "kind": DelegateKind.ALTERNATE},
        {"full_name": "Alternate Two", "kind": DelegateKind.ALTERNATE},
    ]
    delegates = services.delegates_add_many(actor=None, congress=congress, rows=rows)
    congress.refresh_from_db()
    services.delegate_update(
        actor=None,
        delegate=delegates[10],
        kind=DelegateKind.ALTERNATE,
        is_ex_officio=False,
        credential="valid",
        credential_note="",
        replaces=delegates[9],
    )
    services.base_deduction_add(
        actor=None, congress=congress, reason="Vắng mặt cả kỳ đại hội", count=1
    )
    sitting = services.sitting_add(
        actor=None, congress=congress, title="Phiên chính thức", date=dt.date(2025, 7, 20)
    )
    services.sitting_open(actor=None, sitting=sitting)
    item = services.agenda_item_add(actor=None, congress=congress, title="Bầu Đoàn Chủ tịch")
    speaker = services.speaker_add(actor=None, item=item, delegate=delegates[0], topic="Ý kiến")
    hands = services.vote_create(
        actor=None,
        congress=congress,
        subject="presidium",
        title="Biểu quyết danh sách Đoàn Chủ tịch",
        method="hands",
        item=item,
    )
    electronic = services.vote_create(
        actor=None,
        congress=congress,
        subject="agenda",
        title="Biểu quyết chương trình Đại hội",
        method="electronic",
        secret=True,
    )
    return Hall(
        tree=tree,
        congress=Congress.objects.get(pk=congress.pk),
        secretary=secretary,
        delegates=[Delegate.objects.get(pk=d.pk) for d in delegates],
        sitting=sitting,
        item=item,
        speaker=speaker,
        hands=hands,
        electronic=electronic,
    )


@pytest.fixture
def hall(tree: Tree) -> Hall:
    return build_hall(tree)


def check_in_all(hall: Hall, indexes: range | list[int]) -> None:
    for i in indexes:
        services.checkin(actor=None, congress=hall.congress, code=hall.delegates[i].code)


def phones_voting(hall: Hall, count: int) -> dict[int, tuple[Delegate, str]]:
    """``count`` more delegates, checked in, each with a bound phone, and the hall's
    electronic vote open: by delegate id, the delegate and the phone's device secret."""
    rows = [{"full_name": f"Đại biểu {i}"} for i in range(count)]
    extra = services.delegates_add_many(actor=None, congress=hall.congress, rows=rows)
    for d in extra:
        services.checkin(actor=None, congress=hall.congress, code=d.code)
    services.vote_open(actor=None, vote=hall.electronic)
    secrets = {d.pk: voting.pass_bind(delegate=d) for d in extra}
    return {d.pk: (Delegate.objects.get(pk=d.pk), secrets[d.pk]) for d in extra}


@pytest.fixture(autouse=True)
def _fresh_hall_caches() -> None:
    """The phones' poll caches live in the process: no test sees another's open vote."""
    from daihoi.congresses.live import cache
    from daihoi.congresses.voting import BOX

    cache.clear()
    BOX.clear()
