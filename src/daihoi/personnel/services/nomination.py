"""The personnel introduction steps (docs/nomination.md): the cadre pool, a run of the
procedure, each step's ballots entered twice and compared, sealed, handed on.

Counting and deciding are the pure engine's (``core.nomination``); here are the
tables, the refusals in the page's language and the audit. A sheet is stored as
what it shows — the names ticked, the names written in, the marks, or the
committee's reason for declaring it invalid — never who filled it in, and the
sealed ballots are kept sorted, not in the order they were entered. The audit
names the clerk who typed (a slot of the entry) but not what any sheet showed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from daihoi.actor import Actor
from daihoi.audit.services import audit_change
from daihoi.congresses.models import Congress
from daihoi.core.nomination import (
    NominationError,
    Nominee,
    count_step,
    hand_on,
    parse_procedure,
    with_overrides,
)
from daihoi.core.nomination.model import PARAMETERS
from daihoi.elections.models import Election
from daihoi.elections.services import candidates_add_many
from daihoi.errors import DomainError
from daihoi.organizations.models import Member
from daihoi.personnel import nomination as read
from daihoi.personnel.models import (
    CadrePoolEntry,
    NominationRun,
    Post,
    StepEntry,
    StepRecord,
    StepSlot,
    StepState,
)
from daihoi.personnel.services.lists import check_list_size, election_for_list

#: Two clerks type every stack (double entry).
SLOTS = (1, 2)

#: The parameters' names on the pages, for a refusal naming one.
PARAMETER_LABELS = {
    "summoned": gettext_lazy("those summoned"),
    "max_ticks": gettext_lazy("names one sheet may introduce, at most"),
    "blank_lines": gettext_lazy("blank lines to write a name in"),
    "rule": gettext_lazy("the rule"),
    "percent": gettext_lazy("share (%)"),
    "count": gettext_lazy("how many go on"),
    "ties": gettext_lazy("a tie at the cutoff"),
    "share_of": gettext_lazy("share of"),
}


def _unit_path(congress: Congress) -> str:
    return congress.unit.path


# --- the cadre pool ---------------------------------------------------------------------


def _check_posts(posts: Sequence[str]) -> list[str]:
    if not posts:
        raise DomainError(
            "pool.no_post", gettext_lazy("Choose at least one post the person is planned for.")
        )
    unknown = [p for p in posts if p not in Post.values]
    if unknown:
        raise DomainError(
            "pool.post_unknown", gettext_lazy("Unknown post “%(post)s”."), post=unknown[0]
        )
    return list(dict.fromkeys(posts))


def _check_year(year: int | None, what: str, *, earliest: int) -> None:
    if year is not None and not earliest <= year <= timezone.localdate().year:
        raise DomainError(
            "pool.year_out_of_range",
            gettext_lazy("%(what)s: %(year)d is not between %(earliest)d and this year."),
            what=what,
            year=year,
            earliest=earliest,
        )


@transaction.atomic
def pool_add(
    *,
    actor: Actor | None,
    congress: Congress,
    posts: Sequence[str],
    reviewed_year: int,
    member: Member | None = None,
    full_name: str = "",
    birth_year: int | None = None,
    note: str = "",
) -> CadrePoolEntry:
    """Plan a person for posts of the next term: a member of the unit's subtree, or a name
    and birth year as the pool was kept on paper."""
    unit = congress.unit
    posts = _check_posts(posts)
    _check_year(reviewed_year, str(gettext_lazy("Reviewed in")), earliest=2000)
    if member is not None:
        if not unit.contains(member.unit):
            raise DomainError(
                "pool.member_outside_unit",
                gettext_lazy("%(name)s is a member of %(unit)s, not of %(here)s or a unit below."),
                name=member.full_name,
                unit=member.unit.name,
                here=unit.name,
            )
        if CadrePoolEntry.objects.filter(unit=unit, member=member).exists():
            raise DomainError(
                "pool.already",
                gettext_lazy("%(name)s is already in the cadre pool."),
                name=member.full_name,
            )
        full_name = member.full_name
        birth_year = member.birth_date.year if member.birth_date else None
    full_name = " ".join(full_name.split())
    if not full_name:
        raise DomainError("pool.no_name", gettext_lazy("Give the person's full name."))
    _check_year(birth_year, str(gettext_lazy("Birth year")), earliest=1900)
    entry = CadrePoolEntry.objects.create(
        unit=unit,
        member=member,
        full_name=full_name,
        birth_year=birth_year,
        posts=posts,
        reviewed_year=reviewed_year,
        note=note.strip(),
    )
    audit_change(
        actor,
        "personnel.pool.add",
        entry,
        unit_path=_unit_path(congress),
        member=member.pk if member else None,
        posts=posts,
        reviewed_year=reviewed_year,
    )
    return entry


def _own_entry(congress: Congress, entry: CadrePoolEntry) -> CadrePoolEntry:
    if entry.unit_id != congress.unit_id:
        raise DomainError("pool.other_unit", gettext_lazy("That person is not in this pool."))
    return entry


@transaction.atomic
def pool_review(
    *, actor: Actor | None, congress: Congress, entry: CadrePoolEntry, year: int
) -> CadrePoolEntry:
    """The yearly review: the entry is kept, as reviewed in ``year``."""
    entry = _own_entry(congress, entry)
    _check_year(year, str(gettext_lazy("Reviewed in")), earliest=entry.reviewed_year)
    before = entry.reviewed_year
    entry.reviewed_year = year
    entry.save(update_fields=["reviewed_year"])
    audit_change(
        actor,
        "personnel.pool.review",
        entry,
        unit_path=_unit_path(congress),
        before={"reviewed_year": before},
        after={"reviewed_year": year},
    )
    return entry


@transaction.atomic
def pool_remove(*, actor: Actor | None, congress: Congress, entry: CadrePoolEntry) -> None:
    """Take a person out of the pool, unless a step's ballot already lists them."""
    entry = _own_entry(congress, entry)
    listed = StepRecord.objects.filter(run__congress=congress).values_list("names", flat=True)
    if any(n["id"] == entry.nominee_id for names in listed for n in names):
        raise DomainError(
            "pool.on_a_ballot",
            gettext_lazy("%(name)s is on the ballot of a step already opened: kept in the pool."),
            name=entry.full_name,
        )
    audit_change(actor, "personnel.pool.remove", entry, unit_path=_unit_path(congress))
    entry.delete()


