"""Deciding who is elected from the counts (docs/rules.md §3): base, threshold, who passes,
seats by votes, ties at the cutoff, shortfall, void, and what comes next.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import groupby

from .ballot_order import ballot_order
from .errors import InvalidInput
from .model import (
    DELEGATION_KINDS,
    Action,
    AlternatesResult,
    BallotFigures,
    CandidateResult,
    Counts,
    ElectionDefinition,
    NextStep,
    Outcome,
    Result,
    Status,
    TiePolicy,
)
from .rules import result_rules


def threshold_base(definition: ElectionDefinition, counts: Counts) -> int:
    """The number "more than half" is measured against (docs/rules.md §3, §7).

    - ``summoned_minus_deductions`` (cpv-2024, 244-QĐ/TW Art. 32(2)–(3)):
      summoned, minus the deductions listed with their reasons; not the
      ballots.
    - ``ballots_collected``: every ballot collected, invalid ones included.
    - ``valid_ballots``: valid ballots only.
    """
    base = definition.rules.base
    if base == "summoned_minus_deductions":
        return definition.electorate.base
    if base == "ballots_collected":
        return counts.collected
    return counts.valid


def threshold(base: int) -> int:
    """The least whole number of votes that is more than half of ``base``.

    "More than half" is ``2 * votes > base`` (docs/rules.md §3), so the least such
    number is ``base // 2 + 1``: 100 of 198, 100 of 199.
    """
    return base // 2 + 1


def percent_of_base(votes: int, base: int) -> str:
    """Votes / base × 100, two decimals rounded half up, decimal comma (docs/rules.md §3).

    In integers, so 0,005 always rounds up: 110 of 210 gives "52,38".
    A base of 0 (only possible in a void election) gives "0,00".
    """
    if base == 0:
        return "0,00"
    hundredths = (votes * 20000 + base) // (2 * base)
    return f"{hundredths // 100},{hundredths % 100:02d}"


@dataclass(frozen=True, slots=True)
class _Selection:
    """Who a selection elects, and a group tied at the cutoff with the places it left."""

    elected: tuple[int, ...]
    tied: tuple[int, ...] = ()
    places_left: int = 0


def _groups(ranked: Sequence[int], votes: Sequence[int]) -> Iterator[list[int]]:
    """Consecutive candidates with equal votes."""
    for _, group in groupby(ranked, key=lambda i: votes[i]):
        yield list(group)


def select(
    ranked: Sequence[int],
    votes: Sequence[int],
    places: int,
    *,
    tie: TiePolicy,
    born: Sequence[date | None],
) -> _Selection:
    """Fill ``places`` from ``ranked`` (those who passed, by votes) — docs/rules.md §3.

    Seats go in order of votes, highest first. When a group with equal votes
    straddles the last place (more of them than places left), none of the
    group is declared: they are tied for the places left. That is the
    trade-union rule and common practice (no Party source); with
    ``older_wins`` (state election law, Law 85/2015) the older take the places,
    and only candidates born the same day stay tied.
    """
    elected: list[int] = []
    for group in _groups(ranked, votes):
        left = places - len(elected)
        if left == 0:
            break
        if len(group) <= left:
            elected += group
            continue
        if tie == "older_wins":
            settled, still_tied = _older_first(group, left, born)
            elected += settled
            return _Selection(tuple(elected), still_tied, left - len(settled) if still_tied else 0)
        return _Selection(tuple(elected), tuple(group), left)
    return _Selection(tuple(elected))


def _older_first(
    group: list[int], places: int, born: Sequence[date | None]
) -> tuple[list[int], tuple[int, ...]]:
    """Places to the older of a tied group; those born the same day may stay tied."""
    by_age = sorted(group, key=lambda i: born[i] or date.max)
    settled: list[int] = []
    for _, same_day in groupby(by_age, key=lambda i: born[i]):
        people = list(same_day)
        left = places - len(settled)
        if len(people) <= left:
            settled += people
            if len(settled) == places:
                break
            continue
        return settled, tuple(people)
    return settled, ()


def shortfall_action(definition: ElectionDefinition) -> Action:
    """What follows too few elected (docs/rules.md §3).

    A delegation (244-QĐ/TW Art. 20(2)) goes to the next round until
    ``required_rounds``; from that round on, and for every other kind (the
    executive committee: the congress decides whether to vote again), the
    congress decides. No round past ``max_rounds`` is proposed.
    """
    rules = definition.rules
    if (
        definition.kind in DELEGATION_KINDS
        and definition.round < rules.required_rounds
        and (rules.max_rounds is None or definition.round < rules.max_rounds)
    ):
        return "next_round"
    return "congress_decides"


def _tie_action(tie: TiePolicy) -> Action:
    """A tie is settled by a revote among the tied, or by the congress.

    ``older_wins`` leaves a tie only among people born the same day; they
    vote again.
    """
    return "congress_decides" if tie == "congress_decides" else "revote"


@dataclass(frozen=True, slots=True)
class _Decision:
    """One set of places decided: its outcome and next step, by candidate index."""

    places: int
    elected: tuple[int, ...]
    tied: tuple[int, ...]
    outcome: Outcome
    next_action: Action | None
    next_candidates: tuple[int, ...]
    next_places: int
    next_alternates: int | None = None


def _decision(
    definition: ElectionDefinition,
    selection: _Selection,
    places: int,
    not_chosen: Sequence[int],
) -> _Decision:
    """The outcome of filling ``places``: complete, tie or shortfall."""
    if selection.tied:
        return _Decision(
            places=places,
            elected=selection.elected,
            tied=selection.tied,
            outcome="tie",
            next_action=_tie_action(definition.rules.tie),
            next_candidates=selection.tied,
            next_places=selection.places_left,
        )
    if len(selection.elected) < places:
        return _Decision(
            places=places,
            elected=selection.elected,
            tied=(),
            outcome="shortfall",
            next_action=shortfall_action(definition),
            next_candidates=tuple(not_chosen),
            next_places=places - len(selection.elected),
        )
    return _Decision(places, selection.elected, (), "complete", None, (), 0)


def decide(definition: ElectionDefinition, counts: Counts) -> Result:
    """Who is elected, by docs/rules.md §3; ``counts`` must come from this definition."""
    problems = definition.problems()
    if problems:
        raise InvalidInput(problems)
    if len(counts.votes) != len(definition.candidates):
        raise ValueError("the counts do not belong to this definition")
    base = threshold_base(definition, counts)
    votes = counts.votes
    order = ballot_order(definition.candidates, definition.rules.order)
    position = {index: p for p, index in enumerate(order)}
    ranked = sorted(range(len(votes)), key=lambda i: (-votes[i], position[i]))
    if counts.valid == 0:
        official, alternates = _void(definition, ranked)
    else:
        passed = [i for i in ranked if 2 * votes[i] > base]
        official, alternates = _decide_places(definition, votes, ranked, passed)
    return _result(definition, counts, base, ranked, official, alternates)


def _void(
    definition: ElectionDefinition, ranked: Sequence[int]
) -> tuple[_Decision, _Decision | None]:
    """No valid ballot: nobody is elected and the congress decides what follows.

    docs/formats.md names the outcome ``void`` but not the next step;
    a counting committee reports to the congress, which decides whether and
    how to vote again.
    """
    alternates = definition.alternate_seats
    official = _Decision(
        places=definition.seats,
        elected=(),
        tied=(),
        outcome="void",
        next_action="congress_decides",
        next_candidates=tuple(ranked),
        next_places=definition.seats,
        next_alternates=alternates or None,
    )
    if not alternates:
        return official, None
    return official, _Decision(alternates, (), (), "void", None, (), 0)


def _decide_places(
    definition: ElectionDefinition,
    votes: Sequence[int],
    ranked: Sequence[int],
    passed: Sequence[int],
) -> tuple[_Decision, _Decision | None]:
    """The official seats; then, in same-ballot mode, the alternates."""
    tie = definition.rules.tie
    born = [c.born for c in definition.candidates]
    chosen = select(passed, votes, definition.seats, tie=tie, born=born)
    official = _decision(definition, chosen, definition.seats, _others(ranked, chosen.elected))
    if not definition.alternate_seats:
        return official, None
    return _same_ballot_alternates(definition, votes, ranked, passed, official)


def _same_ballot_alternates(
    definition: ElectionDefinition,
    votes: Sequence[int],
    ranked: Sequence[int],
    passed: Sequence[int],
    official: _Decision,
) -> tuple[_Decision, _Decision]:
    """Alternates on the official ballot (docs/rules.md §3, profile ``same_ballot``).

    The seats after the officials go to the next candidates by votes, each
    above the threshold, by the same rule as the official seats.

    Where docs/rules.md is silent: if a tie holds up the last official seats, the
    tied group still outranks everyone below it, so those of the group who
    do not win an official seat in the revote take the first alternate
    places. The official revote therefore also fills those places (its
    ``alternate_seats``); the alternates decided here are the others. If
    the officials fall short, nobody is left to be an alternate and the next
    round covers both.
    """
    alternates = definition.alternate_seats
    tie, born = definition.rules.tie, [c.born for c in definition.candidates]
    if official.outcome == "shortfall":
        official = replace(official, next_alternates=alternates)
        return official, _Decision(alternates, (), (), "shortfall", None, (), 0)
    if official.outcome == "tie":
        reserved = min(len(official.tied) - official.next_places, alternates)
        official = replace(official, next_alternates=reserved)
        below = list(passed[passed.index(official.tied[-1]) + 1 :])
        places = alternates - reserved
    else:
        below = [i for i in passed if i not in official.elected]
        places = alternates
    chosen = select(below, votes, places, tie=tie, born=born)
    taken = set(official.elected) | set(official.tied) | set(chosen.elected)
    return official, _decision(definition, chosen, places, [i for i in ranked if i not in taken])


def _others(ranked: Sequence[int], chosen: Sequence[int]) -> list[int]:
    taken = set(chosen)
    return [i for i in ranked if i not in taken]


def competition_ranks(ranked: Sequence[int], votes: Sequence[int]) -> dict[int, int]:
    """Rank by votes, equal votes sharing a rank and the next skipping: 1, 2, 2, 4."""
    ranks: dict[int, int] = {}
    for place, i in enumerate(ranked, start=1):
        if place > 1 and votes[i] == votes[ranked[place - 2]]:
            ranks[i] = ranks[ranked[place - 2]]
        else:
            ranks[i] = place
    return ranks


def _result(
    definition: ElectionDefinition,
    counts: Counts,
    base: int,
    ranked: Sequence[int],
    official: _Decision,
    alternates: _Decision | None,
) -> Result:
    candidates = definition.candidates
    ids = [c.id for c in candidates]
    position = {index: p for p, index in enumerate(ranked)}

    def in_vote_order(indices: Iterable[int]) -> tuple[str, ...]:
        return tuple(ids[i] for i in sorted(indices, key=position.__getitem__))

    status: dict[int, Status] = dict.fromkeys(official.elected, "elected")
    status.update(dict.fromkeys(official.tied, "tied"))
    if alternates is not None:
        status.update(dict.fromkeys(alternates.elected, "alternate"))
        status.update(dict.fromkeys(alternates.tied, "tied"))
    votes = counts.votes
    ranks = competition_ranks(ranked, votes)
    rows = tuple(
        CandidateResult(
            id=ids[i],
            name=candidates[i].name,
            votes=votes[i],
            percent=percent_of_base(votes[i], base),
            status=status.get(i, "not_elected"),
            rank=ranks[i],
        )
        for i in ranked
    )

    def next_step(d: _Decision) -> NextStep | None:
        if d.next_action is None:
            return None
        return NextStep(
            action=d.next_action,
            candidates=in_vote_order(d.next_candidates),
            seats=d.next_places,
            alternate_seats=d.next_alternates,
        )

    alternates_result = None
    if alternates is not None:
        alternates_result = AlternatesResult(
            seats=alternates.places,
            elected=in_vote_order(alternates.elected),
            seats_filled=len(alternates.elected),
            outcome=alternates.outcome,
            tied=in_vote_order(alternates.tied),
            next=next_step(alternates),
        )
    return Result(
        election=definition.id,
        profile=definition.profile,
        rules=result_rules(definition.rules),
        ballots=BallotFigures(
            collected=counts.collected,
            valid=counts.valid,
            invalid=counts.invalid,
            invalid_by_reason=counts.invalid_by_reason,
        ),
        base=base,
        threshold=threshold(base),
        seats=definition.seats,
        candidates=rows,
        elected=in_vote_order(official.elected),
        seats_filled=len(official.elected),
        outcome=official.outcome,
        tied=in_vote_order(official.tied),
        next=next_step(official),
        alternates=alternates_result,
    )
