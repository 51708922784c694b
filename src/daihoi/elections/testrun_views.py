"""Test mode's pages for the head of the counting committee (docs/test-mode.md).

Thin: open a test, print the MẪU THỬ ballots, upload the expected result, read the
report (HTML and PDF), clear the test. The writes are ``services.election_test_*``.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daihoi.accounts.access import Perm
from daihoi.core.ballots.deck import DeckError, TrialDeck, trial_deck
from daihoi.core.ballots.layout import LayoutError
from daihoi.core.ballots.testing import trial_definition
from daihoi.core.elections import ElectionDefinition, InvalidInput
from daihoi.core.elections.formats import write_ballots
from daihoi.documents.ballot_pdf import BallotHeader, render_deck_pdf
from daihoi.elections import services
from daihoi.elections.access import election_access
from daihoi.elections.definition import real_definition
from daihoi.elections.documents import accuracy_report_pdf, ballot_pdf
from daihoi.elections.models import Election, ElectionStatus, ElectionTest
from daihoi.elections.problems import problem_texts
from daihoi.elections.services.testing import EXPECTED_MAX_BYTES
from daihoi.elections.views import _crumbs
from daihoi.http import confirm_page, confirmed, service_call
from daihoi.http import download as _download


@election_access(Perm.COUNT_HEAD)
def trial_page(request: HttpRequest, election: Election) -> HttpResponse:
    """The test run: its state, the expected file, the comparison line by line."""
    test = services.open_test(election)
    report: dict[str, Any] | None = None
    problem = ""
    try:
        report = services.election_test_report(election)
    except ValidationError as exc:
        problem = " ".join(exc.messages) if test is not None else ""
    past = ElectionTest.objects.filter(election=election, cleared_at__isnull=False)
    return render(
        request,
        "elections/testrun.html",
        {
            "election": election,
            "test": test,
            "report": report,
            "problem": problem,
            "past": past,
            "can_open": test is None
            and election.status == ElectionStatus.LIST_APPROVED
            and not election.batches.exists(),
            "ancestors": _crumbs(election),
        },
    )


@require_POST
@election_access(Perm.COUNT_HEAD)
def trial_open_view(request: HttpRequest, election: Election) -> HttpResponse:
    if not confirmed(request):
        return confirm_page(
            request,
            title=_("Open a test run"),
            question=_(
                "Open a test run of “%s”? Until it is cleared, every batch, entry and scan "
                "of this election is test data, only MẪU THỬ ballots scan, and the result "
                "cannot be sealed."
            )
            % election.title,
            facts=[],
            button=_("Yes, open the test run"),
            back=reverse("election_test", args=[election.pk]),
            election=election,
        )
    with service_call(request, _("The test run is open: print the MẪU THỬ ballots.")):
        services.election_test_open(actor=request.user, election=election)
    return redirect("election_test", pk=election.pk)


@election_access(Perm.COUNT_HEAD)
def trial_ballot_pdf(request: HttpRequest, election: Election) -> HttpResponse:
    """The MẪU THỬ ballot, to print the test deck on."""
    try:
        content = ballot_pdf(election, trial_definition(real_definition(election)))
    except InvalidInput as exc:
        for text in problem_texts(exc.errors):
            messages.error(request, _("The ballot cannot be drawn yet: %s") % text)
        return redirect("election_test", pk=election.pk)
    except LayoutError as exc:
        messages.error(request, _("The ballot cannot be drawn yet: %s") % exc)
        return redirect("election_test", pk=election.pk)
    return _download(content, "application/pdf", f"phieu-mau-thu-e{election.pk}.pdf")


@require_POST
@election_access(Perm.COUNT_HEAD)
def trial_expected_view(request: HttpRequest, election: Election) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the expected result file."))
        return redirect("election_test", pk=election.pk)
    if upload.size is not None and upload.size > EXPECTED_MAX_BYTES:
        messages.error(
            request,
            _("File %(file)s is larger than %(mb)d MB.")
            % {"file": upload.name, "mb": EXPECTED_MAX_BYTES // (1024 * 1024)},
        )
        return redirect("election_test", pk=election.pk)
    data = upload.read()
    with service_call(request, _("Expected result saved from %s.") % upload.name):
        services.election_test_expected_set(
            actor=request.user, election=election, name=upload.name or "", data=data
        )
    return redirect("election_test", pk=election.pk)


@election_access(Perm.COUNT_HEAD)
def trial_report_pdf(request: HttpRequest, election: Election) -> HttpResponse:
    with service_call(request) as call:
        report = services.election_test_report(election)
    if call.refused:
        return redirect("election_test", pk=election.pk)
    return _download(
        accuracy_report_pdf(election, report),
        "application/pdf",
        f"bien-ban-chay-thu-e{election.pk}.pdf",
    )


@require_POST
@election_access(Perm.COUNT_HEAD)
def trial_clear_view(request: HttpRequest, election: Election) -> HttpResponse:
    if not confirmed(request):
        return confirm_page(
            request,
            title=_("Clear the test data"),
            question=_(
                "Clear the test run of “%s”? Every test batch, entry and scanned ballot is "
                "deleted; the report is kept. The real count then starts from batch 1."
            )
            % election.title,
            facts=[
                _("Test batches: %d.") % election.batches.count(),
                _("Test ballots counted: %d.") % election.cast_ballots.count(),
            ],
            button=_("Yes, clear the test data"),
            back=reverse("election_test", args=[election.pk]),
            election=election,
        )
    with service_call(request, _("The test data is cleared; the report is kept.")):
        services.election_test_clear(actor=request.user, election=election)
    return redirect("election_test", pk=election.pk)


#: The most valid ballots a generated deck has (a deck is for a test, not a congress).
DECK_MOST = 500


def _deck(request: HttpRequest, election: Election) -> tuple[ElectionDefinition, TrialDeck] | None:
    """The test deck the page asked for (``?count=``), or None with the reason said."""
    text = request.GET.get("count", "20").strip()
    count = int(text) if text.isdigit() and len(text) <= 6 else -1
    if not 1 <= count <= DECK_MOST:
        messages.error(
            request,
            _("The number of ballots in the deck is a whole number from 1 to %d.") % DECK_MOST,
        )
        return None
    try:
        definition = trial_definition(real_definition(election))
        return definition, trial_deck(definition, count)
    except InvalidInput as exc:
        for text in problem_texts(exc.errors):
            messages.error(request, _("The ballot cannot be drawn yet: %s") % text)
    except DeckError as exc:
        if exc.code == "not_cross_out":
            messages.error(
                request,
                _("A generated deck strikes names: only for a list longer than the places."),
            )
        else:
            messages.error(
                request,
                _("At least %d ballots are needed for every name to get a different count.")
                % exc.least,
            )
    return None


@election_access(Perm.COUNT_HEAD)
def trial_deck_pdf(request: HttpRequest, election: Election) -> HttpResponse:
    """A marked deck of MẪU THỬ ballots (``core.ballots.deck``), to scan or to type."""
    found = _deck(request, election)
    if found is None:
        return redirect("election_test", pk=election.pk)
    definition, deck = found
    unit = election.congress.unit
    header = BallotHeader(committee=unit.name, upper=unit.parent.name if unit.parent else "")
    try:
        content = render_deck_pdf(
            definition, header=header, struck=[set(b.crossed or ()) for b in deck.ballots]
        )
    except LayoutError as exc:
        messages.error(request, _("The ballot cannot be drawn yet: %s") % exc)
        return redirect("election_test", pk=election.pk)
    return _download(content, "application/pdf", f"xap-phieu-thu-e{election.pk}.pdf")


@election_access(Perm.COUNT_HEAD)
def trial_deck_ballots(request: HttpRequest, election: Election) -> HttpResponse:
    """The same deck's expected ``daihoi/ballots@1`` file, to upload as the expected result."""
    found = _deck(request, election)
    if found is None:
        return redirect("election_test", pk=election.pk)
    definition, deck = found
    lines = io.StringIO()
    write_ballots(lines, definition.id, deck.ballots)
    return _download(
        lines.getvalue().encode("utf-8"),
        "application/x-ndjson",
        f"xap-phieu-thu-e{election.pk}.jsonl",
    )
