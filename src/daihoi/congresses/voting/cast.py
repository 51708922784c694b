"""A delegate's cast from the phone: the ballot shown, the cast, and every refusal logged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction

from daihoi.audit.services import audit_record
from daihoi.congresses.live import (
    OpenVote,
    cache,
    group_committed,
    one_writer_at_a_time,
    open_vote,
    prepared_cursor,
    shared_cache_reads,
)
from daihoi.congresses.models import (
    Attendance,
    Delegate,
    Presence,
    ProceduralVote,
    VoteCast,
    VoteChoice,
)
from daihoi.congresses.voting.box import BOX, WAIT_SECONDS, _cast_secret, batch_size
from daihoi.congresses.voting.checks import (
    PRESENT_SECONDS,
    VOTED_SECONDS,
    Cast,
    _checked,
    _has_voted,
    _table,
    _voted_key,
    present_key,
)
from daihoi.congresses.voting.passes import VoteRefused


@dataclass(frozen=True)
class Ballot:
    """What a delegate's phone shows: the open vote, and whether they have voted in it.

    ``sent`` is the choice of a secret vote waiting in this process's ballot box
    (not recorded yet): the page sends it again until it is.
    """

    vote: OpenVote | None
    voted: bool
    present: bool
    sent: str = ""

    @property
    def sent_label(self) -> str:
        return str(VoteChoice(self.sent).label) if self.sent else ""

    @property
    def batch(self) -> int:
        return batch_size()


def ballot_for(delegate_id: int, congress_id: int, sent: str = "") -> Ballot:
    """One query at most, none while no vote is open or once the delegate has voted.

    ``sent`` is the phone's own note of a secret choice sent and not recorded
    yet (``<vote id>:<choice>``, from its cookie): any server process then
    shows the page that sends it again.
    """
    vote = open_vote(congress_id)
    if vote is None:
        return Ballot(None, False, False)
    if cache.get(_voted_key(vote.pk, delegate_id)):
        return Ballot(vote, True, True)
    waiting = BOX.sent(vote.pk, delegate_id) or _sent_choice(sent, vote.pk)
    if waiting and not _has_voted(vote.pk, delegate_id):
        return Ballot(vote, False, True, waiting)
    if cache.get(present_key(vote.sitting_id, delegate_id)):
        # Checked in, and no vote of theirs recorded by this process: the form. Should a
        # vote have gone through another server process, the cast says so.
        return Ballot(vote, False, True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS(SELECT 1 FROM {_table(VoteCast)} WHERE vote_id = %s "
            f"AND delegate_id = %s), EXISTS(SELECT 1 FROM {_table(Attendance)} "
            "WHERE sitting_id = %s AND delegate_id = %s AND status = %s)",
            [vote.pk, delegate_id, vote.sitting_id, delegate_id, Presence.PRESENT],
        )
        voted, present = cursor.fetchone()
    if voted:
        cache.set(_voted_key(vote.pk, delegate_id), True, VOTED_SECONDS)
    elif present:
        cache.set(present_key(vote.sitting_id, delegate_id), True, PRESENT_SECONDS)
    return Ballot(vote, bool(voted), bool(present))


def _sent_choice(sent: str, vote_id: int) -> str:
    vote, _, choice = sent.partition(":")
    return choice if vote == str(vote_id) and choice in VoteChoice.values else ""


def vote_cast(
    *,
    delegate: Delegate,
    device_secret: str | None,
    vote_id: int,
    choice: str,
    again: bool = False,
) -> Cast:
    """One delegate's electronic vote (see :func:`cast_vote`), not waiting for its batch."""
    return cast_vote(
        delegate_id=delegate.pk,
        generation=delegate.pass_generation,
        device_secret=device_secret,
        vote_id=vote_id,
        choice=choice,
        again=again,
        wait=0.0,
    )


