"""Writes of the counting room. Each is atomic, locks what it counts, and is audited.

The order of a day: set the election up and build its list (draft) → the
congress approves the list (list approved) → the head opens batches and the
clerks enter each batch independently (counting) → matched batches become
counted ballots; a mismatch stops its batch until the head resolves it →
the head seals the result (finalised). Reopening is a separate, reasoned act.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.audit.services import audit_record
from daihoi.core.elections import ElectionDefinition, InvalidInput, result_to_json, tally
from daihoi.core.elections.entry import EntryError, compare_entries, parse_entry
from daihoi.core.elections.formats import ballot_from_json, ballot_to_json
from daihoi.core.elections.lists import check_surplus, outside_nominee_admitted
from daihoi.core.elections.votes import procedural_vote_base, procedural_vote_passes
from daihoi.elections.definition import election_definition, election_rules, ordered_candidates
from daihoi.elections.hall import hall_present as _hall_present
from daihoi.elections.models import (
    Batch,
    BatchStatus,
    Candidate,
    CastBallot,
    Deduction,
    Election,
    ElectionStatus,
    Entry,
    Stream,
)
from daihoi.elections.problems import problem_texts, refuse_impossible


class CongressRef(Protocol):
    """What an election takes from its congress: which one, and those it summons.

    The congress model is the hall's (``daihoi.congresses``), above this app.
    """

    @property
    def pk(self) -> int: ...

    @property
    def summoned(self) -> int: ...


def _audit(actor: Any, action: str, election: Election, **data: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="election",
        object_id=election.pk,
        unit_path=election.congress.unit.path,
        after=data or None,
    )


def _locked(election: Election) -> Election:
    return _locked_id(election.pk)


def _locked_id(election_id: int) -> Election:
    return (
        Election.objects.select_for_update()
        .select_related("congress", "congress__unit")
        .get(pk=election_id)
    )


def _require_status(election: Election, *statuses: str) -> None:
    if election.status not in statuses:
        raise ValidationError(
            _("Not possible while the election is “%s”.") % election.get_status_display()
        )


# --- set-up -----------------------------------------------------------------------


@transaction.atomic
def election_create(
    *,
    actor: Any,
    congress: CongressRef,
    kind: str,
    title: str,
    seats: int,
    profile: str = "cpv-2024",
    summoned: int | None = None,
    ballots_issued: int | None = None,
    entry_copies: int = 2,
    round: int = 1,
    previous: Election | None = None,
) -> Election:
    if Election.objects.filter(congress_id=congress.pk, kind=kind, round=round).exists():
        raise ValidationError(_("This congress already has that election in round %d.") % round)
    election = Election(
        congress_id=congress.pk,
        kind=kind,
        title=title,
        seats=seats,
        profile=profile,
        summoned=congress.summoned if summoned is None else summoned,
        ballots_issued=ballots_issued,
        entry_copies=entry_copies,
        round=round,
        previous=previous,
    )
    election.full_clean()
    election.save()
    _audit(actor, "election.create", election, kind=kind, seats=seats, title=title, round=round)
    return election


@transaction.atomic
def election_update(
    *,
    actor: Any,
    election: Election,
    title: str,
    seats: int,
    profile: str,
    summoned: int,
    ballots_issued: int | None,
    entry_copies: int,
) -> Election:
    election = _locked(election)
    _require_status(election, ElectionStatus.DRAFT)
    refuse_impossible(summoned=summoned, deducted=_deducted(election) or None)
    election.title, election.seats, election.profile = title, seats, profile
    election.summoned, election.ballots_issued = summoned, ballots_issued
    election.entry_copies = entry_copies
    election.full_clean()
    election.save()
    _audit(
        actor,
        "election.update",
        election,
        title=title,
        seats=seats,
        profile=profile,
        summoned=summoned,
        ballots_issued=ballots_issued,
        entry_copies=entry_copies,
    )
    return election


@transaction.atomic
def deduction_add(*, actor: Any, election: Election, reason: str, count: int) -> Deduction:
    """A deduction from the base (RULES.md §3); allowed until counting starts."""
    election = _locked(election)
    _require_status(election, ElectionStatus.DRAFT, ElectionStatus.LIST_APPROVED)
    if count < 1:
        raise ValidationError(_("A deduction counts at least one person."))
    refuse_impossible(summoned=election.summoned, deducted=_deducted(election) + count)
    deduction = Deduction.objects.create(election=election, reason=reason.strip(), count=count)
    _audit(actor, "election.deduction_add", election, reason=deduction.reason, count=count)
    return deduction


def _deducted(election: Election) -> int:
    return sum(election.deductions.values_list("count", flat=True))


@transaction.atomic
def deduction_remove(*, actor: Any, election: Election, deduction: Deduction) -> None:
    election = _locked(election)
    _require_status(election, ElectionStatus.DRAFT, ElectionStatus.LIST_APPROVED)
    _audit(
        actor, "election.deduction_remove", election, reason=deduction.reason, count=deduction.count
    )
    deduction.delete()


@transaction.atomic
def candidate_add(
    *,
    actor: Any,
    election: Election,
    full_name: str,
    note: str = "",
    born: dt.date | None = None,
    member_id: int | None = None,
    outside_nominee: bool = False,
    admission_present: int | None = None,
    admission_agree: int | None = None,
) -> Candidate:
    """Add a name; an outside nominee needs the congress's vote (190-QĐ/TW Art. 14)."""
    election = _locked(election)
    _require_status(election, ElectionStatus.DRAFT)
    if outside_nominee:
        _check_admission(election, admission_present, admission_agree)
    candidate = Candidate(
        election=election,
        full_name=" ".join(full_name.split()),
        note=note.strip(),
        born=born,
        member_id=member_id,
        outside_nominee=outside_nominee,
        admission_present=admission_present if outside_nominee else None,
        admission_agree=admission_agree if outside_nominee else None,
    )
    candidate.full_clean()
    candidate.save()
    _audit(
        actor,
        "candidate.add",
        election,
        candidate=candidate.code,
        name=candidate.full_name,
        note=candidate.note,
        outside_nominee=outside_nominee,
        admission=[admission_agree, admission_present] if outside_nominee else None,
    )
    return candidate