# --- the run and its parameters ----------------------------------------------------------


@transaction.atomic
def run_start(*, actor: Actor | None, congress: Congress) -> NominationRun:
    """Begin the procedure for the congress, with the shipped procedure as it is today."""
    if NominationRun.objects.filter(congress=congress).exists():
        raise DomainError(
            "nomination.run_exists",
            gettext_lazy("The introduction procedure of this congress has already begun."),
        )
    data = read.default_procedure_data()
    run = NominationRun.objects.create(congress=congress, procedure=data)
    audit_change(
        actor, "personnel.nomination.start", run, unit_path=_unit_path(congress), name=data["name"]
    )
    return run


def _refused_parameters(exc: NominationError) -> DomainError:
    """The engine names the parameter in English; the page names it in its own words."""
    named = []
    for problem in exc.problems:
        where = problem.split(":", 1)[0].split(".")
        key = where[-1] if where and where[-1] in PARAMETERS else ""
        label = str(PARAMETER_LABELS[key]) if key else ""
        if label and label not in named:
            named.append(label)
    return DomainError(
        "nomination.parameters_refused",
        gettext_lazy("These values cannot be used for this step: %(names)s. Nothing was saved."),
        names=", ".join(named) or "—",
    )


@transaction.atomic
def step_settings(
    *, actor: Actor | None, run: NominationRun, code: str, values: Mapping[str, int | str]
) -> NominationRun:
    """The unit's own values for a step not yet opened (checked as the engine checks a
    procedure file: a value the step's rule does not use is refused)."""
    run = NominationRun.objects.select_for_update().select_related("congress__unit").get(pk=run.pk)
    if run.steps.filter(code=code).exists():
        raise DomainError(
            "nomination.step_opened",
            gettext_lazy("Step %(code)s is already open: its values are fixed."),
            code=code,
        )
    overrides = {k: dict(v) for k, v in run.overrides.items()}
    before = overrides.get(code, {})
    overrides[code] = {**before, **values}
    try:
        procedure = with_overrides(parse_procedure(run.procedure), overrides)
        procedure.step(code)
    except NominationError as exc:
        raise _refused_parameters(exc) from None
    run.overrides = overrides
    run.save(update_fields=["overrides"])
    audit_change(
        actor,
        "personnel.nomination.settings",
        run,
        unit_path=_unit_path(run.congress),
        before={"step": code, "values": before},
        after={"step": code, "values": overrides[code]},
    )
    return run


