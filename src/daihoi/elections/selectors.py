"""Reads of elections: a congress's elections, the list's checks, the live result, the
entries that differ. Nothing here writes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from daihoi.audit.models import AuditEntry
from daihoi.core.elections import ElectionDefinition, InvalidInput, tally
from daihoi.core.elections.entry import compare_entries
from daihoi.core.elections.formats import ballot_from_json
from daihoi.core.elections.lists import check_surplus
from daihoi.elections.definition import election_definition, ordered_candidates
from daihoi.elections.hall import hall_present as _hall_present
from daihoi.elections.models import Batch, BatchStatus, Candidate, Election, Stream
from daihoi.elections.problems import problem_texts


def elections_of_congress(congress_id: int) -> list[Election]:
    """The congress's elections, each with ``ordered``: its candidates in ballot order."""
    elections = list(
        Election.objects.filter(congress_id=congress_id).prefetch_related(
            Prefetch("candidates", queryset=Candidate.objects.order_by("pk"))
        )
    )
    for e in elections:
        e.ordered = ordered_candidates(e)  # type: ignore[attr-defined]
    return elections


def list_checks(election: Election, definition: ElectionDefinition | None) -> list[tuple[str, str]]:
    """(level, message) for the list: the surplus of docs/rules.md §4 as the congress sees it."""
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


def definition_or_refusal(election: Election) -> ElectionDefinition:
    """The engine's definition, or a refusal that says in the page's words why there is none."""
    try:
        return election_definition(election)
    except InvalidInput as exc:
        raise ValidationError(problem_texts(exc.errors)) from exc


def stream_ballots(stream: Stream) -> list[Any]:
    return [e.ballot for e in stream.entries.order_by("position")]


def batch_differences(batch: Batch) -> list[dict[str, Any]]:
    """Each differing position with what each entry says (as typed text), for the head."""
    streams = list(batch.streams.order_by("slot"))
    entries = [stream_ballots(s) for s in streams]
    return [
        {"position": p, "values": [e[p - 1] if p <= len(e) else None for e in entries]}
        for p in compare_entries(entries)
    ]


def counted_ballots(election: Election) -> list[Any]:
    return list(election.cast_ballots.values_list("ballot", flat=True))


def result_or_refusal(definition: ElectionDefinition, ballots: Sequence[Any]) -> Any:
    """The engine's result; what the engine refuses (e.g. more ballots than issued) is said."""
    form = definition.form
    try:
        return tally(definition, (ballot_from_json(b, form) for b in ballots))
    except InvalidInput as exc:
        raise ValidationError(problem_texts(exc.errors)) from exc


def live_result(election: Election, definition: ElectionDefinition) -> Any:
    """The engine's result over the ballots counted so far (matched batches only)."""
    return result_or_refusal(definition, counted_ballots(election))


def hall_present(election: Election) -> int | None:
    """Those the hall counts present and voting at the sitting of the vote, where it is kept.

    The sitting in session, or else the last one held; None when the congress does not
    keep its attendance here (nobody was checked in).
    """
    return _hall_present(election.congress_id)


def backup_offer(election: Election) -> dict[str, Any]:
    """What the head's desk says about backing up: the folder, the last backup, batches since.

    The last backup is the election's last ``election.backup`` audit entry, which
    records how many batches were matched when it was written.
    """
    last = (
        AuditEntry.objects.filter(
            action="election.backup", object_type="election", object_id=str(election.pk)
        )
        .order_by("-seq")
        .first()
    )
    facts = last.after if last is not None and isinstance(last.after, dict) else {}
    backed_up = facts.get("batches_matched", 0)
    matched = election.batches.filter(status=BatchStatus.MATCHED).count()
    return {
        "folder": getattr(settings, "BACKUP_DIR", ""),
        "last_at": last.at if last is not None else None,
        "last_file": facts.get("file", ""),
        "last_sha256": str(facts.get("sha256", ""))[:16],
        "since": max(matched - backed_up, 0) if isinstance(backed_up, int) else matched,
    }
