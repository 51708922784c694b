"""The delegate's papers on the phone, through the vote link ``/v/<token>/``: no account.

The link is the credential, as for the electronic vote: a forged or voided
token (a reissued pass voids the old link) gets 404; a link bound to another
phone gets 403; a link not yet confirmed on any phone is sent to the vote
page, which asks to confirm this phone first. A delegate sees only their own
congress's published papers; any other paper is "not found".

``sw.js`` is the service worker of ``/v/<token>/papers/``: served from here,
at that path, so its scope is the delegate's papers and nothing else. It keeps
a copy of each page of that path once opened, for reading without the network.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from daihoi.congresses import voting
from daihoi.congresses.models import Delegate
from daihoi.papers import selectors, services
from daihoi.papers.models import Paper, PaperVersion, VersionFormat

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_CONTENT_TYPES: dict[str, str] = {VersionFormat.PDF: "application/pdf", VersionFormat.DOCX: DOCX}


def file_response(version: PaperVersion) -> HttpResponse:
    """The file as uploaded: a PDF opens in the phone's viewer, a DOCX is downloaded."""
    response = HttpResponse(bytes(version.data or b""), content_type=_CONTENT_TYPES[version.format])
    name = version.file_name or f"tai-lieu-{version.paper_id}-v{version.number}.{version.format}"
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "-", name) or "tai-lieu"
    disposition = "inline" if version.format == VersionFormat.PDF else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class _Refused(Exception):
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def _delegate(request: HttpRequest, token: str) -> Delegate:
    """The delegate of a valid link on its own phone, or the refusal to send back."""
    delegate = voting.pass_delegate(token)
    if delegate is None:
        raise _Refused(_refusal(request, "forged", 404))
    if not delegate.pass_device:
        raise _Refused(redirect("ballot_pass", token=token))
    secret = request.COOKIES.get(voting.DEVICE_COOKIE % delegate.pk)
    if not voting.device_matches(delegate, secret):
        raise _Refused(_refusal(request, "foreign_device", 403))
    return delegate


def _refusal(request: HttpRequest, code: str, status: int) -> HttpResponse:
    return render(request, "papers/phone_refused.html", {"code": code}, status=status)


def _paper(delegate: Delegate, pid: int) -> Paper:
    return get_object_or_404(selectors.published_papers(delegate.congress_id), pk=pid)


def _version(delegate: Delegate, pid: int, number: int) -> PaperVersion:
    return get_object_or_404(
        PaperVersion.objects.select_related("paper"),
        paper__congress_id=delegate.congress_id,
        paper__published=True,
        paper_id=pid,
        number=number,
    )


@never_cache
@require_GET
def phone_papers(request: HttpRequest, token: str) -> HttpResponse:
    """The congress's published papers, each with its current version."""
    try:
        delegate = _delegate(request, token)
    except _Refused as refused:
        return refused.response
    return render(
        request,
        "papers/phone_papers.html",
        {
            "delegate": delegate,
            "token": token,
            "papers": list(selectors.published_papers(delegate.congress_id)),
        },
    )


@never_cache
@require_GET
def phone_paper(request: HttpRequest, token: str, pid: int) -> HttpResponse:
    """One paper: its versions, the current one first and marked so."""
    try:
        delegate = _delegate(request, token)
    except _Refused as refused:
        return refused.response
    paper = _paper(delegate, pid)
    return render(
        request,
        "papers/phone_paper.html",
        {
            "delegate": delegate,
            "token": token,
            "paper": paper,
            "versions": list(paper.versions.all()),
        },
    )


@never_cache
@require_GET
def phone_paper_version(request: HttpRequest, token: str, pid: int, number: int) -> HttpResponse:
    """A version to read: its text (DOCX, draft) reflowed to the screen, or its PDF."""
    try:
        delegate = _delegate(request, token)
    except _Refused as refused:
        return refused.response
    version = _version(delegate, pid, number)
    services.paper_read(delegate=delegate, version=version)
    current = version.paper.versions.order_by("-number").values_list("number", flat=True).first()
    return render(
        request,
        "papers/phone_version.html",
        {
            "delegate": delegate,
            "token": token,
            "paper": version.paper,
            "version": version,
            "is_current": version.number == current,
        },
    )


@never_cache
@require_GET
def phone_paper_file(request: HttpRequest, token: str, pid: int, number: int) -> HttpResponse:
    try:
        delegate = _delegate(request, token)
    except _Refused as refused:
        return refused.response
    version = _version(delegate, pid, number)
    if version.data is None:
        raise Http404
    services.paper_read(delegate=delegate, version=version)
    return file_response(version)


@require_GET
def phone_papers_worker(request: HttpRequest, token: str) -> HttpResponse:
    """The service worker of this delegate's papers (its scope is the path it is served at)."""
    try:
        _delegate(request, token)
    except _Refused as refused:
        return refused.response
    response = render(request, "papers/sw.js", {}, content_type="text/javascript; charset=utf-8")
    # A phone checks for a new worker on each visit; it is never kept stale.
    response["Cache-Control"] = "no-cache"
    return response


@never_cache
@require_GET
def phone_papers_find(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the hall's QR code leads: the papers of the phone's own link, if it holds one.

    The phone is known by the cookie the vote link left when it was confirmed
    (``dh_pass_<delegate>``). A phone without one of this congress's links is told
    to open its own link first; nothing of the congress is shown to it.
    """
    ids = [
        int(name[len("dh_pass_") :])
        for name in request.COOKIES
        if name.startswith("dh_pass_") and name[len("dh_pass_") :].isdigit()
    ]
    for delegate in Delegate.objects.filter(pk__in=ids[:20], congress_id=pk).select_related(
        "congress"
    ):
        secret = request.COOKIES.get(voting.DEVICE_COOKIE % delegate.pk)
        if voting.device_matches(delegate, secret):
            return redirect("phone_papers", token=voting.pass_token(delegate))
    return _refusal(request, "no_link", 403)


__all__ = [
    "file_response",
    "phone_paper",
    "phone_paper_file",
    "phone_paper_version",
    "phone_papers",
    "phone_papers_find",
    "phone_papers_worker",
]
