"""The writes of the working groups: each atomic, each audited, each refusal in words.

Every refusal is a :class:`~daihoi.errors.DomainError` naming the field, and
nothing is written: the checks come before the first write, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.congresses.models import Congress
from daihoi.core import fieldwork
from daihoi.errors import DomainError
from daihoi.organizations.models import Unit
from daihoi.workgroups.models import (
    Attendance,
    FollowedUnit,
    GroupMember,
    Recommendation,
    Visit,
    WorkGroup,
)

TEXT_LIMIT = 5000


def _user(actor: Actor | None) -> Any:
    return actor if isinstance(actor, get_user_model()) and actor.pk else None


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _clean_line(text: str, field: str, limit: int, *, required: bool = False) -> str:
    text = " ".join(text.split())
    if required and not text:
        raise DomainError(
            "workgroup.required",
            gettext_lazy("%(field)s: this cannot be empty."),
            field=field,
        )
    if len(text) > limit:
        raise DomainError(
            "workgroup.too_long",
            gettext_lazy("%(field)s: at most %(limit)d characters."),
            field=field,
            limit=limit,
        )
    return text


def _clean_text(text: str, field: str, *, required: bool = False) -> str:
    text = text.strip()
    if required and not text:
        raise DomainError(
            "workgroup.required",
            gettext_lazy("%(field)s: this cannot be empty."),
            field=field,
        )
    if len(text) > TEXT_LIMIT:
        raise DomainError(
            "workgroup.too_long",
            gettext_lazy("%(field)s: at most %(limit)d characters."),
            field=field,
            limit=TEXT_LIMIT,
        )
    return text


def _not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise DomainError(
            "workgroup.future",
            gettext_lazy("%(field)s: %(day)s is in the future."),
            field=field,
            day=_day(day),
        )


def _audit(actor: Actor | None, action: str, group: WorkGroup, **kw: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="workgroup",
        object_id=group.pk,
        unit_path=group.unit.path,
        **kw,
    )


# --- the group ---------------------------------------------------------------------------


def _name_free(unit: Unit, name: str, group: WorkGroup | None = None) -> None:
    others = WorkGroup.objects.filter(unit=unit, name=name)
    if group is not None:
        others = others.exclude(pk=group.pk)
    if others.exists():
        raise DomainError(
            "workgroup.name_taken",
            gettext_lazy("Name: %(unit)s already has a working group named %(name)s."),
            unit=unit.name,
            name=name,
        )


@transaction.atomic
def group_create(*, actor: Actor | None, unit: Unit, name: str, note: str = "") -> WorkGroup:
    """A working group of the committee ``unit`` (a unit in being)."""
    name = _clean_line(name, str(gettext_lazy("Name")), 200, required=True)
    note = _clean_line(note, str(gettext_lazy("Note")), 500)
    if not unit.is_active:
        raise DomainError(
            "workgroup.unit_dissolved",
            gettext_lazy("Committee: %(unit)s has been dissolved."),
            unit=unit.name,
        )
    _name_free(unit, name)
    group = WorkGroup.objects.create(unit=unit, name=name, note=note)
    _audit(actor, "workgroup.create", group, after={"name": name, "note": note})
    return group


@transaction.atomic
def group_update(*, actor: Actor | None, group: WorkGroup, name: str, note: str = "") -> WorkGroup:
    name = _clean_line(name, str(gettext_lazy("Name")), 200, required=True)
    note = _clean_line(note, str(gettext_lazy("Note")), 500)
    _name_free(group.unit, name, group)
    before = {"name": group.name, "note": group.note}
    group.name, group.note = name, note
    group.save(update_fields=["name", "note"])
    _audit(actor, "workgroup.update", group, before=before, after={"name": name, "note": note})
    return group


@transaction.atomic
def member_add(
    *, actor: Actor | None, group: WorkGroup, name: str = "", post: str = "", user: Any = None
) -> GroupMember:
    """A member: an account (named by its full name unless ``name`` is given) or a person."""
    if user is not None:
        if not user.is_active:
            raise DomainError(
                "workgroup.member_inactive",
                gettext_lazy("Account: %(username)s is not active."),
                username=user.username,
            )
        if GroupMember.objects.filter(group=group, user=user).exists():
            raise DomainError(
                "workgroup.member_twice",
                gettext_lazy("Account: %(username)s is already a member of this group."),
                username=user.username,
            )
        name = name or getattr(user, "full_name", "") or user.username
    name = _clean_line(name, str(gettext_lazy("Full name")), 150, required=True)
    post = _clean_line(post, str(gettext_lazy("Post")), 200)
    member = GroupMember.objects.create(group=group, user=user, name=name, post=post)
    _audit(
        actor,
        "workgroup.member_add",
        group,
        after={"member": member.pk, "name": name, "post": post, "user": getattr(user, "pk", None)},
    )
    return member


@transaction.atomic
def member_remove(*, actor: Actor | None, member: GroupMember) -> None:
    group = member.group
    before = {"member": member.pk, "name": member.name, "post": member.post}
    member.delete()  # and the congresses they were to attend
    _audit(actor, "workgroup.member_remove", group, before=before)


@transaction.atomic
def unit_follow(*, actor: Actor | None, group: WorkGroup, unit: Unit) -> FollowedUnit:
    """The group follows ``unit``: a unit in being below the group's committee."""
    if unit.pk == group.unit_id or not group.unit.contains(unit):
        raise DomainError(
            "workgroup.unit_outside",
            gettext_lazy(
                "Unit: %(unit)s is not below %(committee)s, so its working group cannot follow it."
            ),
            unit=unit.name,
            committee=group.unit.name,
        )
    if not unit.is_active:
        raise DomainError(
            "workgroup.unit_dissolved",
            gettext_lazy("Unit: %(unit)s has been dissolved."),
            unit=unit.name,
        )
    if FollowedUnit.objects.filter(group=group, unit=unit).exists():
        raise DomainError(
            "workgroup.unit_twice",
            gettext_lazy("Unit: the group already follows %(unit)s."),
            unit=unit.name,
        )
    followed = FollowedUnit.objects.create(group=group, unit=unit)
    _audit(actor, "workgroup.follow", group, after={"unit": unit.code})
    return followed


