"""The counting room's entry: batches, each clerk's stream, the match, the head's decision."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.core.elections import ElectionDefinition
from daihoi.core.elections.entry import EntryError, compare_entries, parse_entry
from daihoi.core.elections.formats import ballot_to_json
from daihoi.elections.definition import ordered_candidates
from daihoi.elections.models import (
    Batch,
    BatchStatus,
    CastBallot,
    Election,
    ElectionStatus,
    Entry,
    Stream,
)
from daihoi.elections.selectors import definition_or_refusal, stream_ballots
from daihoi.elections.services.common import _audit, _locked, _require_status


@transaction.atomic
def batch_open(*, actor: Actor | None, election: Election) -> Batch:
    """The head hands out the next stack of ballots to enter."""
    election = _locked(election)
    _require_status(election, ElectionStatus.LIST_APPROVED, ElectionStatus.COUNTING)
    if election.status == ElectionStatus.LIST_APPROVED:
        election.status = ElectionStatus.COUNTING
        election.save(update_fields=["status"])
    number = (election.batches.aggregate(n=Max("number"))["n"] or 0) + 1
    batch = Batch.objects.create(election=election, number=number)
    _audit(actor, "batch.open", election, batch=number)
    return batch


@transaction.atomic
def stream_join(*, clerk: Actor, batch: Batch) -> Stream:
    """A clerk takes the next free slot of an open batch; one slot per clerk per batch."""
    batch = Batch.objects.select_for_update().select_related("election").get(pk=batch.pk)
    if batch.status != BatchStatus.OPEN:
        raise ValidationError(_("This batch is no longer open for entry."))
    mine = batch.streams.filter(clerk_id=clerk.pk).first()
    if mine is not None:
        return mine
    taken = set(batch.streams.values_list("slot", flat=True))
    free = [s for s in range(1, batch.election.entry_copies + 1) if s not in taken]
    if not free:
        raise ValidationError(_("Batch %d already has all its clerks.") % batch.number)
    stream = Stream.objects.create(batch=batch, slot=free[0], clerk_id=clerk.pk)
    audit_record(
        actor=clerk,
        action="batch.join",
        object_type="election",
        object_id=batch.election_id,
        after={"batch": batch.number, "slot": stream.slot},
    )
    return stream


def _open_stream(clerk: Actor, stream_id: int) -> Stream:
    """The clerk's own stream of an open batch, locked: no other clerk writes into it."""
    stream = (
        Stream.objects.select_for_update()
        .select_related("batch", "batch__election")
        .get(pk=stream_id)
    )
    if stream.clerk_id != clerk.pk:
        raise ValidationError(_("This is another clerk's entry."))
    if stream.closed or stream.batch.status != BatchStatus.OPEN:
        raise ValidationError(_("This entry is closed."))
    return stream


@transaction.atomic
def entry_save(*, actor: Actor, stream_id: int, text: str) -> Entry:
    """Save one typed ballot into the clerk's stream; once this returns, the entry is
    committed (never lost). The line is read against the election's own definition and
    ballot order; ``EntryError`` says what in the line is wrong."""
    stream = _open_stream(actor, stream_id)
    election = stream.batch.election
    definition = definition_or_refusal(election)
    ballot = parse_entry(text, form=definition.form, ids=candidate_ids(election, definition))
    position = stream.entries.count() + 1
    entry = Entry.objects.create(stream=stream, position=position, ballot=ballot_to_json(ballot))
    audit_record(
        actor=actor,
        action="entry.save",
        object_type="election",
        object_id=stream.batch.election_id,
        after={
            "batch": stream.batch.number,
            "slot": stream.slot,
            "position": position,
            "ballot": entry.ballot,
        },
    )
    return entry


@transaction.atomic
def entry_undo_last(*, clerk: Actor, stream: Stream) -> int | None:
    """Remove the clerk's last entry of an open batch (a slip noticed at once)."""
    stream = _open_stream(clerk, stream.pk)
    last = stream.entries.order_by("-position").first()
    if last is None:
        return None
    audit_record(
        actor=clerk,
        action="entry.undo",
        object_type="election",
        object_id=stream.batch.election_id,
        before={
            "batch": stream.batch.number,
            "slot": stream.slot,
            "position": last.position,
            "ballot": last.ballot,
        },
    )
    last.delete()
    return last.position


