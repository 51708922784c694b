"""Reads of the personnel introduction steps (docs/nomination.md): the pool with its checks,
a run's procedure and steps, a step's ballots as the engine reads them.

Everything here is the personnel subcommittee's: the views reach it only through
``congress_access(Perm.PERSONNEL)``, and reading a step's result is logged by the
services (``step_result_read``), not here: selectors do not write.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from daihoi.congresses.models import Congress
from daihoi.core import eligibility as core
from daihoi.core.collation import name_key
from daihoi.core.nomination import (
    BallotRecord,
    Decision,
    Nominee,
    Procedure,
    Step,
    Tally,
    count_step,
    decide_step,
    parse_procedure,
    rule_text,
    with_overrides,
)
from daihoi.personnel.models import CadrePoolEntry, NominationRun, StepRecord, StepState
from daihoi.personnel.selectors import Context, person_of

#: The shipped procedure file (the engine's package data), copied into each run as it starts.
PROCEDURE_PACKAGE = "daihoi.core.nomination"
PROCEDURE_FILE = "committee-personnel.json"


def default_procedure_data() -> dict[str, Any]:
    """The shipped procedure as the file holds it, to snapshot into a new run."""
    text = resources.files(PROCEDURE_PACKAGE).joinpath(PROCEDURE_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def procedure_of(run: NominationRun) -> Procedure:
    """The run's procedure with the unit's values; raises ``NominationError``."""
    return with_overrides(parse_procedure(run.procedure), run.overrides)


def run_of(congress: Congress) -> NominationRun | None:
    return NominationRun.objects.filter(congress=congress).first()


# --- the cadre pool ---------------------------------------------------------------------


@dataclass(frozen=True)
class PoolRow:
    entry: CadrePoolEntry
    checks: tuple[core.CheckResult, ...]  # empty when not linked to a member

    @property
    def flagged(self) -> bool:
        return any(c.flags for c in self.checks)


def pool_query(congress: Congress) -> list[CadrePoolEntry]:
    """The unit's pool in ballot order (theo vần A, B, C: docs/rules.md §1)."""
    entries = list(
        CadrePoolEntry.objects.filter(unit=congress.unit)
        .select_related("member", "member__unit")
        .prefetch_related("member__personnel_terms")
    )
    return sorted(entries, key=lambda e: (name_key(e.full_name), e.pk))


def pool_rows(congress: Congress, ctx: Context) -> list[PoolRow]:
    """Each pool entry with the term's checks (``core.eligibility``) of its member."""
    rows = []
    for entry in pool_query(congress):
        checks: tuple[core.CheckResult, ...] = ()
        if entry.member is not None:
            served = list(entry.member.personnel_terms.all())
            checks = core.check_person(person_of(entry.member, None, served), ctx.rules)
        rows.append(PoolRow(entry, checks))
    return rows


def pool_nominees(congress: Congress) -> tuple[Nominee, ...]:
    return tuple(Nominee(id=e.nominee_id, name=e.full_name) for e in pool_query(congress))


# --- a run's steps ----------------------------------------------------------------------


@dataclass(frozen=True)
class StepLine:
    """A step of the procedure with its record once opened."""

    step: Step
    record: StepRecord | None
    number: int  # 1-based place in the procedure

    @property
    def state(self) -> str:
        return self.record.state if self.record else "waiting"

    @property
    def ready(self) -> bool:
        """Its names handed on: the next step may open."""
        return self.record is not None and self.record.handed_on is not None


def step_lines(run: NominationRun, procedure: Procedure) -> list[StepLine]:
    records = {r.code: r for r in run.steps.all()}
    return [
        StepLine(step, records.get(step.code), i) for i, step in enumerate(procedure.steps, start=1)
    ]


def previous_line(lines: Sequence[StepLine], code: str) -> StepLine | None:
    codes = [line.step.code for line in lines]
    i = codes.index(code)
    return lines[i - 1] if i else None


def nominees_of(record: StepRecord) -> tuple[Nominee, ...]:
    return tuple(Nominee(id=n["id"], name=n["name"]) for n in record.names)


def ballot_order(names: Sequence[Nominee]) -> tuple[Nominee, ...]:
    """A ballot lists its names theo vần A, B, C, whatever order they came in."""
    return tuple(sorted(names, key=lambda n: (name_key(n.name), n.id)))


def as_record(code: str, ballot: dict[str, Any]) -> BallotRecord:
    """A stored sheet (``{"t", "w", "m", "s"}``) as the engine reads it."""
    return BallotRecord(
        step=code,
        ticks=tuple(ballot.get("t", ())),
        write_ins=tuple(ballot.get("w", ())),
        marks=tuple((i, m) for i, m in ballot.get("m", ())),
        spoiled=ballot.get("s"),
    )


def counted(record: StepRecord, step: Step) -> tuple[Tally, Decision]:
    """The engine's tally and decision of the step's matched ballots."""
    tally = count_step(step, nominees_of(record), [as_record(step.code, b) for b in record.ballots])
    return tally, decide_step(step, tally)


def step_rule_text(step: Step) -> str:
    """The rule in words before anything is counted (valid ballots not known yet)."""
    if step.unset():
        return ""
    summoned = step.summoned
    return rule_text(step, summoned=summoned, valid=summoned)


def structure_of_step(record: StepRecord, ctx: Context) -> tuple[core.Structure, int] | None:
    """The committee the names a step handed on would make, against the targets, and how
    many of them are not linked to a member (not counted in it)."""
    if record.handed_on is None:
        return None
    pool_ids = [int(n["id"][5:]) for n in record.handed_on if n["id"].startswith("pool:")]
    entries = CadrePoolEntry.objects.filter(pk__in=pool_ids, member__isnull=False).select_related(
        "member"
    )
    people = [person_of(e.member, None, []) for e in entries if e.member is not None]
    structure = core.structure(
        people, ctx.reference.on, ctx.targets.targets, young_age=ctx.young_age
    )
    return structure, len(record.handed_on) - len(people)


def step_structures(
    congress: Congress, ctx: Context
) -> list[tuple[StepRecord, core.Structure, int]]:
    """Each step that handed names on, with the structure they would make (structure page)."""
    run = run_of(congress)
    if run is None:
        return []
    found = []
    for record in run.steps.filter(handed_on__isnull=False).order_by("pk"):
        made = structure_of_step(record, ctx)
        if made is not None:
            found.append((record, *made))
    return found


# --- for the printed ballot and minutes --------------------------------------------------


def step_document_values(record: StepRecord) -> dict[str, Any]:
    """The plain values a step's printed ballot and minutes need, from the models: the
    unit, the procedure, the core ``Step``, the names as core ``Nominee`` s, and once the
    step is sealed the core ``Tally`` and ``Decision`` (recounted from the sealed ballots
    by the engine, as sealed). The documents' context dataclasses are built from it."""
    run = record.run
    congress = run.congress
    procedure = procedure_of(run)
    step = procedure.step(record.code)
    values: dict[str, Any] = {
        "unit_name": congress.unit.name,
        "term": str(congress.term),
        "procedure_name": procedure.description or procedure.name,
        "step": step,
        "names": nominees_of(record),
        "tally": None,
        "decision": None,
        "sealed_at": record.sealed_at,
    }
    if record.state == StepState.SEALED:
        values["tally"], values["decision"] = counted(record, step)
    return values
