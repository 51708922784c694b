"""Files of an election: its interchange file, the ballot paper, the counting minutes."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from daihoi.accounts.access import Perm
from daihoi.core.ballots.layout import LayoutError
from daihoi.core.elections import InputError, InvalidInput
from daihoi.core.package import PackageError
from daihoi.elections.access import election_access
from daihoi.elections.definition import election_json
from daihoi.elections.documents import ballot_pdf, minutes_docx, minutes_pdf
from daihoi.elections.models import Election, ElectionStatus
from daihoi.elections.packages import package_export
from daihoi.elections.problems import problem_text
from daihoi.elections.services import refuse_while_testing
from daihoi.http import download as _download
from daihoi.http import service_call


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


@election_access(Perm.COUNT_HEAD)
def election_package(request: HttpRequest, election: Election) -> HttpResponse:
    """The sealed result's signed package, for the head of the counting committee to send up."""
    _sealed(election)
    data = None
    with service_call(request):
        try:
            data = package_export(actor=request.user, election=election)
        except PackageError as exc:
            messages.error(request, exc.message("en" if get_language() == "en" else "vi"))
    if data is None:
        return redirect("election_result", pk=election.pk)
    return _download(data, "application/json", f"goi-ket-qua-e{election.pk}-v{election.round}.json")


def _sealed(election: Election) -> None:
    if election.status != ElectionStatus.FINALISED:
        raise PermissionDenied


def _testing(request: HttpRequest, election: Election) -> bool:
    """Whether a test run is open (said on the page): no minutes are drawn from test data."""
    try:
        refuse_while_testing(election)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return True
    return False


@election_access(Perm.VIEW)
def election_minutes_pdf(request: HttpRequest, election: Election) -> HttpResponse:
    if _testing(request, election):
        return redirect("election_detail", pk=election.pk)
    _sealed(election)
    return _download(minutes_pdf(election), "application/pdf", f"bien-ban-e{election.pk}.pdf")


@election_access(Perm.VIEW)
def election_minutes_docx(request: HttpRequest, election: Election) -> HttpResponse:
    if _testing(request, election):
        return redirect("election_detail", pk=election.pk)
    _sealed(election)
    return _download(
        minutes_docx(election),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"bien-ban-e{election.pk}.docx",
    )
