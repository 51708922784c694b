"""The congress page: its four contents, its status, and the elections it sets up.

Setting up an election and taking its names from the congress's delegates start
here, in the congress (which sits above the elections: docs/architecture-apps.md).
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.access import Perm, congress_perms
from daihoi.congresses.access import congress_access
from daihoi.congresses.forms import CongressForm, CongressStatusForm
from daihoi.congresses.models import STATUS_MOVES, Congress, CongressStatus
from daihoi.congresses.selectors import term_current
from daihoi.congresses.services import congress_create, congress_set_status, congress_update
from daihoi.core.collation import in_name_order
from daihoi.elections.access import election_access
from daihoi.elections.forms import ElectionCreateForm
from daihoi.elections.models import Election
from daihoi.elections.selectors import elections_of_congress
from daihoi.elections.services import candidates_add_many, election_create
from daihoi.http import run_service as _write
from daihoi.http import service_call
from daihoi.organizations.access import unit_access
from daihoi.organizations.models import Unit
from daihoi.organizations.selectors import unit_ancestors


@congress_access(Perm.VIEW)
def congress_detail(request: HttpRequest, congress: Congress) -> HttpResponse:
    moves = [(s, CongressStatus(s).label) for s in STATUS_MOVES.get(congress.status, ())]
    perms = congress_perms(request.user, congress)
    context = {
        "congress": congress,
        "unit": congress.unit,
        "ancestors": [*unit_ancestors(congress.unit), congress.unit],
        "elections": elections_of_congress(congress.pk),
        "moves": moves,
        "can_manage": Perm.MANAGE in perms,
        "can_setup": Perm.SETUP in perms,
        "can_hall": Perm.HALL in perms,
    }
    return render(request, "congresses/congress_detail.html", context)


@require_POST
@congress_access(Perm.MANAGE)
def congress_status(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = CongressStatusForm(request.POST)
    if form.is_valid():
        with service_call(request):
            congress_set_status(
                actor=request.user, congress=congress, status=form.cleaned_data["status"]
            )
    else:
        messages.error(request, form.errors.as_text())
    return redirect("congress_detail", pk=congress.pk)


def _congress_form_page(
    request: HttpRequest, unit: Unit, form: CongressForm, title: str, congress: Congress | None
) -> HttpResponse:
    return render(
        request,
        "form_page.html",
        {
            "unit": unit,
            "congress": congress,
            "form": form,
            "title": title,
            "ancestors": [*unit_ancestors(unit), unit],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@unit_access(Perm.MANAGE)
def congress_create_view(request: HttpRequest, unit: Unit) -> HttpResponse:
    term = term_current()
    if term is None:
        messages.error(request, _("No term has been set up yet."))
        return redirect("unit_detail", code=unit.code)
    form = CongressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            congress = congress_create(
                actor=request.user,
                unit=unit,
                term=term,
                kind=data["kind"],
                number=data["number"],
                is_pilot=data["is_pilot"],
                planned_date=data["planned_date"],
                summoned=data["summoned"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("congress_detail", pk=congress.pk)
    title = _("Congress of %(unit)s, term %(term)s") % {"unit": unit.name, "term": term}
    return _congress_form_page(request, unit, form, title, None)


@require_http_methods(["GET", "POST"])
@congress_access(Perm.MANAGE)
def congress_edit(request: HttpRequest, congress: Congress) -> HttpResponse:
    initial = {
        f: getattr(congress, f)
        for f in ("kind", "number", "is_pilot", "planned_date", "held_from", "held_to", "summoned")
    }
    form = CongressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            congress_update(actor=request.user, congress=congress, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("congress_detail", pk=congress.pk)
    title = _("Edit the congress of %s") % congress.unit.name
    return _congress_form_page(request, congress.unit, form, title, congress)


@require_http_methods(["GET", "POST"])
@congress_access(Perm.SETUP)
def election_create_view(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = ElectionCreateForm(request.POST or None, initial={"summoned": congress.summoned})
    if request.method == "POST" and form.is_valid():
        try:
            election = election_create(actor=request.user, congress=congress, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("election_detail", pk=election.pk)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("New election"),
            "congress": congress,
            "unit": congress.unit,
            "ancestors": [*unit_ancestors(congress.unit), congress.unit],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@election_access(Perm.SETUP)
def candidates_from_delegates(request: HttpRequest, election: Election) -> HttpResponse:
    """Choose names from the people summoned to the congress."""
    on_list = set(election.candidates.values_list("member_id", flat=True))
    delegates = [
        d
        for d in in_name_order(
            election.congress.delegates.select_related("member", "member__unit"),
            name=attrgetter("full_name"),
        )
        if d.member_id is None or d.member_id not in on_list
    ]
    if request.method == "POST":
        chosen = set(request.POST.getlist("delegate"))
        rows = [
            {
                "full_name": d.full_name,
                "note": _note(d),
                "born": d.member.birth_date if d.member else None,
                "member_id": d.member_id,
            }
            for d in delegates
            if str(d.pk) in chosen
        ]
        if rows and _write(
            request,
            lambda: candidates_add_many(actor=request.user, election=election, rows=rows),
            _("%d names added to the list.") % len(rows),
        ):
            return redirect("election_detail", pk=election.pk)
    return render(
        request,
        "elections/from_delegates.html",
        {
            "election": election,
            "delegates": delegates,
            "ancestors": [*unit_ancestors(election.congress.unit), election.congress.unit],
        },
    )


def _note(delegate: Any) -> str:
    member = delegate.member
    if member is None:
        return ""
    year = f"{member.birth_date.year}, " if member.birth_date else ""
    return f"{year}{member.unit.name}"