@transaction.atomic
def unit_unfollow(*, actor: Actor | None, group: WorkGroup, unit: Unit) -> None:
    """Stop following a unit the group has not visited (its record stays otherwise)."""
    if Visit.objects.filter(group=group, unit=unit).exists():
        raise DomainError(
            "workgroup.unit_visited",
            gettext_lazy("Unit: the group has visited %(unit)s; its visits stay on record."),
            unit=unit.name,
        )
    FollowedUnit.objects.filter(group=group, unit=unit).delete()
    Attendance.objects.filter(member__group=group, congress__unit=unit).delete()
    _audit(actor, "workgroup.unfollow", group, before={"unit": unit.code})


def _followed(group: WorkGroup, unit: Unit, what: str) -> None:
    if not FollowedUnit.objects.filter(group=group, unit=unit).exists():
        raise DomainError(
            "workgroup.not_followed",
            gettext_lazy(
                "Unit: %(unit)s is not among the units %(group)s follows, "
                "so it cannot receive %(what)s from it."
            ),
            unit=unit.name,
            group=group.name,
            what=what,
        )


# --- visits and recommendations ---------------------------------------------------------


@transaction.atomic
def visit_record(
    *,
    actor: Actor | None,
    group: WorkGroup,
    unit: Unit,
    visited_on: dt.date,
    notes: str = "",
    findings: str = "",
) -> Visit:
    """A visit of the group to one of the units it follows, on a day not in the future."""
    _followed(group, unit, str(gettext_lazy("a visit")))
    _not_future(visited_on, str(gettext_lazy("Date of the visit")))
    notes = _clean_text(notes, str(gettext_lazy("Notes")))
    findings = _clean_text(findings, str(gettext_lazy("Findings")))
    visit = Visit.objects.create(
        group=group,
        unit=unit,
        visited_on=visited_on,
        notes=notes,
        findings=findings,
        recorded_by=_user(actor),
        recorded_at=timezone.now(),
    )
    _audit(
        actor,
        "workgroup.visit",
        group,
        after={"visit": visit.pk, "unit": unit.code, "visited_on": visited_on.isoformat()},
    )
    return visit


@transaction.atomic
def recommendation_add(
    *,
    actor: Actor | None,
    visit: Visit,
    text: str,
    deadline: dt.date,
    unit: Unit | None = None,
) -> Recommendation:
    """A recommendation made at ``visit`` to ``unit`` (the visited unit unless another
    unit the group follows is named), to be done by ``deadline``."""
    group = visit.group
    unit = unit or visit.unit
    _followed(group, unit, str(gettext_lazy("a recommendation")))
    text = _clean_text(text, str(gettext_lazy("Recommendation")), required=True)
    if deadline < visit.visited_on:
        raise DomainError(
            "workgroup.deadline_before_visit",
            gettext_lazy("Deadline: %(day)s is before the visit (%(visit)s)."),
            day=_day(deadline),
            visit=_day(visit.visited_on),
        )
    rec = Recommendation.objects.create(
        group=group, visit=visit, unit=unit, text=text, deadline=deadline
    )
    _audit(
        actor,
        "workgroup.recommend",
        group,
        after={"recommendation": rec.pk, "unit": unit.code, "deadline": deadline.isoformat()},
    )
    return rec


