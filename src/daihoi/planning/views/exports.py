"""The calendar's Excel export: its page (a progress bar polled by htmx) and its file.

Only the person who asked sees the job and takes the file, and only while
they still see its unit: anyone else gets "not found".
"""

from __future__ import annotations

from typing import cast

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from daihoi.accounts.access import Perm
from daihoi.planning.access import export_access
from daihoi.planning.models import ExportJob, ExportState
from daihoi.planning.services.exports import export_path
from daihoi.planning.views.common import _context
from daihoi.planning.views.documents import _attachment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _status_context(job: ExportJob) -> dict[str, object]:
    job = job.checked()
    return {"job": job, "waiting_long": job.waiting_long}


@export_access(Perm.VIEW)
def export_view(request: HttpRequest, job: ExportJob) -> HttpResponse:
    return render(
        request,
        "planning/export.html",
        _context(job.unit, "calendar", term=job.term, **_status_context(job)),
    )


@export_access(Perm.VIEW)
def export_status_view(request: HttpRequest, job: ExportJob) -> HttpResponse:
    """The progress alone: the page asks for it every second until the job is finished."""
    return render(request, "planning/_export_status.html", _status_context(job))


@export_access(Perm.VIEW)
def export_file_view(request: HttpRequest, job: ExportJob) -> HttpResponse:
    if job.state != ExportState.DONE or not job.file_name:
        raise Http404
    try:
        handle = export_path(job).open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Streamed from the disk; typed as the access layer's views are.
    response = cast(HttpResponse, FileResponse(handle, content_type=XLSX))
    response["Content-Disposition"] = _attachment(
        f"lich-dai-hoi-{job.unit.code}-{job.as_of.isoformat()}.xlsx"
    )
    return response
