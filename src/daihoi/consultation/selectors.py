"""Reads of drafts, versions, rounds and comments for the pages, the exports and the report."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from daihoi.congresses.models import Congress
from daihoi.consultation.models import (
    Comment,
    CommentGroup,
    Draft,
    GroupKind,
    Handling,
    Paragraph,
    Round,
    Section,
    Version,
)
from daihoi.core.texts.diff import word_diff
from daihoi.organizations.paths import ancestor_paths


def drafts_of_congress(congress: Congress) -> tuple[list[Draft], list[Round]]:
    """The unit's own drafts for the term, and the rounds of upper drafts open to this unit."""
    own: list[Draft] = list(
        Draft.objects.filter(unit=congress.unit, term=congress.term)
        .annotate(version_count=Count("versions", distinct=True))
        .order_by("pk")
    )
    ancestors = ancestor_paths(congress.unit.path)
    upper = list(
        Round.objects.filter(draft__term=congress.term, scope__path__in=ancestors)
        .exclude(draft__unit=congress.unit)
        .select_related("draft", "draft__unit", "version")
        .order_by("-opens_on", "pk")
    )
    return own, upper


def handling_counts(round_: Round) -> dict[int, dict[str, int]]:
    """Per section number: comments by handling, and their total."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        round_.comments.values("section_number", "handling").annotate(n=Count("pk")).order_by()
    ):
        counts[row["section_number"]][row["handling"]] += row["n"]
        counts[row["section_number"]]["total"] += row["n"]
    return counts


@dataclass
class SectionProgress:
    section: Section
    total: int
    pending: int
    by_handling: dict[str, int] = field(default_factory=dict)

    @property
    def handled(self) -> int:
        return self.total - self.pending

    @property
    def percent(self) -> int:
        return round(100 * self.handled / self.total) if self.total else 100


def round_progress(round_: Round) -> list[SectionProgress]:
    counts = handling_counts(round_)
    out = []
    for section in round_.version.sections.all():
        c = counts.get(section.number, {})
        out.append(
            SectionProgress(
                section=section,
                total=c.get("total", 0),
                pending=c.get(Handling.PENDING, 0),
                by_handling={h: c.get(h, 0) for h in Handling.values if h},
            )
        )
    return out


def section_comments(
    round_: Round,
    number: int,
    *,
    state: str = "",
    topic: int | None = None,
    comments: QuerySet[Comment] | None = None,
) -> QuerySet[Comment]:
    """A section's comments, of ``comments`` (those the reader may read) or all."""
    qs = (round_.comments.all() if comments is None else comments).filter(section_number=number)
    if state == "pending":
        qs = qs.filter(handling=Handling.PENDING)
    elif state == "handled":
        qs = qs.exclude(handling=Handling.PENDING)
    elif state and state in Handling.values:
        qs = qs.filter(handling=state)
    if topic is not None:
        qs = qs.filter(Q(topic_id=topic) | Q(duplicate_group_id=topic))
    return qs.select_related(
        "paragraph",
        "unit",
        "current_paragraph",
        "current_paragraph__version",
        "change",
        "change__version",
        "duplicate_group",
    ).order_by("paragraph__number", "pk")


def paragraph_counts(round_: Round, number: int) -> dict[int, int]:
    return dict(
        round_.comments.filter(section_number=number)
        .values_list("paragraph_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def later_paragraphs(round_: Round) -> QuerySet[Paragraph]:
    """Paragraphs of the versions after the round's, to link an answer to a change."""
    return (
        Paragraph.objects.filter(
            version__draft_id=round_.draft_id, version__number__gt=round_.version.number
        )
        .exclude(change="same")
        .select_related("version")
        .order_by("version__number", "number")
    )


@dataclass
class DiffRow:
    change: str  # same, changed, added, removed
    old_number: int | None
    new_number: int | None
    runs: list[tuple[str, str]]


def version_diff(old: Version, new: Version) -> list[DiffRow]:
    from daihoi.core.texts.diff import align

    old_ps = list(old.paragraphs.order_by("number").values_list("number", "text"))
    new_ps = list(new.paragraphs.order_by("number").values_list("number", "text"))
    rows = []
    for link in align([t for _, t in old_ps], [t for _, t in new_ps]):
        o = old_ps[link.old] if link.old is not None else None
        n = new_ps[link.new] if link.new is not None else None
        if link.change == "changed":
            assert o is not None and n is not None
            runs = word_diff(o[1], n[1])
        elif n is not None:
            runs = [("+" if link.change == "added" else "=", n[1])]
        else:
            assert o is not None
            runs = [("-", o[1])]
        rows.append(DiffRow(str(link.change), o[0] if o else None, n[0] if n else None, runs))
    return rows


def groups_of_section(round_: Round, number: int) -> list[CommentGroup]:
    return list(
        round_.groups.filter(section_number=number, kind=GroupKind.TOPIC).prefetch_related(
            "duplicate_groups"
        )
    )


def comments_by_id(ids: list[int], comments: QuerySet[Comment] | None = None) -> dict[int, Comment]:
    """The comments of these ids among ``comments`` (those the reader may read) or all."""
    qs = Comment.objects.all() if comments is None else comments
    return {c.pk: c for c in qs.filter(pk__in=ids).select_related("unit", "paragraph")}


def commenting_unit_names(comments: QuerySet[Comment]) -> set[str]:
    """Names of the units behind ``comments``, to keep the others out of a topic's list."""
    return set(comments.values_list("unit__name", flat=True).distinct())


def export_rows(round_: Round) -> Any:
    """Every comment of the round, in paragraph order, as tuples (streamed)."""
    return (
        round_.comments.order_by("paragraph__number", "pk")
        .values_list(
            "pk",
            "section_number",
            "paragraph__number",
            "unit__code",
            "unit__name",
            "author_name",
            "on_behalf",
            "text",
            "anchor",
            "handling",
            "answer",
            "change__version__number",
            "change__number",
            "duplicate_group_id",
            "topic__label",
            "created_at",
        )
        .iterator(chunk_size=5000)
    )


def round_is_open(round_: Round, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return round_.closed_at is None and round_.opens_on <= today <= round_.closes_on


def latest_version_number(draft: Draft) -> int:
    return draft.versions.aggregate(n=Max("number"))["n"] or 0
