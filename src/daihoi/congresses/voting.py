"""Electronic procedural votes from the delegates' phones: the vote pass and the cast.

The pass is a link of one delegate, ``/v/<token>/``: the token is the
delegate's number in the database, the pass's generation and an HMAC of both
under the server's secret key, so nobody can make one without the key and a
reissued pass (the next generation) voids the old link. A reissue takes two
members: one asks, one of the other side confirms (the presidium and the
secretariat), so no one person can hand an absent delegate's vote to a phone
of their own. The first phone that confirms the link gets a random device
secret in a cookie; only the hash of it is kept, and from then on only that
phone is accepted.

A cast checks that the vote is open, that the delegate is present at the
sitting and votes, and that they have not voted yet. In an open (not secret)
vote it then writes who voted and how at once, like the hands the hall sees.

A secret vote's choice is never written alone: it waits in the server
process's ballot box (memory only) until at least ``SECRET_VOTE_BATCH``
others are waiting, and a batch is then written in one transaction: the
has-voted rows of its delegates, in a shuffled order, and the sum of its
choices added to the vote's three counters. The box keeps the newest
``SECRET_VOTE_BATCH`` back, so the batch written when the vote closes is as
large as the others. Whatever copy of the disk anyone takes, the finest step
it shows is one batch: a set of delegates and a sum of choices. The phone is
told "recorded" only once its batch is committed; until then it shows
"sent, not recorded yet" and sends the same choice again every few seconds,
so a server process that dies takes no acknowledged vote with it (docs/hall.md,
"Secrecy of a secret vote").
Every refusal is logged in the audit chain, in its own transaction.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import logging
import os
import random
import secrets
import threading
import time
from collections import Counter
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.audit.services import audit_record
from daihoi.congresses.live import (
    OpenVote,
    PassInfo,
    cache,
    cached_pass,
    forget_open_vote,
    forget_pass,
    group_committed,
    one_writer_at_a_time,
    open_vote,
    presence_key,
    remember_pass,
    shared_cache_reads,
)
from daihoi.congresses.models import (
    Attendance,
    Delegate,
    PassReissue,
    Presence,
    ProceduralVote,
    ReissueStatus,
    VoteCast,
    VoteChoice,
    VoteStatus,
)

DEVICE_COOKIE = "dh_pass_%d"


class VoteRefused(Exception):
    """A vote or a pass use refused; ``code`` names why (see :data:`REASONS`)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


#: Why a request was refused; the audit entry carries the code.
REASONS = (
    "forged",  # the link's token is not one the server made, or was voided
    "foreign_device",  # the link is bound to another phone
    "not_bound",  # the phone has not confirmed the link yet
    "no_vote",  # no such vote in this congress
    "not_open",  # the vote has not been opened yet
    "closed",  # the vote is closed
    "absent",  # the delegate is not checked in to the vote's sitting
    "not_voter",  # an alternate not taking an official's place
    "twice",  # the delegate has already voted: a second try or a replayed request
    "bad_choice",  # not agree, disagree or abstain
)


def _mac(delegate_id: int, generation: int) -> str:
    key = settings.SECRET_KEY.encode("utf-8")
    message = f"daihoi.vote-pass:{delegate_id}:{generation}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()[:18]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def pass_token(delegate: Delegate) -> str:
    """The secret part of a delegate's vote link."""
    return f"{delegate.pk}.{delegate.pass_generation}.{_mac(delegate.pk, delegate.pass_generation)}"


def pass_delegate(token: str) -> Delegate | None:
    """The delegate a token belongs to, or None for a forged or voided one."""
    parts = token_parts(token)
    if parts is None:
        return None
    delegate_id, generation = parts
    delegate = (
        Delegate.objects.select_related("congress", "congress__unit").filter(pk=delegate_id).first()
    )
    if delegate is None or delegate.pass_generation != generation:
        return None
    return delegate


def token_parts(token: str) -> tuple[int, int] | None:
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    delegate_id, generation = int(parts[0]), int(parts[1])
    if not hmac.compare_digest(parts[2], _mac(delegate_id, generation)):
        return None
    return delegate_id, generation


def poll_pass(token: str, secret: str | None) -> PassInfo | None:
    """The pass of a poll from its own phone, or None; a cached bound pass costs no query."""
    parts = token_parts(token)
    if parts is None:
        return None
    delegate_id, generation = parts
    info = cached_pass(delegate_id)
    if info is None or info.generation != generation or not _same(info.device, secret):
        delegate = Delegate.objects.filter(pk=delegate_id).first()
        if delegate is None:
            return None
        info = PassInfo(
            delegate.pk,
            delegate.congress_id,
            delegate.pass_generation,
            delegate.pass_device,
            delegate.full_name,
            delegate.number,
        )
        remember_pass(info)
    if info.generation != generation or not _same(info.device, secret):
        return None
    return info


def _same(device: str, secret: str | None) -> bool:
    return bool(device and secret) and hmac.compare_digest(device, device_hash(secret or ""))


