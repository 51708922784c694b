"""Setting up an election: its electorate, its list, the congress's vote on the list.

Thin views: load through the access layer, write through services.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.access import Perm, congress_perms
from daihoi.core.collation import in_name_order
from daihoi.elections import selectors, services
from daihoi.elections.access import election_access
from daihoi.elections.definition import definition_or_problems, ordered_candidates
from daihoi.elections.forms import (
    CandidateForm,
    DeductionForm,
    ElectionForm,
    ListVoteCorrectForm,
    ListVoteForm,
    UploadForm,
    WithdrawForm,
)
from daihoi.elections.importing import candidate_rows
from daihoi.elections.models import Candidate, Deduction, Election, ElectionStatus
from daihoi.http import form_errors as _form_errors
from daihoi.http import run_service as _write
from daihoi.http import service_call, submit_form
from daihoi.organizations.selectors import unit_ancestors
from daihoi.tables import ImportRefused


def _crumbs(election: Election) -> list[Any]:
    unit = election.congress.unit
    return [*unit_ancestors(unit), unit]


@election_access(Perm.VIEW)
def election_detail(request: HttpRequest, election: Election) -> HttpResponse:
    definition, problems = definition_or_problems(election, lang=get_language() or "vi")
    perms = congress_perms(request.user, election.congress)
    listed = ordered_candidates(election, definition)
    context = {
        "election": election,
        "congress": election.congress,
        "ancestors": _crumbs(election),
        "candidates": listed,
        "withdrawn": in_name_order(
            (c for c in election.candidates.all() if c.withdrawn), name=attrgetter("full_name")
        ),
        "deductions": list(election.deductions.all()),
        "definition": definition,
        "problems": problems if listed else [],
        "checks": selectors.list_checks(election, definition),
        "base": definition.electorate.base if definition else None,
        "can_setup": Perm.SETUP in perms,
        "can_count": Perm.COUNT in perms,
        "can_head": Perm.COUNT_HEAD in perms,
        "draft": election.status == ElectionStatus.DRAFT,
        "candidate_form": CandidateForm(),
        "deduction_form": DeductionForm(),
        "upload_form": UploadForm(),
        "vote_form": ListVoteForm(),
        "correctable": services.list_vote_correctable(election),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "elections/election_detail.html", context)


@require_http_methods(["GET", "POST"])
@election_access(Perm.SETUP)
def election_edit(request: HttpRequest, election: Election) -> HttpResponse:
    initial = {f: getattr(election, f) for f in ElectionForm.base_fields}
    form = ElectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.election_update(actor=request.user, election=election, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("election_detail", pk=election.pk)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Edit: %s") % election.title,
            "congress": election.congress,
            "unit": election.congress.unit,
            "ancestors": _crumbs(election),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@election_access(Perm.SETUP)
def candidate_add_view(request: HttpRequest, election: Election) -> HttpResponse:
    form = CandidateForm(request.POST)
    submit_form(
        request,
        form,
        lambda data: services.candidate_add(actor=request.user, election=election, **data),
        _("Added to the list."),
    )
    return redirect("election_detail", pk=election.pk)


@require_POST
@election_access(Perm.SETUP)
def candidates_import_view(request: HttpRequest, election: Election) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("election_detail", pk=election.pk)
    upload = form.cleaned_data["file"]
    try:
        rows = candidate_rows(upload.name, upload.read())
    except ImportRefused as refused:
        messages.error(request, _("Nothing was imported."))
        for e in refused.errors:
            messages.error(request, f"{upload.name}: {e}")
        return redirect("election_detail", pk=election.pk)
    _write(
        request,
        lambda: services.candidates_add_many(actor=request.user, election=election, rows=rows),
        _("%d names added to the list.") % len(rows),
    )
    return redirect("election_detail", pk=election.pk)


def _candidate(election: Election, cid: int) -> Candidate:
    return get_object_or_404(Candidate, pk=cid, election=election)


@require_POST
@election_access(Perm.SETUP)
def candidate_remove_view(request: HttpRequest, election: Election, cid: int) -> HttpResponse:
    candidate = _candidate(election, cid)
    _write(
        request,
        lambda: services.candidate_remove(
            actor=request.user, election=election, candidate=candidate
        ),
        _("Removed from the list."),
    )
    return redirect("election_detail", pk=election.pk)


@require_POST
@election_access(Perm.SETUP)
def candidate_withdraw_view(request: HttpRequest, election: Election, cid: int) -> HttpResponse:
    candidate = _candidate(election, cid)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        _write(
            request,
            lambda: services.candidate_withdraw(
                actor=request.user,
                election=election,
                candidate=candidate,
                decision=form.cleaned_data["decision"],
            ),
            _("Withdrawal recorded."),
        )
    else:
        _form_errors(request, form)
    return redirect("election_detail", pk=election.pk)


@require_POST
@election_access(Perm.SETUP)
def deduction_add_view(request: HttpRequest, election: Election) -> HttpResponse:
    form = DeductionForm(request.POST)
    submit_form(
        request,
        form,
        lambda data: services.deduction_add(actor=request.user, election=election, **data),
        _("Deduction recorded."),
    )
    return redirect("election_detail", pk=election.pk)


@require_POST
@election_access(Perm.SETUP)
def deduction_remove_view(request: HttpRequest, election: Election, did: int) -> HttpResponse:
    deduction = get_object_or_404(Deduction, pk=did, election=election)
    _write(
        request,
        lambda: services.deduction_remove(
            actor=request.user, election=election, deduction=deduction
        ),
        _("Deduction removed."),
    )
    return redirect("election_detail", pk=election.pk)


@require_POST
@election_access(Perm.SETUP)
def list_vote_view(request: HttpRequest, election: Election) -> HttpResponse:
    form = ListVoteForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("election_detail", pk=election.pk)
    with service_call(request) as call:
        passed = services.election_list_approve(
            actor=request.user, election=election, **form.cleaned_data
        )
    if not call.refused:
        if passed:
            messages.success(request, _("The congress approved the list."))
        else:
            # Recorded, not refused: the congress voted and the list stays a draft.
            messages.warning(request, _("The vote did not pass: the list is not approved."))
    return redirect("election_detail", pk=election.pk)


@require_http_methods(["GET", "POST"])
@election_access(Perm.SETUP)
def list_vote_correct_view(request: HttpRequest, election: Election) -> HttpResponse:
    """Correct the figures of a list vote typed wrong, until the first ballots are counted."""
    if not services.list_vote_correctable(election):
        messages.error(
            request,
            _("The list vote can be corrected only until the first ballots are counted."),
        )
        return redirect("election_detail", pk=election.pk)
    initial = {
        "present": election.list_present,
        "agree": election.list_agree,
        "disagree": election.list_disagree,
    }
    form = ListVoteCorrectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            passed = services.election_list_vote_correct(
                actor=request.user, election=election, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if passed:
                messages.success(request, _("List vote corrected: the list is approved."))
            else:
                messages.warning(request, _("List vote corrected: the list is not approved."))
            return redirect("election_detail", pk=election.pk)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Correct the list vote: %s") % election.title,
            "congress": election.congress,
            "unit": election.congress.unit,
            "ancestors": _crumbs(election),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@election_access(Perm.SETUP)
def next_round_view(request: HttpRequest, election: Election) -> HttpResponse:
    with service_call(request) as call:
        new = services.election_next_round(actor=request.user, election=election)
    if call.refused:
        return redirect("election_result", pk=election.pk)
    messages.success(
        request, _("Round %d opened with the candidates the result named.") % new.round
    )
    return redirect("election_detail", pk=new.pk)
