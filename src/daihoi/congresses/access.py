"""Who may see and work on a congress: the congress loader and its access decorator."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from daihoi.accounts.access import Perm, congress_perms, object_access, require
from daihoi.congresses.models import Congress


def get_congress(user: Any, pk: int, perm: Perm = Perm.VIEW) -> Congress:
    congress = (
        Congress.objects.select_related("unit", "unit__level", "term")
        .filter(pk=pk)
        .order_by()  # by its key: no default ordering to sort by
        .first()
    )
    if congress is None:
        raise Http404
    require(congress_perms(user, congress), perm)
    return congress


#: Load the congress named by the ``pk`` URL argument and check the permission on it.
congress_access = object_access(get_congress)
