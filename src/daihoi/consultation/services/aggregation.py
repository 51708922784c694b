"""A round's comments grouped: duplicates found, topics named, counts kept."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.consultation.models import (
    Comment,
    CommentGroup,
    GroupKind,
    Round,
)
from daihoi.core.texts import aggregate as agg
from daihoi.organizations.models import Unit

UNITS_KEPT = 20  # units listed with a group
UPDATE_CHUNK = 5000


# --- aggregation ------------------------------------------------------------------------


def _in_chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), UPDATE_CHUNK):
        yield ids[i : i + UPDATE_CHUNK]


@dataclass(frozen=True)
class _Section:
    number: int
    comments: int
    result: agg.Aggregation


def round_aggregate(
    *, round_: Round, user: Actor | None, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Group the round's comments section by section and store the groups and topics.

    Two steps: the comments are read and grouped section by section outside any
    transaction (``progress(done, total)`` is called as each section is done, so
    a page or the command line can follow it); then the groups replace the
    round's previous ones in one transaction. A comment sent between the two is
    left ungrouped, as one sent after the grouping; a failure leaves the
    previous groups as they were.
    """
    numbers = sorted(set(round_.comments.values_list("section_number", flat=True).distinct()))
    grouped: list[_Section] = []
    for done, number in enumerate(numbers, start=1):
        rows = list(
            round_.comments.filter(section_number=number)
            .order_by("pk")
            .values_list("pk", "text", "unit_id")
        )
        result = agg.aggregate([agg.CommentText(pk, text, unit) for pk, text, unit in rows])
        grouped.append(_Section(number, len(rows), result))
        if progress is not None:
            progress(done, len(numbers))
    return _store(round_, user, grouped)


@transaction.atomic
def _store(round_: Round, user: Actor | None, grouped: list[_Section]) -> dict[str, int]:
    round_ = Round.objects.select_for_update().select_related("draft__unit").get(pk=round_.pk)
    round_.comments.update(duplicate_group=None, topic=None)
    round_.groups.all().delete()
    unit_names: dict[int, str] = {}
    totals = {"comments": 0, "groups": 0, "topics": 0}
    for section in grouped:
        number, result = section.number, section.result
        missing = {u for g in result.topics for u, _n in g.units} - unit_names.keys()
        if missing:
            unit_names.update(Unit.objects.filter(pk__in=missing).values_list("pk", "name"))

        def named(units: Sequence[tuple[int, int]]) -> list[list[Any]]:
            return [[unit_names.get(u, "?"), n] for u, n in units[:UNITS_KEPT]]

        topics = CommentGroup.objects.bulk_create(
            [
                CommentGroup(
                    round=round_,
                    section_number=number,
                    kind=GroupKind.TOPIC,
                    rank=rank,
                    label=t.label[:300],
                    size=t.count,
                    wordings=sum(result.groups[g].wordings for g in t.groups),
                    representatives=list(t.representatives),
                    units=named(t.units),
                    units_count=len(t.units),
                )
                for rank, t in enumerate(result.topics)
            ]
        )
        topic_of_group = {g: topics[rank] for rank, t in enumerate(result.topics) for g in t.groups}
        shared = [(i, g) for i, g in enumerate(result.groups) if len(g.members) > 1]
        missing = {u for _i, g in shared for u, _n in g.units} - unit_names.keys()
        if missing:
            unit_names.update(Unit.objects.filter(pk__in=missing).values_list("pk", "name"))
        duplicates = CommentGroup.objects.bulk_create(
            [
                CommentGroup(
                    round=round_,
                    section_number=number,
                    kind=GroupKind.DUPLICATES,
                    rank=rank,
                    label="",
                    size=len(g.members),
                    wordings=g.wordings,
                    topic=topic_of_group[i],
                    representatives=[g.representative],
                    units=named(g.units),
                    units_count=len(g.units),
                )
                for rank, (i, g) in enumerate(shared)
            ]
        )
        for group, (_i, g) in zip(duplicates, shared, strict=True):
            for chunk in _in_chunks(g.members):
                Comment.objects.filter(pk__in=chunk).update(duplicate_group=group)
        members_of_topic: dict[int, list[int]] = defaultdict(list)
        for i, g in enumerate(result.groups):
            members_of_topic[topic_of_group[i].pk].extend(g.members)
        for topic_pk, members in members_of_topic.items():
            for chunk in _in_chunks(members):
                Comment.objects.filter(pk__in=chunk).update(topic_id=topic_pk)
        totals["comments"] += section.comments
        totals["groups"] += len(duplicates)
        totals["topics"] += len(topics)
    round_.aggregated_at = timezone.now()
    round_.save(update_fields=["aggregated_at"])
    audit_record(
        actor=user,
        action="consultation.round_aggregate",
        object_type="consultation.round",
        object_id=round_.pk,
        unit_path=round_.draft.unit.path,
        after=totals,
    )
    return totals
