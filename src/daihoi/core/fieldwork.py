"""A working group's recommendations followed to done, and the congresses it attends.

Pure: dates and flags in, a state or an order out; no Django. The rules:

- a recommendation is *open* until the unit's office answers it, *answered*
  once it has, and *done* when the group, having read the answer, marks it
  so; the group may reopen it (it is then answered again, not open: the
  answer stays, the unit may answer anew);
- it is *overdue* on a day after its deadline while it is not done: an
  answer alone does not end it, the group's judgement does;
- the group marks done only what has been answered;
- the congresses the group attends come pilot congresses first (đại hội
  điểm: they are held first and set the pattern), then by the day planned or
  held, then by the unit's place in the tree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    DONE = "done"


def state(*, answered_on: dt.date | None, done_on: dt.date | None) -> State:
    """The state of a recommendation from the days of its answer and of its closing."""
    if done_on is not None:
        return State.DONE
    if answered_on is not None:
        return State.ANSWERED
    return State.OPEN


def overdue(*, deadline: dt.date, done_on: dt.date | None, today: dt.date) -> bool:
    """Whether a recommendation is past its deadline on ``today`` and not yet done."""
    return done_on is None and today > deadline


def days_late(*, deadline: dt.date, done_on: dt.date | None, today: dt.date) -> int:
    """How many days past its deadline an unfinished recommendation is (0 if it is not)."""
    return (
        (today - deadline).days if overdue(deadline=deadline, done_on=done_on, today=today) else 0
    )


def may_close(*, answered_on: dt.date | None, done_on: dt.date | None) -> bool:
    """The group marks done a recommendation answered and not already done."""
    return answered_on is not None and done_on is None


@dataclass(frozen=True, slots=True)
class CongressKey:
    """What orders a congress in the group's attendance list."""

    is_pilot: bool
    day: dt.date | None  # held from, else planned
    path: str  # the unit's place in the tree


def attendance_order(key: CongressKey) -> tuple[bool, bool, dt.date, str]:
    """Sort key: pilot congresses first, then those with a day by that day, then the tree."""
    return (not key.is_pilot, key.day is None, key.day or dt.date.max, key.path)
