"""Reads of the personnel app: the rules that apply, dossiers with their checks, structures.

Lists load in a fixed number of queries, whatever the number of dossiers.
Reading one dossier or exporting a person is logged by the services
(``dossier_read``), not here: selectors do not write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from daihoi.audit.models import AuditEntry
from daihoi.congresses.models import Congress, CongressStatus, Term
from daihoi.core import eligibility as core
from daihoi.core.elections.lists import SurplusCheck, check_surplus
from daihoi.core.elections.model import Kind, Rules
from daihoi.elections.definition import election_rules
from daihoi.elections.models import Candidate, Election, ElectionKind, ElectionStatus
from daihoi.organizations.models import Member, Unit
from daihoi.organizations.paths import ancestor_paths, subtree_upper_bound
from daihoi.personnel.models import (
    REQUIRED_DOCUMENTS,
    Dossier,
    DossierDocument,
    Nomination,
    Post,
    ReferenceDate,
    RuleSet,
    ServedTerm,
)

#: Elections whose list the personnel subcommittee prepares and whose result gives the structure.
LIST_KINDS = (ElectionKind.COMMITTEE, ElectionKind.STANDING_COMMITTEE)


def ruleset_for(unit: Unit, term: Term) -> RuleSet | None:
    """The nearest rule set up the tree for ``term`` (the unit's own first)."""
    return (
        RuleSet.objects.filter(term=term, unit__path__in=ancestor_paths(unit.path))
        .select_related("unit")
        .order_by("-unit__depth")
        .first()
    )


def ruleset_own(unit: Unit, term: Term) -> RuleSet | None:
    return RuleSet.objects.filter(unit=unit, term=term).first()


@dataclass(frozen=True)
class Reference:
    on: dt.date
    origin: str  # "rules": set for the level; "congress": the congress's date; "today"
    source: str = ""


def reference_for(congress: Congress) -> Reference:
    """The date ages are counted at: the level's date in the nearest rules, else the congress's."""
    ref = (
        ReferenceDate.objects.filter(
            rules__term_id=congress.term_id,
            rules__unit__path__in=ancestor_paths(congress.unit.path),
            level_id=congress.unit.level_id,
        )
        .select_related("rules")
        .order_by("-rules__unit__depth")
        .first()
    )
    if ref is not None:
        return Reference(ref.on, "rules", ref.rules.reference_source)
    day = congress.held_from or congress.planned_date
    if day is not None:
        return Reference(day, "congress")
    return Reference(timezone.localdate(), "today")


def core_rules(congress: Congress, ruleset: RuleSet | None, reference: Reference) -> core.Rules:
    term_start = congress.term.start_year
    if ruleset is None:
        ruleset = RuleSet(unit=congress.unit, term=congress.term)  # the defaults, unsaved
    limits: tuple[core.TermLimitRule, ...] = ()
    if ruleset.secretary_max_terms:
        limits = (
            core.TermLimitRule(
                Post.SECRETARY, ruleset.secretary_max_terms, ruleset.term_limit_source
            ),
        )
    return core.Rules(
        reference_date=reference.on,
        term_start_year=term_start,
        first_time=core.WorkingTimeRule(
            "working_time_first", ruleset.first_time_months, ruleset.first_time_source
        ),
        reelection=core.WorkingTimeRule(
            "working_time_reelection", ruleset.reelection_months, ruleset.reelection_source
        ),
        term_limits=limits,
        filing=core.FilingDeadlineRule(ruleset.self_nominee_deadline, ruleset.filing_source),
    )


@dataclass(frozen=True)
class TargetsFrom:
    targets: core.Targets
    source: str  # the rule set's source text or the plan's number; "" when none is set


def targets_for(congress: Congress, ruleset: RuleSet | None) -> TargetsFrom:
    """The rule set's targets when it sets any, else the nearest plan's (planning app)."""
    if ruleset is not None and any(
        v is not None
        for v in (
            ruleset.target_women,
            ruleset.target_young,
            ruleset.target_minority,
            ruleset.target_renewal,
        )
    ):
        return TargetsFrom(
            core.Targets(
                ruleset.target_women,
                ruleset.target_young,
                ruleset.target_minority,
                ruleset.target_renewal,
            ),
            ruleset.targets_source,
        )
    from daihoi.planning.selectors import targets_for as plan_targets

    found, document = plan_targets(congress.unit, congress.term)
    if document is None:
        return TargetsFrom(core.Targets(), "")

    def d(value: float | None) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    return TargetsFrom(
        core.Targets(d(found.women), d(found.young), d(found.minority), d(found.renewal)),
        f"{document.number}",
    )


@dataclass(frozen=True)
class Context:
    """Everything the checks of one congress need, loaded once."""

    congress: Congress
    ruleset: RuleSet | None
    reference: Reference
    rules: core.Rules
    targets: TargetsFrom
    young_age: int


def context_for(congress: Congress) -> Context:
    ruleset = ruleset_for(congress.unit, congress.term)
    reference = reference_for(congress)
    return Context(
        congress=congress,
        ruleset=ruleset,
        reference=reference,
        rules=core_rules(congress, ruleset, reference),
        targets=targets_for(congress, ruleset),
        young_age=ruleset.young_age if ruleset else 40,
    )


def person_of(member: Member, dossier: Dossier | None, served: list[ServedTerm]) -> core.Person:
    return core.Person(
        sex="F" if member.sex == "F" else "M",
        birth_date=member.birth_date,
        ethnicity=member.ethnicity,
        reelection=bool(dossier and dossier.reelection),
        post=dossier.post if dossier else Post.COMMITTEE,
        served=tuple(core.ServedTerm(s.post, s.start_year, s.end_year) for s in served),
        self_nominated=bool(dossier and dossier.nomination == Nomination.SELF),
        filed_on=dossier.filed_on if dossier else None,
    )


@dataclass(frozen=True)
class Row:
    """A dossier with what the list page shows of it."""

    dossier: Dossier
    person: core.Person
    checks: tuple[core.CheckResult, ...]
    missing: tuple[str, ...]  # required document kinds not yet recorded

    @property
    def flagged(self) -> bool:
        return any(c.flags for c in self.checks)

    @property
    def complete(self) -> bool:
        return not self.missing


def missing_documents(documents: list[DossierDocument]) -> tuple[str, ...]:
    kinds = {d.kind for d in documents}
    return tuple(str(k) for k in REQUIRED_DOCUMENTS if k not in kinds)


def dossiers_query(congress: Congress) -> QuerySet[Dossier]:
    """A congress's dossiers, their people in Vietnamese order (docs/rules.md §1)."""
    return (
        Dossier.objects.filter(congress=congress)
        .order_by("member__name_order", "pk")
        .select_related("member", "member__unit", "member__personnel_record")
        .prefetch_related(
            "documents",
            Prefetch(
                "member__personnel_terms", queryset=ServedTerm.objects.order_by("-start_year")
            ),
        )
    )


def row_of(dossier: Dossier, ctx: Context) -> Row:
    person = person_of(dossier.member, dossier, list(dossier.member.personnel_terms.all()))
    return Row(
        dossier=dossier,
        person=person,
        checks=core.check_person(person, ctx.rules),
        missing=missing_documents(list(dossier.documents.all())),
    )


def dossier_rows(congress: Congress, ctx: Context) -> list[Row]:
    return [row_of(d, ctx) for d in dossiers_query(congress)]


def proposed_structure(rows: list[Row], ctx: Context) -> core.Structure:
    """The committee the proposed list would make (every name on it, before the vote)."""
    return core.structure(
        [r.person for r in rows if r.dossier.on_list],
        ctx.reference.on,
        ctx.targets.targets,
        young_age=ctx.young_age,
    )


def committee_elections(congress: Congress) -> list[Election]:
    return list(
        Election.objects.filter(congress=congress, kind=ElectionKind.COMMITTEE).order_by(
            "round", "pk"
        )
    )


def elected_people(congress: Congress) -> list[tuple[str, core.Person]] | None:
    """The executive committee elected (every sealed round), or None before any seal.

    Sex, birth date and ethnicity are the member's; re-election is the dossier's.
    A name not linked to a member counts with what the candidate row holds.
    """
    sealed = [
        e
        for e in committee_elections(congress)
        if e.status == ElectionStatus.FINALISED and e.result
    ]
    if not sealed:
        return None
    codes: set[int] = set()
    for e in sealed:
        for code in (e.result or {}).get("elected", []):
            if isinstance(code, str) and code.startswith("c") and code[1:].isdigit():
                codes.add(int(code[1:]))
    candidates = list(
        Candidate.objects.filter(pk__in=codes, election__in=sealed).select_related("member")
    )
    dossiers = {
        d.member_id: d
        for d in Dossier.objects.filter(
            congress=congress, member_id__in=[c.member_id for c in candidates if c.member_id]
        )
    }
    people: list[tuple[str, core.Person]] = []
    for c in sorted(candidates, key=lambda c: c.full_name):
        member = c.member
        if member is None:
            people.append((c.full_name, core.Person(sex="M", birth_date=c.born)))
            continue
        people.append((c.full_name, person_of(member, dossiers.get(member.pk), [])))
    return people


def elected_structure(congress: Congress, ctx: Context) -> core.Structure | None:
    people = elected_people(congress)
    if people is None:
        return None
    return core.structure(
        [p for _, p in people], ctx.reference.on, ctx.targets.targets, young_age=ctx.young_age
    )


def list_elections(congress: Congress) -> list[Election]:
    """Elections the proposed list can be handed to: committee lists still in preparation."""
    return list(
        Election.objects.filter(
            congress=congress, kind__in=LIST_KINDS, status=ElectionStatus.DRAFT
        ).order_by("kind", "round", "pk")
    )


def members_in(unit: Unit, q: str, limit: int = 20) -> list[Member]:
    """Members of the unit's subtree whose name contains ``q`` (for adding a dossier)."""
    qs = Member.objects.filter(
        unit__path__gte=unit.path, unit__path__lt=subtree_upper_bound(unit.path)
    ).select_related("unit")
    if q:
        qs = qs.filter(full_name__icontains=q.strip())
    return list(qs.order_by("name_order", "pk")[:limit])


def member_dossiers(member: Member) -> list[Dossier]:
    return list(
        Dossier.objects.filter(member=member)
        .select_related("congress", "congress__unit", "congress__term")
        .prefetch_related("documents")
        .order_by("-congress__term__start_year", "pk")
    )


# --- retention --------------------------------------------------------------------------


def approved_on(congress: Congress) -> dt.date | None:
    """The day the congress's results were approved, from the audit chain (the last approval)."""
    entry = (
        AuditEntry.objects.filter(
            action="congress.status",
            object_type="congress",
            object_id=str(congress.pk),
            after__status=CongressStatus.RESULTS_APPROVED,
        )
        .order_by("-seq")
        .first()
    )
    return timezone.localdate(entry.at) if entry else None


def due_for_erasure(today: dt.date, days: int) -> list[tuple[Congress, dt.date]]:
    congresses = (
        Congress.objects.filter(status=CongressStatus.RESULTS_APPROVED, dossiers__isnull=False)
        .distinct()
        .select_related("unit", "term")
    )
    due = []
    for congress in congresses:
        day = approved_on(congress)
        if day is not None and day + dt.timedelta(days=days) < today:
            due.append((congress, day))
    return due


# --- the list handed to an election ------------------------------------------------------


@dataclass(frozen=True)
class ListSurplus:
    """The surplus rule (190-QĐ/TW Art. 14) for the names a list would have.

    ``rules`` are the election's: its profile's parameters with its own
    overrides, resolved once. When they cannot be read, ``problems`` says why
    and there is no check to show.
    """

    election: Election
    names: int
    rules: Rules | None
    proposal: SurplusCheck | None
    at_congress: SurplusCheck | None
    problems: tuple[str, ...] = ()


def list_surplus(election: Election, names: int) -> ListSurplus:
    """The engine's surplus check (docs/rules.md §4) for ``names`` on the election's list,
    with the election's rules as ``elections.definition.election_rules`` resolves them."""
    try:
        rules = election_rules(election)
    except ValidationError as exc:
        return ListSurplus(election, names, None, None, None, tuple(exc.messages))
    kind = cast(Kind, election.kind)
    seats = election.seats
    return ListSurplus(
        election,
        names,
        rules,
        check_surplus(kind=kind, seats=seats, candidates=names, stage="proposal", rules=rules),
        check_surplus(kind=kind, seats=seats, candidates=names, stage="congress", rules=rules),
    )


def handover_plan(congress: Congress, election: Election) -> tuple[list[Dossier], int, int]:
    """(dossiers to add, dossiers already on the election's list, names the list would have)."""
    dossiers = list(
        Dossier.objects.filter(congress=congress, on_list=True, post__in=_posts_for(election.kind))
        .select_related("member", "member__unit")
        .order_by("member__name_order", "pk")
    )
    present = set(
        election.candidates.filter(withdrawn=False, member__isnull=False).values_list(
            "member_id", flat=True
        )
    )
    kept = election.candidates.filter(withdrawn=False).count()
    new = [d for d in dossiers if d.member_id not in present]
    return new, len(dossiers) - len(new), kept + len(new)


def _posts_for(kind: str) -> Sequence[str]:
    """Every proposed post is a committee seat; the standing committee list takes its posts."""
    if kind == ElectionKind.STANDING_COMMITTEE:
        return [Post.STANDING, Post.SECRETARY, Post.DEPUTY]
    return [Post.COMMITTEE, Post.STANDING, Post.SECRETARY, Post.DEPUTY]
