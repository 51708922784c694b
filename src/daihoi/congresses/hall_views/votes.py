"""Procedural votes: by show of hands or from the phones."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from daihoi.accounts.access import Perm
from daihoi.congresses import services
from daihoi.congresses.access import congress_access
from daihoi.congresses.forms import HandsForm, VoteForm
from daihoi.congresses.hall_views.common import _page
from daihoi.congresses.models import Congress, ProceduralVote, VoteMethod, VoteStatus
from daihoi.congresses.selectors import eligible_present, open_sitting
from daihoi.elections.models import ElectionStatus
from daihoi.http import confirm_page, confirmed
from daihoi.http import form_errors as _form_errors
from daihoi.http import run_service as _write


def _items(congress: Congress) -> list[tuple[int, str]]:
    return [(i.pk, f"{i.position}. {i.title}") for i in congress.agenda.all()]


@require_GET
@congress_access(Perm.HALL)
def hall_votes(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _page(
        request,
        congress,
        "hall_votes.html",
        votes=list(congress.votes.select_related("item", "election").order_by("-pk")),
        form=VoteForm(items=_items(congress), elections=_draft_elections(congress)),
    )


def _draft_elections(congress: Congress) -> list[tuple[int, str]]:
    """This congress's elections whose list has not been voted on yet."""
    return [
        (e.pk, e.title)
        for e in congress.elections.filter(status=ElectionStatus.DRAFT).order_by("pk")
    ]


@require_POST
@congress_access(Perm.HALL)
def hall_vote_add(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = VoteForm(request.POST, items=_items(congress), elections=_draft_elections(congress))
    created: list[ProceduralVote] = []
    if form.is_valid():
        data = dict(form.cleaned_data)
        iid, eid = data.pop("item"), data.pop("election")
        item = congress.agenda.filter(pk=iid).first() if iid else None
        election = congress.elections.filter(pk=eid).first() if eid else None

        def run() -> None:
            created.append(
                services.vote_create(
                    actor=request.user, congress=congress, item=item, election=election, **data
                )
            )

        if _write(request, run, _("Vote prepared.")):
            return redirect("hall_vote", pk=congress.pk, vid=created[0].pk)
    else:
        _form_errors(request, form)
    return redirect("hall_votes", pk=congress.pk)


def _vote(congress: Congress, vid: int) -> ProceduralVote:
    return get_object_or_404(
        ProceduralVote.objects.select_related("congress__unit", "item", "sitting", "election"),
        pk=vid,
        congress=congress,
    )


@require_GET
@congress_access(Perm.HALL)
def hall_vote(request: HttpRequest, congress: Congress, vid: int) -> HttpResponse:
    vote = _vote(congress, vid)
    present = eligible_present(open_sitting(congress))
    return _page(
        request,
        congress,
        "hall_vote.html",
        vote=vote,
        cast=vote.casts.count(),
        hands=HandsForm(initial={"present": present, "abstain": 0}),
        present=present,
    )


@require_GET
@congress_access(Perm.HALL)
def hall_vote_live(request: HttpRequest, congress: Congress, vid: int) -> HttpResponse:
    """How many have voted (never how) while the vote is open."""
    vote = _vote(congress, vid)
    response = render(
        request,
        "congresses/_vote_live.html",
        {"congress": congress, "vote": vote, "cast": vote.casts.count()},
    )
    if vote.status != VoteStatus.OPEN:
        response.status_code = 286  # htmx: stop polling
    return response


@require_POST
@congress_access(Perm.HALL)
def hall_vote_open(request: HttpRequest, congress: Congress, vid: int) -> HttpResponse:
    vote = _vote(congress, vid)
    _write(
        request,
        lambda: services.vote_open(actor=request.user, vote=vote),
        _("The vote is open on the delegates' phones."),
    )
    return redirect("hall_vote", pk=congress.pk, vid=vote.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_vote_close(request: HttpRequest, congress: Congress, vid: int) -> HttpResponse:
    vote = _vote(congress, vid)
    if not confirmed(request):
        return confirm_page(
            request,
            title=_("Close the vote"),
            question=_(
                "Close “%s” now? Delegates who have not voted can no longer vote, and the "
                "result is shown at once."
            )
            % vote.title,
            facts=[_("Votes cast so far: %d.") % vote.cast],
            button=_("Yes, close the vote"),
            back=reverse("hall_vote", args=[congress.pk, vote.pk]),
            congress=congress,
        )
    _write(
        request,
        lambda: services.vote_close(actor=request.user, vote=vote),
        _("The vote is closed."),
    )
    return redirect("hall_vote", pk=congress.pk, vid=vote.pk)


@require_POST
@congress_access(Perm.HALL)
def hall_vote_hands(request: HttpRequest, congress: Congress, vid: int) -> HttpResponse:
    vote = _vote(congress, vid)
    form = HandsForm(request.POST)
    if form.is_valid() and vote.method == VoteMethod.HANDS:
        _write(
            request,
            lambda: services.vote_record_hands(actor=request.user, vote=vote, **form.cleaned_data),
            _("The counts are recorded."),
        )
    elif not form.is_valid():
        _form_errors(request, form)
    else:
        messages.error(request, _("An electronic vote is counted by the system."))
    return redirect("hall_vote", pk=congress.pk, vid=vote.pk)
