"""Directives and plans: what a document implements and what implements it, its deadlines
and targets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from daihoi.congresses.models import Term
from daihoi.organizations.models import Unit
from daihoi.organizations.paths import ancestor_paths, subtree_upper_bound
from daihoi.planning import progress as rules
from daihoi.planning.models import Document, Milestone

# --- documents ---------------------------------------------------------------------


def _documents(term: Term) -> QuerySet[Document]:
    return (
        Document.objects.filter(term=term)
        .select_related("issuer", "issuer__level", "implements")
        .defer("file_data", "implements__file_data")
    )


def documents_chain(unit: Unit, term: Term) -> list[Document]:
    """The documents of the term issued by the units from the top down to ``unit``.

    Each comes with its milestones (``milestone_list``), top issuer first.
    """
    docs = list(
        _documents(term)
        .filter(issuer__path__in=ancestor_paths(unit.path))
        .order_by("issuer__depth", "issued_on", "pk")
    )
    _attach_milestones(docs)
    return docs


def documents_below(unit: Unit, term: Term, limit: int = 50) -> tuple[list[Document], int]:
    """Documents issued by units below ``unit`` (how the lower levels implement it)."""
    qs = _documents(term).filter(
        issuer__path__gt=unit.path, issuer__path__lt=subtree_upper_bound(unit.path)
    )
    return list(qs.order_by("-issued_on", "pk")[:limit]), qs.count()


def document_implementations(document: Document, visible_paths: Sequence[str] | None) -> list[Any]:
    """Documents that implement ``document``; only those the reader may see when paths are given.

    ``visible_paths`` are the roots of the reader's subtrees (None: everything).
    """
    qs = _documents(document.term).filter(implements=document).order_by("issuer__path", "pk")
    if visible_paths is None:
        return list(qs)
    cond = Q(pk__in=[])
    for path in visible_paths:
        cond |= Q(issuer__path__gte=path, issuer__path__lt=subtree_upper_bound(path))
        cond |= Q(issuer__path__in=ancestor_paths(path))
    return list(qs.filter(cond))


def _attach_milestones(docs: list[Document]) -> None:
    by_doc: dict[int, list[Milestone]] = defaultdict(list)
    for m in (
        Milestone.objects.filter(document__in=[d.pk for d in docs])
        .select_related("level", "unit")
        .order_by("due", "pk")
    ):
        by_doc[m.document_id].append(m)
    for d in docs:
        d.milestone_list = by_doc.get(d.pk, [])  # type: ignore[attr-defined]


def document_milestones(document: Document) -> list[Milestone]:
    return list(document.milestones.select_related("level", "unit").order_by("due", "pk"))


def implementable_documents(unit: Unit, term: Term) -> QuerySet[Document]:
    """What a document issued by ``unit`` may implement: its own and its upper units' documents."""
    return (
        Document.objects.filter(term=term, issuer__path__in=ancestor_paths(unit.path))
        .select_related("issuer")
        .defer("file_data")
        .order_by("issuer__depth", "issued_on", "pk")
    )


def targets_for(unit: Unit, term: Term) -> tuple[rules.Targets, Document | None]:
    """Targets for ``unit``: from the nearest document above it (or its own) that sets any."""
    docs = (
        Document.objects.filter(term=term, issuer__path__in=ancestor_paths(unit.path))
        .filter(
            Q(target_women__isnull=False)
            | Q(target_young__isnull=False)
            | Q(target_minority__isnull=False)
            | Q(target_renewal__isnull=False)
        )
        .select_related("issuer")
        .defer("file_data")
        .order_by("-issuer__depth", "-issued_on", "-pk")
    )
    doc = docs.first()
    if doc is None:
        return rules.Targets(), None

    def f(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    return (
        rules.Targets(
            f(doc.target_women), f(doc.target_young), f(doc.target_minority), f(doc.target_renewal)
        ),
        doc,
    )
