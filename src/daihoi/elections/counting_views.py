"""The counting room: clerks enter batches twice, the head resolves, seals and reopens.

Only the counting committee of the congress reaches these pages (Perm.COUNT,
Perm.COUNT_HEAD); the sealed result is then readable by everyone who sees the
congress.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.access import Perm, congress_perms
from daihoi.core.elections.entry import EntryError, ballot_text
from daihoi.core.elections.formats import ballot_from_json
from daihoi.elections import selectors, services
from daihoi.elections.access import election_access
from daihoi.elections.definition import election_definition, ordered_candidates
from daihoi.elections.explain import explain_result
from daihoi.elections.forms import EntryForm, MinutesForm, ReasonForm
from daihoi.elections.models import Batch, BatchStatus, Election, ElectionStatus, Stream
from daihoi.elections.views import _crumbs
from daihoi.http import HtmxHttpRequest, confirm_page, confirmed, service_call


def _counting(election: Election) -> None:
    if election.status not in (ElectionStatus.LIST_APPROVED, ElectionStatus.COUNTING):
        raise PermissionDenied


@election_access(Perm.COUNT)
def count_home(request: HttpRequest, election: Election) -> HttpResponse:
    """Where a clerk picks up a batch, and sees their own open entries."""
    batches = list(
        election.batches.filter(status=BatchStatus.OPEN).annotate(taken=Count("streams"))
    )
    mine = {
        s.batch_id: s
        for s in Stream.objects.filter(batch__election=election, clerk_id=request.user.pk)
    }
    rows = [
        {"batch": b, "mine": mine.get(b.pk), "full": b.taken >= election.entry_copies}
        for b in batches
    ]
    return render(
        request,
        "elections/count_home.html",
        {
            "election": election,
            "rows": rows,
            "ancestors": _crumbs(election),
            "can_head": Perm.COUNT_HEAD in congress_perms(request.user, election.congress),
        },
    )


@require_POST
@election_access(Perm.COUNT)
def batch_join(request: HttpRequest, election: Election, bid: int) -> HttpResponse:
    batch = get_object_or_404(Batch, pk=bid, election=election)
    with service_call(request) as call:
        stream = services.stream_join(clerk=request.user, batch=batch)
    if call.refused:
        return redirect("count_home", pk=election.pk)
    return redirect("stream_entry", pk=election.pk, sid=stream.pk)


def _my_stream(request: HttpRequest, election: Election, sid: int) -> Stream:
    stream = get_object_or_404(
        Stream.objects.select_related("batch"), pk=sid, batch__election=election
    )
    if stream.clerk_id != request.user.pk:
        raise PermissionDenied
    return stream


def _entry_context(election: Election, stream: Stream, **extra: Any) -> dict[str, Any]:
    definition = election_definition(election)
    candidates = ordered_candidates(election, definition)
    ids = [c.code for c in candidates]
    last = stream.entries.order_by("-position").first()
    return {
        "election": election,
        "stream": stream,
        "form_kind": definition.form,
        "candidates": candidates,
        "entered": stream.entries.count(),
        "last": last,
        "last_text": ballot_text(ballot_from_json(last.ballot, definition.form), ids=ids)
        if last
        else "",
        "ancestors": _crumbs(election),
        **extra,
    }


@require_http_methods(["GET", "POST"])
@election_access(Perm.COUNT)
def stream_entry(request: HtmxHttpRequest, election: Election, sid: int) -> HttpResponse:
    """Keyboard-first entry: type the numbers, Enter saves, the field is ready for the next."""
    stream = _my_stream(request, election, sid)
    error, typed, status = "", "", 200
    if request.method == "POST":
        form = EntryForm(request.POST)
        typed = form.data.get("line", "")[:2000]
        with service_call(request, quiet=True) as call:
            try:
                services.entry_save(actor=request.user, stream_id=stream.pk, text=typed)
            except EntryError as exc:
                error, status = services.entry_error_message(exc), 400
        if call.refused:
            error, status = call.text, 409
        elif not error:
            typed = ""
            if not request.htmx:
                return redirect("stream_entry", pk=election.pk, sid=stream.pk)
    context = _entry_context(election, stream, error=error, typed=typed)
    template = "elections/_entry_form.html" if request.htmx else "elections/stream_entry.html"
    # htmx swaps only 2xx answers by default; a refused line still shows its message.
    return render(request, template, context, status=200 if request.htmx else status)


@require_POST
@election_access(Perm.COUNT)
def stream_undo(request: HttpRequest, election: Election, sid: int) -> HttpResponse:
    stream = _my_stream(request, election, sid)
    with service_call(request):
        position = services.entry_undo_last(clerk=request.user, stream=stream)
        if position:
            messages.success(request, _("Ballot %d removed; type it again.") % position)
    return redirect("stream_entry", pk=election.pk, sid=stream.pk)


@require_POST
@election_access(Perm.COUNT)
def stream_close_view(request: HttpRequest, election: Election, sid: int) -> HttpResponse:
    stream = _my_stream(request, election, sid)
    if not confirmed(request):
        typed = stream.entries.count()
        return confirm_page(
            request,
            title=_("Close your entry of batch %d") % stream.batch.number,
            question=_(
                "Have you typed every ballot of batch %d? Once closed, your entry cannot be "
                "changed; it is compared with the other clerk's."
            )
            % stream.batch.number,
            facts=[_("Ballots you typed: %d.") % typed],
            button=_("Yes, close my entry"),
            back=reverse("stream_entry", args=[election.pk, stream.pk]),
            election=election,
        )
    with service_call(request) as call:
        batch = services.stream_close(clerk=request.user, stream=stream)
    if call.refused:
        return redirect("stream_entry", pk=election.pk, sid=stream.pk)
    if batch.status == BatchStatus.MATCHED:
        messages.success(request, _("Batch %d matched: its ballots are counted.") % batch.number)
    elif batch.status == BatchStatus.MISMATCH:
        messages.error(
            request,
            _("Batch %d: the entries differ. The head of the committee decides.") % batch.number,
        )
    else:
        messages.success(
            request, _("Your entry of batch %d is closed; waiting for the other.") % batch.number
        )
    return redirect("count_home", pk=election.pk)


@election_access(Perm.COUNT_HEAD)
def batches_view(request: HttpRequest, election: Election) -> HttpResponse:
    """The head's desk: batches and their state, the running count, sealing."""
    batches = list(election.batches.prefetch_related("streams"))
    entry_counts = dict(
        Stream.objects.filter(batch__election=election)
        .annotate(n=Count("entries"))
        .values_list("pk", "n")
    )
    rows = [
        {
            "batch": b,
            "streams": [
                {"slot": s.slot, "closed": s.closed, "entries": entry_counts.get(s.pk, 0)}
                for s in sorted(b.streams.all(), key=lambda s: s.slot)
            ],
        }
        for b in batches
    ]
    explained = None
    with service_call(request, quiet=True) as call:
        # A list still in preparation may not be an election yet: say why, in words.
        definition = selectors.definition_or_refusal(election)
        explained = explain_result(selectors.live_result(election, definition), definition)
    problem = call.text
    return render(
        request,
        "elections/batches.html",
        {
            "election": election,
            "rows": rows,
            "explained": explained,
            "problem": problem,
            "pending": sum(1 for b in batches if b.status != BatchStatus.MATCHED),
            "ancestors": _crumbs(election),
            "reopen_form": ReasonForm(),
            "minutes_form": minutes_form(election),
            "backup": selectors.backup_offer(election),
        },
    )


