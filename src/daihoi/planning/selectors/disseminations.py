"""Who has held the conference disseminating a document (quán triệt), level by level.

A fixed number of queries however large the subtree: counts grouped by level
over the subtree's path range, and one page of the units that have not held it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from daihoi.congresses.models import Term
from daihoi.organizations.models import Level, Unit
from daihoi.organizations.paths import ancestor_paths, subtree_upper_bound
from daihoi.planning.models import Dissemination, Document


def _share(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


@dataclass
class LevelCoverage:
    level: Level | None  # None: the whole subtree
    expected: int = 0
    held: int = 0
    attended: int = 0
    summoned: int = 0

    @property
    def missing(self) -> int:
        return self.expected - self.held

    @property
    def share(self) -> float | None:
        """Units that held it, in percent of those expected."""
        return _share(self.held, self.expected)

    @property
    def attendance(self) -> float | None:
        """Attended, in percent of those summoned, over the conferences held."""
        return _share(self.attended, self.summoned)


@dataclass
class Coverage:
    document: Document
    unit: Unit  # the unit it is seen from: the issuer or a unit below it
    levels: list[LevelCoverage]
    total: LevelCoverage
    own: Dissemination | None


def _in_subtree(unit: Unit, prefix: str = "") -> dict[str, object]:
    return {
        f"{prefix}path__gte": unit.path,
        f"{prefix}path__lt": subtree_upper_bound(unit.path),
        f"{prefix}end_date__isnull": True,
    }


def _held(document: Document) -> Exists:
    return Exists(Dissemination.objects.filter(document=document, unit=OuterRef("pk")))


def dissemination_coverage(document: Document, unit: Unit) -> Coverage:
    """The conferences on ``document`` in ``unit``'s subtree (``unit`` included), by level.

    Expected: every unit of the subtree still in being, at every level (a
    branch holds it at its meeting as a committee does at its conference).
    Four queries: units by level, conferences by level, the levels, and the
    unit's own conference. ``total.missing`` counts those that have not held
    it (:func:`units_without_dissemination` lists them).
    """
    expected = dict(
        Unit.objects.filter(**_in_subtree(unit))
        .values("level_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("level_id", "n")
    )
    held = {
        row[0]: row[1:]
        for row in Dissemination.objects.filter(document=document, **_in_subtree(unit, "unit__"))
        .values("unit__level_id")
        .annotate(n=Count("pk"), attended=Sum("attended"), summoned=Sum("summoned"))
        .order_by()
        .values_list("unit__level_id", "n", "attended", "summoned")
    }
    levels = []
    total = LevelCoverage(level=None)
    for level in Level.objects.filter(pk__in=list(expected)).order_by("rank", "code"):
        n, attended, summoned = held.get(level.pk, (0, 0, 0))
        row = LevelCoverage(level, expected[level.pk], n, attended or 0, summoned or 0)
        levels.append(row)
        total.expected += row.expected
        total.held += row.held
        total.attended += row.attended
        total.summoned += row.summoned
    own = Dissemination.objects.filter(document=document, unit=unit).first()
    return Coverage(document, unit, levels, total, own)


def units_without_dissemination(document: Document, unit: Unit) -> QuerySet[Unit]:
    """The units of ``unit``'s subtree in being that have not held it, in tree order
    (slice it: one query a page)."""
    return (
        Unit.objects.filter(**_in_subtree(unit))
        .filter(~_held(document))
        .select_related("level", "parent")
        .order_by("path")
    )


@dataclass
class DocumentCoverage:
    document: Document
    held: int
    expected: int
    own: bool  # whether the unit itself has held it

    @property
    def share(self) -> float | None:
        return _share(self.held, self.expected)


def documents_coverage(unit: Unit, documents: list[Document]) -> list[DocumentCoverage]:
    """For each document (issued by ``unit`` or above), how many units of ``unit``'s
    subtree have held its conference; two queries whatever the number of documents."""
    if not documents:
        return []
    expected = Unit.objects.filter(**_in_subtree(unit)).count()
    rows = (
        Dissemination.objects.filter(document__in=documents, **_in_subtree(unit, "unit__"))
        .values("document_id")
        .annotate(n=Count("pk"), own=Count("pk", filter=Q(unit_id=unit.pk)))
        .order_by()
        .values_list("document_id", "n", "own")
    )
    held = {doc: (n, own) for doc, n, own in rows}
    out = []
    for d in documents:
        n, own = held.get(d.pk, (0, 0))
        out.append(DocumentCoverage(d, n, expected, bool(own)))
    return out


def chain_coverage(unit: Unit, term: Term) -> list[DocumentCoverage]:
    """The term's documents issued by ``unit`` or the units above it, top issuer first,
    each with its coverage in ``unit``'s subtree: three queries."""
    documents = list(
        Document.objects.filter(term=term, issuer__path__in=ancestor_paths(unit.path))
        .select_related("issuer")
        .defer("file_data")
        .order_by("issuer__depth", "issued_on", "pk")
    )
    return documents_coverage(unit, documents)
