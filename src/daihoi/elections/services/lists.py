"""The congress's vote on the list: decided here, once, by the election's definition.

The hall's vote on a list (``daihoi.congresses``) comes here too: the hall records the
figures, this module decides (docs/architecture-apps.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.core.elections.votes import procedural_vote_base, procedural_vote_passes
from daihoi.elections.models import Election, ElectionStatus
from daihoi.elections.problems import refuse_impossible
from daihoi.elections.selectors import definition_or_refusal, list_checks
from daihoi.elections.services.common import (
    _audit,
    _deducted,
    _locked,
    _locked_id,
    _require_status,
)


@dataclass(frozen=True)
class ListVoteDecision:
    """The base of a vote on an election's list and whether it passed (docs/rules.md §5)."""

    base: int
    passed: bool


def list_vote_decision(
    election: Election, *, present: int, agree: int, disagree: int
) -> ListVoteDecision:
    """The one decision of a vote on an election's list, by the election's definition.

    Its profile, its rule overrides, those it summons and its deductions give the base;
    the hall's vote on the list (``daihoi.congresses``) is decided here too.
    """
    refuse_impossible(
        summoned=election.summoned,
        deducted=_deducted(election) or None,
        present=present,
        agree=agree,
        disagree=disagree,
    )
    definition = definition_or_refusal(election)
    base = procedural_vote_base(
        definition.rules, definition.electorate, present=present, votes_cast=agree + disagree
    )
    return ListVoteDecision(base, procedural_vote_passes(agree, base))


@transaction.atomic
def election_list_approve(
    *, actor: Actor | None, election: Election, present: int, agree: int, disagree: int
) -> bool:
    """Record the congress's vote on the list and the number to elect; True when it passed."""
    return election_list_vote_record(
        actor=actor, election_id=election.pk, present=present, agree=agree, disagree=disagree
    ).passed


@transaction.atomic
def election_list_vote_record(
    *, actor: Actor | None, election_id: int, present: int, agree: int, disagree: int
) -> ListVoteDecision:
    """The hall's vote on the list, as the election's list vote: recorded and decided here."""
    election = _locked_id(election_id)
    _require_status(election, ElectionStatus.DRAFT)
    return _list_vote_save(
        actor,
        election,
        present=present,
        agree=agree,
        disagree=disagree,
        action="election.list_vote",
    )


def _list_vote_save(
    actor: Actor | None,
    election: Election,
    *,
    present: int,
    agree: int,
    disagree: int,
    action: str,
    **audit: Any,
) -> ListVoteDecision:
    decision = list_vote_decision(election, present=present, agree=agree, disagree=disagree)
    if any(
        level == "error" for level, _m in list_checks(election, definition_or_refusal(election))
    ):
        raise ValidationError(_("The list does not meet the rules yet (see above)."))
    before = [election.list_present, election.list_agree, election.list_disagree]
    election.list_present, election.list_agree, election.list_disagree = present, agree, disagree
    election.status = ElectionStatus.LIST_APPROVED if decision.passed else ElectionStatus.DRAFT
    election.save()
    if action != "election.list_vote":
        audit["before"] = before
    _audit(
        actor,
        action,
        election,
        present=present,
        agree=agree,
        disagree=disagree,
        base=decision.base,
        passed=decision.passed,
        **audit,
    )
    return decision


def list_vote_correctable(election: Election) -> bool:
    """A recorded list vote may be corrected until the first ballot is counted."""
    return (
        election.list_present is not None
        and election.status in (ElectionStatus.DRAFT, ElectionStatus.LIST_APPROVED)
        and not election.batches.exists()
    )


@transaction.atomic
def election_list_vote_correct(
    *, actor: Actor | None, election: Election, present: int, agree: int, disagree: int, reason: str
) -> bool:
    """Correct the figures of the list vote, for a reason the audit keeps; True when it passed.

    Until the first batch of ballots is opened: from then on the count rests on the list.
    """
    election = _locked(election)
    if not list_vote_correctable(election):
        raise ValidationError(
            _("The list vote can be corrected only until the first ballots are counted.")
        )
    if not reason.strip():
        raise ValidationError(_("Give the reason for the correction."))
    return _list_vote_save(
        actor,
        election,
        present=present,
        agree=agree,
        disagree=disagree,
        action="election.list_vote_correct",
        reason=reason.strip(),
    ).passed
