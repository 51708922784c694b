"""Counting one step's ballots into a tally (docs/nomination.md).

One record per sheet. On a ``pick`` sheet the voter ticks names of the
step's list and may write names on its blank lines; on an ``approve`` sheet
the voter marks agree or disagree beside each proposed name.

What counts where the task left it open (docs/nomination.md, "Counting"):

- A sheet with no tick and no name written (or, on ``approve``, no mark) is
  **valid and blank**: the voter took part and introduced no one. It counts
  among the valid ballots, so it can only lower a name's share of them.
- A written-in name counts as a tick: ticks and written names together may
  not exceed the step's ``max_ticks``, or the sheet is invalid.
- A blank line ticked or "written" with nothing readable is a tick on
  nothing: the sheet is invalid.
- The counting committee may declare a sheet invalid for a reason the
  record cannot show (not the issued ballot, a signature): ``spoiled``.
- Written names are grouped by the person they name with the search's own
  matching (:func:`daihoi.core.collation.search_form`: case, tone marks and
  vowel marks ignored, đ read as d), so "Nguyễn Văn An" and "Nguyễn Văn Ân"
  are one group, as a search for either finds both. The group keeps every
  spelling seen. The same person written twice on one sheet counts once.
- A written name that matches a listed name is not added to its votes: it
  stays a group of its own, flagged with the listed ids it matches, for the
  counting committee to judge (two people may share a name).

A record that does not fit the step is refused, not counted: it is an entry
error, and nothing of the step is tallied.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..collation import name_key, search_form
from .errors import NominationError
from .model import Step

__all__ = [
    "INVALID_REASONS",
    "MARKS",
    "BallotRecord",
    "Nominee",
    "Tally",
    "WriteIn",
    "count_step",
]

MARKS = ("agree", "disagree", "blank")

#: Why a sheet is invalid, and the words the minutes use for it.
INVALID_REASONS = {
    "over_ticks": "giới thiệu quá số người được phép",
    "tick_on_nothing": "đánh dấu vào dòng trống không ghi tên",
    "spoiled": "tổ kiểm phiếu xác định không hợp lệ",
}


@dataclass(frozen=True, slots=True)
class Nominee:
    """A name on a step's list: its id (a dossier, a pool entry) and full name."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class BallotRecord:
    """One sheet as entered.

    ``step`` is the code of the step the sheet was printed for; ``ticks`` the
    ids ticked (``pick``); ``write_ins`` the text of each blank line used
    (``pick``); ``marks`` (id, agree/disagree/blank) pairs (``approve``, a
    name left out is blank); ``spoiled`` the committee's reason when it
    declared the sheet invalid.
    """

    step: str
    ticks: tuple[str, ...] = ()
    write_ins: tuple[str, ...] = ()
    marks: tuple[tuple[str, str], ...] = ()
    spoiled: str | None = None


@dataclass(frozen=True, slots=True)
class WriteIn:
    """The written-in names that name one person, with every spelling seen."""

    key: str
    name: str
    votes: int
    spellings: tuple[tuple[str, int], ...]
    #: Ids of listed names the same matching finds: the counting committee
    #: decides whether the writer meant that person (a namesake is possible).
    like_listed: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"write-in:{self.key}"


@dataclass(frozen=True, slots=True)
class Tally:
    """One step's count: the figures the decision and the minutes start from."""

    step: str
    form: str
    summoned: int
    collected: int
    valid: int
    blank: int
    invalid: tuple[tuple[int, str], ...]
    names: tuple[Nominee, ...]
    votes: tuple[tuple[str, int], ...]
    disagree: tuple[tuple[str, int], ...]
    write_ins: tuple[WriteIn, ...]

    @property
    def invalid_by_reason(self) -> dict[str, int]:
        return dict(Counter(reason for _, reason in self.invalid))

    def votes_of(self, nominee_id: str) -> int:
        return dict(self.votes)[nominee_id]