@transaction.atomic
def stream_close(*, clerk: Actor, stream: Stream) -> Batch:
    """A clerk has entered the whole stack; when every slot is closed the batch is matched."""
    stream = _open_stream(clerk, stream.pk)
    stream.closed = True
    stream.save(update_fields=["closed"])
    audit_record(
        actor=clerk,
        action="batch.close_entry",
        object_type="election",
        object_id=stream.batch.election_id,
        after={
            "batch": stream.batch.number,
            "slot": stream.slot,
            "entries": stream.entries.count(),
        },
    )
    batch = (
        Batch.objects.select_for_update()
        .select_related("election", "election__congress", "election__congress__unit")
        .get(pk=stream.batch_id)
    )
    streams = list(batch.streams.all())
    if len(streams) == batch.election.entry_copies and all(s.closed for s in streams):
        _match(batch, streams)
    return batch


def _match(batch: Batch, streams: list[Stream]) -> None:
    entries = [stream_ballots(s) for s in streams]
    differing = compare_entries(entries)
    if differing:
        batch.status = BatchStatus.MISMATCH
        batch.save(update_fields=["status"])
        _audit(None, "batch.mismatch", batch.election, batch=batch.number, positions=differing)
        return
    _commit(batch, entries[0])
    _audit(None, "batch.matched", batch.election, batch=batch.number, ballots=len(entries[0]))


def _commit(batch: Batch, ballots: Sequence[Any]) -> None:
    CastBallot.objects.bulk_create(
        CastBallot(election_id=batch.election_id, batch=batch, ballot=b) for b in ballots
    )
    batch.status = BatchStatus.MATCHED
    batch.save(update_fields=["status"])


@transaction.atomic
def batch_resolve(
    *,
    actor: Actor | None,
    election_id: int,
    batch_id: int,
    decisions: dict[int, str],
    reason: str,
) -> Batch:
    """The head decides each differing position from the paper, with a reason.

    ``decisions`` maps a position to the line read from the paper ballot, or
    to ``"-"`` when there is no ballot at that position (one entry had an
    extra line). Positions that agree are taken as entered. Each line is read
    against the election's own definition and ballot order.
    """
    batch = (
        Batch.objects.select_for_update()
        .select_related("election", "election__congress", "election__congress__unit")
        .get(pk=batch_id, election_id=election_id)
    )
    if batch.status != BatchStatus.MISMATCH:
        raise ValidationError(_("This batch has no difference to resolve."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the decision."))
    streams = list(batch.streams.order_by("slot"))
    entries = [stream_ballots(s) for s in streams]
    differing = set(compare_entries(entries))
    missing = sorted(differing - set(decisions))
    if missing:
        raise ValidationError(
            _("Decide every differing ballot: %s.") % ", ".join(map(str, missing))
        )
    definition = definition_or_refusal(batch.election)
    ids = candidate_ids(batch.election, definition)
    final: list[Any] = []
    decided: dict[str, Any] = {}
    for position in range(1, max(len(e) for e in entries) + 1):
        if position not in differing:
            final.append(entries[0][position - 1])
            continue
        text = decisions[position].strip()
        if text == "-":
            decided[str(position)] = None
            continue
        try:
            ballot = ballot_to_json(parse_entry(text, form=definition.form, ids=ids))
        except EntryError as exc:
            raise ValidationError(
                _("Ballot %(p)d: %(why)s") % {"p": position, "why": entry_error_message(exc)}
            ) from exc
        decided[str(position)] = ballot
        final.append(ballot)
    _commit(batch, final)
    _audit(
        actor,
        "batch.resolve",
        batch.election,
        batch=batch.number,
        reason=reason.strip(),
        decisions=decided,
    )
    return batch


def entry_error_message(exc: EntryError) -> str:
    messages = {
        "empty": _("type the numbers, or 0 when nothing is marked"),
        "unknown_token": _("“%(token)s” is not a number or a known letter"),
        "out_of_range": _("“%(token)s” is outside 1–%(limit)d"),
        "repeated": _("%(token)s is typed twice"),
        "zero_with_marks": _("0 means nothing marked: do not add numbers to it"),
        "prefix_on_cross_out": _("“%(token)s”: c and t are for the agree/disagree form"),
    }
    return messages.get(exc.code, exc.code) % {"token": exc.token, "limit": exc.limit}


def candidate_ids(election: Election, definition: ElectionDefinition | None = None) -> list[str]:
    """Candidate ids in ballot order: what the numbers a clerk types refer to."""
    return [c.code for c in ordered_candidates(election, definition)]
