"""Who may stand for the new committee, and what the committee would look like.

Pure: no Django. The rules are data — one frozen dataclass per rule, with its
parameters and the text it comes from — applied to a person's plain data at a
reference date. The software records the conclusions the authorised bodies
issue; it never scores a person. A check that fails flags the candidate: the
personnel subcommittee decides, the list is not cut here.

- **Working time left** is counted from the retirement age, which depends on
  sex and on the year the age is reached (Labour Code 2019, Art. 169: men
  60 years 3 months in 2021, three months more each year up to 62; women 55
  years 4 months in 2021, four months more each year up to 60). The schedule
  is law, not code: it is the parameter table :data:`LABOUR_CODE_2019`.
- **First-time candidates** need at least a full term of working time left;
  **re-election** needs at least 48 months (Directive 45-CT/TW). Both are
  parameters of the term's rules.
- **Term limits**: at most so many consecutive terms in one post (a
  secretary: two), counting the terms that run up to the new one.
- **Filing deadline**: a self-nominee files by the deadline the term's rules
  set.

Where the texts are silent, the choices are written down here:

- A person reaches an age on the same day of the month as the birth day (the
  last day of the month when that month is shorter: born 31 March, 60 years
  3 months on 30 June).
- Working time left is the whole months from the reference date to the day
  the retirement age is reached; a part month does not count.
- A missing birth date makes the working-time check *unknown*, which flags
  the candidate as a failure does: the dossier must be completed.
- Shares compare in exact decimals: 2 of 15 women is 13,33% and short of a
  15% target; 100 × count ≥ target × size meets it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Sex = Literal["M", "F"]
Outcome = Literal["pass", "fail", "unknown"]

__all__ = [
    "AGE_BANDS",
    "LABOUR_CODE_2019",
    "CheckResult",
    "FilingDeadlineRule",
    "Person",
    "RetirementStep",
    "Rules",
    "ServedTerm",
    "Share",
    "Structure",
    "Targets",
    "TermLimitRule",
    "WorkingTimeRule",
    "add_months",
    "age_on",
    "check_person",
    "consecutive_terms",
    "is_minority",
    "months_between",
    "months_left",
    "retirement_age",
    "retirement_date",
    "structure",
]


# --- the retirement schedule (a parameter table) --------------------------------------


@dataclass(frozen=True, slots=True)
class RetirementStep:
    """From ``from_year`` on, who reaches ``years`` y ``months`` m that year retires."""

    sex: Sex
    from_year: int
    years: int
    months: int

    @property
    def total_months(self) -> int:
        return 12 * self.years + self.months


RETIREMENT_SOURCE = (
    "Bộ luật Lao động 2019, Điều 169; Nghị định 135/2020/NĐ-CP (lộ trình tuổi nghỉ hưu "
    "trong điều kiện lao động bình thường)"
)


def _schedule() -> tuple[RetirementStep, ...]:
    steps: list[RetirementStep] = [RetirementStep("M", 0, 60, 0), RetirementStep("F", 0, 55, 0)]
    for i in range(8):  # men: 60y3m in 2021 … 62y in 2028
        total = 60 * 12 + 3 * (i + 1)
        steps.append(RetirementStep("M", 2021 + i, total // 12, total % 12))
    for i in range(15):  # women: 55y4m in 2021 … 60y in 2035
        total = 55 * 12 + 4 * (i + 1)
        steps.append(RetirementStep("F", 2021 + i, total // 12, total % 12))
    return tuple(steps)


#: Labour Code 2019, Art. 169 and Decree 135/2020: the year the age is reached → the age.
LABOUR_CODE_2019: tuple[RetirementStep, ...] = _schedule()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    next_first = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (next_first - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    if end < start:
        return -months_between(end, start)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return months


def age_on(birth: dt.date, on: dt.date) -> int:
    """Age in whole years on ``on``."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def retirement_age(table: Sequence[RetirementStep], sex: Sex, year: int) -> int:
    """The retirement age in months for whoever reaches it in ``year``."""
    best: RetirementStep | None = None
    for step in table:
        later = best is None or step.from_year > best.from_year
        if step.sex == sex and step.from_year <= year and later:
            best = step
    if best is None:
        raise ValueError(f"the retirement table has no row for sex {sex} in {year}")
    return best.total_months


