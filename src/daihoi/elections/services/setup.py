"""Setting an election up: its figures and the deductions from its base."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.elections.models import Deduction, Election, ElectionStatus
from daihoi.elections.problems import refuse_impossible
from daihoi.elections.services.common import (
    CongressRef,
    _audit,
    _deducted,
    _locked,
    _require_status,
)


@transaction.atomic
def election_create(
    *,
    actor: Actor | None,
    congress: CongressRef,
    kind: str,
    title: str,
    seats: int,
    profile: str = "cpv-2024",
    summoned: int | None = None,
    ballots_issued: int | None = None,
    entry_copies: int = 2,
    round: int = 1,
    previous: Election | None = None,
) -> Election:
    if Election.objects.filter(congress_id=congress.pk, kind=kind, round=round).exists():
        raise ValidationError(_("This congress already has that election in round %d.") % round)
    election = Election(
        congress_id=congress.pk,
        kind=kind,
        title=title,
        seats=seats,
        profile=profile,
        summoned=congress.summoned if summoned is None else summoned,
        ballots_issued=ballots_issued,
        entry_copies=entry_copies,
        round=round,
        previous=previous,
    )
    election.full_clean()
    election.save()
    _audit(actor, "election.create", election, kind=kind, seats=seats, title=title, round=round)
    return election


@transaction.atomic
def election_update(
    *,
    actor: Actor | None,
    election: Election,
    title: str,
    seats: int,
    profile: str,
    summoned: int,
    ballots_issued: int | None,
    entry_copies: int,
) -> Election:
    election = _locked(election)
    _require_status(election, ElectionStatus.DRAFT)
    refuse_impossible(summoned=summoned, deducted=_deducted(election) or None)
    election.title, election.seats, election.profile = title, seats, profile
    election.summoned, election.ballots_issued = summoned, ballots_issued
    election.entry_copies = entry_copies
    election.full_clean()
    election.save()
    _audit(
        actor,
        "election.update",
        election,
        title=title,
        seats=seats,
        profile=profile,
        summoned=summoned,
        ballots_issued=ballots_issued,
        entry_copies=entry_copies,
    )
    return election


@transaction.atomic
def deduction_add(*, actor: Actor | None, election: Election, reason: str, count: int) -> Deduction:
    """A deduction from the base (docs/rules.md §3); allowed until counting starts."""
    election = _locked(election)
    _require_status(election, ElectionStatus.DRAFT, ElectionStatus.LIST_APPROVED)
    if count < 1:
        raise ValidationError(_("A deduction counts at least one person."))
    refuse_impossible(summoned=election.summoned, deducted=_deducted(election) + count)
    deduction = Deduction.objects.create(election=election, reason=reason.strip(), count=count)
    _audit(actor, "election.deduction_add", election, reason=deduction.reason, count=count)
    return deduction


@transaction.atomic
def deduction_remove(*, actor: Actor | None, election: Election, deduction: Deduction) -> None:
    election = _locked(election)
    _require_status(election, ElectionStatus.DRAFT, ElectionStatus.LIST_APPROVED)
    _audit(
        actor, "election.deduction_remove", election, reason=deduction.reason, count=deduction.count
    )
    deduction.delete()
