"""Sealed election results (scope ``read:results``): nothing of an election before its seal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from daihoi.accounts.access import Perm
from daihoi.accounts.models import ApiScope
from daihoi.api.v1.common import ERRORS, need
from daihoi.congresses.access import get_congress
from daihoi.elections.access import get_election
from daihoi.elections.models import Election, ElectionStatus

router = Router(tags=["results"])


class SealedElectionOut(Schema):
    id: int
    congress: int
    kind: str
    round: int
    title: str
    seats: int
    sealed_at: dt.datetime | None
    seal_hash: str


class BallotsOut(Schema):
    collected: int
    valid: int
    invalid: int
    invalid_by_reason: dict[str, int]


class CandidateOut(Schema):
    id: str
    name: str
    votes: int
    percent: str
    status: str
    rank: int


class ResultOut(Schema):
    """A ``daihoi/result@1`` as the seal stored it (docs/formats.md)."""

    election: SealedElectionOut
    profile: str
    rules: dict[str, Any]
    ballots: BallotsOut
    base: int
    threshold: int
    candidates: list[CandidateOut]
    elected: list[str]
    seats_filled: int
    outcome: str
    tied: list[str]
    next: dict[str, Any] | None


def _sealed_out(e: Election) -> SealedElectionOut:
    return SealedElectionOut(
        id=e.pk,
        congress=e.congress_id,
        kind=e.kind,
        round=e.round,
        title=e.title,
        seats=e.seats,
        sealed_at=e.sealed_at,
        seal_hash=e.seal_hash,
    )


@router.get("/congresses/{pk}/elections", response={200: list[SealedElectionOut], **ERRORS})
def congress_sealed_elections(request: HttpRequest, pk: int) -> list[SealedElectionOut]:
    """The congress's elections whose result is sealed (the others are not listed)."""
    need(request, ApiScope.READ_RESULTS)
    congress = get_congress(request.user, pk, Perm.VIEW)
    sealed = congress.elections.filter(status=ElectionStatus.FINALISED).order_by(
        "kind", "round", "pk"
    )
    return [_sealed_out(e) for e in sealed]


@router.get("/elections/{pk}/result", response={200: ResultOut, **ERRORS})
def election_result(request: HttpRequest, pk: int) -> ResultOut:
    """The sealed result; an election not sealed answers 404, whoever asks."""
    need(request, ApiScope.READ_RESULTS)
    election = get_election(request.user, pk, Perm.VIEW)
    if election.status != ElectionStatus.FINALISED or not election.result:
        raise Http404
    r = election.result
    return ResultOut(
        election=_sealed_out(election),
        profile=r["profile"],
        rules=r.get("rules", {}),
        ballots=BallotsOut(**r["ballots"]),
        base=r["base"],
        threshold=r["threshold"],
        candidates=[CandidateOut(**c) for c in r["candidates"]],
        elected=list(r["elected"]),
        seats_filled=r["seats_filled"],
        outcome=r["outcome"],
        tied=list(r["tied"]),
        next=r.get("next"),
    )
