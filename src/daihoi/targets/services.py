"""Writes of targets, their yearly figures and the next term's drafts.

Each is atomic and leaves its audit entry. Everything is checked before
anything is written: a duplicate name, a year outside the resolution's years,
an upper target that is not the upper unit's — each refused with a message
that names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.accounts.actors import stored_user
from daihoi.actor import Actor
from daihoi.audit.services import audit_change, audit_record
from daihoi.congresses.models import Term
from daihoi.errors import DomainError
from daihoi.organizations.models import Unit
from daihoi.targets.models import Actual, Direction, Group, Kind, State, Target

TARGET_FIELDS = (
    "number",
    "name",
    "group",
    "measure",
    "kind",
    "direction",
    "baseline",
    "baseline_year",
    "value",
    "state",
    "previous_id",
    "feeds_id",
    "note",
)


def resolution_years(term: Term) -> range:
    """The years a term's resolution covers: after the first year, up to the last."""
    return range(term.start_year + 1, term.end_year + 1)


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def next_term(term: Term) -> Term | None:
    return Term.objects.filter(start_year=term.end_year).first()


def _snapshot(target: Target) -> dict[str, Any]:
    return {f: getattr(target, f) for f in TARGET_FIELDS}


@dataclass(frozen=True)
class TargetData:
    """What a target says; checked by :func:`check_target_data`."""

    name: str
    group: str
    measure: str
    kind: str
    direction: str
    value: Decimal
    baseline: Decimal | None = None
    baseline_year: int | None = None
    note: str = ""
    feeds: Target | None = None


def check_target_data(unit: Unit, term: Term, data: TargetData) -> list[str]:
    """The problems with ``data`` as a target of ``unit`` in ``term`` (names not compared here)."""
    problems: list[str] = []
    if not data.name.strip():
        problems.append(_("A target needs a name."))
    if data.group not in Group.values:
        problems.append(_("Unknown group “%s”.") % data.group)
    if data.kind not in Kind.values:
        problems.append(_("Unknown kind “%s”.") % data.kind)
    if data.direction not in Direction.values:
        problems.append(_("Unknown direction “%s”.") % data.direction)
    if data.baseline_year is not None and not (
        term.start_year - 10 <= data.baseline_year <= term.start_year
    ):
        problems.append(
            _("The baseline year is the term's first year or one of the ten before it (%s).")
            % term.start_year
        )
    if data.kind == Kind.GROWTH and (data.baseline is None or data.baseline_year is None):
        problems.append(_("An average growth target needs a baseline and its year."))
    feeds = data.feeds
    if feeds is not None and (
        feeds.term_id != term.pk
        or feeds.unit_id == unit.pk
        or not unit.path.startswith(feeds.unit.path)
        or feeds.state != State.ADOPTED
    ):
        problems.append(
            _("A target feeds only a target of a unit above it, in the same term's resolution.")
        )
    return problems


def _check_name(unit: Unit, term: Term, name: str, exclude: int | None = None) -> None:
    key = name_key(name)
    names = Target.objects.filter(unit=unit, term=term)
    if exclude is not None:
        names = names.exclude(pk=exclude)
    if any(name_key(n) == key for n in names.values_list("name", flat=True)):
        raise DomainError(
            "target.already_adopted",
            gettext_lazy(
                "The target “%(name)s” is already in the resolution of %(unit)s for %(term)s."
            ),
            name=" ".join(name.split()),
            unit=unit.name,
            term=term,
        )


def _next_number(unit: Unit, term: Term, state_in: tuple[str, ...]) -> int:
    top = Target.objects.filter(unit=unit, term=term, state__in=state_in).aggregate(
        n=Max("number")
    )["n"]
    return (top or 0) + 1


@transaction.atomic
def target_create(
    *,
    actor: Actor | None,
    unit: Unit,
    term: Term,
    data: TargetData,
    state: str = State.ADOPTED,
    previous: Target | None = None,
) -> Target:
    problems = check_target_data(unit, term, data)
    if problems:
        raise ValidationError(problems)
    _check_name(unit, term, data.name)
    if previous is not None and (
        previous.unit_id != unit.pk or previous.term.end_year != term.start_year
    ):
        raise DomainError(
            "target.continues_other_unit",
            gettext_lazy("A draft continues a target of the same unit's previous term."),
        )
    drafts = (State.DRAFT, State.APPROVED)
    target = Target.objects.create(
        unit=unit,
        term=term,
        number=_next_number(unit, term, drafts if state in drafts else (State.ADOPTED,)),
        name=" ".join(data.name.split()),
        group=data.group,
        measure=data.measure.strip(),
        kind=data.kind,
        direction=_direction(data),
        baseline=data.baseline,
        baseline_year=data.baseline_year,
        value=data.value,
        note=data.note.strip(),
        feeds=data.feeds,
        state=state,
        previous=previous,
    )
    audit_change(
        actor, "target.create", target, unit_path=target.unit.path, after=_snapshot(target)
    )
    return target


def _direction(data: TargetData) -> str:
    """At least / at most carry their own direction."""
    if data.kind == Kind.AT_LEAST:
        return Direction.HIGHER
    if data.kind == Kind.AT_MOST:
        return Direction.LOWER
    return data.direction


