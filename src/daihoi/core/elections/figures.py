"""Whether a set of reported figures can all be true at once (docs/rules.md §3, §5).

A congress reports its figures at several desks: those summoned, the
deductions, those present (the list vote, the hall's check-in), the ballots
issued and collected, the votes for and against. Each desk checks only the
figures it knows; the rules are here once, so a form, the seal and the
election file all refuse the same impossible figures with the same words:

- nobody is counted twice: present ≤ summoned;
- the deductions leave someone to vote: deductions < summoned (the base of
  244-QĐ/TW Art. 32(2)–(3) is at least one person);
- a ballot goes only to someone in the hall: issued ≤ present;
- a ballot comes back only if it went out: collected ≤ issued, and without a
  count of issued ballots, collected ≤ present;
- one vote per person present: agree + disagree ≤ present.

A figure that is not known is ``None`` and takes part in no check.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError, error

__all__ = ["Figures", "figure_problems"]


@dataclass(frozen=True, slots=True)
class Figures:
    """The figures one desk knows; the others are ``None``."""

    summoned: int | None = None
    deducted: int | None = None
    present: int | None = None
    issued: int | None = None
    collected: int | None = None
    agree: int | None = None
    disagree: int | None = None


#: figure -> the field an error about it is reported under.
FIELDS = {
    "summoned": "summoned",
    "deducted": "deductions",
    "present": "present",
    "issued": "ballots_issued",
    "collected": "ballots_collected",
    "agree": "agree",
    "disagree": "disagree",
}


def figure_problems(f: Figures) -> list[InputError]:
    """Every rule the figures break, each once, in the order listed above."""
    found = [
        error("too_small", FIELDS[name], minimum=0, value=value)
        for name, value in _known(f)
        if value < 0
    ]
    if found:
        return found
    if f.summoned is not None and f.present is not None and f.present > f.summoned:
        found.append(
            error("present_over_summoned", "present", present=f.present, summoned=f.summoned)
        )
    if f.summoned is not None and f.deducted is not None and f.deducted >= f.summoned:
        found.append(
            error(
                "deductions_leave_no_base",
                "deductions",
                deducted=f.deducted,
                summoned=f.summoned,
            )
        )
    if f.issued is not None and f.present is not None and f.issued > f.present:
        found.append(
            error("issued_over_present", "ballots_issued", issued=f.issued, present=f.present)
        )
    if f.collected is not None and f.issued is not None and f.collected > f.issued:
        found.append(
            error(
                "collected_over_issued",
                "ballots_collected",
                collected=f.collected,
                issued=f.issued,
            )
        )
    elif (
        f.collected is not None
        and f.issued is None
        and f.present is not None
        and f.collected > f.present
    ):
        found.append(
            error(
                "collected_over_present",
                "ballots_collected",
                collected=f.collected,
                present=f.present,
            )
        )
    if f.present is not None and f.agree is not None and f.agree + (f.disagree or 0) > f.present:
        found.append(
            error(
                "votes_over_present",
                "agree",
                votes=f.agree + (f.disagree or 0),
                present=f.present,
            )
        )
    return found


def _known(f: Figures) -> list[tuple[str, int]]:
    return [(name, value) for name in FIELDS if (value := getattr(f, name)) is not None]
