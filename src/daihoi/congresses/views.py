"""The congress page: its four contents, and its status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from daihoi.accounts.access import Perm, congress_access, congress_perms
from daihoi.congresses.forms import CongressStatusForm
from daihoi.congresses.models import STATUS_MOVES, Congress, CongressStatus
from daihoi.congresses.services import congress_set_status
from daihoi.elections.selectors import elections_of_congress
from daihoi.organizations.selectors import unit_ancestors


@congress_access(Perm.VIEW)
def congress_detail(request: HttpRequest, congress: Congress) -> HttpResponse:
    moves = [(s, CongressStatus(s).label) for s in STATUS_MOVES.get(congress.status, ())]
    context = {
        "congress": congress,
        "unit": congress.unit,
        "ancestors": [*unit_ancestors(congress.unit), congress.unit],
        "elections": elections_of_congress(congress),
        "moves": moves,
        "can_manage": Perm.MANAGE in congress_perms(request.user, congress),
    }
    return render(request, "congresses/congress_detail.html", context)


@require_POST
@congress_access(Perm.MANAGE)
def congress_status(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = CongressStatusForm(request.POST)
    if form.is_valid():
        try:
            congress_set_status(
                actor=request.user, congress=congress, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    else:
        messages.error(request, form.errors.as_text())
    return redirect("congress_detail", pk=congress.pk)
