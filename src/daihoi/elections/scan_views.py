"""Adjudication of scanned ballots: the flagged ones, one by one, decided by a human.

Keyboard first: the page shows each doubtful row as a crop of the scan beside
the same crop of the blank, with the reader's suggestion and why it doubted.
Enter with nothing typed accepts the suggestion for the whole ballot; row
numbers typed correct it. The next ballot comes back in the same answer
(htmx), its crops already asked for by ``review.js`` while this one was
being decided.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daihoi.accounts.access import Perm
from daihoi.core.ballots.code import CodeError, decode_code_payload
from daihoi.core.ballots.testing import trial_mismatch
from daihoi.core.elections import ElectionDefinition
from daihoi.elections import selectors, services
from daihoi.elections.access import election_access
from daihoi.elections.definition import election_definition, ordered_candidates
from daihoi.elections.models import Election, ScannedBallot, ScanStatus
from daihoi.elections.scan_images import blank_crop_png, scan_crop_png, scan_image_png
from daihoi.elections.scanning import (
    machine_text,
    printing_not_this_lists,
    scan_adjudicate,
    scan_decide,
    scan_reject,
    scan_suggestion,
)
from daihoi.elections.views import _crumbs
from daihoi.http import HtmxHttpRequest, service_call


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


def twin_label(scanned: ScannedBallot, counted_id: str) -> str | None:
    """When a ballot of "another election" is this election's MẪU THỬ ballot in the real
    count, or its real ballot in a test run, the reason says so."""
    for page in scanned.reading.get("pages", []):
        try:
            found = decode_code_payload(str(page.get("code") or "")).election
        except CodeError:
            continue
        twin = trial_mismatch(found, counted_id)
        if twin == "test_ballot":
            return _("A MẪU THỬ test ballot in the real count: not counted")
        if twin == "real_ballot":
            return _("A real ballot in the test run: not counted in the test")
    return None


def print_mismatch_label(scanned: ScannedBallot) -> str | None:
    """When a page was aligned by its squares but its printing is not this list's
    blank ballot, the reason says so rather than "corner squares not found"."""
    for page in scanned.reading.get("pages", []):
        if printing_not_this_lists(page):
            return _(
                "The printing does not match this list's blank ballot (%(share)d%%): "
                "printed from another list, or in another font?"
            ) % {"share": round(float(page["print_match"]) * 100)}
    return None


def _reasons(scanned: ScannedBallot, definition: ElectionDefinition) -> list[str]:
    twin = twin_label(scanned, definition.id) if "wrong_election" in scanned.review else None
    mismatch = print_mismatch_label(scanned) if "unregistered" in scanned.review else None
    labels = {"wrong_election": twin, "unregistered": mismatch}
    return [labels.get(code) or review_label(code) for code in scanned.review]


def not_shown_words(name: str, not_shown: tuple[int, ...], of: int) -> str:
    """The words of ``name`` a stroke does not show in, quoted ("" when the printing's
    words, as the reader counted them, are not the name's words one for one)."""
    words = name.split()
    if not not_shown or len(words) != of or not all(0 <= k < of for k in not_shown):
        return ""
    return ", ".join(f"“{words[k]}”" for k in not_shown)


def doubt_label(code: str, coverage: float | None, ink_mm2: float, words: str = "") -> str:
    """Why the reader doubted a row, for the committee (the reader's own codes too).

    ``words``: for ``unseen`` and ``split``, the words the stroke does not show in."""
    if code == "unseen" and words:
        return _("The stroke does not show in %(words)s: hidden in the letters, or gone round?") % {
            "words": words
        }
    if code == "split" and words:
        return _("The pen lifts beside %(words)s, which shows no stroke") % {"words": words}
    if code == "partial" and coverage is not None:
        return _("The stroke runs over %(share)d%% of the name only") % {
            "share": round(coverage * 100)
        }
    labels = {
        "partial": _("The stroke runs over part of the name only"),
        "mark": _("Ink in the row (%(ink)s mm²) that is no stroke through the whole name")
        % {"ink": formats.number_format(ink_mm2, 1)},
        "round": _("A ring round the name, not a stroke through it: kept or struck?"),
        "faint": _("Only faint ink in the row: a light pen?"),
        "colour": _("Coloured ink in the row that is no clear stroke"),
        "boxes": _("The mark in the boxes is not a clear X"),
        "name_ink": _("Ink in the number or name cell"),
        "across_boxes": _("A stroke runs over the rule between two boxes"),
        "letters_moved": _(
            "The printing lies off its rules here: the stroke read may be the letters' edges"
        ),
        "hidden": _("The letters are darker than usual: a stroke along them?"),
        "unchecked": _(
            "Too few names left standing on this page to check the letters for a hidden stroke"
        ),
        "unseen": _("The stroke does not show in one word of the name: hidden or gone round?"),
        "split": _("The pen lifts between two words: the word beside the gap shows no stroke"),
        "between_rows": _("Ink along the rule between two rows"),
        "no_vote": _(
            "A black-and-white scan shows no vote on this ballot: a light pen may not show"
        ),
        "light_line": _("A thin, light line through a word's letters: struck?"),
        "undecided": _("The reader could not decide this row"),
    }
    return labels.get(code, code)


def suggestion_label(value: str) -> str:
    labels = {
        "struck": _("struck"),
        "kept": _("kept"),
        "agree": _("agree"),
        "disagree": _("disagree"),
        "both": _("both boxes"),
        "none": _("no vote"),
    }
    return labels.get(value, value)


def _rows(scanned: ScannedBallot, election: Election) -> list[dict[str, Any]]:
    names = {c.code: c.full_name for c in ordered_candidates(election)}
    rows = []
    for page in scanned.reading.get("pages", []):
        for row in page.get("rows", []):
            rows.append({**row, "name": names.get(row.get("id"), row.get("id"))})
    return rows


def _crop_urls(election: Election, scanned: ScannedBallot, areas: list[str]) -> list[str]:
    return [reverse("review_crop", args=[election.pk, scanned.pk, a]) for a in areas] + [
        reverse("review_blank", args=[election.pk, a]) for a in areas
    ]


def _areas(scanned: ScannedBallot, definition: ElectionDefinition, ids: list[str]) -> list[str]:
    areas = [str(d.number) for d in scan_suggestion(scanned, definition, ids).doubts]
    if "no_stamp" in scanned.review:
        areas.append("stamp")
    return areas


def _context(election: Election, *, error: str = "", typed: str = "") -> dict[str, Any]:
    pending = election.scans.filter(status=ScanStatus.REVIEW).order_by("pk")
    waiting = list(pending[:2])
    scanned = waiting[0] if waiting else None
    context: dict[str, Any] = {
        "election": election,
        "ancestors": _crumbs(election),
        "remaining": pending.count(),
        "scanned": scanned,
        "counted": election.scans.filter(status=ScanStatus.COUNTED).count(),
        "decided": election.scans.filter(
            status__in=[ScanStatus.DECIDED, ScanStatus.REJECTED]
        ).count(),
        "error": error,
        "typed": typed,
    }
    if scanned is None:
        return context
    definition = election_definition(election)
    ids = services.candidate_ids(election, definition)
    suggestion = scan_suggestion(scanned, definition, ids)
    names = {c.code: c.full_name for c in ordered_candidates(election, definition)}
    doubts = [
        {
            "number": d.number,
            "name": names.get(d.candidate_id, d.candidate_id),
            "suggestion": d.suggestion,
            "suggestion_label": suggestion_label(d.suggestion),
            "why": doubt_label(
                d.reason,
                d.coverage,
                d.ink_mm2,
                not_shown_words(names.get(d.candidate_id, ""), d.not_shown, d.of),
            ),
        }
        for d in suggestion.doubts
    ]
    context.update(
        reasons=_reasons(scanned, definition),
        doubts=doubts,
        stamp="no_stamp" in scanned.review,
        stamp_colourless=any(p.get("colourless") for p in scanned.reading.get("pages", ())),
        suggested=suggestion.text,
        has_suggestion=suggestion.ballot is not None,
        rows=_rows(scanned, election),
        typed_full=machine_text(scanned, definition, ids),
        form_kind=definition.form,
        prefetch=(
            " ".join(_crop_urls(election, waiting[1], _areas(waiting[1], definition, ids)))
            if len(waiting) > 1
            else ""
        ),
    )
    return context


@election_access(Perm.COUNT)
def review_next(request: HtmxHttpRequest, election: Election) -> HttpResponse:
    """The next flagged ballot: its doubtful rows beside the blank, the reader's suggestion."""
    template = "elections/_review.html" if request.htmx else "elections/review.html"
    return render(request, template, _context(election))


def _scan(election: Election, sid: int) -> ScannedBallot:
    return get_object_or_404(ScannedBallot, pk=sid, election=election)


@require_POST
@election_access(Perm.COUNT)
def review_decide(request: HtmxHttpRequest, election: Election, sid: int) -> HttpResponse:
    """Record one decision; the answer is the next ballot (htmx) or a redirect to it."""
    scanned = _scan(election, sid)
    definition = election_definition(election)
    ids = services.candidate_ids(election, definition)
    action = request.POST.get("action", "accept")
    typed = request.POST.get("fix", "")[:2000]
    note = request.POST.get("note", "")[:400]
    with service_call(request, quiet=bool(request.htmx)) as call:
        if action == "reject":
            reason = note or request.POST.get("reason", "") or _("Not a ballot of this election")
            scan_reject(actor=request.user, scanned=scanned, reason=reason)
        elif action == "count":
            scan_decide(
                actor=request.user,
                scanned=scanned,
                text=request.POST.get("line", ""),
                reason=request.POST.get("reason", ""),
                definition=definition,
                ids=ids,
            )
        else:
            scan_adjudicate(
                actor=request.user,
                scanned=scanned,
                typed=typed,
                note=note,
                definition=definition,
                ids=ids,
            )
    if call.refused:
        if request.htmx:
            context = _context(election, error=call.text, typed=typed)
            if context["scanned"] is not None and context["scanned"].pk != scanned.pk:
                context["error"] = ""  # decided by someone else meanwhile: go on
            return render(request, "elections/_review.html", context)
    else:
        if request.htmx:
            return render(request, "elections/_review.html", _context(election))
        messages.success(request, _("Decision recorded."))
    return redirect("review_next", pk=election.pk)


def _image(png: bytes | None) -> HttpResponse:
    if png is None:
        raise Http404
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=600"
    return response


@election_access(Perm.COUNT)
def review_image(request: HttpRequest, election: Election, sid: int) -> HttpResponse:
    return _image(scan_image_png(_scan(election, sid)))


@election_access(Perm.COUNT)
def review_crop(request: HttpRequest, election: Election, sid: int, area: str) -> HttpResponse:
    """One row (or the stamp box) of a flagged ballot's scan, upright; computed, not stored."""
    scanned = _scan(election, sid)
    return _image(scan_crop_png(scanned, area, _printed_definition(election)))


@election_access(Perm.COUNT)
def review_blank(request: HttpRequest, election: Election, area: str) -> HttpResponse:
    """The same part of the blank ballot, as printed for this election."""
    return _image(blank_crop_png(election, area, _printed_definition(election)))


def _printed_definition(election: Election) -> ElectionDefinition:
    """The definition the ballots were printed from; a list that is not one yet has no ballot."""
    try:
        return selectors.definition_or_refusal(election)
    except ValidationError:
        raise Http404 from None
