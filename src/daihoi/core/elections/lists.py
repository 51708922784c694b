"""Checks on the candidate list (docs/rules.md §4, 190-QĐ/TW Art. 14).

- A committee or standing-committee list must exceed the seats. The
  convening committee proposes a surplus of 10–15%; the congress may allow
  up to 30%. A committee of 3–5 members has a surplus of at most 1.
- A self-nominee, or a nominee the convening committee did not propose,
  enters the list only with the agreement of more than 30% of those present.
- A combined list more than 30% over the seats goes to a poll (lấy phiếu
  xin ý kiến) and is cut by its ranking; at most 30% over, the congress
  decides.
- Delegations need no surplus rule of this kind (allocated from above).

Percentages compare in integers: ``100 * surplus`` against ``percent * seats``.

Where docs/rules.md is silent:

- For 6 seats no whole number of candidates lies in 10–15% (6.6–6.9);
  the proposal then allows the least surplus above the lower edge (one).
- Lists of fewer than 3 seats, where a committee has them, follow the
  small-committee rule: exactly one more name than seats.
- A poll tie at the cut is not broken by the engine: those tied are named,
  with the places left, for the congress to decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Literal

from .model import Kind, Rules

__all__ = [
    "PollCut",
    "SurplusCheck",
    "check_surplus",
    "cut_by_poll",
    "outside_nominee_admitted",
    "poll_keep",
]

Stage = Literal["proposal", "congress"]

#: The lists docs/rules.md §4 gives a surplus rule for.
SURPLUS_KINDS: frozenset[Kind] = frozenset({"committee", "standing_committee"})


@dataclass(frozen=True, slots=True)
class SurplusCheck:
    """How many names a list may have, and whether it has them.

    ``most`` is None where no upper bound applies. At the congress, a list
    above ``most`` is not refused: it ``needs_poll``.
    """

    seats: int
    candidates: int
    stage: Stage
    least: int
    most: int | None
    needs_poll: bool

    @property
    def surplus(self) -> int:
        return self.candidates - self.seats

    @property
    def ok(self) -> bool:
        return self.candidates >= self.least and (self.most is None or self.candidates <= self.most)


def _most(seats: int, percent: int) -> int:
    """The most candidates within ``percent`` over the seats."""
    return seats + seats * percent // 100


def _least(seats: int, percent: int) -> int:
    """The fewest candidates at least ``percent`` over the seats."""
    return seats + -(-seats * percent // 100)


def check_surplus(
    *, kind: Kind, seats: int, candidates: int, stage: Stage, rules: Rules
) -> SurplusCheck:
    """The surplus rule for a list of ``candidates`` for ``seats`` (190-QĐ/TW Art. 14)."""
    if kind not in SURPLUS_KINDS:
        return SurplusCheck(seats, candidates, stage, least=seats, most=None, needs_poll=False)
    if seats <= rules.small_committee_max:
        most = seats + rules.small_committee_max_surplus
        return SurplusCheck(seats, candidates, stage, seats + 1, most, needs_poll=False)
    if stage == "proposal":
        least = max(seats + 1, _least(seats, rules.surplus_proposal_min_percent))
        most = max(least, _most(seats, rules.surplus_proposal_max_percent))
        return SurplusCheck(seats, candidates, stage, least, most, needs_poll=False)
    most = max(seats + 1, _most(seats, rules.surplus_congress_max_percent))
    needs_poll = candidates > _most(seats, rules.poll_over_percent)
    return SurplusCheck(seats, candidates, stage, seats + 1, most, needs_poll=needs_poll)


def outside_nominee_admitted(agree: int, present: int, rules: Rules) -> bool:
    """A nominee from outside the proposed list enters it with agreement of
    *more than* ``outside_nominee_percent`` (30%) of those present: 46 of 150,
    not 45."""
    return 100 * agree > rules.outside_nominee_percent * present


@dataclass(frozen=True, slots=True)
class PollCut:
    """The list after a poll: kept by ranking, and a tie at the cut left to the congress."""

    kept: tuple[str, ...]
    tied: tuple[str, ...]
    places_left: int
    dropped: tuple[str, ...]


def cut_by_poll(poll: Sequence[tuple[str, int]], keep: int) -> PollCut:
    """Cut a list to ``keep`` names by the poll's ranking (190-QĐ/TW Art. 14).

    ``poll`` gives (id, votes) in ballot order; equal votes keep that order.
    A group with equal votes straddling the cut is ``tied`` for
    ``places_left``: the congress decides among them.
    """
    ranked = sorted(poll, key=lambda item: -item[1])
    kept: list[str] = []
    for _, group in groupby(ranked, key=lambda item: item[1]):
        ids = [cid for cid, _ in group]
        left = keep - len(kept)
        if len(ids) <= left:
            kept += ids
            continue
        if left == 0:
            break
        tied = tuple(ids)
        dropped = tuple(cid for cid, _ in ranked if cid not in kept and cid not in tied)
        return PollCut(tuple(kept), tied, left, dropped)
    dropped = tuple(cid for cid, _ in ranked if cid not in kept)
    return PollCut(tuple(kept), (), 0, dropped)


def poll_keep(seats: int, rules: Rules) -> int:
    """How many names a polled list is cut to: at most ``poll_over_percent`` over."""
    return _most(seats, rules.poll_over_percent)
