"""The reads of congress papers: the secretariat's list with its counts, a delegate's list."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from daihoi.congresses.models import Congress
from daihoi.consultation.models import Version
from daihoi.consultation.selectors import drafts_of_congress
from daihoi.papers.models import Paper, PaperVersion


def draft_versions_for(congress: Congress) -> list[Version]:
    """The consultation versions a congress may publish, newest first per draft: those of
    its unit's own drafts for the term, and those of the upper drafts open to the unit."""
    own, upper = drafts_of_congress(congress)
    drafts = [d.pk for d in own] + [r.draft_id for r in upper]
    return list(
        Version.objects.filter(draft__in=drafts)
        .select_related("draft")
        .order_by("draft", "-number")
    )


def _counted() -> QuerySet[PaperVersion]:
    return PaperVersion.objects.defer("data", "body").annotate(read_count=Count("reads"))


def _versions() -> Prefetch[str]:
    return Prefetch("versions", queryset=_counted().order_by("-number"))


def paper_versions(paper: Paper) -> list[PaperVersion]:
    """A paper's versions, the current (newest) first, each with ``read_count``."""
    return list(_counted().filter(paper=paper).order_by("-number"))


def papers_of_congress(congress: Congress) -> list[Paper]:
    """Every paper of the congress, withdrawn too, each version with ``read_count``."""
    return list(Paper.objects.filter(congress=congress).prefetch_related(_versions()))


def published_papers(congress_id: int) -> QuerySet[Paper]:
    """What a delegate sees: the published papers, versions newest (current) first."""
    return Paper.objects.filter(congress_id=congress_id, published=True).prefetch_related(
        Prefetch("versions", queryset=PaperVersion.objects.defer("data", "body"))
    )
