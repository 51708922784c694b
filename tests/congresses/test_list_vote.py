"""The hall's vote on a candidate list is that election's list vote: no figures typed twice."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from daihoi.congresses import services, voting
from daihoi.congresses.models import Delegate, ProceduralVote
from daihoi.elections import services as elections
from daihoi.elections.models import Election
from tests.congresses.conftest import NAMES, Hall, check_in_all


def _election(hall: Hall, candidates: int = 5, seats: int = 4) -> Election:
    election = elections.election_create(
        actor=None,
        congress=hall.congress,
        kind="committee",
        seats=seats,
        title="Bầu Ban Chấp hành Đảng bộ xã A",
    )
    for name in NAMES[:candidates]:
        elections.candidate_add(actor=None, election=election, full_name=name)
    return election


def _list_vote(hall: Hall, election: Election, method: str = "hands") -> ProceduralVote:
    return services.vote_create(
        actor=hall.secretary,
        congress=hall.congress,
        subject="candidate_list",
        title="Biểu quyết danh sách bầu cử",
        method=method,
        election=election,
    )


def test_a_show_of_hands_on_the_list_approves_the_elections_list(hall: Hall) -> None:
    election = _election(hall)
    vote = _list_vote(hall, election)
    services.vote_record_hands(
        actor=hall.secretary, vote=vote, present=9, agree=8, disagree=1, abstain=0
    )
    election.refresh_from_db()
    assert election.status == "list_approved"
    assert (election.list_present, election.list_agree, election.list_disagree) == (9, 8, 1)


def test_a_list_vote_that_fails_leaves_the_list_in_preparation_with_its_figures(
    hall: Hall,
) -> None:
    election = _election(hall)
    vote = _list_vote(hall, election)
    services.vote_record_hands(
        actor=hall.secretary, vote=vote, present=9, agree=3, disagree=6, abstain=0
    )
    election.refresh_from_db()
    assert (election.status, election.list_agree, election.list_disagree) == ("draft", 3, 6)


def test_a_list_that_breaks_the_rules_refuses_the_counts_and_writes_nothing(hall: Hall) -> None:
    election = _election(hall, candidates=4, seats=4)  # no surplus: docs/rules.md §4
    vote = _list_vote(hall, election)
    with pytest.raises(ValidationError, match="quy định"):
        services.vote_record_hands(
            actor=hall.secretary, vote=vote, present=9, agree=9, disagree=0, abstain=0
        )
    vote.refresh_from_db()
    election.refresh_from_db()
    assert (vote.status, election.status, election.list_present) == ("draft", "draft", None)


def test_only_a_candidate_list_vote_of_this_congress_names_a_draft_election(hall: Hall) -> None:
    election = _election(hall)
    with pytest.raises(ValidationError):
        services.vote_create(
            actor=None,
            congress=hall.congress,
            subject="agenda",
            title="X",
            method="hands",
            election=election,
        )
    with pytest.raises(ValidationError):
        services.vote_create(
            actor=None,
            congress=hall.tree.congress_B,
            subject="candidate_list",
            title="X",
            method="hands",
            election=election,
        )
    _list_vote(hall, election)
    elections.election_list_approve(actor=None, election=election, present=9, agree=9, disagree=0)
    with pytest.raises(ValidationError, match="đã được biểu quyết"):
        _list_vote(hall, election)


def test_an_electronic_list_vote_records_the_phones_figures_when_it_closes(hall: Hall) -> None:
    services.vote_record_hands(  # the fixture's other vote, out of the way
        actor=None, vote=hall.hands, present=9, agree=9, disagree=0, abstain=0
    )
    election = _election(hall)
    vote = _list_vote(hall, election, method="electronic")
    check_in_all(hall, range(9))
    services.vote_open(actor=hall.secretary, vote=vote)
    for i, delegate in enumerate(hall.delegates[:9]):
        secret = voting.pass_bind(delegate=delegate)
        voting.vote_cast(
            delegate=Delegate.objects.get(pk=delegate.pk),
            device_secret=secret,
            vote_id=vote.pk,
            choice="disagree" if i == 0 else "agree",
        )
    services.vote_close(actor=hall.secretary, vote=vote)
    election.refresh_from_db()
    assert election.status == "list_approved"
    assert (election.list_agree, election.list_disagree) == (8, 1)


def test_an_electronic_vote_still_closes_when_the_list_was_approved_meanwhile(
    hall: Hall,
) -> None:
    services.vote_record_hands(
        actor=None, vote=hall.hands, present=9, agree=9, disagree=0, abstain=0
    )
    election = _election(hall)
    vote = _list_vote(hall, election, method="electronic")
    check_in_all(hall, range(9))
    services.vote_open(actor=hall.secretary, vote=vote)
    elections.election_list_approve(actor=None, election=election, present=9, agree=7, disagree=2)
    closed = services.vote_close(actor=hall.secretary, vote=vote)
    election.refresh_from_db()
    assert closed.status == "closed"
    assert (election.list_agree, election.list_disagree) == (7, 2)  # not overwritten


def test_the_vote_page_links_the_election_and_the_form_offers_draft_elections(
    hall: Hall,
) -> None:
    election = _election(hall)
    client = hall.client(hall.secretary)
    page = client.get(reverse("hall_votes", args=[hall.congress.pk]))
    assert election.title in page.content.decode()
    response = client.post(
        reverse("hall_vote_add", args=[hall.congress.pk]),
        {
            "subject": "candidate_list",
            "title": "Biểu quyết danh sách",
            "method": "hands",
            "election": election.pk,
        },
    )
    vote = ProceduralVote.objects.get(title="Biểu quyết danh sách")
    assert response.status_code == 302 and vote.election_id == election.pk
    page = client.get(reverse("hall_vote", args=[hall.congress.pk, vote.pk]))
    assert reverse("election_detail", args=[election.pk]) in page.content.decode()


def test_the_hall_vote_on_a_list_is_decided_once_by_the_elections_definition(hall: Hall) -> None:
    """The congress deducts one delegate from its base; the election deducts nobody.

    Decided with the congress's rules the vote passes (5 of a base of 9), decided with
    the election's it does not (5 of a base of 10): the hall vote and the election's
    list vote must say the same, and the election's definition is the one that decides.
    """
    assert hall.congress.summoned == 10 and hall.congress.deductions.count() == 1
    election = _election(hall)
    assert election.summoned == 10 and not election.deductions.exists()
    vote = _list_vote(hall, election)
    services.vote_record_hands(
        actor=hall.secretary, vote=vote, present=9, agree=5, disagree=4, abstain=0
    )
    vote.refresh_from_db()
    election.refresh_from_db()
    assert (election.status, election.list_agree) == ("draft", 5)
    assert (vote.base, vote.passed) == (10, False)
