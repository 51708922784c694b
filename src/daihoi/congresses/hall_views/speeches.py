"""The speeches (tham luận): the secretariat registers, accepts, orders, times and starts them."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from daihoi.accounts.access import Perm
from daihoi.congresses import documents, services
from daihoi.congresses.access import congress_access
from daihoi.congresses.forms import (
    SpeechDeclineForm,
    SpeechForm,
    SpeechMinutesForm,
    SpeechMoveForm,
)
from daihoi.congresses.hall_views.common import DOCX, _page
from daihoi.congresses.models import Congress, Speech
from daihoi.congresses.selectors import congress_speeches, speech_clock
from daihoi.core import speeches as speech_rules
from daihoi.core.collation import in_name_order
from daihoi.http import download as _download
from daihoi.http import form_errors as _form_errors
from daihoi.http import run_service as _write
from daihoi.http import submit_form
from daihoi.organizations.models import Unit


def _speech_form(congress: Congress, data: object = None, files: object = None) -> SpeechForm:
    delegates = in_name_order(
        congress.delegates.only("pk", "congress_id", "full_name", "number"),
        name=attrgetter("full_name"),
    )
    units = Unit.objects.filter(parent=congress.unit, end_date__isnull=True).order_by("name")
    return SpeechForm(
        data,
        files,
        delegates=[
            (d.pk, f"{d.number}. {d.full_name}" if d.number else d.full_name) for d in delegates
        ],
        units=[(u.pk, u.name) for u in units],
    )


def _speech(congress: Congress, spid: int) -> Speech:
    return get_object_or_404(
        Speech.objects.select_related("congress__unit", "delegate", "unit"),
        pk=spid,
        congress=congress,
    )


def _back(congress: Congress) -> HttpResponse:
    return redirect("hall_speeches", pk=congress.pk)


@require_GET
@congress_access(Perm.HALL)
def hall_speeches(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _page(
        request,
        congress,
        "hall_speeches.html",
        speeches=congress_speeches(congress),
        clock=speech_clock(congress),
        form=_speech_form(congress),
        max_mb=speech_rules.MAX_FILE_BYTES // (1024 * 1024),
    )


@require_POST
@congress_access(Perm.HALL)
def hall_speech_add(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = _speech_form(congress, request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(congress)
    data = form.cleaned_data
    upload = data["file"]
    unit = Unit.objects.filter(pk=data["unit"]).first() if data["unit"] else None
    _write(
        request,
        lambda: services.speech_register(
            actor=request.user,
            congress=congress,
            delegate=congress.delegates.filter(pk=data["delegate"]).first(),
            title=data["title"],
            text=data["text"],
            # Never more than one byte past the limit: enough for the service to refuse.
            data=upload.read(speech_rules.MAX_FILE_BYTES + 1) if upload else None,
            file_name=upload.name if upload else "",
            unit=unit,
            minutes=data["minutes"],
        ),
        _("Speech registered."),
    )
    return _back(congress)


@require_GET
@congress_access(Perm.HALL)
def hall_speech(request: HttpRequest, congress: Congress, spid: int) -> HttpResponse:
    speech = _speech(congress, spid)
    return _page(
        request,
        congress,
        "hall_speech.html",
        speech=speech,
        paragraphs=speech_rules.paragraphs(speech.text),
    )


@require_POST
@congress_access(Perm.HALL)
def hall_speech_accept(request: HttpRequest, congress: Congress, spid: int) -> HttpResponse:
    speech = _speech(congress, spid)
    _write(
        request,
        lambda: services.speech_accept(actor=request.user, speech=speech),
        _("Speech accepted into the programme."),
    )
    return _back(congress)


@require_POST
@congress_access(Perm.HALL)
def hall_speech_decline(request: HttpRequest, congress: Congress, spid: int) -> HttpResponse:
    speech = _speech(congress, spid)
    submit_form(
        request,
        SpeechDeclineForm(request.POST),
        lambda data: services.speech_decline(
            actor=request.user, speech=speech, reason=data["reason"]
        ),
        _("Speech declined."),
    )
    return _back(congress)


@require_POST
@congress_access(Perm.HALL)
def hall_speech_reconsider(request: HttpRequest, congress: Congress, spid: int) -> HttpResponse:
    speech = _speech(congress, spid)
    _write(
        request,
        lambda: services.speech_reconsider(actor=request.user, speech=speech),
        _("Speech back among those registered."),
    )
    return _back(congress)


@require_POST
@congress_access(Perm.HALL)
def hall_speech_move(request: HttpRequest, congress: Congress, spid: int) -> HttpResponse:
    speech = _speech(congress, spid)

    def move(data: dict[str, Any]) -> Speech:
        position = data["position"]
        if data["direction"]:
            position = (speech.position or 0) + (-1 if data["direction"] == "up" else 1)
        return services.speech_move(actor=request.user, speech=speech, position=position)

    submit_form(request, SpeechMoveForm(request.POST), move, "")
    return _back(congress)


@require_POST
@congress_access(Perm.HALL)
def hall_speech_minutes(request: HttpRequest, congress: Congress, spid: int) -> HttpResponse:
    speech = _speech(congress, spid)
    submit_form(
        request,
        SpeechMinutesForm(request.POST),
        lambda data: services.speech_set_minutes(
            actor=request.user, speech=speech, minutes=data["minutes"]
        ),
        _("Time allotted changed."),
    )
    return _back(congress)


@require_POST
@congress_access(Perm.HALL)
def hall_speech_start(request: HttpRequest, congress: Congress, spid: int) -> HttpResponse:
    speech = _speech(congress, spid)
    _write(
        request,
        lambda: services.speech_start(actor=request.user, speech=speech),
        _("The speech has the floor: the projector counts down its time."),
    )
    return _back(congress)


@require_POST
@congress_access(Perm.HALL)
def hall_speech_stop(request: HttpRequest, congress: Congress, spid: int) -> HttpResponse:
    speech = _speech(congress, spid)
    _write(
        request, lambda: services.speech_stop(actor=request.user, speech=speech), _("Speech ended.")
    )
    return _back(congress)


@require_GET
@congress_access(Perm.HALL)
def hall_speeches_docx(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _download(documents.speech_book_docx(congress), DOCX, f"tham-luan-{congress.pk}.docx")
