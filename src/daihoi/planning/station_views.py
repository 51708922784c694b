"""The upper office's counting stations: keys registered per unit, and disputed results.

A unit's station key is registered by the office of a unit above it: on the
page of unit U (office role on U) one registers keys for the units strictly
below U, and resolves the disputes of those units. A unit's own office can
therefore neither register its own station's key nor decide its own dispute.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daihoi.accounts.access import Perm
from daihoi.elections.models import ReceivedResult, ResultDispute, StationKey
from daihoi.elections.packages import dispute_resolve, station_key_register, station_key_withdraw
from daihoi.http import form_errors, run_service
from daihoi.organizations.access import unit_access
from daihoi.organizations.models import Unit
from daihoi.organizations.selectors import unit_ancestors
from daihoi.planning.forms import DisputeResolveForm, StationKeyForm


def _below(unit: Unit) -> dict[str, str]:
    """The lookup for units strictly below ``unit``."""
    return {"unit__path__startswith": unit.path}


def _strictly_below(unit: Unit, other: Unit) -> bool:
    return other.pk != unit.pk and other.path.startswith(unit.path)


def _context(unit: Unit, **extra: object) -> dict[str, object]:
    return {"unit": unit, "ancestors": [*unit_ancestors(unit), unit], "tab": "stations", **extra}


@unit_access(Perm.MANAGE)
def stations_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    keys = (
        StationKey.objects.filter(withdrawn_at__isnull=True, **_below(unit))
        .exclude(unit=unit)
        .select_related("unit", "registered_by")
    )
    disputes = (
        ResultDispute.objects.filter(**_below(unit))
        .exclude(unit=unit)
        .select_related("unit", "resolved_by")
        .order_by("resolved_at", "-opened_at")[:200]
    )
    form = StationKeyForm(initial={"unit": request.GET.get("unit", "")[:64]})
    return render(
        request,
        "planning/stations.html",
        _context(unit, keys=list(keys), disputes=list(disputes), form=form),
    )


@require_POST
@unit_access(Perm.MANAGE)
def station_register_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    form = StationKeyForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("planning_stations", code=unit.code)
    target = Unit.objects.filter(code=form.cleaned_data["unit"]).first()
    if target is None or not _strictly_below(unit, target):
        messages.error(
            request,
            _(
                "No unit with the code “%(code)s” below %(unit)s: keys are registered here "
                "for the units below this one."
            )
            % {"code": form.cleaned_data["unit"][:64], "unit": unit.name},
        )
        return redirect("planning_stations", code=unit.code)
    run_service(
        request,
        lambda: station_key_register(
            actor=request.user,
            unit=target,
            fingerprint=form.cleaned_data["fingerprint"],
            station=form.cleaned_data["station"],
        ),
        _("The key is registered for %s: packages it signs for this unit can be imported.")
        % target.name,
    )
    return redirect("planning_stations", code=unit.code)


@require_POST
@unit_access(Perm.MANAGE)
def station_withdraw_view(request: HttpRequest, unit: Unit, kid: int) -> HttpResponse:
    key = get_object_or_404(StationKey.objects.select_related("unit"), pk=kid, **_below(unit))
    if key.unit_id == unit.pk:
        raise Http404
    run_service(
        request,
        lambda: station_key_withdraw(actor=request.user, key=key),
        _("The key registration is withdrawn."),
    )
    return redirect("planning_stations", code=unit.code)


def _dispute(unit: Unit, did: int) -> ResultDispute:
    dispute = get_object_or_404(
        ResultDispute.objects.select_related("unit"), pk=did, **_below(unit)
    )
    if dispute.unit_id == unit.pk:
        raise Http404
    return dispute


def _elected(received: ReceivedResult) -> list[str]:
    result = received.result or {}
    return [
        f"{c.get('name', '')} ({c.get('votes', '')})"
        for c in result.get("candidates", [])
        if c.get("status") == "elected"
    ]


@unit_access(Perm.MANAGE)
def dispute_view(request: HttpRequest, unit: Unit, did: int) -> HttpResponse:
    dispute = _dispute(unit, did)
    results = list(dispute.results.defer("package").order_by("received_at", "pk"))
    rows = [
        {
            "received": r,
            "ballots": (r.result or {}).get("ballots", {}),
            "elected": _elected(r),
            "reports": list(r.planning_reports.select_related("congress")),
        }
        for r in results
    ]
    form = DisputeResolveForm(choices=[(str(r.pk), r.sha256[:16]) for r in results])
    return render(
        request,
        "planning/dispute.html",
        _context(unit, dispute=dispute, rows=rows, form=form),
    )


@require_POST
@unit_access(Perm.MANAGE)
def dispute_resolve_view(request: HttpRequest, unit: Unit, did: int) -> HttpResponse:
    dispute = _dispute(unit, did)
    results = list(dispute.results.defer("package"))
    form = DisputeResolveForm(request.POST, choices=[(str(r.pk), r.sha256[:16]) for r in results])
    if not form.is_valid():
        form_errors(request, form)
        return redirect("planning_dispute", code=unit.code, did=dispute.pk)
    keep = next(r for r in results if str(r.pk) == form.cleaned_data["keep"])
    done = run_service(
        request,
        lambda: dispute_resolve(
            actor=request.user, dispute=dispute, keep=keep, reason=form.cleaned_data["reason"]
        ),
        _("The dispute is resolved: the package kept stands, the others are set aside."),
    )
    if done:
        return redirect("planning_stations", code=unit.code)
    return redirect("planning_dispute", code=unit.code, did=dispute.pk)
