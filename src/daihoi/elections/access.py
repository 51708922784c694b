"""Who may see, set up and count an election: its congress's permissions, and its decorator."""

from __future__ import annotations

from typing import Any

from daihoi.accounts.access import Perm, by_key, congress_perms, object_access, require
from daihoi.elections.models import Election


def get_election(user: Any, pk: int, perm: Perm = Perm.VIEW) -> Election:
    election = by_key(
        Election.objects.select_related("congress", "congress__unit", "congress__term"),
        pk,
    )
    require(congress_perms(user, election.congress), perm)
    return election


#: Load the election named by the ``pk`` URL argument and check the permission on its congress.
election_access = object_access(get_election)
