"""The secret vote's ballot box: choices wait in memory and are written in batches."""

from __future__ import annotations

import contextlib
import logging
import os
import random
import threading
import time
from collections import Counter
from concurrent.futures import Future
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from daihoi.audit.services import audit_record
from daihoi.congresses.live import (
    cache,
    forget_open_vote,
    group_committed,
    one_writer_at_a_time,
    shared_cache_reads,
)
from daihoi.congresses.models import (
    Attendance,
    Delegate,
    Presence,
    ProceduralVote,
    VoteCast,
    VoteStatus,
)
from daihoi.congresses.voting.checks import VOTED_SECONDS, Cast, _Checked, _table, _voted_key
from daihoi.congresses.voting.passes import VoteRefused

log = logging.getLogger(__name__)


#: How long a phone's request waits for its batch before it is told "not recorded yet".
#: At a burst the batch holding it is written within a few tens of milliseconds
#: (the next arrivals fill the box), so most phones are told "recorded" at once
#: and send nothing again; at the end of a vote the last choices wait for the
#: close, and their phones are told "sent" after this long.
WAIT_SECONDS = 0.25

#: The server's threads kept free of waiting requests, for the choices that complete
#: the batches and for every other page. With no more threads than this no request
#: waits: on 16 threads, requests waiting with no bound held every thread while no
#: new choice could come in (docs/BENCHMARKS.md); ``daihoi serve --threads 32`` is
#: the hall's setting.
FREE_THREADS = 16


def waiting_requests_limit() -> int:
    """How many requests of this process may wait for their batch at once: the
    server's threads (``daihoi serve --threads``, 8 by default) beyond
    :data:`FREE_THREADS`."""
    try:
        threads = int(os.environ.get("DAIHOI_SERVE_THREADS", "8"))
    except ValueError:
        threads = 8
    return max(0, threads - FREE_THREADS)


#: How often a process holding choices looks whether their vote is closing.
WATCH_SECONDS = 0.3


#: With several server processes, or on PostgreSQL (several machines), how long the close
#: waits for the others' ballot boxes.
CLOSE_GRACE_SECONDS = 1.5


def batch_size() -> int:
    """The least number of choices written together (``DAIHOI_SECRET_VOTE_BATCH``)."""
    return max(1, int(getattr(settings, "SECRET_VOTE_BATCH", 10)))


@dataclass(eq=False)
class _Waiting:
    delegate_id: int
    choice: str
    again: bool  # sent again by a phone told "not recorded yet" (not a first send)
    #: Cast inside a transaction (the demo's build, a test): its vote may not be
    #: committed yet, so only that transaction writes it, at the close.
    in_transaction: bool = False
    #: A request is waiting for it now: it goes into the next batch before those whose
    #: phones were told "sent" (and will send them again).
    awaited: bool = True
    done: Future[bool] = field(default_factory=Future)