@require_POST
@election_access(Perm.COUNT_HEAD)
def backup_view(request: HttpRequest, election: Election) -> HttpResponse:
    """The head writes a backup of the whole station to the USB stick's folder."""
    with service_call(request) as call:
        written = services.counting_backup(actor=request.user, election=election)
    if not call.refused:
        messages.success(
            request,
            _("Backup written: %(file)s in %(folder)s (SHA-256 %(sha)s…).")
            % {
                "file": written.path.name,
                "folder": written.path.parent,
                "sha": written.sha256[:16],
            },
        )
        if written.same_disk:
            messages.warning(
                request,
                _(
                    "The backup folder is on the same disk as the data: if that disk is lost, "
                    "so is the backup. Is the USB stick mounted there?"
                ),
            )
    return redirect("batches", pk=election.pk)


@require_POST
@election_access(Perm.COUNT_HEAD)
def batch_open_view(request: HttpRequest, election: Election) -> HttpResponse:
    with service_call(request):
        batch = services.batch_open(actor=request.user, election=election)
        messages.success(request, _("Batch %d is open for entry.") % batch.number)
    return redirect("batches", pk=election.pk)


@require_http_methods(["GET", "POST"])
@election_access(Perm.COUNT_HEAD)
def batch_resolve_view(request: HttpRequest, election: Election, bid: int) -> HttpResponse:
    batch = get_object_or_404(Batch, pk=bid, election=election)
    definition = election_definition(election)
    ids = services.candidate_ids(election, definition)
    status = 200
    if request.method == "POST":
        decisions = {
            int(key[1:]): str(request.POST[key])
            for key in request.POST
            if key.startswith("p") and key[1:].isdigit()
        }
        with service_call(request, _("Batch %d resolved and counted.") % batch.number) as call:
            services.batch_resolve(
                actor=request.user,
                election_id=election.pk,
                batch_id=batch.pk,
                decisions=decisions,
                reason=request.POST.get("reason", ""),
            )
        if not call.refused:
            return redirect("batches", pk=election.pk)
        status = 400
    differences = (
        [
            {
                "position": d["position"],
                "values": [
                    ballot_text(ballot_from_json(v, definition.form), ids=ids)
                    if v is not None
                    else None
                    for v in d["values"]
                ],
            }
            for d in selectors.batch_differences(batch)
        ]
        if batch.status == BatchStatus.MISMATCH
        else []
    )
    return render(
        request,
        "elections/batch_resolve.html",
        {
            "election": election,
            "batch": batch,
            "differences": differences,
            "candidates": ordered_candidates(election, definition),
            "ancestors": _crumbs(election),
        },
        status=status,
    )


