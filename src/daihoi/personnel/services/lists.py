"""The proposed list handed to a committee election of the congress, through its services."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.congresses.models import Congress
from daihoi.elections.models import Election, ElectionStatus
from daihoi.elections.services import candidates_add_many
from daihoi.errors import DomainError
from daihoi.personnel.selectors import LIST_KINDS, handover_plan, list_surplus

# --- the candidate list -----------------------------------------------------------------


def election_for_list(congress: Congress, election: Election) -> Election:
    """The election, locked, if a list may still be handed to it; refuses otherwise."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.congress_id != congress.pk:
        raise DomainError(
            "list.election_of_another_congress",
            gettext_lazy("That election is not of this congress."),
        )
    if election.kind not in LIST_KINDS:
        raise DomainError(
            "list.kind_not_from_dossiers",
            gettext_lazy("Only committee and standing committee lists come from dossiers."),
        )
    if election.status != ElectionStatus.DRAFT:
        raise DomainError(
            "list.no_longer_in_preparation",
            gettext_lazy("The election's list is no longer in preparation."),
        )
    return election


def check_list_size(election: Election, total: int) -> None:
    """Refuses a list of ``total`` names the engine's surplus rule refuses (190-QĐ/TW
    Art. 14): not more names than seats, or more than 30% over without the poll."""
    surplus = list_surplus(election, total)
    if surplus.at_congress is None:
        raise DomainError(
            "election.rules_unreadable",
            gettext_lazy("The election's rules cannot be read, nothing was handed over: %(why)s"),
            why=" ".join(surplus.problems),
        )
    at_congress = surplus.at_congress
    if at_congress.needs_poll or not at_congress.ok:
        raise DomainError(
            "list.surplus_refused",
            gettext_lazy(
                "%(n)d names for %(seats)d seats: the list must have between %(least)d and "
                "%(most)d names (190-QĐ/TW Art. 14). Nothing was handed over."
            ),
            n=total,
            seats=election.seats,
            least=at_congress.least,
            most=at_congress.most if at_congress.most is not None else total,
        )


@dataclass(frozen=True)
class Handover:
    added: int
    already: int
    total: int


@transaction.atomic
def list_handover(*, actor: Actor | None, congress: Congress, election: Election) -> Handover:
    """Hand the proposed list to a committee election of the congress, through its services.

    Names already on the election's list (the same member) are not added twice.
    A list the engine refuses — not more names than seats, or more than 30%
    over, which needs the congress's poll — is not handed over.
    """
    election = election_for_list(congress, election)
    new, already, total = handover_plan(congress, election)
    if not new and not already:
        raise DomainError(
            "list.empty",
            gettext_lazy("No dossier is on the proposed list."),
        )
    check_list_size(election, total)
    rows = [
        {
            "full_name": d.member.full_name,
            "note": ", ".join(
                p
                for p in (
                    str(d.member.birth_date.year) if d.member.birth_date else "",
                    d.member.unit.name,
                )
                if p
            ),
            "born": d.member.birth_date,
            "member_id": d.member_id,
        }
        for d in new
    ]
    candidates_add_many(actor=actor, election=election, rows=rows)
    audit_record(
        actor=actor,
        action="personnel.list.handover",
        object_type="election",
        object_id=election.pk,
        unit_path=congress.unit.path,
        after={"dossiers": [d.pk for d in new], "already": already},
    )
    return Handover(added=len(new), already=already, total=total)
