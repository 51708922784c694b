"""Counting ballots and deciding who is elected (RULES.md §2–§3).

Two steps, usable apart:

- :class:`BallotCounter` / :func:`count_ballots` check each ballot against
  the definition and count it (valid or under its invalid code, and the
  votes it gives);
- :func:`decide` turns the counts into a :class:`Result`: base, threshold,
  who passes, seats by votes, ties at the cutoff, shortfall, void, and what
  comes next.

:func:`tally` does both. Everything is in integers; nothing is rounded but
the percentages printed in the minutes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import groupby

from .ballot_order import ballot_order
from .errors import InputError, InvalidInput, error
from .model import (
    DEFECT_CODES,
    DELEGATION_KINDS,
    MARKS,
    Action,
    AlternatesResult,
    Ballot,
    BallotFigures,
    CandidateResult,
    Counts,
    ElectionDefinition,
    InvalidCode,
    NextStep,
    Outcome,
    Result,
    Status,
    TiePolicy,
)
from .rules import result_rules
from .validity import judge_agree_disagree, judge_cross_out, judge_single

__all__ = [
    "BallotCounter",
    "count_ballots",
    "decide",
    "percent_of_base",
    "tally",
    "threshold",
    "threshold_base",
]


def tally(definition: ElectionDefinition, ballots: Iterable[Ballot]) -> Result:
    """Count the ballots and decide the election. Raises :class:`InvalidInput`."""
    return decide(definition, count_ballots(definition, ballots))


def count_ballots(definition: ElectionDefinition, ballots: Iterable[Ballot]) -> Counts:
    """Count every ballot; the first ballot that does not fit the election raises."""
    counter = BallotCounter(definition)
    for ballot in ballots:
        counter.add(ballot)
    return counter.counts()


# --- counting -----------------------------------------------------------------


class BallotCounter:
    """Counts ballots one at a time, in constant memory.

    A vote is given by a *valid* ballot only (RULES.md §2): on the cross-out
    form, to each name not struck through; on the other forms, to each name
    marked ``agree``. Each ballot is checked first (its form, known ids, no
    id twice, known defect codes) and :class:`InvalidInput` is raised before
    anything is counted from it.
    """

    def __init__(self, definition: ElectionDefinition) -> None:
        problems = definition.problems()
        if problems:
            raise InvalidInput(problems)
        self.definition = definition
        self._form = definition.form
        self._ids = frozenset(c.id for c in definition.candidates)
        self._only_id = definition.candidates[0].id
        self._n = len(definition.candidates)
        self._places = definition.places
        self._in_force = definition.rules.invalid_codes
        self._issued = definition.ballots_issued
        self._entitled = (
            definition.electorate.base
            if definition.rules.base == "summoned_minus_deductions"
            else None
        )
        self._excess_reported = False
        self._collected = 0
        self._valid = 0
        self._invalid: Counter[InvalidCode] = Counter()
        self._marked: Counter[str] = Counter()

    @property
    def collected(self) -> int:
        return self._collected

    def add(self, ballot: Ballot) -> None:
        """Count one ballot collected."""
        if self._form == "cross_out":
            marked, reason = self._judge_cross_out(ballot)
        else:
            marked, reason = self._judge_marks(ballot)
        self._check_excess()
        self._collected += 1
        if reason is None:
            self._valid += 1
            self._marked.update(marked)
        else:
            self._invalid[reason] += 1

    def counts(self) -> Counts:
        """The counts so far; votes aligned with the definition's candidates."""
        if self._form == "cross_out":
            votes = tuple(self._valid - self._marked[c.id] for c in self.definition.candidates)
        else:
            votes = tuple(self._marked[c.id] for c in self.definition.candidates)
        by_reason = tuple(
            (code, self._invalid[code]) for code in self._in_force if self._invalid[code]
        )
        return Counts(
            collected=self._collected, valid=self._valid, invalid_by_reason=by_reason, votes=votes
        )

    def _judge_cross_out(self, ballot: Ballot) -> tuple[Sequence[str], InvalidCode | None]:
        crossed = ballot.crossed
        if crossed is None or ballot.marks is not None:
            raise InvalidInput(
                [error("expected_crossed", "crossed" if crossed is None else "marks")]
            )
        try:
            distinct = set(crossed)
        except TypeError:
            distinct = set()
        if len(distinct) != len(crossed) or not distinct <= self._ids:
            raise InvalidInput([_locate_bad_id(crossed, self._ids, "crossed")])
        defects = self._checked_defects(ballot.defects)
        reason = judge_cross_out(
            crossed=len(crossed),
            candidates=self._n,
            places=self._places,
            defects=defects,
            in_force=self._in_force,
        )
        return crossed, reason

    def _judge_marks(self, ballot: Ballot) -> tuple[Sequence[str], InvalidCode | None]:
        marks = ballot.marks
        if marks is None or ballot.crossed is not None:
            raise InvalidInput([error("expected_marks", "marks" if marks is None else "crossed")])
        ids = [cid for cid, _ in marks]
        if len(set(ids)) != len(ids) or not self._ids.issuperset(ids):
            raise InvalidInput([_locate_bad_id(ids, self._ids, "marks")])
        for cid, mark in marks:
            if mark not in MARKS:
                allowed = ", ".join(MARKS)
                raise InvalidInput(
                    [error("not_one_of", f"marks.{cid}", value=mark, allowed=allowed)]
                )
        defects = self._checked_defects(ballot.defects)
        agreed = [cid for cid, mark in marks if mark == "agree"]
        if self._form == "single":
            mark = dict(marks).get(self._only_id, "none")
            reason = judge_single(mark=mark, defects=defects, in_force=self._in_force)
        else:
            reason = judge_agree_disagree(
                agreed=len(agreed), places=self._places, defects=defects, in_force=self._in_force
            )
        return agreed, reason

    @staticmethod
    def _checked_defects(defects: tuple[InvalidCode, ...]) -> tuple[InvalidCode, ...]:
        seen: set[str] = set()
        for i, code in enumerate(defects):
            if code not in DEFECT_CODES:
                allowed = ", ".join(DEFECT_CODES)
                raise InvalidInput(
                    [error("not_one_of", f"defects[{i}]", value=code, allowed=allowed)]
                )
            if code in seen:
                raise InvalidInput([error("repeated_code", f"defects[{i}]", value=code)])
            seen.add(code)
        return defects

    def _check_excess(self) -> None:
        """More ballots than issued, or than people entitled to vote, is an error.

        Reported once, at the first ballot too many; where RULES.md is silent a
        counting committee stops there, as the count no longer adds up. The
        entitled check applies to the ``summoned_minus_deductions`` base, which
        is exactly the people who may vote (244-QĐ/TW Art. 32(2)–(3)).
        """
        if self._excess_reported:
            return
        if self._issued is not None and self._collected >= self._issued:
            self._excess_reported = True
            raise InvalidInput([error("more_than_issued", None, issued=self._issued)])
        if self._entitled is not None and self._collected >= self._entitled:
            self._excess_reported = True
            raise InvalidInput([error("more_than_base", None, base=self._entitled)])