def device_hash(secret: str) -> str:
    return hashlib.sha256(f"daihoi.device:{secret}".encode()).hexdigest()


def device_matches(delegate: Delegate, secret: str | None) -> bool:
    return _same(delegate.pass_device, secret)


def check_device(delegate: Delegate, secret: str | None) -> None:
    if not delegate.pass_device:
        raise VoteRefused("not_bound")
    if not device_matches(delegate, secret):
        raise VoteRefused("foreign_device")


@one_writer_at_a_time
@transaction.atomic
def pass_bind(*, delegate: Delegate) -> str:
    """Bind the link to the phone confirming it; returns the device secret for its cookie."""
    delegate = (
        Delegate.objects.select_for_update().select_related("congress__unit").get(pk=delegate.pk)
    )
    if delegate.pass_device:
        raise VoteRefused("foreign_device")
    secret = secrets.token_urlsafe(32)
    delegate.pass_device = device_hash(secret)
    delegate.save(update_fields=["pass_device"])
    forget_pass(delegate.pk)
    audit_record(
        actor=None,
        action="vote_pass.bind",
        object_type="congress",
        object_id=delegate.congress_id,
        unit_path=delegate.congress.unit.path,
        after={"delegate": delegate.pk, "generation": delegate.pass_generation},
    )
    return secret


def is_presidium(user: Any, congress_id: int) -> bool:
    """Whether the user is of the congress's presidium (the other side of a reissue)."""
    from daihoi.accounts.models import CongressRole

    return bool(
        getattr(user, "pk", None)
        and user.congress_grants.filter(
            congress_id=congress_id, role=CongressRole.PRESIDIUM
        ).exists()
    )


@transaction.atomic
def pass_reissue_ask(*, actor: Any, delegate: Delegate, reason: str) -> PassReissue:
    """Ask for a new link for a delegate (a lost or changed phone): another member confirms.

    The link stays as it is until then; one request waits per delegate.
    """
    reason = " ".join(reason.split())[:200]
    if not reason:
        raise ValidationError(_("Say why the delegate needs a new vote link."))
    delegate = (
        Delegate.objects.select_for_update().select_related("congress__unit").get(pk=delegate.pk)
    )
    if PassReissue.objects.filter(delegate=delegate, status=ReissueStatus.ASKED).exists():
        raise ValidationError(_("A new link for this delegate is already awaiting confirmation."))
    reissue = PassReissue.objects.create(
        congress_id=delegate.congress_id,
        delegate=delegate,
        reason=reason,
        asked_by=actor,
        asked_as_presidium=is_presidium(actor, delegate.congress_id),
        asked_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="vote_pass.reissue_ask",
        object_type="congress",
        object_id=delegate.congress_id,
        unit_path=delegate.congress.unit.path,
        after={"delegate": delegate.pk, "request": reissue.pk, "reason": reason},
    )
    return reissue


def _waiting_reissue(reissue: PassReissue) -> PassReissue:
    reissue = (
        PassReissue.objects.select_for_update()
        .select_related("delegate__congress__unit")
        .get(pk=reissue.pk)
    )
    if reissue.status != ReissueStatus.ASKED:
        raise ValidationError(_("This request has already been decided."))
    return reissue


@transaction.atomic
def pass_reissue_confirm(*, actor: Any, reissue: PassReissue) -> Delegate:
    """The second member confirms: the delegate's link is reissued, the old one stops working.

    The second member is another person, of the presidium when the first was
    not, and not of it when the first was.
    """
    reissue = _waiting_reissue(reissue)
    if getattr(actor, "pk", None) == reissue.asked_by_id:
        raise ValidationError(_("Another member must confirm the request, not the one who asked."))
    if is_presidium(actor, reissue.congress_id) == reissue.asked_as_presidium:
        raise ValidationError(
            _(
                "A request of the secretariat is confirmed by the presidium, "
                "and a request of the presidium by the secretariat."
            )
        )
    delegate = (
        Delegate.objects.select_for_update()
        .select_related("congress__unit")
        .get(pk=reissue.delegate_id)
    )
    delegate.pass_generation += 1
    delegate.pass_device = ""
    delegate.save(update_fields=["pass_generation", "pass_device"])
    forget_pass(delegate.pk)
    reissue.status, reissue.decided_by, reissue.decided_at = (
        ReissueStatus.DONE,
        actor,
        timezone.now(),
    )
    reissue.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="vote_pass.reissue",
        object_type="congress",
        object_id=delegate.congress_id,
        unit_path=delegate.congress.unit.path,
        after={
            "delegate": delegate.pk,
            "generation": delegate.pass_generation,
            "request": reissue.pk,
            "asked_by": reissue.asked_by_id,
            "confirmed_by": getattr(actor, "pk", None),
        },
    )
    return delegate