@transaction.atomic
def target_update(*, actor: Actor | None, target: Target, data: TargetData) -> Target:
    target = Target.objects.select_for_update().select_related("unit", "term").get(pk=target.pk)
    problems = check_target_data(target.unit, target.term, data)
    if data.feeds is not None and data.feeds.pk == target.pk:
        problems.append(_("A target cannot feed itself."))
    if problems:
        raise ValidationError(problems)
    _check_name(target.unit, target.term, data.name, exclude=target.pk)
    before = _snapshot(target)
    target.name = " ".join(data.name.split())
    target.group, target.measure, target.kind = data.group, data.measure.strip(), data.kind
    target.direction = _direction(data)
    target.value, target.baseline, target.baseline_year = (
        data.value,
        data.baseline,
        data.baseline_year,
    )
    target.note, target.feeds = data.note.strip(), data.feeds
    target.save()
    audit_change(
        actor,
        "target.update",
        target,
        unit_path=target.unit.path,
        before=before,
        after=_snapshot(target),
    )
    return target


@transaction.atomic
def target_delete(*, actor: Actor | None, target: Target) -> None:
    target = Target.objects.select_related("unit").get(pk=target.pk)
    before = {
        **_snapshot(target),
        "actuals": list(target.actuals.values_list("year", "value", "estimate")),
    }
    audit_change(actor, "target.delete", target, unit_path=target.unit.path, before=before)
    target.delete()


def check_year(term: Term, year: int) -> str | None:
    years = resolution_years(term)
    if year not in years:
        return _("The year %(year)s is outside the resolution's years %(first)s–%(last)s.") % {
            "year": year,
            "first": years[0],
            "last": years[-1],
        }
    return None


@transaction.atomic
def actual_set(
    *,
    actor: Actor | None,
    target: Target,
    year: int,
    value: Decimal,
    estimate: bool = False,
    source: str = "",
) -> Actual:
    """Enter (or correct) a year's figure."""
    target = Target.objects.select_for_update().select_related("unit", "term").get(pk=target.pk)
    problem = check_year(target.term, year)
    if problem:
        raise ValidationError(problem)
    old = Actual.objects.filter(target=target, year=year).first()
    before = {"value": old.value, "estimate": old.estimate, "source": old.source} if old else None
    user = stored_user(actor)
    actual, _created = Actual.objects.update_or_create(
        target=target,
        year=year,
        defaults={
            "value": value,
            "estimate": estimate,
            "source": source.strip(),
            "entered_by": user,
        },
    )
    audit_record(
        actor=actor,
        action="target.actual_set",
        object_type="target",
        object_id=target.pk,
        unit_path=target.unit.path,
        before=before,
        after={"year": year, "value": value, "estimate": estimate, "source": source.strip()},
    )
    return actual


@transaction.atomic
def actual_remove(*, actor: Actor | None, target: Target, year: int) -> None:
    actual = Actual.objects.select_related("target__unit").filter(target=target, year=year).first()
    if actual is None:
        raise DomainError(
            "target.no_figure", gettext_lazy("There is no figure for %(year)s."), year=year
        )
    audit_record(
        actor=actor,
        action="target.actual_remove",
        object_type="target",
        object_id=target.pk,
        unit_path=actual.target.unit.path,
        before={"year": year, "value": actual.value, "estimate": actual.estimate},
    )
    actual.delete()


# --- the next term's drafts ------------------------------------------------------------------


@transaction.atomic
def draft_set_approved(*, actor: Actor | None, target: Target, approved: bool) -> Target:
    target = Target.objects.select_for_update().select_related("unit").get(pk=target.pk)
    if target.state == State.ADOPTED:
        raise DomainError(
            "target.already_in_resolution",
            gettext_lazy("This target is already in the resolution."),
        )
    before = target.state
    target.state = State.APPROVED if approved else State.DRAFT
    target.save(update_fields=["state"])
    audit_change(
        actor,
        "target.draft_state",
        target,
        unit_path=target.unit.path,
        before={"state": before},
        after={"state": target.state},
    )
    return target


@dataclass(frozen=True)
class Carried:
    adopted: int
    baselines_filled: int


@transaction.atomic
def drafts_carry(*, actor: Actor | None, unit: Unit, term: Term) -> Carried:
    """Carry the approved drafts of ``term`` into its resolution.

    They are numbered after the targets already in it; a draft that continues
    an old target and has no baseline takes the old target's last figure
    (estimate or not) and that year as its baseline.
    """
    drafts = list(
        Target.objects.select_for_update()
        .filter(unit=unit, term=term, state=State.APPROVED)
        .order_by("number", "pk")
    )
    if not drafts:
        raise DomainError(
            "target.no_approved_draft",
            gettext_lazy("No approved draft to carry into the resolution."),
        )
    number = _next_number(unit, term, (State.ADOPTED,))
    filled = 0
    last_figures: dict[int, Actual] = {}
    for actual in Actual.objects.filter(
        target_id__in=[d.previous_id for d in drafts if d.previous_id]
    ).order_by("year"):
        last_figures[actual.target_id] = actual
    for draft in drafts:
        last = last_figures.get(draft.previous_id or 0)
        if draft.baseline is None and last is not None:
            draft.baseline, draft.baseline_year = last.value, last.year
            filled += 1
        draft.state, draft.number = State.ADOPTED, number
        number += 1
        draft.save(update_fields=["state", "number", "baseline", "baseline_year"])
    audit_record(
        actor=actor,
        action="target.drafts_carry",
        object_type="unit",
        object_id=unit.pk,
        unit_path=unit.path,
        after={"term": str(term), "targets": [d.pk for d in drafts], "baselines_filled": filled},
    )
    return Carried(len(drafts), filled)