def _locked(rec: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update()
        .select_related("group", "group__unit")
        .get(pk=rec.pk)
    )


def _rec_state(rec: Recommendation) -> dict[str, Any]:
    return {
        "answer": rec.answer,
        "answered_on": rec.answered_on.isoformat() if rec.answered_on else None,
        "done_on": rec.done_on.isoformat() if rec.done_on else None,
    }


@transaction.atomic
def recommendation_answer(
    *, actor: Actor | None, recommendation: Recommendation, answer: str, answered_on: dt.date
) -> Recommendation:
    """The unit's office answers (again, until the group marks it done)."""
    rec = _locked(recommendation)
    if rec.done_on is not None:
        raise DomainError(
            "workgroup.answer_done",
            gettext_lazy("Answer: the group has already marked this recommendation done."),
        )
    answer = _clean_text(answer, str(gettext_lazy("Answer")), required=True)
    _not_future(answered_on, str(gettext_lazy("Date of the answer")))
    visit_day = rec.visit.visited_on
    if answered_on < visit_day:
        raise DomainError(
            "workgroup.answer_before_visit",
            gettext_lazy("Date of the answer: %(day)s is before the visit (%(visit)s)."),
            day=_day(answered_on),
            visit=_day(visit_day),
        )
    before = _rec_state(rec)
    rec.answer, rec.answered_on, rec.answered_by = answer, answered_on, _user(actor)
    rec.save(update_fields=["answer", "answered_on", "answered_by"])
    _audit(
        actor, "workgroup.answer", rec.group, before=before, after=_rec_state(rec) | {"pk": rec.pk}
    )
    return rec


@transaction.atomic
def recommendation_close(
    *, actor: Actor | None, recommendation: Recommendation, done: bool
) -> Recommendation:
    """The group marks a recommendation done (once the unit has answered), or reopens it."""
    rec = _locked(recommendation)
    if done and not fieldwork.may_close(answered_on=rec.answered_on, done_on=rec.done_on):
        if rec.done_on is not None:
            raise DomainError(
                "workgroup.already_done",
                gettext_lazy("The recommendation is already marked done."),
            )
        raise DomainError(
            "workgroup.not_answered",
            gettext_lazy(
                "%(unit)s has not answered this recommendation yet: it cannot be marked done."
            ),
            unit=rec.unit.name,
        )
    if not done and rec.done_on is None:
        raise DomainError(
            "workgroup.not_done",
            gettext_lazy("The recommendation is not marked done: there is nothing to reopen."),
        )
    before = _rec_state(rec)
    rec.done_on = timezone.localdate() if done else None
    rec.done_by = _user(actor) if done else None
    rec.save(update_fields=["done_on", "done_by"])
    _audit(
        actor,
        "workgroup.done" if done else "workgroup.reopen",
        rec.group,
        before=before,
        after=_rec_state(rec) | {"pk": rec.pk},
    )
    return rec


# --- who attends which congress ----------------------------------------------------------


@transaction.atomic
def attendance_set(
    *, actor: Actor | None, group: WorkGroup, congress: Congress, members: Iterable[GroupMember]
) -> list[Attendance]:
    """The members of the group who attend ``congress`` (a followed unit's); replaces the list."""
    _followed(group, congress.unit, str(gettext_lazy("an attendance")))
    chosen = list(members)
    for m in chosen:
        if m.group_id != group.pk:
            raise DomainError(
                "workgroup.member_other",
                gettext_lazy("Members: %(name)s is not a member of %(group)s."),
                name=m.name,
                group=group.name,
            )
    current = Attendance.objects.filter(member__group=group, congress=congress)
    before = sorted(current.values_list("member_id", flat=True))
    current.delete()
    made = [
        Attendance.objects.create(member=m, congress=congress)
        for m in sorted(chosen, key=lambda m: m.pk)
    ]
    _audit(
        actor,
        "workgroup.attendance",
        group,
        before={"congress": congress.pk, "members": before},
        after={"congress": congress.pk, "members": [a.member_id for a in made]},
    )
    return made
