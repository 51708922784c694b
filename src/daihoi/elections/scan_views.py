"""Adjudication of scanned ballots: the flagged ones, one by one, decided by a human."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daihoi.accounts.access import Perm, election_access
from daihoi.elections import services
from daihoi.elections.definition import election_definition, ordered_candidates
from daihoi.elections.models import Election, ScannedBallot, ScanStatus
from daihoi.elections.scanning import machine_text, scan_decide, scan_image_png, scan_reject
from daihoi.elections.views import _crumbs


def review_label(code: str) -> str:
    labels = {
        "doubtful_row": _("A row is neither clearly struck nor clearly kept"),
        "no_stamp": _("No stamp (no red ink) in the stamp box"),
        "ink_outside_rows": _("Ink outside the rows: a written-in name or a mark"),
        "unregistered": _("The page could not be aligned (corner squares not found)"),
        "unreadable": _("The page could not be read"),
        "wrong_election": _("A ballot of another election, round or list"),
        "streak": _("A line across the page"),
        "sides_disagree": _("The two sides of the sheet do not agree"),
    }
    return labels.get(code, code)


def _rows(scanned: ScannedBallot, election: Election) -> list[dict[str, Any]]:
    names = {c.code: c.full_name for c in ordered_candidates(election)}
    rows = []
    for page in scanned.reading.get("pages", []):
        for row in page.get("rows", []):
            rows.append({**row, "name": names.get(row.get("id"), row.get("id"))})
    return rows


@election_access(Perm.COUNT)
def review_next(request: HttpRequest, election: Election) -> HttpResponse:
    """The next flagged ballot, with its image, its rows' scores and why it was flagged."""
    pending = election.scans.filter(status=ScanStatus.REVIEW).order_by("pk")
    scanned = pending.first()
    context: dict[str, Any] = {
        "election": election,
        "ancestors": _crumbs(election.congress),
        "remaining": pending.count(),
        "scanned": scanned,
        "counted": election.scans.filter(status=ScanStatus.COUNTED).count(),
        "decided": election.scans.filter(
            status__in=[ScanStatus.DECIDED, ScanStatus.REJECTED]
        ).count(),
    }
    if scanned is not None:
        definition = election_definition(election)
        ids = services.candidate_ids(election, definition)
        context.update(
            reasons=[review_label(code) for code in scanned.review],
            rows=_rows(scanned, election),
            typed=machine_text(scanned, definition, ids),
            form_kind=definition.form,
            candidates=ordered_candidates(election, definition),
        )
    return render(request, "elections/review.html", context)


def _scan(election: Election, sid: int) -> ScannedBallot:
    return get_object_or_404(ScannedBallot, pk=sid, election=election)


@require_POST
@election_access(Perm.COUNT)
def review_decide(request: HttpRequest, election: Election, sid: int) -> HttpResponse:
    scanned = _scan(election, sid)
    definition = election_definition(election)
    try:
        if request.POST.get("action") == "reject":
            scan_reject(actor=request.user, scanned=scanned, reason=request.POST.get("reason", ""))
        else:
            scan_decide(
                actor=request.user,
                scanned=scanned,
                text=request.POST.get("line", ""),
                reason=request.POST.get("reason", ""),
                definition=definition,
                ids=services.candidate_ids(election, definition),
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("review_next", pk=election.pk)


@election_access(Perm.COUNT)
def review_image(request: HttpRequest, election: Election, sid: int) -> HttpResponse:
    png = scan_image_png(_scan(election, sid))
    if png is None:
        raise Http404
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=600"
    return response
