"""The projector, and the congress's minutes and resolution."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from daihoi.accounts.access import Perm
from daihoi.congresses import documents, stream
from daihoi.congresses.access import congress_access
from daihoi.congresses.hall_views.common import DOCX
from daihoi.congresses.models import Congress
from daihoi.congresses.selectors import hall_state
from daihoi.http import download as _download


@require_GET
@congress_access(Perm.VIEW)
def hall_screen(request: HttpRequest, congress: Congress) -> HttpResponse:
    origin = stream.stream_origin(request)
    events = None
    if origin is not None:
        events = f"{origin}/live/screen/{stream.screen_ticket(congress.pk)}/events"
    response = render(
        request,
        "congresses/hall_screen.html",
        {"congress": congress, "state": hall_state(congress), "events": events},
    )
    return stream.allow_stream(response, origin)


@require_GET
@congress_access(Perm.VIEW)
def hall_screen_live(request: HttpRequest, congress: Congress) -> HttpResponse:
    return render(
        request,
        "congresses/_screen.html",
        {"congress": congress, "state": hall_state(congress)},
    )


@require_GET
@congress_access(Perm.HALL)
def hall_minutes_pdf(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _download(
        documents.minutes_pdf(congress), "application/pdf", f"bien-ban-dai-hoi-{congress.pk}.pdf"
    )


@require_GET
@congress_access(Perm.HALL)
def hall_minutes_docx(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _download(documents.minutes_docx(congress), DOCX, f"bien-ban-dai-hoi-{congress.pk}.docx")


@require_GET
@congress_access(Perm.HALL)
def hall_resolution_pdf(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _download(
        documents.resolution_pdf(congress), "application/pdf", f"nghi-quyet-{congress.pk}.pdf"
    )


@require_GET
@congress_access(Perm.HALL)
def hall_resolution_docx(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _download(documents.resolution_docx(congress), DOCX, f"nghi-quyet-{congress.pk}.docx")
