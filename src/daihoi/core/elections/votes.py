"""Procedural votes (docs/rules.md §5) and the congress's quorum (docs/rules.md §6).

Both are integer comparisons, never rounded: "more than half" is
``2 * agree > base``; "more than two thirds" is ``3 * present > 2 * summoned``
(for the default quorum of 2/3).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Electorate, Rules

__all__ = [
    "QuorumStatus",
    "procedural_vote_base",
    "procedural_vote_passes",
    "quorum",
]


def procedural_vote_passes(agree: int, base: int) -> bool:
    """A procedural vote (biểu quyết) passes with more than half of the base.

    docs/rules.md §5: the presidium, secretariat, credentials and counting
    committees, the agenda, the working rules, the number to elect, the
    list, the resolution, and a withdrawal from the list (190-QĐ/TW
    Art. 14) are all decided this way.
    """
    return 2 * agree > base


def procedural_vote_base(
    rules: Rules, electorate: Electorate, *, present: int, votes_cast: int
) -> int:
    """The base of a procedural vote: "the same base as in §3" (docs/rules.md §5).

    - ``summoned_minus_deductions`` (cpv-2024): the electorate's base.
    - ``ballots_collected``: a show of hands collects no ballots; where
      docs/rules.md is silent, the nearest equivalent is everyone present.
    - ``valid_ballots``: the votes cast for or against (abstentions are
      not votes), for the same reason.
    """
    if rules.base == "summoned_minus_deductions":
        return electorate.base
    if rules.base == "ballots_collected":
        return present
    return votes_cast


@dataclass(frozen=True, slots=True)
class QuorumStatus:
    """Whether the congress may proceed, with the figures the presidium screen shows."""

    summoned: int
    present: int
    share: str
    least_present: int
    met: bool


def quorum(present: int, summoned: int, rules: Rules) -> QuorumStatus:
    """The congress proceeds with *more than* ``rules.quorum`` of those summoned.

    docs/rules.md §6: more than two thirds by default; common practice, no
    source text retrieved, so a profile parameter shown, never hidden.
    ``least_present`` is the fewest present that meets it: 201 of 300.
    """
    share = rules.quorum
    met = present * share.denominator > share.numerator * summoned
    least = summoned * share.numerator // share.denominator + 1
    return QuorumStatus(
        summoned=summoned,
        present=present,
        share=f"{share.numerator}/{share.denominator}",
        least_present=least,
        met=met,
    )
