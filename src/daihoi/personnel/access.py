"""Who reads personal data: the personnel role of the unit or a unit above it, nobody else.

On top of ``accounts.access``: a dossier belongs to its congress's unit, a
person to their unit; both need ``Perm.PERSONNEL`` there. Whoever sees the
unit but is not of its personnel subcommittee (its office, a viewer) gets 403;
whoever does not see the unit gets 404, as everywhere.
"""

from __future__ import annotations

from typing import Any

from daihoi.accounts.access import Perm, by_key, congress_perms, object_access, require, unit_perms
from daihoi.organizations.models import Member
from daihoi.personnel.models import Dossier


def get_dossier(user: Any, pk: int, perm: Perm = Perm.PERSONNEL) -> Dossier:
    dossier = by_key(
        Dossier.objects.select_related(
            "congress",
            "congress__unit",
            "congress__unit__level",
            "congress__term",
            "member",
            "member__unit",
        ),
        pk,
    )
    require(congress_perms(user, dossier.congress), perm)
    return dossier


def get_member(user: Any, pk: int, perm: Perm = Perm.PERSONNEL) -> Member:
    member = by_key(Member.objects.select_related("unit"), pk)
    require(unit_perms(user, member.unit), perm)
    return member


#: Load the dossier named by ``pk`` and require the personnel role on its congress's unit.
dossier_access = object_access(get_dossier)(Perm.PERSONNEL)
#: Load the member named by ``pk`` and require the personnel role on their unit.
member_access = object_access(get_member)(Perm.PERSONNEL)
