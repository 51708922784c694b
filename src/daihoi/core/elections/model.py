"""The engine's data: frozen dataclasses in (definition, ballots), out (result).

Names follow docs/glossary.md (seats = số lượng cần bầu, summoned = triệu tập, …)
and the fields of docs/formats.md. Nothing here links a ballot to a
voter: a :class:`Ballot` holds marks, defects and an opaque ``ref`` only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from ..collation import equal_name_groups
from .errors import InputError, error
from .figures import Figures, figure_problems

Kind = Literal[
    "committee",
    "standing_committee",
    "secretary",
    "deputy_secretary",
    "inspection",
    "delegation",
    "delegation_alternate",
    "other",
]
KINDS: tuple[Kind, ...] = (
    "committee",
    "standing_committee",
    "secretary",
    "deputy_secretary",
    "inspection",
    "delegation",
    "delegation_alternate",
    "other",
)
#: Kinds whose shortfall leads to another round (244-QĐ/TW Art. 20(2)).
DELEGATION_KINDS: frozenset[Kind] = frozenset({"delegation", "delegation_alternate"})

Congress = Literal["delegates", "members"]
CONGRESSES: tuple[Congress, ...] = ("delegates", "members")

Form = Literal["cross_out", "agree_disagree", "single"]

Mark = Literal["agree", "disagree", "both", "none"]
MARKS: tuple[Mark, ...] = ("agree", "disagree", "both", "none")

InvalidCode = Literal[
    "not_issued", "over_seats", "all_crossed", "single_unmarked", "added_name", "extra_content"
]
#: docs/rules.md §2, in the table's order: a ballot is counted under the first that applies.
INVALID_CODES: tuple[InvalidCode, ...] = (
    "not_issued",
    "over_seats",
    "all_crossed",
    "single_unmarked",
    "added_name",
    "extra_content",
)
#: What the counting committee sees on the paper and the marks cannot show.
DEFECT_CODES: tuple[InvalidCode, ...] = ("not_issued", "added_name", "extra_content")

Base = Literal["summoned_minus_deductions", "ballots_collected", "valid_ballots"]
BASES: tuple[Base, ...] = ("summoned_minus_deductions", "ballots_collected", "valid_ballots")
TiePolicy = Literal["revote", "older_wins", "congress_decides"]
TIE_POLICIES: tuple[TiePolicy, ...] = ("revote", "older_wins", "congress_decides")
Order = Literal["collation", "as_listed"]
ORDERS: tuple[Order, ...] = ("collation", "as_listed")
AlternatesMode = Literal["separate", "same_ballot"]
ALTERNATES_MODES: tuple[AlternatesMode, ...] = ("separate", "same_ballot")

Status = Literal["elected", "alternate", "tied", "not_elected"]
Outcome = Literal["complete", "tie", "shortfall", "void"]
Action = Literal["revote", "next_round", "congress_decides"]

CANDIDATE_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


@dataclass(frozen=True, slots=True)
class Rules:
    """The values of a rules profile (docs/rules.md §7); see ``rules.PARAMETERS``."""

    base: Base
    tie: TiePolicy
    invalid_codes: tuple[InvalidCode, ...]
    order: Order
    alternates: AlternatesMode
    required_rounds: int
    max_rounds: int | None
    surplus_proposal_min_percent: int
    surplus_proposal_max_percent: int
    surplus_congress_max_percent: int
    small_committee_min: int
    small_committee_max: int
    small_committee_max_surplus: int
    outside_nominee_percent: int
    poll_over_percent: int
    quorum: Fraction


@dataclass(frozen=True, slots=True)
class Candidate:
    """A name on the list. ``note`` is the distinguishing line (birth year, unit)."""

    id: str
    name: str
    note: str | None = None
    born: date | None = None


@dataclass(frozen=True, slots=True)
class Deduction:
    """People taken off the base, with the reason the minutes print."""

    reason: str
    count: int


@dataclass(frozen=True, slots=True)
class Electorate:
    """Who may vote: those summoned, less the deductions of docs/rules.md §3."""

    congress: Congress
    summoned: int
    deductions: tuple[Deduction, ...] = ()

    @property
    def deducted(self) -> int:
        return sum(d.count for d in self.deductions)

    @property
    def base(self) -> int:
        """Summoned minus deductions (244-QĐ/TW Art. 32(2)–(3))."""
        return self.summoned - self.deducted


@dataclass(frozen=True, slots=True)
class ElectionDefinition:
    """One election (one round): what is elected, from whom, by which rules.

    ``profile`` is the name the result states (a built-in name or a profile
    file's own name), ``profile_file`` the path an election file gave for a
    profile file (to write it back); ``rules`` the values actually applied,
    overrides included. ``alternate_seats`` is non-zero only for a delegation whose
    alternates are elected on the same ballot (``alternates: same_ballot``).
    """

    id: str
    title: str
    kind: Kind
    round: int
    seats: int
    candidates: tuple[Candidate, ...]
    electorate: Electorate
    profile: str
    rules: Rules
    ballots_issued: int | None = None
    alternate_seats: int = 0
    profile_file: str | None = None

    @property
    def places(self) -> int:
        """How many names a voter may keep: the seats, plus same-ballot alternates."""
        return self.seats + self.alternate_seats

    @property
    def form(self) -> Form:
        """The ballot form of docs/rules.md §1, which follows from the list."""
        if len(self.candidates) > self.places:
            return "cross_out"
        if len(self.candidates) == 1:
            return "single"
        return "agree_disagree"

    def problems(self) -> tuple[InputError, ...]:
        """Everything that makes this definition unusable, with field paths.

        Checked again by every engine entry point, so computed once per
        definition (it is immutable).
        """
        return _problems(self)


@lru_cache(maxsize=64)
def _problems(d: ElectionDefinition) -> tuple[InputError, ...]:
    found: list[InputError] = []
    found += _candidate_problems(d)
    found += _seat_problems(d)
    found += _electorate_problems(d)
    found += _round_problems(d)
    return tuple(found)


def _candidate_problems(d: ElectionDefinition) -> list[InputError]:
    found: list[InputError] = []
    if not d.candidates:
        found.append(error("no_candidates", "candidates"))
    seen: set[str] = set()
    for i, c in enumerate(d.candidates):
        if not CANDIDATE_ID.fullmatch(c.id):
            found.append(error("bad_candidate_id", f"candidates[{i}].id", value=c.id))
        elif c.id in seen:
            found.append(error("duplicate_candidate_id", f"candidates[{i}].id", value=c.id))
        seen.add(c.id)
        if not c.name.strip():
            found.append(error("empty_text", f"candidates[{i}].name"))
        if d.rules.tie == "older_wins" and c.born is None:
            found.append(error("born_required", f"candidates[{i}].born"))
    found += _equal_name_problems(d.candidates)
    return found


def _equal_name_problems(candidates: tuple[Candidate, ...]) -> list[InputError]:
    """Same full name: each needs a note, and the notes must differ (docs/rules.md §1)."""
    found: list[InputError] = []
    for group in equal_name_groups([c.name for c in candidates]):
        notes = [candidates[i].note for i in group]
        for i in group:
            note = candidates[i].note
            if note is None or not note.strip() or notes.count(note) > 1:
                found.append(
                    error("equal_names_need_note", f"candidates[{i}].note", name=candidates[i].name)
                )
    return found


def _seat_problems(d: ElectionDefinition) -> list[InputError]:
    found: list[InputError] = []
    n = len(d.candidates)
    if not 1 <= d.seats <= max(n, 1):
        found.append(error("seats_out_of_range", "seats", seats=d.seats, candidates=n))
    same_ballot = d.rules.alternates == "same_ballot" and d.kind == "delegation"
    if d.alternate_seats and not same_ballot:
        found.append(error("alternate_seats_not_allowed", "alternate_seats"))
    elif same_ballot and d.alternate_seats < 1:
        found.append(error("alternate_seats_required", "alternate_seats"))
    elif d.alternate_seats and d.places > n:
        found.append(error("places_out_of_range", "alternate_seats", places=d.places, candidates=n))
    return found


def _electorate_problems(d: ElectionDefinition) -> list[InputError]:
    found: list[InputError] = []
    e = d.electorate
    if e.summoned < 1:
        found.append(error("too_small", "electorate.summoned", minimum=1, value=e.summoned))
    for i, deduction in enumerate(e.deductions):
        if deduction.count < 1:
            path = f"electorate.deductions[{i}].count"
            found.append(error("too_small", path, minimum=1, value=deduction.count))
    base_left = figure_problems(Figures(summoned=max(e.summoned, 0), deducted=max(e.deducted, 0)))
    found += [replace(p, field=f"electorate.{p.field}") for p in base_left]
    if (
        not base_left
        and d.rules.base == "summoned_minus_deductions"
        and d.ballots_issued is not None
        and d.ballots_issued > e.base
    ):
        found.append(
            error("issued_over_base", "ballots_issued", issued=d.ballots_issued, base=e.base)
        )
    return found


def _round_problems(d: ElectionDefinition) -> list[InputError]:
    if d.round < 1:
        return [error("too_small", "round", minimum=1, value=d.round)]
    if d.rules.max_rounds is not None and d.round > d.rules.max_rounds:
        return [error("round_over_max", "round", round=d.round, max_rounds=d.rules.max_rounds)]
    return []


@dataclass(frozen=True, slots=True)
class Ballot:
    """One ballot collected, as the counting committee read it.

    Cross-out form: ``crossed`` lists the ids struck through. Agree/disagree
    form (and one-name lists): ``marks`` gives (id, mark) pairs; an id not
    given means ``none``. ``defects`` are what the paper shows and the marks
    cannot (docs/rules.md §2). ``ref`` is an opaque pointer to the stored image or
    entry batch, passed through untouched; nothing here identifies a voter.
    """

    crossed: tuple[str, ...] | None = None
    marks: tuple[tuple[str, Mark], ...] | None = None
    defects: tuple[InvalidCode, ...] = ()
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class Counts:
    """What counting the ballots gives, before anyone is declared elected.

    ``votes`` is aligned with the definition's ``candidates``;
    ``invalid_by_reason`` lists the codes that occurred, in docs/rules.md §2 order.
    """

    collected: int
    valid: int
    invalid_by_reason: tuple[tuple[InvalidCode, int], ...]
    votes: tuple[int, ...]

    @property
    def invalid(self) -> int:
        return self.collected - self.valid


@dataclass(frozen=True, slots=True)
class CandidateResult:
    id: str
    name: str
    votes: int
    percent: str
    status: Status
    rank: int


@dataclass(frozen=True, slots=True)
class NextStep:
    """What the congress does next. ``alternate_seats`` only in same-ballot mode."""

    action: Action
    candidates: tuple[str, ...]
    seats: int
    alternate_seats: int | None = None


@dataclass(frozen=True, slots=True)
class BallotFigures:
    collected: int
    valid: int
    invalid: int
    invalid_by_reason: tuple[tuple[InvalidCode, int], ...]


@dataclass(frozen=True, slots=True)
class AlternatesResult:
    """The alternates of a same-ballot delegation election, decided after the officials."""

    seats: int
    elected: tuple[str, ...]
    seats_filled: int
    outcome: Outcome
    tied: tuple[str, ...]
    next: NextStep | None


RuleValue = str | int | None | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Result:
    """A ``daihoi/result@1``: counted, decided, and the rules it was decided by."""

    election: str
    profile: str
    rules: tuple[tuple[str, RuleValue], ...]
    ballots: BallotFigures
    base: int
    threshold: int
    seats: int
    candidates: tuple[CandidateResult, ...]
    elected: tuple[str, ...]
    seats_filled: int
    outcome: Outcome
    tied: tuple[str, ...]
    next: NextStep | None
    alternates: AlternatesResult | None = field(default=None)
