"""The agenda and its speakers."""

from __future__ import annotations

from operator import attrgetter

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from daihoi.accounts.access import Perm
from daihoi.congresses import services
from daihoi.congresses.access import congress_access
from daihoi.congresses.forms import ItemForm, SpeakerForm
from daihoi.congresses.hall_views.common import _page
from daihoi.congresses.models import AgendaItem, Congress, Speaker
from daihoi.core.collation import in_name_order
from daihoi.http import form_errors as _form_errors
from daihoi.http import run_service as _write
from daihoi.http import submit_form


@require_GET
@congress_access(Perm.HALL)
def hall_agenda(request: HttpRequest, congress: Congress) -> HttpResponse:
    items = list(congress.agenda.prefetch_related("speakers"))
    return _page(
        request,
        congress,
        "hall_agenda.html",
        items=items,
        form=ItemForm(),
        speaker_form=SpeakerForm(),
        delegates=in_name_order(
            congress.delegates.only("pk", "congress_id", "full_name", "number"),
            name=attrgetter("full_name"),
        ),
    )


@require_POST
@congress_access(Perm.HALL)
def hall_item_add(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = ItemForm(request.POST)
    submit_form(
        request,
        form,
        lambda data: services.agenda_item_add(actor=request.user, congress=congress, **data),
        _("Item added to the agenda."),
    )
    return redirect("hall_agenda", pk=congress.pk)


def _item(congress: Congress, iid: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("congress__unit"), pk=iid, congress=congress
    )


@require_POST
@congress_access(Perm.HALL)
def hall_item_start(request: HttpRequest, congress: Congress, iid: int) -> HttpResponse:
    item = _item(congress, iid)
    _write(request, lambda: services.agenda_item_start(actor=request.user, item=item), "")
    return redirect("hall_agenda", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_item_finish(request: HttpRequest, congress: Congress, iid: int) -> HttpResponse:
    item = _item(congress, iid)
    _write(request, lambda: services.agenda_item_finish(actor=request.user, item=item), "")
    return redirect("hall_agenda", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_speaker_add(request: HttpRequest, congress: Congress, iid: int) -> HttpResponse:
    item = _item(congress, iid)
    form = SpeakerForm(request.POST)
    if form.is_valid():
        did = form.cleaned_data["delegate"]
        delegate = congress.delegates.filter(pk=did).first() if did else None
        _write(
            request,
            lambda: services.speaker_add(
                actor=request.user,
                item=item,
                delegate=delegate,
                name=form.cleaned_data["name"],
                topic=form.cleaned_data["topic"],
            ),
            _("Speaker registered."),
        )
    else:
        _form_errors(request, form)
    return redirect("hall_agenda", pk=congress.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_speaker_set(request: HttpRequest, congress: Congress, spid: int) -> HttpResponse:
    speaker = get_object_or_404(
        Speaker.objects.select_related("item__congress__unit"), pk=spid, item__congress=congress
    )
    status = request.POST.get("status", "")
    _write(
        request,
        lambda: services.speaker_set(actor=request.user, speaker=speaker, status=status),
        "",
    )
    return redirect("hall_agenda", pk=congress.pk)
