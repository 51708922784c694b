"""Reported results: the reports of a subtree, those short of a target, their people and
history, the packages behind them."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from django.db.models import F, Q, QuerySet

from daihoi.congresses.models import Term
from daihoi.core.collation import in_name_order
from daihoi.organizations.models import Unit
from daihoi.organizations.paths import subtree_upper_bound
from daihoi.planning import progress as rules
from daihoi.planning.models import ReportStatus, ResultReport

REPORTED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


def report_figures(report: ResultReport) -> rules.Figures:
    return rules.Figures(
        report.committee_size, report.women, report.young, report.minority, report.reelected
    )


def reports_in_subtree(unit: Unit, term: Term) -> QuerySet[ResultReport]:
    return ResultReport.objects.filter(
        congress__term=term,
        congress__unit__path__gte=unit.path,
        congress__unit__path__lt=subtree_upper_bound(unit.path),
    )


# Parts of a committee × 10,000, to compare shares with targets in integers.
_SCALED = {
    "women_x": F("women") * 10000,
    "young_x": F("young") * 10000,
    "minority_x": F("minority") * 10000,
    "renewal_x": (F("committee_size") - F("reelected")) * 10000,
}


def _short_of(targets: rules.Targets) -> Q:
    """A committee short of any of the targets: part / size < target %, in integers.

    part / size < target %  ⇔  part × 10000 < (target × 100) × size; needs ``_SCALED``.
    """
    cond = Q(pk__in=[])
    for name, target in (
        ("women", targets.women),
        ("young", targets.young),
        ("minority", targets.minority),
        ("renewal", targets.renewal),
    ):
        if target is not None:
            hundredths = round(target * 100)
            cond |= Q(**{f"{name}_x__lt": F("committee_size") * hundredths})
    return cond


def reports_below_target(
    unit: Unit, term: Term, targets: rules.Targets, *, level_id: int | None = None
) -> QuerySet[ResultReport]:
    """Reported committees short of any of the targets (compared in the database, in integers)."""
    qs = reports_in_subtree(unit, term).filter(status__in=REPORTED, committee_size__gt=0)
    if level_id:
        qs = qs.filter(congress__unit__level_id=level_id)
    return qs.alias(**_SCALED).filter(_short_of(targets))


def reports_list(
    unit: Unit,
    term: Term,
    *,
    status: str = "",
    level_id: int | None = None,
    below: rules.Targets | None = None,
) -> QuerySet[ResultReport]:
    qs = (
        reports_below_target(unit, term, below, level_id=level_id)
        if below
        else reports_in_subtree(unit, term)
    )
    if status:
        qs = qs.filter(status=status)
    if level_id:
        qs = qs.filter(congress__unit__level_id=level_id)
    return qs.select_related(
        "congress", "congress__unit", "congress__unit__level", "congress__unit__parent"
    ).order_by("submitted_at", "congress__unit__path")


def report_people(report: ResultReport) -> list[Any]:
    """The people of a report in ballot order by given name (docs/rules.md §1)."""
    return in_name_order(report.people.order_by("pk"), name=attrgetter("full_name"))


def received_unlinked(unit: Unit) -> list[Any]:
    """Packages received for this unit that stand and that no report uses yet."""
    from daihoi.elections.models import ReceivedResult, ResultStanding

    return list(
        ReceivedResult.objects.filter(
            unit=unit, planning_reports__isnull=True, standing=ResultStanding.STANDING
        )
        .exclude(dispute__resolved_at__isnull=True, dispute__isnull=False)
        .defer("package")
        .order_by("-received_at")
    )


def station_keys_of(unit: Unit) -> list[Any]:
    """The counting station keys registered (and not withdrawn) for exactly this unit."""
    from daihoi.elections.models import StationKey

    return list(StationKey.objects.filter(unit=unit, withdrawn_at__isnull=True))


def open_disputes_of(unit: Unit) -> list[Any]:
    """This unit's elections with two or more packages, not yet resolved."""
    from daihoi.elections.models import ResultDispute

    return list(ResultDispute.objects.filter(unit=unit, resolved_at__isnull=True))


def report_history(report: ResultReport) -> list[Any]:
    """Submissions, approvals and returns of a report, from the audit chain."""
    from daihoi.audit.models import AuditEntry

    return list(
        AuditEntry.objects.filter(object_type="result_report", object_id=str(report.pk))
        .filter(
            action__in=[
                "report.submit",
                "report.approve",
                "report.return",
                "report.import",
                "report.package",
            ]
        )
        .order_by("seq")
    )
