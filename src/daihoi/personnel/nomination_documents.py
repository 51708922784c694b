"""A step's printed ballot and counting minutes, drawn by the pure ``daihoi.documents``
package from what the models hold (docs/nomination.md, "Documents").

This module only gathers the plain values: the unit and the body above it for the
header, the conference's place and date (the unit's locality and the day the step was
opened unless the unit recorded them), the step's place in the procedure, and for the
minutes the sealed count, the counting committee and when the count began and ended.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from daihoi.documents.nomination import (
    CountingMember,
    StepBallotContext,
    StepMinutesContext,
    step_ballot_pdf,
    step_minutes_docx,
    step_minutes_pdf,
)
from daihoi.elections.documents import place_name
from daihoi.personnel import nomination as read
from daihoi.personnel.models import StepRecord, StepState

_RANK = {"head": 0, "deputy": 1, "member": 2}


def conference_place(record: StepRecord) -> str:
    return record.place or place_name(record.run.congress.unit.name)


def conference_date(record: StepRecord) -> dt.date:
    if record.held_on is not None:
        return record.held_on
    return timezone.localdate(record.opened_at or record.sealed_at or timezone.now())


def committee_of(record: StepRecord) -> tuple[CountingMember, ...]:
    """The counting committee as recorded, the head first."""
    members = sorted(record.counting_committee, key=lambda m: _RANK.get(m["role"], 2))
    return tuple(CountingMember(name=m["name"], role=m["role"]) for m in members)


def _ballot_context(record: StepRecord, values: dict[str, Any]) -> StepBallotContext:
    run = record.run
    codes = [s.code for s in read.procedure_of(run).steps]
    unit = run.congress.unit
    return StepBallotContext(
        committee=unit.name,
        upper=unit.parent.name if unit.parent else "",
        place=conference_place(record),
        date=conference_date(record),
        # The procedure file's description is a note for the unit, not a title to print.
        procedure=f"Giới thiệu nhân sự cấp ủy {values['unit_name']}, nhiệm kỳ {values['term']}",
        step=values["step"],
        position=f"Bước {codes.index(record.code) + 1}/{len(codes)}",
        names=values["names"],
    )


def ballot_context(record: StepRecord) -> StepBallotContext:
    """The ballot of an opened step (its names fixed)."""
    return _ballot_context(record, read.step_document_values(record))


def minutes_context(record: StepRecord) -> StepMinutesContext:
    """The minutes of a sealed step: the count recounted from the sealed ballots."""
    assert record.state == StepState.SEALED and record.sealed_at is not None
    values = read.step_document_values(record)
    ballot = _ballot_context(record, values)
    closed = timezone.localtime(record.sealed_at)
    began = timezone.localtime(record.count_began_at) if record.count_began_at else closed
    return StepMinutesContext(
        committee=ballot.committee,
        upper=ballot.upper,
        place=ballot.place,
        date=ballot.date,
        procedure=ballot.procedure,
        step=ballot.step,
        position=ballot.position,
        names=ballot.names,
        tally=values["tally"],
        decision=values["decision"],
        members=committee_of(record),
        opened_at=min(began, closed),
        closed_at=closed,
        present=record.present,
        issued=record.issued,
    )


def ballot_pdf(record: StepRecord) -> bytes:
    return step_ballot_pdf(ballot_context(record))


def minutes_pdf(record: StepRecord) -> bytes:
    return step_minutes_pdf(minutes_context(record))


def minutes_docx(record: StepRecord) -> bytes:
    return step_minutes_docx(minutes_context(record))
