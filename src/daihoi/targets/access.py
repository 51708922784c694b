"""Who may read and change a target, on top of ``accounts.access``.

A target belongs to its unit: the unit's office changes it, whoever sees the
unit reads it — an upper unit's office and viewers read the targets of every
unit below, as ``unit_perms`` gives. Nothing else is new here.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from daihoi.accounts.access import Perm, object_access, require, unit_perms
from daihoi.targets import selectors
from daihoi.targets.models import Target


def get_target(user: Any, pk: int, perm: Perm = Perm.VIEW) -> Target:
    target = selectors.target_detail(pk)
    if target is None:
        raise Http404
    require(unit_perms(user, target.unit), perm)
    return target


#: Load the target named by the ``pk`` URL argument and check the permission on its unit.
target_access = object_access(get_target)