def _check_admission(election: Election, present: int | None, agree: int | None) -> None:
    """More than a share of those present (30% in cpv-2024) agree to an outside nominee
    (RULES.md §4)."""
    if present is None or agree is None:
        raise ValidationError(
            _(
                "A self-nominee or a nominee not proposed needs the congress's vote: "
                "enter those present and those who agree."
            )
        )
    refuse_impossible(summoned=election.summoned, present=present, agree=agree)
    rules = election_rules(election)
    if not outside_nominee_admitted(agree, present, rules):
        raise ValidationError(
            _(
                "%(agree)d of %(present)d present is not more than %(share)d%%: the nominee "
                "does not enter the list."
            )
            % {"agree": agree, "present": present, "share": rules.outside_nominee_percent}
        )


@transaction.atomic
def candidates_add_many(
    *, actor: Any, election: Election, rows: Sequence[dict[str, Any]]
) -> list[Candidate]:
    """Several names at once (an import or the congress's people): all or none."""
    return [candidate_add(actor=actor, election=election, **row) for row in rows]


@transaction.atomic
def candidate_remove(*, actor: Any, election: Election, candidate: Candidate) -> None:
    """Take back a name typed by mistake, before the list goes to the congress."""
    election = _locked(election)
    _require_status(election, ElectionStatus.DRAFT)
    _audit(actor, "candidate.remove", election, candidate=candidate.code, name=candidate.full_name)
    candidate.delete()


@transaction.atomic
def candidate_withdraw(
    *, actor: Any, election: Election, candidate: Candidate, decision: str
) -> Candidate:
    """A withdrawal the congress decided by vote (190-QĐ/TW Art. 14), with its decision."""
    election = _locked(election)
    _require_status(election, ElectionStatus.DRAFT)
    if not decision.strip():
        raise ValidationError(_("Record the congress's decision on the withdrawal."))
    candidate.withdrawn, candidate.withdrawal_note = True, decision.strip()
    candidate.save(update_fields=["withdrawn", "withdrawal_note"])
    _audit(
        actor,
        "candidate.withdraw",
        election,
        candidate=candidate.code,
        name=candidate.full_name,
        decision=candidate.withdrawal_note,
    )
    return candidate


