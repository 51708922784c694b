"""The seal, its reopening, the next round, and what the counting minutes record."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.audit.services import audit_head_sign
from daihoi.core.elections import result_to_json
from daihoi.core.package import PackageError
from daihoi.elections.models import BatchStatus, Candidate, Deduction, Election, ElectionStatus
from daihoi.elections.problems import refuse_impossible
from daihoi.elections.selectors import (
    counted_ballots,
    definition_or_refusal,
    hall_present,
    result_or_refusal,
)
from daihoi.elections.services.common import _audit, _locked, _require_status
from daihoi.elections.services.setup import election_create
from daihoi.elections.services.testing import refuse_while_testing


def seal_hash(ballots: Sequence[Any], result_json: dict[str, Any]) -> str:
    """SHA-256 over every counted ballot (in a canonical order) and the result."""
    canonical = sorted(json.dumps(b, sort_keys=True, ensure_ascii=False) for b in ballots)
    digest = hashlib.sha256()
    for line in canonical:
        digest.update(line.encode("utf-8") + b"\n")
    digest.update(json.dumps(result_json, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


@transaction.atomic
def election_finalise(*, actor: Actor | None, election: Election) -> Election:
    """Seal the result: every batch matched; the hash covers every ballot and the result."""
    election = _locked(election)
    refuse_while_testing(election)
    _require_status(election, ElectionStatus.COUNTING)
    key = _signing_key()
    pending = election.batches.exclude(status=BatchStatus.MATCHED).count()
    if pending:
        raise ValidationError(
            _("%d batch(es) are not matched yet: finish or resolve them first.") % pending
        )
    definition = definition_or_refusal(election)
    ballots = counted_ballots(election)
    refuse_impossible(
        present=hall_present(election),
        issued=election.ballots_issued,
        collected=len(ballots),
    )
    result_json = result_to_json(result_or_refusal(definition, ballots))
    election.result = result_json
    election.seal_hash = seal_hash(ballots, result_json)
    election.sealed_at = timezone.now()
    election.status = ElectionStatus.FINALISED
    election.save()
    _audit(
        actor,
        "election.seal",
        election,
        seal_hash=election.seal_hash,
        outcome=result_json["outcome"],
        elected=result_json["elected"],
    )
    audit_head_sign(
        actor=actor,
        key=key,
        object_type="election",
        object_id=election.pk,
        unit_path=election.congress.unit.path,
    )
    return election


def _signing_key() -> Ed25519PrivateKey:
    """The station's key, which signs the audit chain's head at the seal; refused if unreadable."""
    from daihoi.elections.packages import station_key

    try:
        return station_key()
    except PackageError as exc:
        raise ValidationError(exc.message("en" if get_language() == "en" else "vi")) from None


@transaction.atomic
def election_reopen(*, actor: Actor | None, election: Election, reason: str) -> Election:
    """Undo the seal, for a reason the audit keeps. The counted ballots stay as they are."""
    election = _locked(election)
    _require_status(election, ElectionStatus.FINALISED)
    if not reason.strip():
        raise ValidationError(_("Give the reason for reopening."))
    if hasattr(election, "next_round"):
        raise ValidationError(_("A next round was already opened from this result."))
    _audit(actor, "election.reopen", election, reason=reason.strip(), seal_hash=election.seal_hash)
    election.result, election.seal_hash, election.sealed_at = None, "", None
    election.status = ElectionStatus.COUNTING
    election.save()
    return election


@transaction.atomic
def election_next_round(*, actor: Actor | None, election: Election) -> Election:
    """Open the round the sealed result calls for: the named candidates, the seats left."""
    election = _locked(election)
    _require_status(election, ElectionStatus.FINALISED)
    step = (election.result or {}).get("next")
    if not step:
        raise ValidationError(_("This result is complete: no further round."))
    by_code = {c.code: c for c in election.candidates.all()}
    new = election_create(
        actor=actor,
        congress=election.congress,
        kind=election.kind,
        title=election.title,
        seats=step["seats"],
        profile=election.profile,
        summoned=election.summoned,
        entry_copies=election.entry_copies,
        round=election.round + 1,
        previous=election,
    )
    new.rules = election.rules
    new.save(update_fields=["rules"])
    for d in election.deductions.all():
        Deduction.objects.create(election=new, reason=d.reason, count=d.count)
    for code in step["candidates"]:
        c = by_code[code]
        Candidate.objects.create(
            election=new, full_name=c.full_name, note=c.note, born=c.born, member_id=c.member_id
        )
    _audit(actor, "election.next_round", election, step=step["action"], round=new.round)
    return new


COMMITTEE_ROLES = ("head", "deputy", "member")


@transaction.atomic
def counting_minutes_set(
    *,
    actor: Actor | None,
    election: Election,
    ballots_issued: int | None,
    committee: list[tuple[str, str]],
) -> Election:
    """What the counting minutes record beside the count: the ballots issued and the
    counting committee by name and role (head, deputy, member). Until the seal."""
    election = _locked(election)
    _require_status(
        election, ElectionStatus.DRAFT, ElectionStatus.LIST_APPROVED, ElectionStatus.COUNTING
    )
    if ballots_issued is not None and ballots_issued < 0:
        raise ValidationError(_("The ballots issued cannot be negative."))
    members = [(" ".join(name.split()), role) for name, role in committee]
    for name, role in members:
        if not name or role not in COMMITTEE_ROLES:
            raise ValidationError(_("Each member of the counting committee needs a name."))
    if sum(1 for _name, role in members if role == "head") > 1:
        raise ValidationError(_("The counting committee has one head."))
    election.ballots_issued = ballots_issued
    election.counting_committee = [{"name": n, "role": r} for n, r in members]
    election.save(update_fields=["ballots_issued", "counting_committee"])
    _audit(
        actor,
        "election.minutes_set",
        election,
        ballots_issued=ballots_issued,
        counting_committee=election.counting_committee,
    )
    return election