class _BallotBox:
    """The choices of secret votes not written yet, in this process's memory only.

    Per vote, in the order they came (a dict keeps it). Nothing here is ever
    written as it is: :func:`_write_batch` takes whole batches.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._votes: dict[int, dict[int, _Waiting]] = {}
        self._writing: dict[tuple[int, int], _Waiting] = {}  # taken, being written

    def put(
        self, vote_id: int, delegate_id: int, choice: str, *, again: bool, in_transaction: bool
    ) -> _Waiting:
        with self._lock:
            box = self._votes.setdefault(vote_id, {})
            waiting = box.get(delegate_id) or self._writing.get((vote_id, delegate_id))
            if waiting is not None:
                if not again:
                    raise VoteRefused("twice")
                # The phone sent it again: should another process's box have written
                # it meanwhile, this one is the phone's own, not a second vote.
                waiting.again = True
                waiting.awaited = True
                return waiting
            waiting = box[delegate_id] = _Waiting(
                delegate_id, choice, again, in_transaction=in_transaction
            )
            return waiting

    def written(self, vote_id: int, waiting: list[_Waiting]) -> None:
        with self._lock:
            for w in waiting:
                self._writing.pop((vote_id, w.delegate_id), None)

    def awaited(self) -> int:
        """How many choices a request of this process is waiting for now."""
        with self._lock:
            return sum(w.awaited for box in self._votes.values() for w in box.values())

    def given_up(self, waiting: _Waiting) -> None:
        """Its request stopped waiting: the phone was told "sent"."""
        with self._lock:
            waiting.awaited = False

    def sent(self, vote_id: int, delegate_id: int) -> str:
        waiting = self._votes.get(vote_id, {}).get(delegate_id)
        return waiting.choice if waiting is not None else ""

    def votes(self) -> list[int]:
        """The votes with choices the watcher looks after: those sent by requests.

        A vote whose choices were all cast inside a transaction is left out: the
        watcher's own connection cannot see that vote before the commit and would
        take it for deleted."""
        with self._lock:
            return [
                v
                for v, box in self._votes.items()
                if any(not w.in_transaction for w in box.values())
            ]

    def take(self, vote_id: int, *, everything: bool) -> list[_Waiting]:
        """A batch to write: all that wait when the vote closes; otherwise, once
        twice the batch size wait, all but batch size of them, kept back so that
        the last batch, written at the close, is no smaller than the others.

        Those kept back are the newest of the choices no request waits for
        (their phones were told "sent" and send them again), then, if too few,
        the newest others: a request waiting now is answered from this batch
        when it can be. Which choices go together depends on when they came and
        on their requests, never on what they are."""
        size = batch_size()
        with self._lock:
            box = self._votes.get(vote_id)
            if not box:
                return []
            if everything:
                count = len(box)
            elif len(box) >= 2 * size:
                count = len(box) - size
            else:
                return []
            line = sorted(box.values(), key=lambda w: not w.awaited)  # stable: by arrival
            taken = line[:count]
            for waiting in taken:
                del box[waiting.delegate_id]
                self._writing[vote_id, waiting.delegate_id] = waiting
            if not box:
                del self._votes[vote_id]
            return taken

    def give_back(self, vote_id: int, waiting: list[_Waiting]) -> None:
        """Choices taken for a batch that was not written: first in line again."""
        if not waiting:
            return
        with self._lock:
            for w in waiting:
                self._writing.pop((vote_id, w.delegate_id), None)
            box = self._votes.get(vote_id, {})
            merged = {w.delegate_id: w for w in waiting}
            merged.update({k: v for k, v in box.items() if k not in merged})
            self._votes[vote_id] = merged

    def clear(self) -> None:
        with self._lock:
            self._votes.clear()
            self._writing.clear()


BOX = _BallotBox()


def _cast_secret(
    checked: _Checked, delegate_id: int, choice: str, again: bool, wait: float, hold: bool
) -> Cast:
    if checked.voted:
        if again:  # the batch holding it was written (perhaps by another process)
            cache.set(_voted_key(checked.vote_id, delegate_id), True, VOTED_SECONDS)
            return Cast(checked.vote_id, checked.title)
        raise VoteRefused("twice")
    in_transaction = connection.in_atomic_block
    waiting = BOX.put(
        checked.vote_id, delegate_id, choice, again=again, in_transaction=in_transaction
    )
    mix(checked.vote_id, closing=checked.closing)
    pending = Cast(checked.vote_id, checked.title, recorded=False, pending=waiting)
    if not waiting.done.done() and not in_transaction:
        _watch()
        if hold:  # the caller waits for it holding no thread (the stream's loop)
            return pending
        if wait > 0 and BOX.awaited() <= waiting_requests_limit():
            with contextlib.suppress(TimeoutError):
                waiting.done.result(timeout=wait)
    return settle(pending)


def settle(cast: Cast) -> Cast:
    """The answer to a choice once its wait is over: recorded if its batch was written
    (raising the batch's refusal, a vote closed meanwhile), else "not recorded yet"
    and its request no longer waiting for it."""
    waiting = cast.pending
    if waiting is None:
        return cast
    if not waiting.done.done():
        BOX.given_up(waiting)
        return Cast(cast.vote_id, cast.title, recorded=False)
    waiting.done.result()
    cache.set(_voted_key(cast.vote_id, waiting.delegate_id), True, VOTED_SECONDS)
    return Cast(cast.vote_id, cast.title)


def mix(vote_id: int, *, closing: bool = False) -> int:
    """Write a batch of the vote's waiting choices if there is one; how many were recorded."""
    batch = BOX.take(vote_id, everything=closing)
    if not batch:
        return 0
    try:
        outcome = _write_batch(vote_id, batch, closing)
    except Exception:
        BOX.give_back(vote_id, batch)  # nothing of it was written: it waits again
        raise
    kept = [waiting for waiting, code in outcome if code == "wait"]
    BOX.give_back(vote_id, kept)
    BOX.written(vote_id, [waiting for waiting, code in outcome if code != "wait"])
    recorded = 0
    for waiting, code in outcome:
        if code is None:
            waiting.done.set_result(True)
            recorded += 1
        elif code != "wait":
            waiting.done.set_exception(VoteRefused(code))
    return recorded


def _in(values: list[int]) -> str:
    return ", ".join(["%s"] * len(values))


@group_committed
@transaction.atomic
def _write_batch(
    vote_id: int, batch: list[_Waiting], closing: bool
) -> list[tuple[_Waiting, str | None]]:
    """One transaction: the batch's has-voted rows, shuffled, and the sum of its choices.

    Returns each choice's outcome: None recorded (or recorded before, by a
    batch of another process), "wait" back to the box (fewer than the batch
    size are left to write and the vote is not closing), or a refusal.
    """
    from daihoi.congresses.models import Congress
    from daihoi.organizations.models import Unit

    lock = " FOR UPDATE OF v" if connection.features.has_select_for_update else ""
    ids = [w.delegate_id for w in batch]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v.status, v.closed_at, v.sitting_id, v.congress_id, u.path "
            f"FROM {_table(ProceduralVote)} v JOIN {_table(Congress)} c ON c.id = v.congress_id "
            f"JOIN {_table(Unit)} u ON u.id = c.unit_id WHERE v.id = %s{lock}",
            [vote_id],
        )
        row = cursor.fetchone()
        if row is None or row[0] != VoteStatus.OPEN:
            return [(w, "closed") for w in batch]
        _status, closed_at, sitting_id, congress_id, unit_path = row
        closing = closing or closed_at is not None
        cursor.execute(
            f"SELECT delegate_id FROM {_table(VoteCast)} WHERE vote_id = %s "
            f"AND delegate_id IN ({_in(ids)})",
            [vote_id, *ids],
        )
        already = {r[0] for r in cursor.fetchall()}
        cursor.execute(
            f"SELECT id, replaces_id FROM {_table(Delegate)} WHERE id IN ({_in(ids)})",
            ids,
        )
        replaces = dict(cursor.fetchall())
        asked = sorted({*ids, *(r for r in replaces.values() if r is not None)})
        cursor.execute(
            f"SELECT delegate_id FROM {_table(Attendance)} WHERE sitting_id = %s "
            f"AND status = %s AND delegate_id IN ({_in(asked)})",
            [sitting_id, Presence.PRESENT, *asked],
        )
        here = {r[0] for r in cursor.fetchall()}
        outcome: list[tuple[_Waiting, str | None]] = []
        fresh: list[_Waiting] = []
        for waiting in batch:
            official = replaces.get(waiting.delegate_id)
            if waiting.delegate_id in already:
                # Written by another process's batch: the same phone sending again is
                # told so; a first send from elsewhere meets the vote already taken.
                outcome.append((waiting, None if waiting.again else "twice"))
            elif waiting.delegate_id not in here:
                outcome.append((waiting, "absent"))  # the check-in was taken back meanwhile
            elif official is not None and official in here:
                outcome.append((waiting, "not_voter"))
            else:
                fresh.append(waiting)
        if not closing and len(fresh) < batch_size():
            return outcome + [(w, "wait") for w in fresh]
        if not fresh:
            return outcome
        random.SystemRandom().shuffle(fresh)
        cursor.executemany(
            f"INSERT INTO {_table(VoteCast)} (vote_id, delegate_id, choice) VALUES (%s, %s, '')",
            [(vote_id, w.delegate_id) for w in fresh],
        )
        counts = Counter(w.choice for w in fresh)
        cursor.execute(
            f"UPDATE {_table(ProceduralVote)} SET agree = agree + %s, "
            "disagree = disagree + %s, abstain = abstain + %s WHERE id = %s",
            [counts["agree"], counts["disagree"], counts["abstain"], vote_id],
        )
    audit_record(
        actor=None,
        action="vote.cast",
        object_type="congress",
        object_id=congress_id,
        unit_path=unit_path,
        after={"vote": vote_id, "delegates": sorted(w.delegate_id for w in fresh)},
    )
    return outcome + [(w, None) for w in fresh]


