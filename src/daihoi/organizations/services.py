"""Writes to the organization tree. Each one is atomic and leaves an audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.core.collation import search_form, sort_string
from daihoi.errors import DomainError
from daihoi.organizations.models import Level, Member, Unit
from daihoi.organizations.paths import child_path, segment

UNIT_FIELDS = ("code", "name", "level_id", "parent_id", "members_count", "start_date", "end_date")


def unit_snapshot(unit: Unit) -> dict[str, Any]:
    return {f: getattr(unit, f) for f in (*UNIT_FIELDS, "merged_into_id", "path")}


@transaction.atomic
def unit_create(
    *,
    actor: Actor | None,
    code: str,
    name: str,
    level: Level,
    parent: Unit | None,
    members_count: int = 0,
    start_date: dt.date | None = None,
    note: str = "",
) -> Unit:
    if parent is not None and not parent.is_active:
        raise DomainError(
            "unit.parent_dissolved",
            gettext_lazy("A unit cannot be added under a dissolved unit."),
        )
    if Unit.objects.filter(code=code).exists():
        raise DomainError(
            "unit.code_taken",
            gettext_lazy("Unit code %(code)s already exists."),
            code=code,
        )
    _check_level_below(level, parent)
    unit = Unit(
        code=code,
        name=name,
        search_name=search_form(name),
        level=level,
        parent=parent,
        members_count=members_count,
        start_date=start_date,
        note=note,
        path=f"new:{code}",
        depth=0 if parent is None else parent.depth + 1,
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = segment(unit.pk) if parent is None else child_path(parent.path, unit.pk)
    unit.save(update_fields=["path"])
    audit_record(
        actor=actor,
        action="unit.create",
        object_type="unit",
        object_id=unit.pk,
        unit_path=unit.path,
        after=unit_snapshot(unit),
    )
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: Actor | None,
    unit: Unit,
    name: str,
    level: Level,
    members_count: int,
    start_date: dt.date | None,
    note: str = "",
) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _check_level_below(level, unit.parent)
    before = unit_snapshot(unit)
    unit.name, unit.level, unit.members_count = name, level, members_count
    unit.search_name = search_form(name)
    unit.start_date, unit.note = start_date, note
    unit.full_clean(exclude=["path", "parent", "merged_into"])
    unit.save()
    audit_record(
        actor=actor,
        action="unit.update",
        object_type="unit",
        object_id=unit.pk,
        unit_path=unit.path,
        before=before,
        after=unit_snapshot(unit),
    )
    return unit


def _check_level_below(level: Level, parent: Unit | None) -> None:
    """A unit's level must be below its parent's (a commune holds no "Trung ương")."""
    if parent is not None and level.rank <= parent.level.rank:
        raise DomainError(
            "unit.level_not_below_parent",
            gettext_lazy(
                "A unit under %(parent)s (%(parent_level)s) must be of a level below it, "
                "not %(level)s."
            ),
            parent=parent.name,
            parent_level=parent.level.name,
            level=level.name,
        )


def _repath_subtree(unit: Unit, new_parent: Unit | None) -> None:
    old = unit.path
    new = segment(unit.pk) if new_parent is None else child_path(new_parent.path, unit.pk)
    delta = (0 if new_parent is None else new_parent.depth + 1) - unit.depth
    Unit.objects.subtree(unit).update(
        path=Concat(Value(new), Substr("path", len(old) + 1)),
        depth=F("depth") + delta,
    )


@transaction.atomic
def unit_move(*, actor: Actor | None, unit: Unit, new_parent: Unit) -> Unit:
    """Put a unit and its subtree under another parent (e.g. after a level is abolished)."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.contains(new_parent):
        raise DomainError(
            "unit.moved_into_own_subtree",
            gettext_lazy("A unit cannot be moved under itself or its own subtree."),
        )
    if not new_parent.is_active:
        raise DomainError(
            "unit.moved_under_dissolved",
            gettext_lazy("A unit cannot be moved under a dissolved unit."),
        )
    before = unit_snapshot(unit)
    _repath_subtree(unit, new_parent)
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    audit_record(
        actor=actor,
        action="unit.move",
        object_type="unit",
        object_id=unit.pk,
        unit_path=unit.path,
        before=before,
        after=unit_snapshot(unit),
    )
    return unit


@transaction.atomic
def unit_dissolve(
    *, actor: Actor | None, unit: Unit, end_date: dt.date, merged_into: Unit | None = None
) -> Unit:
    """End a unit. Merged: its active children move to the unit it joins; its history stays."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_active:
        raise DomainError(
            "unit.already_dissolved",
            gettext_lazy("This unit is already dissolved."),
        )
    if unit.start_date and end_date < unit.start_date:
        raise DomainError(
            "unit.ends_before_start",
            gettext_lazy("The end date is before the unit was established."),
        )
    children = list(unit.children.filter(end_date__isnull=True))
    if merged_into is None and children:
        raise DomainError(
            "unit.has_active_children",
            gettext_lazy(
                "The unit still has %(n)d active units below it: move them or merge the unit."
            ),
            n=len(children),
        )
    if merged_into is not None:
        if unit.contains(merged_into):
            raise DomainError(
                "unit.merged_into_own_subtree",
                gettext_lazy("A unit cannot be merged into its own subtree."),
            )
        if not merged_into.is_active:
            raise DomainError(
                "unit.merged_into_dissolved",
                gettext_lazy("A unit cannot be merged into a dissolved unit."),
            )
        for child in children:
            unit_move(actor=actor, unit=child, new_parent=merged_into)
    before = unit_snapshot(unit)
    unit.end_date, unit.merged_into = end_date, merged_into
    unit.save(update_fields=["end_date", "merged_into"])
    audit_record(
        actor=actor,
        action="unit.merge" if merged_into else "unit.dissolve",
        object_type="unit",
        object_id=unit.pk,
        unit_path=unit.path,
        before=before,
        after=unit_snapshot(unit),
    )
    return unit


def member_build(*, unit: Unit, full_name: str, **fields: Any) -> Member:
    """A new member, not yet saved, with its name's Vietnamese sort key.

    Every write of a member's name goes through here (or sets ``name_order``
    the same way), so member lists page in ballot order; bulk loads save the
    built members themselves.
    """
    name = " ".join(full_name.split())
    return Member(unit=unit, full_name=name, name_order=sort_string(name), **fields)


@transaction.atomic
def member_create(*, actor: Actor | None, unit: Unit, full_name: str, **fields: Any) -> Member:
    member = member_build(unit=unit, full_name=full_name, **fields)
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="member.create",
        object_type="member",
        object_id=member.pk,
        unit_path=unit.path,
        after={"unit": unit.code, "full_name": member.full_name},
    )
    return member