def retirement_date(
    birth: dt.date, sex: Sex, table: Sequence[RetirementStep] = LABOUR_CODE_2019
) -> dt.date:
    """The day the person reaches the retirement age of the year they reach it in."""
    youngest = min(s.total_months for s in table if s.sex == sex) // 12
    oldest = max(s.total_months for s in table if s.sex == sex) // 12
    for year in range(birth.year + youngest, birth.year + oldest + 2):
        reached = add_months(birth, retirement_age(table, sex, year))
        if reached.year <= year:
            return reached
    return add_months(birth, retirement_age(table, sex, birth.year + oldest + 1))


def months_left(
    birth: dt.date, sex: Sex, on: dt.date, table: Sequence[RetirementStep] = LABOUR_CODE_2019
) -> int:
    """Whole months of working time left on ``on`` (negative once past retirement)."""
    return months_between(on, retirement_date(birth, sex, table))


# --- people and rules ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServedTerm:
    """A post held for a term, e.g. secretary 2020–2025 (``end_year`` None: still held)."""

    post: str
    start_year: int
    end_year: int | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """What the checks and the structure read of a candidate, nothing more."""

    sex: Sex
    birth_date: dt.date | None
    ethnicity: str = ""
    reelection: bool = False  # a member of the outgoing committee standing again
    post: str = "committee"  # the post proposed: committee, standing, secretary, ...
    served: tuple[ServedTerm, ...] = ()
    self_nominated: bool = False
    filed_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class WorkingTimeRule:
    """At least ``min_months`` of working time left at the reference date."""

    code: Literal["working_time_first", "working_time_reelection"]
    min_months: int
    source: str


@dataclass(frozen=True, slots=True)
class TermLimitRule:
    """At most ``max_terms`` consecutive terms in ``post``."""

    post: str
    max_terms: int
    source: str
    code: str = "term_limit"


@dataclass(frozen=True, slots=True)
class FilingDeadlineRule:
    """A self-nominee files by ``deadline`` (no deadline set: nothing to check)."""

    deadline: dt.date | None
    source: str
    code: str = "filing_deadline"


DIRECTIVE_45 = "Chỉ thị 45-CT/TW ngày 14/4/2025 của Bộ Chính trị"


@dataclass(frozen=True, slots=True)
class Rules:
    """The rules of a term for one congress, with the date ages are counted at."""

    reference_date: dt.date
    term_start_year: int
    first_time: WorkingTimeRule = WorkingTimeRule("working_time_first", 60, DIRECTIVE_45)
    reelection: WorkingTimeRule = WorkingTimeRule("working_time_reelection", 48, DIRECTIVE_45)
    term_limits: tuple[TermLimitRule, ...] = ()
    filing: FilingDeadlineRule = FilingDeadlineRule(None, "")
    retirement: tuple[RetirementStep, ...] = LABOUR_CODE_2019


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One rule applied to one person: its outcome, the rule's parameters and source."""

    code: str
    outcome: Outcome
    source: str
    required: int | str | None = None  # the rule's parameter (months, terms, a date)
    actual: int | str | None = None  # what the person has

    @property
    def flags(self) -> bool:
        return self.outcome != "pass"


def consecutive_terms(served: Iterable[ServedTerm], post: str, up_to_year: int) -> int:
    """Terms in ``post`` running back without a gap from the term ending in ``up_to_year``."""
    spans = sorted(
        ((s.start_year, s.end_year if s.end_year is not None else up_to_year))
        for s in served
        if s.post == post
    )
    count, edge = 0, up_to_year
    for start, end in reversed(spans):
        if end >= edge and start < edge:
            count += 1
            edge = start
    return count


def _working_time(person: Person, rules: Rules) -> CheckResult:
    rule = rules.reelection if person.reelection else rules.first_time
    if person.birth_date is None:
        return CheckResult(rule.code, "unknown", rule.source, rule.min_months)
    left = months_left(person.birth_date, person.sex, rules.reference_date, rules.retirement)
    outcome: Outcome = "pass" if left >= rule.min_months else "fail"
    return CheckResult(rule.code, outcome, rule.source, rule.min_months, left)