def _locate_bad_id(ids: Sequence[object], known: frozenset[str], field: str) -> InputError:
    """The first id that is not a string, not on the list, or given twice."""
    seen: set[str] = set()
    for i, cid in enumerate(ids):
        path = f"{field}[{i}]" if field == "crossed" else f"{field}.{cid}"
        if not isinstance(cid, str):
            return error("expected_string", path)
        if cid not in known:
            return error("unknown_candidate", path, value=cid)
        if cid in seen:
            return error("repeated_candidate", path, value=cid)
        seen.add(cid)
    raise AssertionError("no bad id found")  # pragma: no cover - callers check first


# --- deciding -----------------------------------------------------------------


def threshold_base(definition: ElectionDefinition, counts: Counts) -> int:
    """The number "more than half" is measured against (RULES.md §3, §7).

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

    "More than half" is ``2 * votes > base`` (RULES.md §3), so the least such
    number is ``base // 2 + 1``: 100 of 198, 100 of 199.
    """
    return base // 2 + 1


def percent_of_base(votes: int, base: int) -> str:
    """Votes / base × 100, two decimals rounded half up, decimal comma (RULES.md §3).

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
    """Fill ``places`` from ``ranked`` (those who passed, by votes) — RULES.md §3.

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
    """What follows too few elected (RULES.md §3).

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
    """Who is elected, by RULES.md §3; ``counts`` must come from this definition."""
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

    ELECTION-FORMATS.md names the outcome ``void`` but not the next step;
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
    """Alternates on the official ballot (RULES.md §3, profile ``same_ballot``).

    The seats after the officials go to the next candidates by votes, each
    above the threshold, by the same rule as the official seats.

    Where RULES.md is silent: if a tie holds up the last official seats, the
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
