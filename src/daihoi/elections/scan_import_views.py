"""The counting desk's upload of scans: the form, then the reading followed on its page.

The head of the counting committee uploads the scanner's files; a background
worker reads them (``scan_jobs``) while the page shows the pages read, then
what was counted and what waits for the committee.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from daihoi.accounts.access import Perm
from daihoi.elections.access import election_access
from daihoi.elections.models import Election, ScanImportJob
from daihoi.elections.scan_jobs import MAX_FILES, scan_jobs_to_follow, scan_upload_start
from daihoi.elections.scanning import SCAN_SUFFIXES
from daihoi.elections.views import _crumbs


@require_http_methods(["GET", "POST"])
@election_access(Perm.COUNT_HEAD)
def scan_upload_view(request: HttpRequest, election: Election) -> HttpResponse:
    errors: list[str] = []
    if request.method == "POST":
        try:
            job = scan_upload_start(
                actor=request.user,
                election=election,
                files=request.FILES.getlist("files"),
                duplex=request.POST.get("duplex") == "on",
            )
        except ValidationError as exc:
            errors = [str(m) for m in exc.messages]
        else:
            return redirect("scan_job", election.pk, job.pk)
    return render(
        request,
        "elections/scan_upload.html",
        {
            "election": election,
            "ancestors": _crumbs(election),
            "errors": errors,
            "jobs": scan_jobs_to_follow(election),
            "accept": ",".join(SCAN_SUFFIXES),
            "max_files": MAX_FILES,
        },
        status=400 if errors else 200,
    )


def _job(election: Election, jid: int) -> ScanImportJob:
    job = get_object_or_404(ScanImportJob, pk=jid, election=election)
    return job.checked()


@election_access(Perm.COUNT_HEAD)
def scan_job_view(request: HttpRequest, election: Election, jid: int) -> HttpResponse:
    return render(
        request,
        "elections/scan_job.html",
        {"election": election, "ancestors": _crumbs(election), "job": _job(election, jid)},
    )


@election_access(Perm.COUNT_HEAD)
def scan_job_status_view(request: HttpRequest, election: Election, jid: int) -> HttpResponse:
    """The progress alone: the page asks for it every second until the reading is finished."""
    return render(
        request,
        "elections/_scan_job_status.html",
        {"election": election, "job": _job(election, jid)},
    )
