"""Counting ballots (docs/rules.md §2): each ballot checked against the definition, then counted
valid or under its invalid code, with the votes it gives. Constant memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from .errors import InputError, InvalidInput, error
from .model import (
    DEFECT_CODES,
    MARKS,
    Ballot,
    Counts,
    ElectionDefinition,
    InvalidCode,
)
from .validity import judge_agree_disagree, judge_cross_out, judge_single


def count_ballots(definition: ElectionDefinition, ballots: Iterable[Ballot]) -> Counts:
    """Count every ballot; the first ballot that does not fit the election raises."""
    counter = BallotCounter(definition)
    for ballot in ballots:
        counter.add(ballot)
    return counter.counts()


class BallotCounter:
    """Counts ballots one at a time, in constant memory.

    A vote is given by a *valid* ballot only (docs/rules.md §2): on the cross-out
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

        Reported once, at the first ballot too many; where docs/rules.md is silent a
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
