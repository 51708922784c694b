"""Reads of a congress's elections."""

from __future__ import annotations

from django.db.models import Prefetch

from daihoi.elections.definition import ordered_candidates
from daihoi.elections.models import Candidate, Election


def elections_of_congress(congress_id: int) -> list[Election]:
    """The congress's elections, each with ``ordered``: its candidates in ballot order."""
    elections = list(
        Election.objects.filter(congress_id=congress_id).prefetch_related(
            Prefetch("candidates", queryset=Candidate.objects.order_by("pk"))
        )
    )
    for e in elections:
        e.ordered = ordered_candidates(e)  # type: ignore[attr-defined]
    return elections
