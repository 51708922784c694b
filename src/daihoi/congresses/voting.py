"""Electronic procedural votes from the delegates' phones: the vote pass and the cast.

The pass is a link of one delegate, ``/v/<token>/``: the token is the
delegate's number in the database, the pass's generation and an HMAC of both
under the server's secret key, so nobody can make one without the key and a
reissued pass (the next generation) voids the old link. The first phone that
confirms the link gets a random device secret in a cookie; only the hash of it
is kept, and from then on only that phone is accepted.

A cast locks the vote's row, checks that the vote is open, that the delegate is
present at the sitting and votes, and that they have not voted yet, then adds
one to a counter on that row and writes who has voted (a unique row per
delegate). For a secret vote nothing else is written: the three counters hold
every choice and no row, time or sequence says which delegate chose what.
Every refusal is logged in the audit chain, in its own transaction.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from daihoi.audit.services import audit_record
from daihoi.congresses.live import (
    OpenVote,
    PassInfo,
    cache,
    cached_pass,
    forget_pass,
    group_committed,
    one_writer_at_a_time,
    open_vote,
    presence_key,
    remember_pass,
)
from daihoi.congresses.models import (
    Attendance,
    Delegate,
    Presence,
    ProceduralVote,
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


@transaction.atomic
def pass_reissue(*, actor: Any, delegate: Delegate) -> Delegate:
    """A new link for a delegate (a lost or changed phone): the old link stops working."""
    delegate = (
        Delegate.objects.select_for_update().select_related("congress__unit").get(pk=delegate.pk)
    )
    delegate.pass_generation += 1
    delegate.pass_device = ""
    delegate.save(update_fields=["pass_generation", "pass_device"])
    forget_pass(delegate.pk)
    audit_record(
        actor=actor,
        action="vote_pass.reissue",
        object_type="congress",
        object_id=delegate.congress_id,
        unit_path=delegate.congress.unit.path,
        after={"delegate": delegate.pk, "generation": delegate.pass_generation},
    )
    return delegate


@dataclass(frozen=True)
class Ballot:
    """What a delegate's phone shows: the open vote, and whether they have voted in it."""

    vote: OpenVote | None
    voted: bool
    present: bool


def ballot_for(delegate_id: int, congress_id: int) -> Ballot:
    """One query at most, none while no vote is open or once the delegate has voted."""
    vote = open_vote(congress_id)
    if vote is None:
        return Ballot(None, False, False)
    if cache.get(_voted_key(vote.pk, delegate_id)):
        return Ballot(vote, True, True)
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


@dataclass(frozen=True)
class Cast:
    """A recorded vote, as the phone is told: the question, nothing about the count."""

    vote_id: int
    title: str


def vote_cast(*, delegate: Delegate, device_secret: str | None, vote_id: int, choice: str) -> Cast:
    """One delegate's electronic vote (see :func:`cast_vote`)."""
    return cast_vote(
        delegate_id=delegate.pk,
        generation=delegate.pass_generation,
        device_secret=device_secret,
        vote_id=vote_id,
        choice=choice,
    )


def cast_vote(
    *, delegate_id: int, generation: int, device_secret: str | None, vote_id: int, choice: str
) -> Cast:
    """One delegate's electronic vote. Raises :class:`VoteRefused`; writes nothing then.

    A second vote by the same delegate meets the unique (vote, delegate) row:
    the whole transaction is rolled back and the request refused as "twice".
    """
    try:
        done = _cast_committed(delegate_id, generation, device_secret, vote_id, choice)
    except IntegrityError:
        raise VoteRefused("twice") from None
    cache.set(_voted_key(vote_id, delegate_id), True, VOTED_SECONDS)
    return done


def _voted_key(vote_id: int, delegate_id: int) -> str:
    return f"daihoi:hall:voted:{vote_id}:{delegate_id}"


VOTED_SECONDS = 600
PRESENT_SECONDS = 120


def present_key(sitting_id: int, delegate_id: int) -> str:
    return presence_key(sitting_id, delegate_id)


def _table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


@group_committed
@transaction.atomic
def _cast_committed(
    delegate_id: int, generation: int, device_secret: str | None, vote_id: int, choice: str
) -> Cast:
    # Plain SQL on this one path: 2,000 phones vote within seconds, and the ORM's
    # query building was most of each request's time. Same statements on SQLite and
    # PostgreSQL; the vote's row is locked (FOR UPDATE; SQLite's BEGIN IMMEDIATE).
    from daihoi.congresses.models import Congress
    from daihoi.organizations.models import Unit

    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
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
            f"SELECT status, sitting_id, secret, title FROM {_table(ProceduralVote)} "
            f"WHERE id = %s AND congress_id = %s{lock}",
            [vote_id, congress_id],
        )
        vote = cursor.fetchone()
        if vote is None:
            raise VoteRefused("no_vote")
        status, sitting_id, secret, title = vote
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
            f"INSERT INTO {_table(VoteCast)} (vote_id, delegate_id, choice) VALUES (%s, %s, %s)",
            [vote_id, delegate_id, "" if secret else choice],
        )
        column = connection.ops.quote_name(choice)  # one of the three, checked above
        cursor.execute(
            f"UPDATE {_table(ProceduralVote)} SET {column} = {column} + 1 WHERE id = %s",
            [vote_id],
        )
    after: dict[str, Any] = {"vote": vote_id, "delegate": delegate_id}
    if not secret:
        after["choice"] = choice
    audit_record(
        actor=None,
        action="vote.cast",
        object_type="congress",
        object_id=congress_id,
        unit_path=unit_path,
        after=after,
    )
    return Cast(vote_id, title)


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