@require_POST
@election_access(Perm.COUNT_HEAD)
def finalise_view(request: HttpRequest, election: Election) -> HttpResponse:
    if not confirmed(request):
        present = selectors.hall_present(election)
        facts = [_("Ballots counted: %d.") % election.cast_ballots.count()]
        if election.ballots_issued is not None:
            facts.append(_("Ballots issued: %d.") % election.ballots_issued)
        if present is not None:
            facts.append(_("Present and voting in the hall: %d.") % present)
        return confirm_page(
            request,
            title=_("Seal the result"),
            question=_(
                "Seal the result of “%s”? The sealed result is what the minutes and the "
                "package report; changing it afterwards needs a reopening with a reason."
            )
            % election.title,
            facts=facts,
            button=_("Yes, seal the result"),
            back=reverse("batches", args=[election.pk]),
            election=election,
        )
    with service_call(request, _("The result is sealed.")) as call:
        services.election_finalise(actor=request.user, election=election)
    if call.refused:
        return redirect("batches", pk=election.pk)
    return redirect("election_result", pk=election.pk)


@require_POST
@election_access(Perm.COUNT_HEAD)
def reopen_view(request: HttpRequest, election: Election) -> HttpResponse:
    form = ReasonForm(request.POST)
    # A NUL cannot be typed and cannot be kept in the audit log's JSON (PostgreSQL).
    reason = form.data.get("reason", "").replace("\x00", "")
    done = _("The result is reopened; the reason is in the audit log.")
    with service_call(request, done) as call:
        services.election_reopen(actor=request.user, election=election, reason=reason)
    if call.refused:
        return redirect("election_result", pk=election.pk)
    return redirect("batches", pk=election.pk)


def _station_fingerprint() -> str:
    """This station's key fingerprint (the key is created on first use); empty if unreadable."""
    from daihoi.core.package import PackageError
    from daihoi.elections.packages import station_fingerprint

    try:
        return station_fingerprint()
    except (PackageError, OSError):
        return ""


@election_access(Perm.VIEW)
def result_view(request: HttpRequest, election: Election) -> HttpResponse:
    """The sealed result for everyone who sees the congress; before the seal, the committee's."""
    perms = congress_perms(request.user, election.congress)
    if election.status == ElectionStatus.FINALISED:
        from daihoi.core.elections import result_from_json

        definition = election_definition(election)
        result = result_from_json(election.result)
    elif Perm.COUNT in perms:
        with service_call(request) as call:
            # A list still in preparation may not be an election yet: say why, in words.
            definition = selectors.definition_or_refusal(election)
            result = selectors.live_result(election, definition)
        if call.refused:
            return redirect("election_detail", pk=election.pk)
    else:
        raise PermissionDenied
    return render(
        request,
        "elections/result.html",
        {
            "election": election,
            "explained": explain_result(result, definition),
            "sealed": election.status == ElectionStatus.FINALISED,
            "can_head": Perm.COUNT_HEAD in perms,
            "station_fingerprint": _station_fingerprint()
            if Perm.COUNT_HEAD in perms and election.status == ElectionStatus.FINALISED
            else "",
            "can_setup": Perm.SETUP in perms,
            "has_next_round": hasattr(election, "next_round"),
            "ancestors": _crumbs(election),
            "reopen_form": ReasonForm(),
        },
    )


@require_POST
@election_access(Perm.COUNT_HEAD)
def minutes_details_view(request: HttpRequest, election: Election) -> HttpResponse:
    """The head records the ballots issued and the committee's names for the minutes."""
    form = MinutesForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else str(message))
        return redirect("batches", pk=election.pk)
    with service_call(request, _("Saved for the counting minutes.")):
        services.counting_minutes_set(
            actor=request.user,
            election=election,
            ballots_issued=form.cleaned_data["ballots_issued"],
            committee=form.committee(),
        )
    return redirect("batches", pk=election.pk)


def minutes_form(election: Election) -> MinutesForm:
    """The minutes form filled with what is recorded."""
    committee = election.counting_committee or []
    return MinutesForm(
        initial={
            "ballots_issued": election.ballots_issued,
            "head": next((m["name"] for m in committee if m["role"] == "head"), ""),
            "deputies": "\n".join(m["name"] for m in committee if m["role"] == "deputy"),
            "members": "\n".join(m["name"] for m in committee if m["role"] == "member"),
        }
    )