def _step_line(run: NominationRun, code: str) -> tuple[read.StepLine, read.StepLine | None]:
    try:
        lines = read.step_lines(run, read.procedure_of(run))
    except NominationError as exc:
        raise _refused_parameters(exc) from None
    for line in lines:
        if line.step.code == code:
            return line, read.previous_line(lines, code)
    raise DomainError("nomination.no_step", gettext_lazy("There is no step %(code)s."), code=code)


@transaction.atomic
def step_open(*, actor: Actor | None, run: NominationRun, code: str) -> StepRecord:
    """Open a step for entry: its ballot's names are fixed now (the pool, or what the
    previous step handed on), in ballot order."""
    run = NominationRun.objects.select_for_update().select_related("congress__unit").get(pk=run.pk)
    line, previous = _step_line(run, code)
    if line.record is not None:
        raise DomainError(
            "nomination.step_opened",
            gettext_lazy("Step %(code)s is already open: its values are fixed."),
            code=code,
        )
    if previous is not None and not previous.ready:
        raise DomainError(
            "nomination.previous_not_done",
            gettext_lazy("Step %(previous)s has not handed its names on yet."),
            previous=previous.step.code,
        )
    unset = line.step.unset()
    if unset:
        raise DomainError(
            "nomination.parameters_unset",
            gettext_lazy("Set the unit's values of step %(code)s first: %(names)s."),
            code=code,
            names=", ".join(str(PARAMETER_LABELS[k]) for k in unset),
        )
    if previous is None or line.step.names_from == "pool":
        names: Sequence[Nominee] = read.pool_nominees(run.congress)
    else:
        assert previous.record is not None and previous.record.handed_on is not None
        names = [Nominee(id=n["id"], name=n["name"]) for n in previous.record.handed_on]
    if not names:
        raise DomainError(
            "nomination.no_names", gettext_lazy("The step's ballot would list no one.")
        )
    record = StepRecord.objects.create(
        run=run,
        code=code,
        names=[{"id": n.id, "name": n.name} for n in read.ballot_order(names)],
        opened_at=timezone.now(),
    )
    audit_change(
        actor,
        "personnel.nomination.step.open",
        record,
        unit_path=_unit_path(run.congress),
        step=code,
        names=len(names),
    )
    return record


# --- entering the sheets twice -----------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One paper sheet as a clerk reads it: the step code printed on it, the numbers of the
    names (1 = the first name of the ballot), written names, and the committee's reason
    when it declared the sheet invalid."""

    code: str
    ticks: tuple[int, ...] = ()
    write_ins: tuple[str, ...] = ()
    agree: tuple[int, ...] = ()
    disagree: tuple[int, ...] = ()
    spoiled: str = ""


def _locked_step(record: StepRecord, *states: str) -> StepRecord:
    record = (
        StepRecord.objects.select_for_update()
        .select_related("run", "run__congress", "run__congress__unit")
        .get(pk=record.pk)
    )
    if record.state not in states:
        message = {
            StepState.SEALED: gettext_lazy("Step %(code)s is sealed: nothing changes any more."),
            StepState.COUNTING: gettext_lazy(
                "Both entries of step %(code)s match: it waits for its seal."
            ),
            StepState.OPEN: gettext_lazy("Step %(code)s is still being entered."),
        }[StepState(record.state)]
        raise DomainError("nomination.step_state", message, code=record.code)
    return record


def _ballot(record: StepRecord, sheet: Sheet, form: str, blank_lines: int) -> dict[str, Any]:
    """The sheet as stored; refuses one that does not belong to this step's ballot."""
    if sheet.code.strip() != record.code:
        raise DomainError(
            "nomination.other_step",
            gettext_lazy(
                "This sheet was printed for step “%(given)s”, not for step %(code)s: "
                "it was not entered."
            ),
            given=sheet.code.strip(),
            code=record.code,
        )
    ids = [n["id"] for n in record.names]
    numbers = [*sheet.ticks, *sheet.agree, *sheet.disagree]
    for n in numbers:
        if not 1 <= n <= len(ids):
            raise DomainError(
                "nomination.not_on_list",
                gettext_lazy(
                    "Number %(n)d is not on this step's ballot (1–%(last)d): "
                    "the sheet was not entered."
                ),
                n=n,
                last=len(ids),
            )
    twice = [n for n, k in Counter(numbers).items() if k > 1]
    if twice:
        raise DomainError(
            "nomination.twice",
            gettext_lazy("Number %(n)d is entered twice on one sheet: the sheet was not entered."),
            n=twice[0],
        )
    written = [" ".join(w.split()) for w in sheet.write_ins if w.strip()]
    spoiled = sheet.spoiled.strip() or None
    if form == "pick":
        if sheet.agree or sheet.disagree:
            raise DomainError(
                "nomination.marks_on_pick",
                gettext_lazy("This step's sheet has names to tick, not agree/disagree boxes."),
            )
        if len(written) > blank_lines:
            raise DomainError(
                "nomination.too_many_written",
                gettext_lazy(
                    "The sheet has %(lines)d blank lines; %(n)d names were entered as written "
                    "in. The sheet was not entered."
                ),
                lines=blank_lines,
                n=len(written),
            )
        return {"t": sorted(ids[n - 1] for n in sheet.ticks), "w": sorted(written), "s": spoiled}
    if sheet.ticks or written:
        raise DomainError(
            "nomination.ticks_on_approve",
            gettext_lazy("This step's sheet has agree/disagree boxes, not names to tick."),
        )
    marks = [[ids[n - 1], "agree"] for n in sheet.agree]
    marks += [[ids[n - 1], "disagree"] for n in sheet.disagree]
    return {"m": sorted(marks), "s": spoiled}