def cast_vote(
    *,
    delegate_id: int,
    generation: int,
    device_secret: str | None,
    vote_id: int,
    choice: str,
    again: bool = False,
    wait: float | None = None,
    hold: bool = False,
) -> Cast:
    """One delegate's electronic vote. Raises :class:`VoteRefused`; writes nothing then.

    ``wait``: how long a secret choice may wait for its batch before the answer
    is "not recorded yet" (:data:`WAIT_SECONDS` unless given). ``hold``: a
    secret choice not written at once is not waited for here; it comes back with
    its ``pending`` place, for a caller that waits without holding a thread (the
    stream's loop) and then answers by :func:`.box.settle`.

    ``again``: the phone sends a choice it was told is not recorded yet. It is
    answered "recorded" once the delegate's has-voted row exists, and joins
    this process's ballot box otherwise (the process that first had it may
    have died); a first send meeting a recorded or waiting vote is "twice".

    A second vote by the same delegate in an open vote meets the unique (vote,
    delegate) row: the whole transaction is rolled back and the request refused
    as "twice".
    """
    with shared_cache_reads(), prepared_cursor() as cursor:
        try:
            checked = _checked(cursor, delegate_id, generation, device_secret, vote_id, choice)
        except VoteRefused as refused:
            if again and refused.code == "closed":  # written by the close's last batch?
                recorded = _recorded_title(cursor, vote_id, delegate_id)
                if recorded is not None:
                    return Cast(vote_id, recorded)
            raise
    if checked.closing and not again:
        raise VoteRefused("closed")
    if checked.secret:
        return _cast_secret(
            checked, delegate_id, choice, again, WAIT_SECONDS if wait is None else wait, hold
        )
    try:
        done = _cast_committed(delegate_id, generation, device_secret, vote_id, choice)
    except IntegrityError:
        raise VoteRefused("twice") from None
    cache.set(_voted_key(vote_id, delegate_id), True, VOTED_SECONDS)
    return done


def _recorded_title(cursor: Any, vote_id: int, delegate_id: int) -> str | None:
    cursor.execute(
        f"SELECT v.title FROM {_table(ProceduralVote)} v JOIN {_table(VoteCast)} c "
        "ON c.vote_id = v.id WHERE v.id = %s AND c.delegate_id = %s",
        [vote_id, delegate_id],
    )
    row = cursor.fetchone()
    return str(row[0]) if row else None


@group_committed
@transaction.atomic
def _cast_committed(
    delegate_id: int, generation: int, device_secret: str | None, vote_id: int, choice: str
) -> Cast:
    # An open vote. Plain SQL on this one path: 2,000 phones vote within seconds, and
    # the ORM's query building was most of each request's time. Same statements on
    # SQLite and PostgreSQL; the vote's row is locked (FOR UPDATE; SQLite's BEGIN
    # IMMEDIATE).
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with prepared_cursor() as cursor:
        checked = _checked(cursor, delegate_id, generation, device_secret, vote_id, choice, lock)
        if checked.secret:  # a question does not change from open to secret; be sure
            raise VoteRefused("closed")
        cursor.execute(
            f"INSERT INTO {_table(VoteCast)} (vote_id, delegate_id, choice) VALUES (%s, %s, %s)",
            [vote_id, delegate_id, choice],
        )
        column = connection.ops.quote_name(choice)  # one of the three, checked above
        cursor.execute(
            f"UPDATE {_table(ProceduralVote)} SET {column} = {column} + 1 WHERE id = %s",
            [vote_id],
        )
    audit_record(
        actor=None,
        action="vote.cast",
        object_type="congress",
        object_id=checked.congress_id,
        unit_path=checked.unit_path,
        after={"vote": vote_id, "delegate": delegate_id, "choice": choice},
    )
    return Cast(vote_id, checked.title)


@one_writer_at_a_time
@transaction.atomic
def refusal_log(
    *,
    code: str,
    delegate: Delegate | None,
    vote_id: int | None,
    address: str | None,
    path: str,
) -> None:
    """A refused vote or pass use, in the audit chain (outside the refused transaction).

    In a transaction of its own, not in the casts' group commit: a group holding
    a refusal would take the audit chain's head before the vote's row, where a
    cast takes the row first, and two server processes' groups could deadlock
    on PostgreSQL (seen at a burst)."""
    congress = delegate.congress if delegate is not None else None
    audit_record(
        actor=None,
        action="vote.refused",
        object_type="congress",
        object_id=congress.pk if congress is not None else "",
        unit_path=congress.unit.path if congress is not None else "",
        after={
            "reason": code,
            "delegate": delegate.pk if delegate is not None else None,
            "vote": vote_id,
            "address": address,
            "path": path[:200],
        },
    )
