"""Reads of targets: the review table of a term, one target with its roll-up, the choices."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet

from daihoi.congresses.models import Term
from daihoi.core import targets as core
from daihoi.organizations.models import Unit
from daihoi.organizations.paths import ancestor_paths
from daihoi.targets.models import Actual, State, Target
from daihoi.targets.services import next_term, resolution_years


def previous_term(term: Term) -> Term | None:
    return Term.objects.filter(end_year=term.start_year).first()


def spec_of(target: Target) -> core.Spec:
    years = resolution_years(target.term)
    return core.Spec(
        kind=core.Kind(target.kind),
        target=target.value,
        first_year=years[0],
        last_year=years[-1],
        direction=core.Direction(target.direction),
        baseline=target.baseline,
        baseline_year=target.baseline_year,
    )


def assessment_of(target: Target, actuals: list[Actual]) -> core.Assessment:
    return core.assess(spec_of(target), [core.Actual(a.year, a.value, a.estimate) for a in actuals])


@dataclass
class Row:
    target: Target
    by_year: dict[int, Actual]
    assessment: core.Assessment
    draft: Target | None = None
    lower_count: int = 0


@dataclass
class Review:
    unit: Unit
    term: Term
    years: range
    rows: list[Row]
    next_term: Term | None
    new_targets: list[Target] = field(default_factory=list)  # drafts without an old target

    @property
    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in core.Status}
        for r in self.rows:
            out[r.assessment.status.value] += 1
        return out


def _with_actuals(qs: QuerySet[Target]) -> QuerySet[Target]:
    return qs.select_related("term", "unit").prefetch_related(
        Prefetch("actuals", queryset=Actual.objects.order_by("year"))
    )


def review(unit: Unit, term: Term) -> Review:
    """The term's resolution, each target assessed, with the next term's drafts beside it."""
    targets = list(
        _with_actuals(Target.objects.filter(unit=unit, term=term, state=State.ADOPTED))
        .annotate(lower_count=Count("fed_by", distinct=True))
        .order_by("number", "pk")
    )
    rows = []
    for t in targets:
        actuals = list(t.actuals.all())
        rows.append(
            Row(
                t,
                {a.year: a for a in actuals},
                assessment_of(t, actuals),
                lower_count=t.lower_count,
            )
        )
    following = next_term(term)
    new_targets: list[Target] = []
    if following is not None:
        by_previous = {r.target.pk: r for r in rows}
        for draft in Target.objects.filter(unit=unit, term=following).order_by("number", "pk"):
            row = by_previous.get(draft.previous_id or 0)
            if row is not None and row.draft is None:
                row.draft = draft
            else:
                new_targets.append(draft)
    return Review(unit, term, resolution_years(term), rows, following, new_targets)


def target_detail(pk: int) -> Target | None:
    return (
        Target.objects.select_related(
            "unit", "unit__level", "term", "feeds", "feeds__unit", "previous", "previous__term"
        )
        .filter(pk=pk)
        .order_by()  # by its key: no default ordering to sort by
        .first()
    )


@dataclass
class Lower:
    target: Target
    assessment: core.Assessment
    meets_upper: core.Status | None  # the lower figure against the upper target


@dataclass
class Rollup:
    lower: list[Lower]
    total: Decimal | None  # the lower figures added up, where the kinds allow
    total_status: core.Status | None
    total_percent: Decimal | None


def rollup(target: Target) -> Rollup:
    """The lower units' targets that feed this one, each assessed, and their sum where it adds."""
    lower_targets = list(_with_actuals(target.fed_by.all()).order_by("unit__path", "number"))
    lower: list[Lower] = []
    upper_direction = spec_of(target).effective_direction
    for t in lower_targets:
        a = assessment_of(t, list(t.actuals.all()))
        meets = (
            core.compare(a.value, target.value, upper_direction) if a.value is not None else None
        )
        lower.append(Lower(t, a, meets))
    total = core.rollup_sum(
        core.Kind(target.kind),
        target.measure,
        [(core.Kind(x.target.kind), x.target.measure, x.assessment.value) for x in lower],
    )
    status = core.compare(total, target.value, upper_direction) if total is not None else None
    percent = core.percent_of(total, target.value) if total is not None else None
    return Rollup(lower, total, status, percent)


def feedable_targets(unit: Unit, term: Term) -> QuerySet[Target]:
    """The adopted targets of the units above ``unit`` in ``term``: what its targets may feed."""
    paths = ancestor_paths(unit.path)[:-1]
    return (
        Target.objects.filter(term=term, state=State.ADOPTED, unit__path__in=paths)
        .select_related("unit")
        .order_by("unit__path", "number")
    )


def terms_with_targets(unit: Unit) -> list[tuple[Term, int]]:
    rows = (
        Target.objects.filter(unit=unit)
        .values("term")
        .annotate(n=Count("pk"))
        .order_by("-term__start_year")
    )
    terms = {t.pk: t for t in Term.objects.filter(pk__in=[r["term"] for r in rows])}
    return [(terms[r["term"]], r["n"]) for r in rows]