def _slot_of(record: StepRecord, clerk: Actor) -> StepSlot:
    mine = record.slots.filter(clerk_id=clerk.pk).first()
    if mine is not None:
        return mine
    taken = set(record.slots.values_list("slot", flat=True))
    free = [s for s in SLOTS if s not in taken]
    if not free:
        raise DomainError(
            "nomination.slots_full",
            gettext_lazy("Two clerks are already entering step %(code)s."),
            code=record.code,
        )
    return StepSlot.objects.create(step=record, slot=free[0], clerk_id=clerk.pk)


def _open_slot(record: StepRecord, clerk: Actor) -> StepSlot:
    slot = _slot_of(record, clerk)
    if slot.closed:
        raise DomainError(
            "nomination.slot_closed",
            gettext_lazy("You have closed your entry of step %(code)s; reopen it to change it."),
            code=record.code,
        )
    return slot


@transaction.atomic
def entry_add(*, actor: Actor, record: StepRecord, sheet: Sheet) -> StepEntry:
    """One sheet into the clerk's own entry of an open step."""
    record = _locked_step(record, StepState.OPEN)
    step = read.procedure_of(record.run).step(record.code)
    blank_lines = step.number("blank_lines") if step.form == "pick" else 0
    ballot = _ballot(record, sheet, step.form, blank_lines)
    try:  # the engine's own check of the one sheet against the step
        count_step(step, read.nominees_of(record), [read.as_record(record.code, ballot)])
    except NominationError:
        raise DomainError(
            "nomination.sheet_refused",
            gettext_lazy("The sheet does not fit step %(code)s: it was not entered."),
            code=record.code,
        ) from None
    slot = _open_slot(record, actor)
    entry = StepEntry.objects.create(step=record, slot=slot.slot, clerk_id=actor.pk, ballot=ballot)
    if record.count_began_at is None:
        record.count_began_at = timezone.now()
        record.save(update_fields=["count_began_at"])
    audit_change(
        actor,
        "personnel.nomination.entry.add",
        record,
        unit_path=_unit_path(record.run.congress),
        step=record.code,
        slot=slot.slot,
    )
    return entry


@transaction.atomic
def entry_remove(*, actor: Actor, record: StepRecord, entry_id: int) -> None:
    """Take back a sheet from one's own open entry (a slip, or after a mismatch)."""
    record = _locked_step(record, StepState.OPEN)
    slot = _open_slot(record, actor)
    entry = StepEntry.objects.filter(pk=entry_id, step=record, clerk_id=actor.pk).first()
    if entry is None:
        raise DomainError(
            "nomination.not_your_entry", gettext_lazy("That sheet is not in your entry.")
        )
    entry.delete()
    audit_change(
        actor,
        "personnel.nomination.entry.remove",
        record,
        unit_path=_unit_path(record.run.congress),
        step=record.code,
        slot=slot.slot,
    )


