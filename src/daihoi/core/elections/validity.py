"""Valid and invalid ballots (docs/rules.md §2), one function per ballot form.

Each function returns the code a ballot is counted under, or ``None`` for a
valid ballot. A ballot with several defects is counted once, under the first
code of the docs/rules.md §2 table (``INVALID_CODES``) that applies *and is in
force* in the profile; a code not in force is ignored, and the ballot is then
judged by the rest.

Where docs/rules.md is silent:

- ``over_seats`` on the agree/disagree form: that form is used only when the
  list has no surplus (candidates = seats, or seats + same-ballot
  alternates), so a voter can never agree with more names than seats. The
  check is kept, so that the rule reads the same for every form.
- ``over_seats`` on a one-name list: agreeing with one name never exceeds
  one seat; the ``single_unmarked`` case is what applies there.
"""

from __future__ import annotations

from collections.abc import Collection

from .model import InvalidCode, Mark

__all__ = ["first_in_force", "judge_agree_disagree", "judge_cross_out", "judge_single"]


def first_in_force(
    applicable: Collection[InvalidCode], in_force: tuple[InvalidCode, ...]
) -> InvalidCode | None:
    """The first code in force that applies; ``in_force`` is in docs/rules.md §2 order."""
    if not applicable:
        return None
    for code in in_force:
        if code in applicable:
            return code
    return None


def judge_cross_out(
    *,
    crossed: int,
    candidates: int,
    places: int,
    defects: Collection[InvalidCode],
    in_force: tuple[InvalidCode, ...],
) -> InvalidCode | None:
    """A cross-out ballot (list with a surplus), 244-QĐ/TW Art. 17(2).

    - keeps more names than seats: ``over_seats``;
    - every name struck: ``all_crossed``;
    - keeping fewer than seats, even one name, is valid.
    """
    kept = candidates - crossed
    applicable = set(defects)
    if kept > places:
        applicable.add("over_seats")
    if kept == 0:
        applicable.add("all_crossed")
    return first_in_force(applicable, in_force)


def judge_agree_disagree(
    *,
    agreed: int,
    places: int,
    defects: Collection[InvalidCode],
    in_force: tuple[InvalidCode, ...],
) -> InvalidCode | None:
    """A four-column ballot (several names, no surplus), 244-QĐ/TW Art. 17(2), 32(1).

    An X in both boxes or in neither for one person leaves the ballot valid;
    that person gets no vote from it (the caller counts only ``agree``).
    """
    applicable = set(defects)
    if agreed > places:
        applicable.add("over_seats")
    return first_in_force(applicable, in_force)


def judge_single(
    *,
    mark: Mark,
    defects: Collection[InvalidCode],
    in_force: tuple[InvalidCode, ...],
) -> InvalidCode | None:
    """A one-name ballot: an X in both boxes or in neither is ``single_unmarked``.

    244-QĐ/TW Art. 17(2), read a contrario (docs/rules.md §2): the voter must
    choose agree or disagree.
    """
    applicable = set(defects)
    if mark in ("both", "none"):
        applicable.add("single_unmarked")
    return first_in_force(applicable, in_force)
