"""A generated test deck: MẪU THỬ ballots marked in a known pattern (docs/test-mode.md).

:func:`trial_deck` decides, for ``count`` valid ballots of a cross-out
election, which names each ballot strikes, so that **every candidate gets a
different number of votes** (two names swapped anywhere between the paper and
the result show as two differing lines of the report), every ballot keeps at
least one name and at most the places (so each is valid), and the ballots
keep about as many names each. Then :data:`INVALID` ballots with nothing
struck, which keep more names than the places: invalid by the rules
(docs/rules.md §2, ``over_seats``). Deterministic: the same definition and
count give the same deck.

The votes: candidate *i* in ballot order keeps *i* votes (0, 1, 2, …), the
last one the rest up to ``count`` when the list is short; a ballot keeps
the names whose votes are not yet given, fewest-kept ballots first.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..elections.ballot_order import ballot_order
from ..elections.model import Ballot, ElectionDefinition

__all__ = ["INVALID", "DeckError", "TrialDeck", "trial_deck"]

#: Ballots with nothing struck added to the deck: invalid (more names kept than places).
INVALID = 2


class DeckError(ValueError):
    """A deck that cannot be drawn: ``code`` says why, ``least`` the fewest ballots needed."""

    def __init__(self, code: str, least: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.least = least


@dataclass(frozen=True, slots=True)
class TrialDeck:
    """The deck: each ballot's struck ids (ballot order), valid ones first; its votes."""

    ballots: tuple[Ballot, ...]
    votes: tuple[tuple[str, int], ...]


def _ordered_ids(definition: ElectionDefinition) -> list[str]:
    order = ballot_order(definition.candidates, definition.rules.order)
    return [definition.candidates[i].id for i in order]


def trial_deck(definition: ElectionDefinition, count: int) -> TrialDeck:
    """``count`` valid ballots and :data:`INVALID` invalid ones; :class:`DeckError` when
    the form is not cross-out or ``count`` is too small for distinct votes."""
    if definition.form != "cross_out":
        raise DeckError("not_cross_out")
    ids = _ordered_ids(definition)
    n, places = len(ids), definition.places
    votes = list(range(n))
    least = max(n - 1, -(-sum(votes) // places), 1)
    if count < least:
        raise DeckError("too_few", least)
    votes[-1] += max(count - sum(votes), 0)
    kept: list[set[str]] = [set() for _ in range(count)]
    for i in sorted(range(n), key=lambda i: -votes[i]):
        chosen = sorted(range(count), key=lambda b: (len(kept[b]), b))[: votes[i]]
        for b in chosen:
            kept[b].add(ids[i])
    ballots = [Ballot(crossed=tuple(x for x in ids if x not in k)) for k in kept]
    ballots += [Ballot(crossed=()) for _ in range(INVALID)]
    return TrialDeck(ballots=tuple(ballots), votes=tuple(zip(ids, votes, strict=True)))
