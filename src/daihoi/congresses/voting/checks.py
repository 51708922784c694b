"""What a cast checks, in the cast's own transaction: the pass, the vote, the presence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection

from daihoi.congresses.live import cache, presence_key
from daihoi.congresses.models import (
    Attendance,
    Delegate,
    Presence,
    ProceduralVote,
    VoteCast,
    VoteChoice,
    VoteStatus,
)
from daihoi.congresses.voting.passes import VoteRefused, _same


def _voted_key(vote_id: int, delegate_id: int) -> str:
    return f"daihoi:hall:voted:{vote_id}:{delegate_id}"


VOTED_SECONDS = 600


PRESENT_SECONDS = 120


def present_key(sitting_id: int, delegate_id: int) -> str:
    return presence_key(sitting_id, delegate_id)


def _table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


@dataclass(frozen=True)
class _Checked:
    vote_id: int
    congress_id: int
    unit_path: str
    secret: bool
    title: str
    voted: bool
    closing: bool  # the close has begun: only choices already sent are still written


def _checked(
    cursor: Any,
    delegate_id: int,
    generation: int,
    device_secret: str | None,
    vote_id: int,
    choice: str,
    lock: str = "",
) -> _Checked:
    """Every check of a cast, in the order the refusals are given; reads only.

    One question to the database: the pass, the congress's unit, the vote, the
    delegate's and their official's check-in, and a vote already recorded, in
    one row. At a burst 2,000 phones ask it within seconds, and on PostgreSQL
    each round trip took the cores the server shares with the database.
    ``lock`` (``FOR UPDATE``): the vote's row is locked first, on its own, as
    a row on the nullable side of the join cannot be locked.
    """
    from daihoi.congresses.models import Congress
    from daihoi.organizations.models import Unit

    if lock:
        cursor.execute(f"SELECT 1 FROM {_table(ProceduralVote)} WHERE id = %s{lock}", [vote_id])
    here = (
        f"EXISTS(SELECT 1 FROM {_table(Attendance)} a WHERE a.sitting_id = v.sitting_id "
        "AND a.status = %s AND a.delegate_id = {})"
    )
    cursor.execute(
        "SELECT d.congress_id, d.kind, d.replaces_id, d.pass_generation, d.pass_device, u.path, "
        "v.id, v.status, v.sitting_id, v.secret, v.title, v.closed_at, "
        f"{here.format('d.id')}, {here.format('d.replaces_id')}, "
        f"EXISTS(SELECT 1 FROM {_table(VoteCast)} x WHERE x.vote_id = v.id "
        "AND x.delegate_id = d.id) "
        f"FROM {_table(Delegate)} d JOIN {_table(Congress)} c ON c.id = d.congress_id "
        f"JOIN {_table(Unit)} u ON u.id = c.unit_id "
        f"LEFT JOIN {_table(ProceduralVote)} v ON v.id = %s AND v.congress_id = d.congress_id "
        "WHERE d.id = %s",
        [Presence.PRESENT, Presence.PRESENT, vote_id, delegate_id],
    )
    row = cursor.fetchone()
    if row is None or row[3] != generation:
        raise VoteRefused("forged")
    congress_id, kind, replaces_id, _generation, device, unit_path = row[:6]
    found, status, _sitting, secret, title, closing, present, replaced_here, voted = row[6:]
    if not device:
        raise VoteRefused("not_bound")
    if not _same(device, device_secret):
        raise VoteRefused("foreign_device")
    if choice not in VoteChoice.values:
        raise VoteRefused("bad_choice")
    if found is None:
        raise VoteRefused("no_vote")
    if status == VoteStatus.DRAFT:
        raise VoteRefused("not_open")
    if status != VoteStatus.OPEN:
        raise VoteRefused("closed")
    if kind != "official" and replaces_id is None:
        raise VoteRefused("not_voter")
    if not present:
        raise VoteRefused("absent")
    if replaces_id is not None and replaced_here:
        raise VoteRefused("not_voter")  # the official they replace is here and votes
    return _Checked(
        vote_id, congress_id, unit_path, bool(secret), title, bool(voted), closing is not None
    )


def _has_voted(vote_id: int, delegate_id: int) -> bool:
    voted = VoteCast.objects.filter(vote_id=vote_id, delegate_id=delegate_id).exists()
    if voted:
        cache.set(_voted_key(vote_id, delegate_id), True, VOTED_SECONDS)
    return voted


@dataclass(frozen=True)
class Cast:
    """A vote as the phone is told: the question, and whether it is recorded yet.

    ``recorded`` False: a secret vote's choice waiting in the ballot box for its
    batch; nothing of it is on disk, and the phone must send it again.

    ``pending``: its place in the ballot box, for a caller that waits for the
    batch itself (``cast_vote(hold=True)``); :func:`..box.settle` then answers.
    """

    vote_id: int
    title: str
    recorded: bool = True
    pending: Any = None
