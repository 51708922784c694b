"""Check-in at the door, attendance and absences."""

from __future__ import annotations

from operator import attrgetter

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from daihoi.accounts.access import Perm
from daihoi.congresses import services
from daihoi.congresses.access import congress_access
from daihoi.congresses.forms import AbsenceForm, CheckinForm
from daihoi.congresses.hall_views.common import _page
from daihoi.congresses.hall_views.delegates import _delegate
from daihoi.congresses.models import Attendance, Congress, Presence, Sitting
from daihoi.congresses.selectors import delegate_search, desk_state, open_sitting
from daihoi.core.collation import in_name_order
from daihoi.http import form_errors as _form_errors
from daihoi.http import query_text, service_call
from daihoi.http import run_service as _write


@require_GET
@congress_access(Perm.HALL)
def hall_desk(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _page(request, congress, "hall_desk.html", state=desk_state(congress))


@require_POST
@congress_access(Perm.HALL)
def hall_checkin(request: HttpRequest, congress: Congress) -> HttpResponse:
    """A code typed or scanned, or a name chosen: answers the desk with a fragment."""
    form = CheckinForm(request.POST)
    result, error = None, ""
    if form.is_valid():
        delegate_id = form.cleaned_data["delegate"]
        with service_call(request, quiet=True) as call:
            result = services.checkin(
                actor=request.user,
                congress=congress,
                code=form.cleaned_data["code"] or "",
                delegate_id=delegate_id,
                via="search" if delegate_id else "code",
            )
        error = call.text
    else:
        error = _("Type or scan a code.")
    context = {"result": result, "error": error, "state": desk_state(congress)}
    if request.headers.get("HX-Request"):
        return render(request, "congresses/_checkin_result.html", {"congress": congress, **context})
    return _page(request, congress, "hall_desk.html", **context)


@require_GET
@congress_access(Perm.HALL)
def hall_search(request: HttpRequest, congress: Congress) -> HttpResponse:
    query = query_text(request)
    found = delegate_search(congress, query)
    sitting = open_sitting(congress)
    present = (
        set(
            Attendance.objects.filter(
                sitting=sitting, status=Presence.PRESENT, delegate__in=found
            ).values_list("delegate_id", flat=True)
        )
        if sitting
        else set()
    )
    return render(
        request,
        "congresses/_search_results.html",
        {"congress": congress, "found": found, "present": present, "query": query},
    )


@require_POST
@congress_access(Perm.HALL)
def hall_checkin_undo(request: HttpRequest, congress: Congress, did: int) -> HttpResponse:
    delegate = _delegate(congress, did)
    _write(
        request,
        lambda: services.checkin_undo(actor=request.user, congress=congress, delegate=delegate),
        _("Check-in of %s taken back.") % delegate.full_name,
    )
    return redirect("hall_attendance", pk=congress.pk)


@require_GET
@congress_access(Perm.HALL)
def hall_attendance(request: HttpRequest, congress: Congress) -> HttpResponse:
    sittings = list(congress.sittings.all())
    chosen = request.GET.get("sitting")
    sitting = next((s for s in sittings if str(s.pk) == chosen), None) or open_sitting(congress)
    if sitting is None and sittings:
        sitting = sittings[-1]
    rows = {a.delegate_id: a for a in Attendance.objects.filter(sitting=sitting)} if sitting else {}
    delegates = in_name_order(
        congress.delegates.order_by("number", "pk"), name=attrgetter("full_name")
    )
    return _page(
        request,
        congress,
        "hall_attendance.html",
        sittings=sittings,
        sitting=sitting,
        lines=[(d, rows.get(d.pk)) for d in delegates],
        counts={
            status: sum(1 for a in rows.values() if a.status == status)
            for status in Presence.values
        },
    )


@require_POST
@congress_access(Perm.HALL)
def hall_absence(request: HttpRequest, congress: Congress, sid: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=sid, congress=congress)
    form = AbsenceForm(request.POST)
    if form.is_valid():
        delegate = _delegate(congress, form.cleaned_data["delegate"])
        _write(
            request,
            lambda: services.absence_record(
                actor=request.user,
                sitting=sitting,
                delegate=delegate,
                excused=form.cleaned_data["excused"],
                reason=form.cleaned_data["reason"],
            ),
            _("Absence of %s recorded.") % delegate.full_name,
        )
    else:
        _form_errors(request, form)
    return redirect(reverse("hall_attendance", args=[congress.pk]) + f"?sitting={sitting.pk}")