def vote_closing(*, vote_id: int) -> None:
    """Before a secret vote closes: new casts stop, every ballot box writes what it holds.

    The vote's ``closed_at`` set while it is still open marks the close begun
    (committed at once when called outside a transaction, so that the other
    server processes see it): a process holding choices of the vote writes
    them all as one batch within :data:`WATCH_SECONDS`; this one does it now.
    With several server processes (on PostgreSQL always: other machines may
    serve the same congress) the close then waits :data:`CLOSE_GRACE_SECONDS`
    for the others.
    """
    _mark_closing(vote_id)
    mix(vote_id, closing=True)
    if not connection.in_atomic_block and _other_ballot_boxes():
        time.sleep(CLOSE_GRACE_SECONDS)
        mix(vote_id, closing=True)  # a choice sent again meanwhile, to this process


@one_writer_at_a_time
@transaction.atomic
def _mark_closing(vote_id: int) -> None:
    marked = ProceduralVote.objects.filter(
        pk=vote_id, status=VoteStatus.OPEN, closed_at__isnull=True
    ).update(closed_at=timezone.now())
    if marked:
        vote = ProceduralVote.objects.only("congress_id").get(pk=vote_id)
        forget_open_vote(vote.congress_id)


def _other_ballot_boxes() -> bool:
    """Whether another server process may hold choices of this vote: ``daihoi serve
    --workers N`` here, or, on PostgreSQL, servers on other machines sharing the
    database (docs/deployment.md), which nothing on this one can count. A SQLite
    file is one machine's, and its other processes are this one's workers."""
    return connection.vendor != "sqlite" or _server_processes() > 1


def _server_processes() -> int:
    try:
        return int(os.environ.get("DAIHOI_SERVE_WORKERS", "1"))
    except ValueError:
        return 1


class _Watcher:
    """While this process holds choices, look whether their votes are closing."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    def ensure(self) -> None:
        with self._start:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="daihoi-ballot-box", daemon=True
                )
                self._thread.start()

    def _loop(self) -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            votes = BOX.votes()
            if not votes:
                connection.close()
                continue
            try:
                with shared_cache_reads():
                    rows = list(
                        ProceduralVote.objects.filter(pk__in=votes).values_list(
                            "pk", "status", "closed_at"
                        )
                    )
                found = set()
                for pk, status, closed_at in rows:
                    found.add(pk)
                    if status != VoteStatus.OPEN or closed_at is not None:
                        mix(pk, closing=True)
                for pk in set(votes) - found:  # the vote was deleted: refused as closed
                    mix(pk, closing=True)
            except Exception:  # the database away for a moment: the choices wait
                log.exception("the ballot box could not write a batch")
                connection.close()


_WATCHER = _Watcher()


def _watch() -> None:
    _WATCHER.ensure()
