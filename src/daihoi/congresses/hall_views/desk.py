"""The secretariat's desk: the hall's home, its settings, its sittings."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from daihoi.accounts.access import Perm
from daihoi.congresses import services
from daihoi.congresses.access import congress_access
from daihoi.congresses.forms import HallSettingsForm, SittingForm
from daihoi.congresses.hall_views.common import _page
from daihoi.congresses.models import Congress, Sitting
from daihoi.congresses.selectors import hall_state, pass_reissues
from daihoi.http import run_service as _write
from daihoi.http import submit_form


@require_GET
@congress_access(Perm.HALL)
def hall_home(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _page(
        request,
        congress,
        "hall_home.html",
        state=hall_state(congress),
        reissues=pass_reissues(congress),
        sittings=list(congress.sittings.all()),
        sitting_form=SittingForm(),
        settings_form=HallSettingsForm(
            initial={"profile": congress.profile, "venue": congress.venue}
        ),
    )


@require_POST
@congress_access(Perm.HALL)
def hall_settings(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = HallSettingsForm(request.POST)
    submit_form(
        request,
        form,
        lambda data: services.congress_hall_settings(actor=request.user, congress=congress, **data),
        _("Saved."),
    )
    return redirect("hall_home", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_sitting_add(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = SittingForm(request.POST)
    submit_form(
        request,
        form,
        lambda data: services.sitting_add(actor=request.user, congress=congress, **data),
        _("Sitting added."),
    )
    return redirect("hall_home", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_sitting_open(request: HttpRequest, congress: Congress, sid: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=sid, congress=congress)
    _write(
        request,
        lambda: services.sitting_open(actor=request.user, sitting=sitting),
        _("“%s” is in session: the desk checks delegates in to it.") % sitting.title,
    )
    return redirect("hall_home", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_sitting_close(request: HttpRequest, congress: Congress, sid: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=sid, congress=congress)
    _write(
        request,
        lambda: services.sitting_close(actor=request.user, sitting=sitting),
        _("“%s” is closed.") % sitting.title,
    )
    return redirect("hall_home", pk=congress.pk)
