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
    """Every check of a cast, in the order the refusals are given; reads only."""
    from daihoi.congresses.models import Congress
    from daihoi.organizations.models import Unit

    cursor.execute(
        f"SELECT d.congress_id, d.kind, d.replaces_id, d.pass_generation, d.pass_device, "
        f"u.path FROM {_table(Delegate)} d JOIN {_table(Congress)} c ON c.id = d.congress_id "
        f"JOIN {_table(Unit)} u ON u.id = c.unit_id WHERE d.id = %s",
        [delegate_id],
    )
    row = cursor.fetchone()
    if row is None or row[3] != generation:
        raise VoteRefused("forged")
    congress_id, kind, replaces_id, _generation, device, unit_path = row
    if not device:
        raise VoteRefused("not_bound")
    if not _same(device, device_secret):
        raise VoteRefused("foreign_device")
    if choice not in VoteChoice.values:
        raise VoteRefused("bad_choice")
    cursor.execute(
        f"SELECT status, sitting_id, secret, title, closed_at FROM {_table(ProceduralVote)} "
        f"WHERE id = %s AND congress_id = %s{lock}",
        [vote_id, congress_id],
    )
    vote = cursor.fetchone()
    if vote is None:
        raise VoteRefused("no_vote")
    status, sitting_id, secret, title, closing = vote
    if status == VoteStatus.DRAFT:
        raise VoteRefused("not_open")
    if status != VoteStatus.OPEN:
        raise VoteRefused("closed")
    if kind != "official" and replaces_id is None:
        raise VoteRefused("not_voter")
    cursor.execute(
        f"SELECT delegate_id FROM {_table(Attendance)} WHERE sitting_id = %s "
        "AND status = %s AND delegate_id IN (%s, %s)",
        [sitting_id, Presence.PRESENT, delegate_id, replaces_id or 0],
    )
    here = {r[0] for r in cursor.fetchall()}
    if delegate_id not in here:
        raise VoteRefused("absent")
    if replaces_id is not None and replaces_id in here:
        raise VoteRefused("not_voter")  # the official they replace is here and votes
    cursor.execute(
        f"SELECT EXISTS(SELECT 1 FROM {_table(VoteCast)} WHERE vote_id = %s AND delegate_id = %s)",
        [vote_id, delegate_id],
    )
    voted = bool(cursor.fetchone()[0])
    return _Checked(
        vote_id, congress_id, unit_path, bool(secret), title, voted, closing is not None
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
