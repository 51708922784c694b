"""Reads for the start page: the congresses a user holds a role in, and where each role works.

A read of the congresses app (it needs the congress's elections, which sit
below it), not of ``accounts``, which grants the roles but imports no app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from daihoi.accounts.access import Perm, congress_perms
from daihoi.accounts.models import CongressGrant, CongressRole
from daihoi.congresses.models import Congress
from daihoi.elections.models import Election, ElectionStatus


@dataclass
class Desk:
    """One place a congress role works in: its label and address."""

    label: str
    url: str


@dataclass
class CongressDesks:
    congress: Congress
    roles: list[str]
    desks: list[Desk] = field(default_factory=list)


def _election_desks(election: Election, perms: frozenset[Perm]) -> list[Desk]:
    desks: list[Desk] = []
    title = election.title
    if Perm.COUNT_HEAD in perms and election.status != ElectionStatus.DRAFT:
        desks.append(
            Desk(
                _("Counting desk: %(title)s") % {"title": title},
                reverse("batches", args=[election.pk]),
            )
        )
    if Perm.COUNT in perms and election.status in (
        ElectionStatus.LIST_APPROVED,
        ElectionStatus.COUNTING,
    ):
        desks.append(
            Desk(
                _("Enter ballots: %(title)s") % {"title": title},
                reverse("count_home", args=[election.pk]),
            )
        )
    if Perm.COUNT in perms and election.status == ElectionStatus.DRAFT:
        desks.append(
            Desk(
                _("Counting room (opens when the list is approved): %(title)s") % {"title": title},
                reverse("election_detail", args=[election.pk]),
            )
        )
    if election.status == ElectionStatus.FINALISED:
        desks.append(
            Desk(
                _("Result: %(title)s") % {"title": title},
                reverse("election_result", args=[election.pk]),
            )
        )
    return desks


def congress_desks(user: Any) -> list[CongressDesks]:
    """Each congress the user holds a congress role on, with the pages that role works in."""
    grants = (
        CongressGrant.objects.filter(user=user)
        .select_related("congress", "congress__unit", "congress__term")
        .order_by("congress__unit__path", "role")
    )
    found: dict[int, CongressDesks] = {}
    for grant in grants:
        entry = found.setdefault(grant.congress_id, CongressDesks(grant.congress, []))
        entry.roles.append(str(CongressRole(grant.role).label))
    for entry in found.values():
        congress = entry.congress
        perms = congress_perms(user, congress)
        if Perm.HALL in perms:
            entry.desks.append(
                Desk(_("The congress in session"), reverse("hall_home", args=[congress.pk]))
            )
        for election in Election.objects.filter(congress=congress).order_by("pk"):
            entry.desks.extend(_election_desks(election, perms))
        entry.desks.append(
            Desk(_("The congress page"), reverse("congress_detail", args=[congress.pk]))
        )
    return list(found.values())
