"""Who may see and work on a congress: the congress loader and its access decorator."""

from __future__ import annotations

from typing import Any

from daihoi.accounts.access import Perm, by_key, congress_perms, object_access, require
from daihoi.congresses.models import Congress


def get_congress(user: Any, pk: int, perm: Perm = Perm.VIEW) -> Congress:
    congress = by_key(
        Congress.objects.select_related("unit", "unit__level", "term"),
        pk,
    )
    require(congress_perms(user, congress), perm)
    return congress


#: Load the congress named by the ``pk`` URL argument and check the permission on it.
congress_access = object_access(get_congress)