def check_person(person: Person, rules: Rules) -> tuple[CheckResult, ...]:
    """Every rule that applies to ``person``, in a fixed order."""
    results = [_working_time(person, rules)]
    for limit in rules.term_limits:
        if limit.post != person.post:
            continue
        served = consecutive_terms(person.served, limit.post, rules.term_start_year)
        outcome: Outcome = "pass" if served < limit.max_terms else "fail"
        results.append(CheckResult(limit.code, outcome, limit.source, limit.max_terms, served))
    filing = rules.filing
    if person.self_nominated and filing.deadline is not None:
        deadline = filing.deadline.isoformat()
        if person.filed_on is None:
            results.append(CheckResult(filing.code, "unknown", filing.source, deadline))
        else:
            ok = person.filed_on <= filing.deadline
            results.append(
                CheckResult(
                    filing.code,
                    "pass" if ok else "fail",
                    filing.source,
                    deadline,
                    person.filed_on.isoformat(),
                )
            )
    return tuple(results)


# --- structure --------------------------------------------------------------------------

MAJORITY_ETHNICITY = "kinh"

#: Age bands of the structure table: (from, to) in whole years, ``None`` open-ended.
AGE_BANDS: tuple[tuple[int | None, int | None], ...] = (
    (None, 34),
    (35, 39),
    (40, 44),
    (45, 49),
    (50, 54),
    (55, 59),
    (60, None),
)


def is_minority(ethnicity: str) -> bool:
    """Any ethnicity but Kinh; a blank one is not counted either way."""
    text = unicodedata.normalize("NFC", ethnicity).strip().lower()
    return bool(text) and text != MAJORITY_ETHNICITY


@dataclass(frozen=True, slots=True)
class Targets:
    """Shares (percent) the term's rules ask of the committee; None where none is set."""

    women: Decimal | None = None
    young: Decimal | None = None
    minority: Decimal | None = None
    renewal: Decimal | None = None  # the share of first-time members


@dataclass(frozen=True, slots=True)
class Share:
    code: str
    count: int
    size: int
    target: Decimal | None = None

    @property
    def percent(self) -> Decimal | None:
        if self.size == 0:
            return None
        return (Decimal(100 * self.count) / self.size).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def meets(self) -> bool | None:
        """True/False against the target; None without a target or people."""
        if self.target is None or self.size == 0:
            return None
        return Decimal(100 * self.count) >= self.target * self.size


@dataclass(frozen=True, slots=True)
class Structure:
    size: int
    shares: tuple[Share, ...]
    bands: tuple[tuple[int | None, int | None, int], ...]
    age_unknown: int
    young_age: int
    on: dt.date
    shortfalls: tuple[str, ...] = field(default=())

    def share(self, code: str) -> Share:
        return next(s for s in self.shares if s.code == code)


def structure(
    people: Sequence[Person],
    on: dt.date,
    targets: Targets = Targets(),
    *,
    young_age: int = 40,
    bands: Sequence[tuple[int | None, int | None]] = AGE_BANDS,
) -> Structure:
    """Shares of women, under ``young_age``, minorities, first-time and re-elected; age bands."""
    size = len(people)
    ages = [age_on(p.birth_date, on) for p in people if p.birth_date is not None]
    reelected = sum(1 for p in people if p.reelection)
    shares = (
        Share("women", sum(1 for p in people if p.sex == "F"), size, targets.women),
        Share("young", sum(1 for a in ages if a < young_age), size, targets.young),
        Share(
            "minority", sum(1 for p in people if is_minority(p.ethnicity)), size, targets.minority
        ),
        Share("first_time", size - reelected, size, targets.renewal),
        Share("reelected", reelected, size),
    )
    counted = tuple(
        (
            lo,
            hi,
            sum(1 for a in ages if (lo is None or a >= lo) and (hi is None or a <= hi)),
        )
        for lo, hi in bands
    )
    return Structure(
        size=size,
        shares=shares,
        bands=counted,
        age_unknown=size - len(ages),
        young_age=young_age,
        on=on,
        shortfalls=tuple(s.code for s in shares if s.meets is False),
    )
