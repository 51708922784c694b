"""Files of an election: its interchange file, the ballot paper, the counting minutes."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from daihoi.accounts.access import Perm, election_access
from daihoi.core.elections import InputError, InvalidInput
from daihoi.documents.ballot_layout import LayoutError
from daihoi.elections.definition import election_json
from daihoi.elections.documents import ballot_pdf, minutes_docx, minutes_pdf
from daihoi.elections.models import Election, ElectionStatus
from daihoi.elections.problems import problem_text
from daihoi.http import download as _download


@election_access(Perm.VIEW)
def election_file(request: HttpRequest, election: Election) -> HttpResponse:
    data = json.dumps(election_json(election), ensure_ascii=False, indent=2) + "\n"
    return _download(data.encode("utf-8"), "application/json", f"election-e{election.pk}.json")


@election_access(Perm.VIEW)
def election_ballot_pdf(request: HttpRequest, election: Election) -> HttpResponse:
    try:
        content = ballot_pdf(election)
    except (InvalidInput, LayoutError) as exc:
        problems = exc.errors if isinstance(exc, InvalidInput) else [exc]
        for problem in problems:
            text = problem_text(problem) if isinstance(problem, InputError) else str(problem)
            messages.error(request, _("The ballot cannot be drawn yet: %s") % text)
        return redirect("election_detail", pk=election.pk)
    return _download(content, "application/pdf", f"phieu-bau-e{election.pk}.pdf")


def _sealed(election: Election) -> None:
    if election.status != ElectionStatus.FINALISED:
        raise PermissionDenied


@election_access(Perm.VIEW)
def election_minutes_pdf(request: HttpRequest, election: Election) -> HttpResponse:
    _sealed(election)
    return _download(minutes_pdf(election), "application/pdf", f"bien-ban-e{election.pk}.pdf")


@election_access(Perm.VIEW)
def election_minutes_docx(request: HttpRequest, election: Election) -> HttpResponse:
    _sealed(election)
    return _download(
        minutes_docx(election),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"bien-ban-e{election.pk}.docx",
    )