def count_step(step: Step, names: Sequence[Nominee], records: Sequence[BallotRecord]) -> Tally:
    """The tally of one step; refuses every record that does not fit it.

    ``names`` is the step's list (the pool, or the names the previous step
    handed on). Every problem is reported at once, each naming the record
    (``records[4]``) and its field; nothing is counted then.
    """
    summoned = step.summoned
    max_ticks = step.number("max_ticks") if step.form == "pick" else 0
    blank_lines = step.number("blank_lines") if step.form == "pick" else 0
    problems: list[str] = []
    ids = [n.id for n in names]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        problems.append(f"names: id {repeated[0]!r} is on the step's list twice")
    listed = set(ids)
    if len(records) > summoned:
        problems.append(
            f"records[{summoned}]: {len(records)} ballots collected, "
            f"more than the {summoned} summoned to step {step.code!r}"
        )
    votes: Counter[str] = Counter()
    disagree: Counter[str] = Counter()
    written: dict[str, Counter[str]] = {}
    invalid: list[tuple[int, str]] = []
    blank = 0
    for index, record in enumerate(records):
        at = f"records[{index}]"
        if record.step != step.code:
            problems.append(
                f"{at}, field step: a ballot of step {record.step!r}, not of step {step.code!r}"
            )
            continue
        if step.form == "pick":
            if record.marks:
                problems.append(f"{at}, field marks: a 'pick' ballot has no agree/disagree marks")
                continue
            if len(record.write_ins) > blank_lines:
                problems.append(
                    f"{at}, field write_ins: {len(record.write_ins)} names written, "
                    f"the ballot has {blank_lines} blank line{'' if blank_lines == 1 else 's'}"
                )
                continue
            bad = _unknown(record.ticks, listed, f"{at}, field ticks", problems)
            if bad:
                continue
            if record.spoiled is not None:
                invalid.append((index, "spoiled"))
                continue
            keys = [search_form(text) for text in record.write_ins]
            if any(not key for key in keys):
                invalid.append((index, "tick_on_nothing"))
                continue
            people = sorted(set(keys))
            if len(record.ticks) + len(people) > max_ticks:
                invalid.append((index, "over_ticks"))
                continue
            if not record.ticks and not people:
                blank += 1
            votes.update(record.ticks)
            seen: set[str] = set()
            for key, text in zip(keys, record.write_ins, strict=True):
                if key not in seen:
                    written.setdefault(key, Counter())[" ".join(text.split())] += 1
                    seen.add(key)
        else:
            if record.ticks or record.write_ins:
                field = "ticks" if record.ticks else "write_ins"
                problems.append(f"{at}, field {field}: an 'approve' ballot has only marks")
                continue
            marked = [name_id for name_id, _ in record.marks]
            if _unknown(marked, listed, f"{at}, field marks", problems):
                continue
            wrong = [m for _, m in record.marks if m not in MARKS]
            if wrong:
                problems.append(f"{at}, field marks: {wrong[0]!r} is not one of {', '.join(MARKS)}")
                continue
            if record.spoiled is not None:
                invalid.append((index, "spoiled"))
                continue
            if all(m == "blank" for _, m in record.marks):
                blank += 1
            votes.update(i for i, m in record.marks if m == "agree")
            disagree.update(i for i, m in record.marks if m == "disagree")
    if problems:
        raise NominationError(problems)
    return Tally(
        step=step.code,
        form=step.form,
        summoned=summoned,
        collected=len(records),
        valid=len(records) - len(invalid),
        blank=blank,
        invalid=tuple(invalid),
        names=tuple(names),
        votes=tuple((n.id, votes[n.id]) for n in names),
        disagree=tuple((n.id, disagree[n.id]) for n in names) if step.form == "approve" else (),
        write_ins=tuple(
            sorted((_group(k, c, names) for k, c in written.items()), key=lambda w: w.key)
        ),
    )


def _marks(text: str) -> int:
    return sum(1 for c in unicodedata.normalize("NFD", text) if unicodedata.combining(c))


def _unknown(ids: Sequence[str], listed: set[str], at: str, problems: list[str]) -> bool:
    """Refuses an id not on the list, or given twice on one sheet."""
    for name_id in ids:
        if name_id not in listed:
            problems.append(f"{at}: {name_id!r} is not on this step's list")
            return True
    if len(set(ids)) != len(ids):
        twice = next(i for i in ids if ids.count(i) > 1)
        problems.append(f"{at}: {twice!r} is given twice on one ballot")
        return True
    return False


def _group(key: str, spellings: Counter[str], names: Sequence[Nominee]) -> WriteIn:
    """The group's name is its most frequent spelling; on a tie the one with
    the most marks (marks are lost in writing more often than added), then one
    written in title case, then the first in ballot order."""
    ordered = sorted(
        spellings.items(),
        key=lambda s: (-s[1], -_marks(s[0]), s[0] != s[0].title(), name_key(s[0]), s[0]),
    )
    return WriteIn(
        key=key,
        name=ordered[0][0],
        votes=sum(spellings.values()),
        spellings=tuple(ordered),
        like_listed=tuple(sorted(n.id for n in names if search_form(n.name) == key)),
    )