def _key(ballot: Mapping[str, Any]) -> str:
    return json.dumps(ballot, sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class Difference:
    """Sheets one entry holds more often than the other (as collections: a difference says
    what to look for in the stack, never where a sheet was)."""

    ballot: dict[str, Any]
    first: int
    second: int


def differences(record: StepRecord) -> list[Difference]:
    counts: dict[int, Counter[str]] = {s: Counter() for s in SLOTS}
    ballots: dict[str, dict[str, Any]] = {}
    for entry in record.entries.all():
        key = _key(entry.ballot)
        counts[entry.slot][key] += 1
        ballots[key] = entry.ballot
    return [
        Difference(ballots[k], counts[1][k], counts[2][k])
        for k in sorted(ballots)
        if counts[1][k] != counts[2][k]
    ]


@transaction.atomic
def slot_close(*, actor: Actor, record: StepRecord) -> StepRecord:
    """Close one's entry. When both are closed they are compared: the same sheets, the step
    waits for its seal; different, the second closing is refused and nothing changes."""
    record = _locked_step(record, StepState.OPEN)
    slot = _open_slot(record, actor)
    slot.closed = True
    slot.save(update_fields=["closed"])
    audit_change(
        actor,
        "personnel.nomination.entry.close",
        record,
        unit_path=_unit_path(record.run.congress),
        step=record.code,
        slot=slot.slot,
        sheets=record.entries.filter(slot=slot.slot).count(),
    )
    slots = list(record.slots.all())
    if len(slots) < len(SLOTS) or not all(s.closed for s in slots):
        return record
    diff = differences(record)
    if diff:
        raise DomainError(
            "nomination.entries_differ",
            gettext_lazy(
                "The two entries of step %(code)s differ (%(n)d kinds of sheet are counted "
                "differently): your entry was not closed. Find those sheets in the stack and "
                "correct the entry that is wrong; the other clerk reopens theirs if needed."
            ),
            code=record.code,
            n=len(diff),
        )
    ballots = sorted((e.ballot for e in record.entries.filter(slot=1)), key=_key)
    step = read.procedure_of(record.run).step(record.code)
    if len(ballots) > step.summoned:
        raise DomainError(
            "nomination.more_than_summoned",
            gettext_lazy(
                "%(n)d sheets entered, more than the %(summoned)d summoned to step %(code)s: "
                "nothing was closed."
            ),
            n=len(ballots),
            summoned=step.summoned,
            code=record.code,
        )
    record.ballots = ballots
    record.state = StepState.COUNTING
    record.save(update_fields=["ballots", "state"])
    audit_change(
        None,
        "personnel.nomination.entries_matched",
        record,
        unit_path=_unit_path(record.run.congress),
        step=record.code,
        sheets=len(ballots),
    )
    return record


@transaction.atomic
def slot_reopen(*, actor: Actor, record: StepRecord) -> StepRecord:
    """Reopen one's closed entry while the step is still being entered."""
    record = _locked_step(record, StepState.OPEN)
    slot = record.slots.filter(clerk_id=actor.pk, closed=True).first()
    if slot is None:
        raise DomainError(
            "nomination.slot_not_closed", gettext_lazy("You have no closed entry to reopen.")
        )
    slot.closed = False
    slot.save(update_fields=["closed"])
    audit_change(
        actor,
        "personnel.nomination.entry.reopen",
        record,
        unit_path=_unit_path(record.run.congress),
        step=record.code,
        slot=slot.slot,
    )
    return record


# --- seal, the body's decision on ties, reading the result --------------------------------


def _plain(value: Any) -> Any:
    """A core dataclass as JSON (tuples as lists)."""
    from dataclasses import asdict

    return json.loads(json.dumps(asdict(value), ensure_ascii=False))


def _handed(names: Sequence[Nominee]) -> list[dict[str, str]]:
    return [{"id": n.id, "name": n.name} for n in names]


@transaction.atomic
def step_seal(*, actor: Actor | None, record: StepRecord, collected: int) -> StepRecord:
    """Seal a step whose entries match. ``collected`` is the number of sheets the counting
    committee took from the box: it must be the number entered. The engine counts and
    decides; the names it carries on are handed on unless a tie needs the body's decision."""
    record = _locked_step(record, StepState.COUNTING)
    step = read.procedure_of(record.run).step(record.code)
    if collected != len(record.ballots):
        raise DomainError(
            "nomination.collected_differs",
            gettext_lazy(
                "Sheets collected: %(collected)d, but %(entered)d were entered. Count the stack "
                "again: nothing was sealed."
            ),
            collected=collected,
            entered=len(record.ballots),
        )
    try:
        tally, decision = read.counted(record, step)
    except NominationError:
        raise DomainError(
            "nomination.count_refused",
            gettext_lazy("The entered sheets do not fit step %(code)s: nothing was sealed."),
            code=record.code,
        ) from None
    record.tally, record.decision = _plain(tally), _plain(decision)
    record.handed_on = None if decision.open else _handed(hand_on(decision))
    record.state = StepState.SEALED
    record.sealed_at = timezone.now()
    sealed = {"ballots": record.ballots, "tally": record.tally, "decision": record.decision}
    record.seal_hash = hashlib.sha256(_key(sealed).encode()).hexdigest()
    record.save()
    record.entries.all().delete()
    record.slots.all().delete()
    audit_change(
        actor,
        "personnel.nomination.step.seal",
        record,
        unit_path=_unit_path(record.run.congress),
        step=record.code,
        collected=tally.collected,
        valid=tally.valid,
        passed=len(decision.passed),
        to_decide=len(decision.open),
        seal_hash=record.seal_hash,
    )
    return record


@transaction.atomic
def step_decide_ties(
    *, actor: Actor | None, record: StepRecord, decided: Mapping[str, bool], decision_text: str
) -> StepRecord:
    """The body's decision on the names tied at the cutoff: each goes on or not."""
    record = _locked_step(record, StepState.SEALED)
    if record.handed_on is not None:
        raise DomainError(
            "nomination.nothing_to_decide",
            gettext_lazy("Step %(code)s has no tie left to decide."),
            code=record.code,
        )
    if not decision_text.strip():
        raise DomainError(
            "nomination.decision_text",
            gettext_lazy("Record the body's decision (its number or minutes)."),
        )
    step = read.procedure_of(record.run).step(record.code)
    _tally, decision = read.counted(record, step)
    try:
        names = hand_on(decision, dict(decided))
    except NominationError:
        raise DomainError(
            "nomination.ties_undecided",
            gettext_lazy("Decide for every tied name whether it goes on."),
        ) from None
    record.decided = {**dict(decided), "_decision": decision_text.strip()}
    record.handed_on = _handed(names)
    record.save(update_fields=["decided", "handed_on"])
    audit_change(
        actor,
        "personnel.nomination.step.ties",
        record,
        unit_path=_unit_path(record.run.congress),
        step=record.code,
        decided=dict(decided),
        decision=decision_text.strip(),
    )
    return record


@transaction.atomic
def step_result_read(*, actor: Actor | None, record: StepRecord) -> None:
    """Log that ``actor`` read a step's result: every read of it is kept."""
    audit_change(
        actor,
        "personnel.nomination.step.read",
        record,
        unit_path=_unit_path(record.run.congress),
        step=record.code,
    )


# --- what the printed ballot and minutes say beside the count ------------------------------

#: The counting committee's roles, the head first.
COMMITTEE_ROLES = ("head", "deputy", "member")


@transaction.atomic
def step_minutes_details(
    *,
    actor: Actor | None,
    record: StepRecord,
    place: str,
    held_on: dt.date | None,
    committee: Sequence[tuple[str, str]],
    present: int | None,
    issued: int | None,
) -> StepRecord:
    """The conference's place and date, the counting committee by name and role, those
    present and the ballots issued, for the step's printed ballot and minutes. Recorded
    once the step is open, and still after its seal: none of it changes the count."""
    record = _locked_step(record, StepState.OPEN, StepState.COUNTING, StepState.SEALED)
    step = read.procedure_of(record.run).step(record.code)
    place = " ".join(place.split())
    members = [(" ".join(name.split()), role) for name, role in committee]
    if any(not name or role not in COMMITTEE_ROLES for name, role in members):
        raise DomainError(
            "nomination.committee_name",
            gettext_lazy("Each member of the step's counting committee needs a name."),
        )
    if sum(1 for _name, role in members if role == "head") != 1:
        raise DomainError(
            "nomination.committee_head",
            gettext_lazy("The counting committee has one head: give their name."),
        )
    names = [name.casefold() for name, _role in members]
    twice = next((n for n, k in Counter(names).items() if k > 1), None)
    if twice is not None:
        raise DomainError(
            "nomination.committee_twice",
            gettext_lazy("%(name)s is named twice in the counting committee."),
            name=members[names.index(twice)][0],
        )
    for value, label in (
        (present, gettext_lazy("Those present")),
        (issued, gettext_lazy("Ballots issued")),
    ):
        if value is not None and not 0 <= value <= step.summoned:
            raise DomainError(
                "nomination.more_than_summoned_figure",
                gettext_lazy("%(what)s: %(n)d is more than the %(summoned)d summoned."),
                what=str(label),
                n=value,
                summoned=step.summoned,
            )
    if present is not None and issued is not None and issued > present:
        raise DomainError(
            "nomination.issued_over_present",
            gettext_lazy("%(issued)d ballots issued to %(present)d people present."),
            issued=issued,
            present=present,
        )
    if issued is not None and record.state != StepState.OPEN and len(record.ballots) > issued:
        raise DomainError(
            "nomination.collected_over_issued",
            gettext_lazy("%(n)d sheets were counted, more than the %(issued)d ballots issued."),
            n=len(record.ballots),
            issued=issued,
        )
    before = _details(record)
    record.place = place
    record.held_on = held_on
    record.counting_committee = [{"name": n, "role": r} for n, r in members]
    record.present = present
    record.issued = issued
    record.save(update_fields=["place", "held_on", "counting_committee", "present", "issued"])
    audit_change(
        actor,
        "personnel.nomination.step.details",
        record,
        unit_path=_unit_path(record.run.congress),
        before=before,
        after=_details(record),
    )
    return record


def _details(record: StepRecord) -> dict[str, Any]:
    return {
        "step": record.code,
        "place": record.place,
        "held_on": record.held_on.isoformat() if record.held_on else None,
        "counting_committee": record.counting_committee,
        "present": record.present,
        "issued": record.issued,
    }


@transaction.atomic
def step_minutes_read(*, actor: Actor | None, record: StepRecord, file_format: str) -> None:
    """Log that ``actor`` downloaded a sealed step's minutes: every download is kept."""
    audit_change(
        actor,
        "personnel.nomination.step.minutes",
        record,
        unit_path=_unit_path(record.run.congress),
        step=record.code,
        format=file_format,
    )


# --- the list handed to the committee election ---------------------------------------------


def step_figures(run: NominationRun) -> dict[str, list[str]]:
    """For each name, its votes at every sealed step: ``B1 5/7`` (votes / summoned)."""
    figures: dict[str, list[str]] = {}
    for record in run.steps.filter(state=StepState.SEALED).order_by("pk"):
        summoned = (record.tally or {}).get("summoned", 0)
        for outcome in (record.decision or {}).get("outcomes", []):
            figures.setdefault(outcome["id"], []).append(
                f"B{record.code} {outcome['votes']}/{summoned}"
            )
    return figures


@dataclass(frozen=True)
class NamesHanded:
    added: int
    total: int


@transaction.atomic
def nomination_handover(
    *, actor: Actor | None, congress: Congress, election: Election
) -> NamesHanded:
    """The names the last step carried on become the election's proposed list, each with
    its figures at every step; refused whole when the engine's surplus rule refuses it."""
    election = election_for_list(congress, election)
    run = read.run_of(congress)
    last = None
    if run is not None:
        lines = read.step_lines(run, read.procedure_of(run))
        last = lines[-1].record if lines else None
    if run is None or last is None or last.handed_on is None:
        raise DomainError(
            "nomination.not_finished",
            gettext_lazy("The last step has not handed its names on yet: nothing was handed over."),
        )
    if not last.handed_on:
        raise DomainError("nomination.no_one_passed", gettext_lazy("No name passed the last step."))
    total = election.candidates.filter(withdrawn=False).count() + len(last.handed_on)
    check_list_size(election, total)
    figures = step_figures(run)
    pool = {
        e.nominee_id: e
        for e in CadrePoolEntry.objects.filter(unit=congress.unit).select_related("member")
    }
    rows = []
    for name in last.handed_on:
        entry = pool.get(name["id"])
        member = entry.member if entry else None
        rows.append(
            {
                "full_name": name["name"],
                "note": "; ".join(figures.get(name["id"], []))[:150],
                "born": member.birth_date if member else None,
                "member_id": member.pk if member else None,
            }
        )
    candidates_add_many(actor=actor, election=election, rows=rows)
    audit_change(
        actor,
        "personnel.nomination.handover",
        election,
        unit_path=_unit_path(congress),
        step=last.code,
        names=len(rows),
    )
    return NamesHanded(added=len(rows), total=total)
