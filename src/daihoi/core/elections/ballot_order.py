"""The order of names on the ballot, and which names need a distinguishing line.

docs/rules.md §1 (244-QĐ/TW Art. 17(1)): names are printed "theo vần A, B, C"
(see :mod:`daihoi.core.collation`); a profile may set ``order: as_listed`` to
print the definition's order instead. Candidates with the same full name get
a distinguishing line (birth year, unit): their ``note``.

Where docs/rules.md is silent: two candidates with the same full name are printed
in the order of their notes (collated word by word), then of their ids, so
the order never depends on the order of the input file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..collation import NameKey, equal_name_groups, name_key, text_key
from .model import Candidate, Order

__all__ = ["BallotLine", "ballot_lines", "ballot_order"]


@dataclass(frozen=True, slots=True)
class BallotLine:
    """One printed line: its number, the candidate, and whether to print the note."""

    number: int
    candidate: Candidate
    distinguish: bool


def ballot_order(candidates: Sequence[Candidate], order: Order) -> tuple[int, ...]:
    """Indices into ``candidates`` in ballot order."""
    indices = range(len(candidates))
    if order == "as_listed":
        return tuple(indices)
    return tuple(sorted(indices, key=lambda i: _collation_key(candidates[i])))


def ballot_lines(candidates: Sequence[Candidate], order: Order) -> tuple[BallotLine, ...]:
    """The lines a ballot printer prints, numbered from 1."""
    groups = equal_name_groups([c.name for c in candidates])
    equal = {i for group in groups for i in group}
    return tuple(
        BallotLine(number=n, candidate=candidates[i], distinguish=i in equal)
        for n, i in enumerate(ballot_order(candidates, order), start=1)
    )


def _collation_key(c: Candidate) -> tuple[NameKey, bool, object, str]:
    note = text_key(c.note) if c.note is not None else ()
    return name_key(c.name), c.note is not None, note, c.id
