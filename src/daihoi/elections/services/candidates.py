"""The candidate list: names added, removed or withdrawn by the congress's decision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.core.elections.lists import outside_nominee_admitted
from daihoi.elections.definition import election_rules
from daihoi.elections.models import Candidate, Election, ElectionStatus
from daihoi.elections.problems import refuse_impossible
from daihoi.elections.services.common import _audit, _locked, _require_status


@transaction.atomic
def candidate_add(
    *,
    actor: Actor | None,
    election: Election,
    full_name: str,
    note: str = "",
    born: dt.date | None = None,
    member_id: int | None = None,
    outside_nominee: bool = False,
    admission_present: int | None = None,
    admission_agree: int | None = None,
) -> Candidate:
    """Add a name; an outside nominee needs the congress's vote (190-QĐ/TW Art. 14)."""
    election = _locked(election)
    _require_status(election, ElectionStatus.DRAFT)
    if outside_nominee:
        _check_admission(election, admission_present, admission_agree)
    candidate = Candidate(
        election=election,
        full_name=" ".join(full_name.split()),
        note=note.strip(),
        born=born,
        member_id=member_id,
        outside_nominee=outside_nominee,
        admission_present=admission_present if outside_nominee else None,
        admission_agree=admission_agree if outside_nominee else None,
    )
    candidate.full_clean()
    candidate.save()
    _audit(
        actor,
        "candidate.add",
        election,
        candidate=candidate.code,
        name=candidate.full_name,
        note=candidate.note,
        outside_nominee=outside_nominee,
        admission=[admission_agree, admission_present] if outside_nominee else None,
    )
    return candidate


def _check_admission(election: Election, present: int | None, agree: int | None) -> None:
    """More than a share of those present (30% in cpv-2024) agree to an outside nominee
    (docs/rules.md §4)."""
    if present is None or agree is None:
        raise ValidationError(
            _(
                "A self-nominee or a nominee not proposed needs the congress's vote: "
                "enter those present and those who agree."
            )
        )
    refuse_impossible(summoned=election.summoned, present=present, agree=agree)
    rules = election_rules(election)
    if not outside_nominee_admitted(agree, present, rules):
        raise ValidationError(
            _(
                "%(agree)d of %(present)d present is not more than %(share)d%%: the nominee "
                "does not enter the list."
            )
            % {"agree": agree, "present": present, "share": rules.outside_nominee_percent}
        )


@transaction.atomic
def candidates_add_many(
    *, actor: Actor | None, election: Election, rows: Sequence[dict[str, Any]]
) -> list[Candidate]:
    """Several names at once (an import or the congress's people): all or none."""
    return [candidate_add(actor=actor, election=election, **row) for row in rows]


@transaction.atomic
def candidate_remove(*, actor: Actor | None, election: Election, candidate: Candidate) -> None:
    """Take back a name typed by mistake, before the list goes to the congress."""
    election = _locked(election)
    _require_status(election, ElectionStatus.DRAFT)
    _audit(actor, "candidate.remove", election, candidate=candidate.code, name=candidate.full_name)
    candidate.delete()


@transaction.atomic
def candidate_withdraw(
    *, actor: Actor | None, election: Election, candidate: Candidate, decision: str
) -> Candidate:
    """A withdrawal the congress decided by vote (190-QĐ/TW Art. 14), with its decision."""
    election = _locked(election)
    _require_status(election, ElectionStatus.DRAFT)
    if not decision.strip():
        raise ValidationError(_("Record the congress's decision on the withdrawal."))
    candidate.withdrawn, candidate.withdrawal_note = True, decision.strip()
    candidate.save(update_fields=["withdrawn", "withdrawal_note"])
    _audit(
        actor,
        "candidate.withdraw",
        election,
        candidate=candidate.code,
        name=candidate.full_name,
        decision=candidate.withdrawal_note,
    )
    return candidate
