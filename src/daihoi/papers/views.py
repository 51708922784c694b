"""The secretariat's pages: the congress's papers, one paper's versions, the QR for the hall.

Perm.HALL (the presidium, the secretariat, the unit's office); the QR screen is
a projector page and, like the hall's projector, needs only Perm.VIEW.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from daihoi.accounts.access import Perm
from daihoi.congresses.access import congress_access
from daihoi.congresses.models import Congress
from daihoi.documents.qr import qr_svg
from daihoi.http import run_service, submit_form
from daihoi.organizations.selectors import unit_ancestors
from daihoi.papers import selectors, services
from daihoi.papers.forms import PaperForm, VersionForm
from daihoi.papers.models import Paper, PaperVersion
from daihoi.papers.phone import file_response


def _page(
    request: HttpRequest, congress: Congress, template: str, **context: object
) -> HttpResponse:
    return render(
        request,
        f"papers/{template}",
        {
            "congress": congress,
            "unit": congress.unit,
            "ancestors": [*unit_ancestors(congress.unit), congress.unit],
            **context,
        },
    )


def _paper(congress: Congress, pid: int) -> Paper:
    return get_object_or_404(
        Paper.objects.select_related("congress__unit"), pk=pid, congress=congress
    )


def hall_link(request: HttpRequest, congress: Congress) -> str:
    """The address the hall's QR code holds: it sends a phone to its own papers."""
    return request.build_absolute_uri(reverse("phone_papers_find", args=[congress.pk]))


@require_http_methods(["GET", "POST"])
@congress_access(Perm.HALL)
def congress_papers(request: HttpRequest, congress: Congress) -> HttpResponse:
    """The list with each version's download count, and the form to publish a new paper."""
    form = PaperForm(request.POST or None, request.FILES or None, congress=congress)
    if request.method == "POST":
        done = submit_form(
            request,
            form,
            lambda data: services.paper_publish(
                actor=request.user,
                congress=congress,
                title=data["title"],
                kind=data["kind"],
                **form.source(),
            ),
            _("The paper is published to the delegates."),
        )
        if done:
            return redirect("congress_papers", pk=congress.pk)
    return _page(
        request,
        congress,
        "congress_papers.html",
        papers=selectors.papers_of_congress(congress),
        form=form,
        delegates=congress.delegates.count(),
    )


@require_http_methods(["GET", "POST"])
@congress_access(Perm.HALL)
def congress_paper(request: HttpRequest, congress: Congress, pid: int) -> HttpResponse:
    """One paper: its versions (the current first) and the form for a new version."""
    paper = _paper(congress, pid)
    form = VersionForm(request.POST or None, request.FILES or None, congress=congress)
    if request.method == "POST":
        done = submit_form(
            request,
            form,
            lambda _data: services.paper_version_add(
                actor=request.user, paper=paper, **form.source()
            ),
            _("The new version is published."),
        )
        if done:
            return redirect("congress_paper", pk=congress.pk, pid=paper.pk)
    return _page(
        request,
        congress,
        "congress_paper.html",
        paper=paper,
        versions=selectors.paper_versions(paper),
        form=form,
    )


@require_POST
@congress_access(Perm.HALL)
def congress_paper_withdraw(request: HttpRequest, congress: Congress, pid: int) -> HttpResponse:
    paper = _paper(congress, pid)
    run_service(
        request,
        lambda: services.paper_withdraw(actor=request.user, paper=paper),
        _("The paper is withdrawn: the delegates no longer see it."),
    )
    return redirect("congress_paper", pk=congress.pk, pid=paper.pk)


@require_POST
@congress_access(Perm.HALL)
def congress_paper_republish(request: HttpRequest, congress: Congress, pid: int) -> HttpResponse:
    paper = _paper(congress, pid)
    run_service(
        request,
        lambda: services.paper_republish(actor=request.user, paper=paper),
        _("The paper is published again."),
    )
    return redirect("congress_paper", pk=congress.pk, pid=paper.pk)


@require_GET
@congress_access(Perm.HALL)
def congress_paper_file(
    request: HttpRequest, congress: Congress, pid: int, number: int
) -> HttpResponse:
    """The file of a version as uploaded, for the secretariat to check."""
    version = get_object_or_404(
        PaperVersion.objects.select_related("paper"),
        paper=_paper(congress, pid),
        number=number,
    )
    if version.data is None:
        raise Http404
    return file_response(version)


@require_GET
@congress_access(Perm.VIEW)
def congress_papers_screen(request: HttpRequest, congress: Congress) -> HttpResponse:
    """The QR code for the hall's screen: a delegate's phone scans it to reach its papers."""
    link = hall_link(request, congress)
    return render(
        request,
        "papers/screen.html",
        {"congress": congress, "qr": qr_svg(link, size=480), "link": link},
    )