def list_checks(election: Election, definition: ElectionDefinition | None) -> list[tuple[str, str]]:
    """(level, message) for the list: the surplus of RULES.md §4 as the congress sees it."""
    if definition is None:
        return []
    names = len(definition.candidates)
    notes: list[tuple[str, str]] = []
    proposal = check_surplus(
        kind=definition.kind,
        seats=definition.seats,
        candidates=names,
        stage="proposal",
        rules=definition.rules,
    )
    congress = check_surplus(
        kind=definition.kind,
        seats=definition.seats,
        candidates=names,
        stage="congress",
        rules=definition.rules,
    )
    share = f"{(names - definition.seats) * 100 / definition.seats:.1f}".replace(".", ",")
    rules = definition.rules
    bounds = {
        "low": rules.surplus_proposal_min_percent,
        "high": rules.surplus_proposal_max_percent,
        "limit": rules.surplus_congress_max_percent,
    }
    if congress.most is None:
        return notes
    if congress.needs_poll:
        notes.append(
            (
                "error",
                _(
                    "%(n)d names for %(seats)d seats is more than %(poll)d%% over: the congress "
                    "must poll (lấy phiếu xin ý kiến) and cut the list by that poll's ranking."
                )
                % {"n": names, "seats": definition.seats, "poll": rules.poll_over_percent},
            )
        )
    elif not congress.ok:
        notes.append(
            (
                "error",
                _(
                    "%(n)d names for %(seats)d seats: the list must have between %(least)d and "
                    "%(most)d names."
                )
                % {
                    "n": names,
                    "seats": definition.seats,
                    "least": congress.least,
                    "most": congress.most,
                },
            )
        )
    elif not proposal.ok:
        notes.append(
            (
                "warning",
                _(
                    "A surplus of %(share)s%%: outside the %(low)d–%(high)d%% the convening "
                    "committee proposes (%(least)d–%(most)d names); the congress may allow up "
                    "to %(limit)d%%."
                )
                % {
                    "share": share,
                    "least": proposal.least,
                    "most": proposal.most,
                    **bounds,
                },
            )
        )
    else:
        notes.append(
            (
                "ok",
                _("A surplus of %(share)s%%, within the %(low)d–%(high)d%% proposed.")
                % {"share": share, **bounds},
            )
        )
    return notes


@transaction.atomic
def election_list_approve(
    *, actor: Any, election: Election, present: int, agree: int, disagree: int
) -> bool:
    """Record the congress's vote on the list and the number to elect; True when it passed."""
    return election_list_vote_record(
        actor=actor, election_id=election.pk, present=present, agree=agree, disagree=disagree
    ).passed


def definition_or_refusal(election: Election) -> ElectionDefinition:
    """The engine's definition, or a refusal that says in the page's words why there is none."""
    try:
        return election_definition(election)
    except InvalidInput as exc:
        raise ValidationError(problem_texts(exc.errors)) from exc


@dataclass(frozen=True)
class ListVoteDecision:
    """The base of a vote on an election's list and whether it passed (RULES.md §5)."""

    base: int
    passed: bool


def list_vote_decision(
    election: Election, *, present: int, agree: int, disagree: int
) -> ListVoteDecision:
    """The one decision of a vote on an election's list, by the election's definition.

    Its profile, its rule overrides, those it summons and its deductions give the base;
    the hall's vote on the list (``daihoi.congresses``) is decided here too.
    """
    refuse_impossible(
        summoned=election.summoned,
        deducted=_deducted(election) or None,
        present=present,
        agree=agree,
        disagree=disagree,
    )
    definition = definition_or_refusal(election)
    base = procedural_vote_base(
        definition.rules, definition.electorate, present=present, votes_cast=agree + disagree
    )
    return ListVoteDecision(base, procedural_vote_passes(agree, base))


