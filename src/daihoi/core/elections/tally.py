"""Counting ballots and deciding who is elected (docs/rules.md §2–§3).

Two steps, usable apart:

- :class:`BallotCounter` / :func:`count_ballots` check each ballot against
  the definition and count it (valid or under its invalid code, and the
  votes it gives);
- :func:`decide` turns the counts into a :class:`Result`: base, threshold,
  who passes, seats by votes, ties at the cutoff, shortfall, void, and what
  comes next.

:func:`tally` does both; the steps live in :mod:`.counting` and
:mod:`.deciding`, and callers import them from here. Everything is in
integers; nothing is rounded but the percentages printed in the minutes.
"""

from __future__ import annotations

from collections.abc import Iterable

from .counting import BallotCounter, count_ballots
from .deciding import decide, percent_of_base, threshold, threshold_base
from .model import Ballot, ElectionDefinition, Result

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
