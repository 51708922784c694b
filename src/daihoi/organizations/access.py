"""Who may see and change a unit: the unit loader and its access decorator."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from daihoi.accounts.access import Perm, object_access, require, unit_perms
from daihoi.organizations.models import Unit


def get_unit(user: Any, code: str, perm: Perm = Perm.VIEW) -> Unit:
    unit = Unit.objects.select_related("level", "parent").filter(code=code).order_by().first()
    if unit is None:
        raise Http404
    require(unit_perms(user, unit), perm)
    return unit


#: Load the unit named by the ``code`` URL argument and check the permission on it.
unit_access = object_access(get_unit, arg="code")