@transaction.atomic
def election_list_vote_record(
    *, actor: Any, election_id: int, present: int, agree: int, disagree: int
) -> ListVoteDecision:
    """The hall's vote on the list, as the election's list vote: recorded and decided here."""
    election = _locked_id(election_id)
    _require_status(election, ElectionStatus.DRAFT)
    return _list_vote_save(
        actor,
        election,
        present=present,
        agree=agree,
        disagree=disagree,
        action="election.list_vote",
    )


def _list_vote_save(
    actor: Any,
    election: Election,
    *,
    present: int,
    agree: int,
    disagree: int,
    action: str,
    **audit: Any,
) -> ListVoteDecision:
    decision = list_vote_decision(election, present=present, agree=agree, disagree=disagree)
    if any(
        level == "error" for level, _m in list_checks(election, definition_or_refusal(election))
    ):
        raise ValidationError(_("The list does not meet the rules yet (see above)."))
    before = [election.list_present, election.list_agree, election.list_disagree]
    election.list_present, election.list_agree, election.list_disagree = present, agree, disagree
    election.status = ElectionStatus.LIST_APPROVED if decision.passed else ElectionStatus.DRAFT
    election.save()
    if action != "election.list_vote":
        audit["before"] = before
    _audit(
        actor,
        action,
        election,
        present=present,
        agree=agree,
        disagree=disagree,
        base=decision.base,
        passed=decision.passed,
        **audit,
    )
    return decision


def list_vote_correctable(election: Election) -> bool:
    """A recorded list vote may be corrected until the first ballot is counted."""
    return (
        election.list_present is not None
        and election.status in (ElectionStatus.DRAFT, ElectionStatus.LIST_APPROVED)
        and not election.batches.exists()
    )


@transaction.atomic
def election_list_vote_correct(
    *, actor: Any, election: Election, present: int, agree: int, disagree: int, reason: str
) -> bool:
    """Correct the figures of the list vote, for a reason the audit keeps; True when it passed.

    Until the first batch of ballots is opened: from then on the count rests on the list.
    """
    election = _locked(election)
    if not list_vote_correctable(election):
        raise ValidationError(
            _("The list vote can be corrected only until the first ballots are counted.")
        )
    if not reason.strip():
        raise ValidationError(_("Give the reason for the correction."))
    return _list_vote_save(
        actor,
        election,
        present=present,
        agree=agree,
        disagree=disagree,
        action="election.list_vote_correct",
        reason=reason.strip(),
    ).passed


# --- counting ---------------------------------------------------------------------


@transaction.atomic
def batch_open(*, actor: Any, election: Election) -> Batch:
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
def stream_join(*, clerk: Any, batch: Batch) -> Stream:
    """A clerk takes the next free slot of an open batch; one slot per clerk per batch."""
    batch = Batch.objects.select_for_update().select_related("election").get(pk=batch.pk)
    if batch.status != BatchStatus.OPEN:
        raise ValidationError(_("This batch is no longer open for entry."))
    mine = batch.streams.filter(clerk=clerk).first()
    if mine is not None:
        return mine
    taken = set(batch.streams.values_list("slot", flat=True))
    free = [s for s in range(1, batch.election.entry_copies + 1) if s not in taken]
    if not free:
        raise ValidationError(_("Batch %d already has all its clerks.") % batch.number)
    stream = Stream.objects.create(batch=batch, slot=free[0], clerk=clerk)
    audit_record(
        actor=clerk,
        action="batch.join",
        object_type="election",
        object_id=batch.election_id,
        after={"batch": batch.number, "slot": stream.slot},
    )
    return stream


def _open_stream(clerk: Any, stream: Stream) -> Stream:
    stream = (
        Stream.objects.select_for_update()
        .select_related("batch", "batch__election")
        .get(pk=stream.pk)
    )
    if stream.clerk_id != clerk.pk:
        raise ValidationError(_("This is another clerk's entry."))
    if stream.closed or stream.batch.status != BatchStatus.OPEN:
        raise ValidationError(_("This entry is closed."))
    return stream


