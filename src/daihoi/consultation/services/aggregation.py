"""A round's comments grouped: duplicates found, topics named, counts kept."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
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


@transaction.atomic
def round_aggregate(*, round_: Round, user: Actor | None, progress: Any = None) -> dict[str, int]:
    """Group the round's comments section by section and store the groups and topics.

    Replaces the round's previous groups. ``progress`` (optional) is called with
    each section number as it is done, for the command line.
    """
    round_ = Round.objects.select_for_update().select_related("draft__unit").get(pk=round_.pk)
    round_.comments.update(duplicate_group=None, topic=None)
    round_.groups.all().delete()
    unit_names: dict[int, str] = {}
    totals = {"comments": 0, "groups": 0, "topics": 0}
    sections = sorted(set(round_.comments.values_list("section_number", flat=True).distinct()))
    for number in sections:
        rows = list(
            round_.comments.filter(section_number=number)
            .order_by("pk")
            .values_list("pk", "text", "unit_id")
        )
        result = agg.aggregate([agg.CommentText(pk, text, unit) for pk, text, unit in rows])
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
        totals["comments"] += len(rows)
        totals["groups"] += len(duplicates)
        totals["topics"] += len(topics)
        if progress is not None:
            progress(number)
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