@transaction.atomic
def pass_reissue_cancel(*, actor: Any, reissue: PassReissue) -> PassReissue:
    """Withdraw or refuse a request (either member); the link stays as it is."""
    reissue = _waiting_reissue(reissue)
    reissue.status, reissue.decided_by, reissue.decided_at = (
        ReissueStatus.CANCELLED,
        actor,
        timezone.now(),
    )
    reissue.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="vote_pass.reissue_cancel",
        object_type="congress",
        object_id=reissue.congress_id,
        unit_path=reissue.delegate.congress.unit.path,
        after={"delegate": reissue.delegate_id, "request": reissue.pk},
    )
    return reissue


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
    """

    vote_id: int
    title: str
    recorded: bool = True


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
) -> Cast:
    """One delegate's electronic vote. Raises :class:`VoteRefused`; writes nothing then.

    ``wait``: how long a secret choice may wait for its batch before the answer
    is "not recorded yet" (:data:`WAIT_SECONDS` unless given).

    ``again``: the phone sends a choice it was told is not recorded yet. It is
    answered "recorded" once the delegate's has-voted row exists, and joins
    this process's ballot box otherwise (the process that first had it may
    have died); a first send meeting a recorded or waiting vote is "twice".

    A second vote by the same delegate in an open vote meets the unique (vote,
    delegate) row: the whole transaction is rolled back and the request refused
    as "twice".
    """
    with shared_cache_reads(), connection.cursor() as cursor:
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
            checked, delegate_id, choice, again, WAIT_SECONDS if wait is None else wait
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
    with connection.cursor() as cursor:
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


# --- the secret vote's ballot box -------------------------------------------------------

log = logging.getLogger(__name__)

#: How long a phone's request waits for its batch before it is told "not recorded yet".
#: None: a waiting request holds one of the server's few threads, and under load
#: those made every other request of the hall wait (docs/BENCHMARKS.md); the page
#: sends the choice again and is told "recorded" then.
WAIT_SECONDS = 0.0
#: How often a process holding choices looks whether their vote is closing.
WATCH_SECONDS = 0.3
#: With several server processes, how long the close waits for the others' ballot boxes.
CLOSE_GRACE_SECONDS = 1.5


def batch_size() -> int:
    """The least number of choices written together (``DAIHOI_SECRET_VOTE_BATCH``)."""
    return max(1, int(getattr(settings, "SECRET_VOTE_BATCH", 10)))


@dataclass(eq=False)
class _Waiting:
    delegate_id: int
    choice: str
    again: bool  # sent again by a phone told "not recorded yet" (not a first send)
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

    def put(self, vote_id: int, delegate_id: int, choice: str, *, again: bool) -> _Waiting:
        with self._lock:
            box = self._votes.setdefault(vote_id, {})
            waiting = box.get(delegate_id) or self._writing.get((vote_id, delegate_id))
            if waiting is not None:
                if not again:
                    raise VoteRefused("twice")
                return waiting
            waiting = box[delegate_id] = _Waiting(delegate_id, choice, again)
            return waiting

    def written(self, vote_id: int, waiting: list[_Waiting]) -> None:
        with self._lock:
            for w in waiting:
                self._writing.pop((vote_id, w.delegate_id), None)

    def sent(self, vote_id: int, delegate_id: int) -> str:
        waiting = self._votes.get(vote_id, {}).get(delegate_id)
        return waiting.choice if waiting is not None else ""

    def votes(self) -> list[int]:
        with self._lock:
            return [v for v, box in self._votes.items() if box]

    def take(self, vote_id: int, *, everything: bool) -> list[_Waiting]:
        """A batch to write: all that wait when the vote closes; otherwise, once
        twice the batch size wait, all but the newest batch size (kept back so that
        the last batch, written at the close, is no smaller than the others)."""
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
            taken = list(box.values())[:count]
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
    checked: _Checked, delegate_id: int, choice: str, again: bool, wait: float
) -> Cast:
    if checked.voted:
        if again:  # the batch holding it was written (perhaps by another process)
            cache.set(_voted_key(checked.vote_id, delegate_id), True, VOTED_SECONDS)
            return Cast(checked.vote_id, checked.title)
        raise VoteRefused("twice")
    waiting = BOX.put(checked.vote_id, delegate_id, choice, again=again)
    mix(checked.vote_id, closing=checked.closing)
    if not waiting.done.done() and not connection.in_atomic_block:
        _watch()
        with contextlib.suppress(TimeoutError):
            waiting.done.result(timeout=wait)
    if not waiting.done.done():
        return Cast(checked.vote_id, checked.title, recorded=False)
    waiting.done.result()  # raises the refusal of a batch (the vote closed meanwhile)
    cache.set(_voted_key(checked.vote_id, delegate_id), True, VOTED_SECONDS)
    return Cast(checked.vote_id, checked.title)


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
    With several server processes the close then waits
    :data:`CLOSE_GRACE_SECONDS` for the others.
    """
    _mark_closing(vote_id)
    mix(vote_id, closing=True)
    if not connection.in_atomic_block and _server_processes() > 1:
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
    """A refused vote or pass use, in the audit chain (outside the refused transaction)."""
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