@transaction.atomic
def entry_save(
    *, clerk: Any, stream: Stream, text: str, definition: ElectionDefinition, ids: Sequence[str]
) -> Entry:
    """Save one typed ballot; once this returns, the entry is committed (never lost)."""
    stream = _open_stream(clerk, stream)
    ballot = parse_entry(text, form=definition.form, ids=ids)
    position = stream.entries.count() + 1
    entry = Entry.objects.create(stream=stream, position=position, ballot=ballot_to_json(ballot))
    audit_record(
        actor=clerk,
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
def entry_undo_last(*, clerk: Any, stream: Stream) -> int | None:
    """Remove the clerk's last entry of an open batch (a slip noticed at once)."""
    stream = _open_stream(clerk, stream)
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
def stream_close(*, clerk: Any, stream: Stream) -> Batch:
    """A clerk has entered the whole stack; when every slot is closed the batch is matched."""
    stream = _open_stream(clerk, stream)
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


def _stream_ballots(stream: Stream) -> list[Any]:
    return [e.ballot for e in stream.entries.order_by("position")]


def _match(batch: Batch, streams: list[Stream]) -> None:
    entries = [_stream_ballots(s) for s in streams]
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


def batch_differences(batch: Batch) -> list[dict[str, Any]]:
    """Each differing position with what each entry says (as typed text), for the head."""
    streams = list(batch.streams.order_by("slot"))
    entries = [_stream_ballots(s) for s in streams]
    return [
        {"position": p, "values": [e[p - 1] if p <= len(e) else None for e in entries]}
        for p in compare_entries(entries)
    ]


@transaction.atomic
def batch_resolve(
    *,
    actor: Any,
    batch: Batch,
    decisions: dict[int, str],
    reason: str,
    definition: ElectionDefinition,
    ids: Sequence[str],
) -> Batch:
    """The head decides each differing position from the paper, with a reason.

    ``decisions`` maps a position to the line read from the paper ballot, or
    to ``"-"`` when there is no ballot at that position (one entry had an
    extra line). Positions that agree are taken as entered.
    """
    batch = (
        Batch.objects.select_for_update()
        .select_related("election", "election__congress", "election__congress__unit")
        .get(pk=batch.pk)
    )
    if batch.status != BatchStatus.MISMATCH:
        raise ValidationError(_("This batch has no difference to resolve."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the decision."))
    streams = list(batch.streams.order_by("slot"))
    entries = [_stream_ballots(s) for s in streams]
    differing = set(compare_entries(entries))
    missing = sorted(differing - set(decisions))
    if missing:
        raise ValidationError(
            _("Decide every differing ballot: %s.") % ", ".join(map(str, missing))
        )
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


# --- result and seal --------------------------------------------------------------


def counted_ballots(election: Election) -> list[Any]:
    return list(election.cast_ballots.values_list("ballot", flat=True))


def _tally(definition: ElectionDefinition, ballots: Sequence[Any]) -> Any:
    """The engine's result; what the engine refuses (e.g. more ballots than issued) is said."""
    form = definition.form
    try:
        return tally(definition, (ballot_from_json(b, form) for b in ballots))
    except InvalidInput as exc:
        raise ValidationError(problem_texts(exc.errors)) from exc


def live_result(election: Election, definition: ElectionDefinition) -> Any:
    """The engine's result over the ballots counted so far (matched batches only)."""
    return _tally(definition, counted_ballots(election))


def seal_hash(ballots: Sequence[Any], result_json: dict[str, Any]) -> str:
    """SHA-256 over every counted ballot (in a canonical order) and the result."""
    canonical = sorted(json.dumps(b, sort_keys=True, ensure_ascii=False) for b in ballots)
    digest = hashlib.sha256()
    for line in canonical:
        digest.update(line.encode("utf-8") + b"\n")
    digest.update(json.dumps(result_json, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def hall_present(election: Election) -> int | None:
    """Those the hall counts present and voting at the sitting of the vote, where it is kept.

    The sitting in session, or else the last one held; None when the congress does not
    keep its attendance here (nobody was checked in).
    """
    return _hall_present(election.congress_id)


@transaction.atomic
def election_finalise(*, actor: Any, election: Election) -> Election:
    """Seal the result: every batch matched; the hash covers every ballot and the result."""
    election = _locked(election)
    _require_status(election, ElectionStatus.COUNTING)
    pending = election.batches.exclude(status=BatchStatus.MATCHED).count()
    if pending:
        raise ValidationError(
            _("%d batch(es) are not matched yet: finish or resolve them first.") % pending
        )
    definition = definition_or_refusal(election)
    ballots = counted_ballots(election)
    refuse_impossible(
        present=hall_present(election),
        issued=election.ballots_issued,
        collected=len(ballots),
    )
    result_json = result_to_json(_tally(definition, ballots))
    election.result = result_json
    election.seal_hash = seal_hash(ballots, result_json)
    election.sealed_at = timezone.now()
    election.status = ElectionStatus.FINALISED
    election.save()
    _audit(
        actor,
        "election.seal",
        election,
        seal_hash=election.seal_hash,
        outcome=result_json["outcome"],
        elected=result_json["elected"],
    )
    return election


@transaction.atomic
def election_reopen(*, actor: Any, election: Election, reason: str) -> Election:
    """Undo the seal, for a reason the audit keeps. The counted ballots stay as they are."""
    election = _locked(election)
    _require_status(election, ElectionStatus.FINALISED)
    if not reason.strip():
        raise ValidationError(_("Give the reason for reopening."))
    if hasattr(election, "next_round"):
        raise ValidationError(_("A next round was already opened from this result."))
    _audit(actor, "election.reopen", election, reason=reason.strip(), seal_hash=election.seal_hash)
    election.result, election.seal_hash, election.sealed_at = None, "", None
    election.status = ElectionStatus.COUNTING
    election.save()
    return election


@transaction.atomic
def election_next_round(*, actor: Any, election: Election) -> Election:
    """Open the round the sealed result calls for: the named candidates, the seats left."""
    election = _locked(election)
    _require_status(election, ElectionStatus.FINALISED)
    step = (election.result or {}).get("next")
    if not step:
        raise ValidationError(_("This result is complete: no further round."))
    by_code = {c.code: c for c in election.candidates.all()}
    new = election_create(
        actor=actor,
        congress=election.congress,
        kind=election.kind,
        title=election.title,
        seats=step["seats"],
        profile=election.profile,
        summoned=election.summoned,
        entry_copies=election.entry_copies,
        round=election.round + 1,
        previous=election,
    )
    new.rules = election.rules
    new.save(update_fields=["rules"])
    for d in election.deductions.all():
        Deduction.objects.create(election=new, reason=d.reason, count=d.count)
    for code in step["candidates"]:
        c = by_code[code]
        Candidate.objects.create(
            election=new, full_name=c.full_name, note=c.note, born=c.born, member_id=c.member_id
        )
    _audit(actor, "election.next_round", election, step=step["action"], round=new.round)
    return new


def candidate_ids(election: Election, definition: ElectionDefinition | None = None) -> list[str]:
    """Candidate ids in ballot order: what the numbers a clerk types refer to."""
    return [c.code for c in ordered_candidates(election, definition)]


COMMITTEE_ROLES = ("head", "deputy", "member")


@transaction.atomic
def counting_minutes_set(
    *,
    actor: Any,
    election: Election,
    ballots_issued: int | None,
    committee: list[tuple[str, str]],
) -> Election:
    """What the counting minutes record beside the count: the ballots issued and the
    counting committee by name and role (head, deputy, member). Until the seal."""
    election = _locked(election)
    _require_status(
        election, ElectionStatus.DRAFT, ElectionStatus.LIST_APPROVED, ElectionStatus.COUNTING
    )
    if ballots_issued is not None and ballots_issued < 0:
        raise ValidationError(_("The ballots issued cannot be negative."))
    members = [(" ".join(name.split()), role) for name, role in committee]
    for name, role in members:
        if not name or role not in COMMITTEE_ROLES:
            raise ValidationError(_("Each member of the counting committee needs a name."))
    if sum(1 for _name, role in members if role == "head") > 1:
        raise ValidationError(_("The counting committee has one head."))
    election.ballots_issued = ballots_issued
    election.counting_committee = [{"name": n, "role": r} for n, r in members]
    election.save(update_fields=["ballots_issued", "counting_committee"])
    _audit(
        actor,
        "election.minutes_set",
        election,
        ballots_issued=ballots_issued,
        counting_committee=election.counting_committee,
    )
    return election
