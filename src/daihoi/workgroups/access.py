"""Who may see and change a working group and its recommendations.

A group belongs to its committee (a unit): whoever reads that unit reads the
group, its office manages it (members, units followed, who attends which
congress) and may record visits. A member who holds an account of the portal
reads the group and records its visits and recommendations (``Perm.VISIT``),
with no other right on the committee.

A recommendation is also seen by the unit it is addressed to: whoever reads
that unit reads it (not the visit's notes, nor the group's page). Its
``Perm.MANAGE`` is the answer, which is the unit's office's: an office that
also manages the group's committee (the committee's own office, or the
administrator) is the group's side and does not answer for the unit. Its
``Perm.VISIT`` (mark done, reopen) is the group's.
"""

from __future__ import annotations

from typing import Any

from daihoi.accounts.access import Perm, by_key, object_access, require, unit_perms
from daihoi.workgroups.models import GroupMember, Recommendation, WorkGroup


def is_member(user: Any, group: WorkGroup) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    cache: dict[int, bool] = user.__dict__.setdefault("_daihoi_group_member", {})
    if group.pk not in cache:
        cache[group.pk] = GroupMember.objects.filter(group=group, user=user).exists()
    return cache[group.pk]


def group_perms(user: Any, group: WorkGroup) -> frozenset[Perm]:
    on_unit = unit_perms(user, group.unit)
    perms: set[Perm] = set()
    if Perm.VIEW in on_unit:
        perms.add(Perm.VIEW)
    if Perm.MANAGE in on_unit:
        perms |= {Perm.MANAGE, Perm.VISIT}
    if is_member(user, group):
        perms |= {Perm.VIEW, Perm.VISIT}
    return frozenset(perms)


def can_answer(user: Any, recommendation: Recommendation) -> bool:
    """The addressed unit's office answers; the group's side does not."""
    if Perm.MANAGE not in unit_perms(user, recommendation.unit):
        return False
    return not ({Perm.MANAGE, Perm.VISIT} & group_perms(user, recommendation.group))


def recommendation_perms(user: Any, recommendation: Recommendation) -> frozenset[Perm]:
    perms = set(group_perms(user, recommendation.group) & {Perm.VIEW, Perm.VISIT})
    if Perm.VIEW in unit_perms(user, recommendation.unit):
        perms.add(Perm.VIEW)
    if can_answer(user, recommendation):
        perms.add(Perm.MANAGE)
    return frozenset(perms)


def get_group(user: Any, pk: int, perm: Perm = Perm.VIEW) -> WorkGroup:
    group = by_key(WorkGroup.objects.select_related("unit", "unit__parent"), pk)
    require(group_perms(user, group), perm)
    return group


def get_recommendation(user: Any, pk: int, perm: Perm = Perm.VIEW) -> Recommendation:
    recommendation = by_key(
        Recommendation.objects.select_related("group", "group__unit", "unit", "visit"), pk
    )
    require(recommendation_perms(user, recommendation), perm)
    return recommendation


#: Load the group named by the ``pk`` URL argument and check the permission on it.
group_access = object_access(get_group)
#: Load the recommendation named by the ``pk`` URL argument and check the permission on it.
recommendation_access = object_access(get_recommendation)
