"""The list from the dossiers: surplus by the engine, handed to the election; structures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from daihoi.elections.models import Candidate, Election, ElectionStatus
from daihoi.elections.services import election_create
from daihoi.errors import DomainError
from daihoi.personnel import selectors, services
from daihoi.personnel.models import Dossier
from tests.personnel.conftest import D, People, add_member, open_dossiers


def committee(people: People, seats: int) -> Election:
    return election_create(
        actor=None, congress=people.congress, kind="committee", title="Bầu BCH", seats=seats
    )


def test_the_proposed_list_is_handed_to_the_election_once(people: People) -> None:
    open_dossiers(people)
    election = committee(people, 4)  # 5 names for 4 seats: one more, a small committee
    client = people.tree.client_for(people.personnel_A)
    url = reverse("personnel_handover", args=[people.congress.pk])
    client.post(url, {"election": election.pk})
    names = set(Candidate.objects.filter(election=election).values_list("member_id", flat=True))
    assert names == {m.pk for m in people.members}
    client.post(url, {"election": election.pk})
    assert Candidate.objects.filter(election=election).count() == 5


def test_a_list_the_engine_refuses_is_not_handed_over(people: People) -> None:
    open_dossiers(people)
    election = committee(people, 5)  # 5 names for 5 seats: no surplus
    with pytest.raises(ValidationError, match="190-QĐ/TW"):
        services.list_handover(actor=None, congress=people.congress, election=election)
    assert not Candidate.objects.filter(election=election).exists()


def test_names_off_the_proposed_list_are_not_handed_over(people: People) -> None:
    dossiers = open_dossiers(people)
    dossiers[0].on_list = False
    dossiers[0].save()
    election = committee(people, 3)
    services.list_handover(actor=None, congress=people.congress, election=election)
    assert Candidate.objects.filter(election=election).count() == 4


def test_a_sealed_list_cannot_take_more_names(people: People) -> None:
    open_dossiers(people)
    election = committee(people, 4)
    Election.objects.filter(pk=election.pk).update(status=ElectionStatus.LIST_APPROVED)
    with pytest.raises(ValidationError):
        services.list_handover(actor=None, congress=people.congress, election=election)


def test_the_proposed_structure_counts_the_names_on_the_list(people: People) -> None:
    dossiers = open_dossiers(people)
    dossiers[2].reelection = True
    dossiers[2].save()
    ctx = selectors.context_for(people.congress)
    s = selectors.proposed_structure(selectors.dossier_rows(people.congress, ctx), ctx)
    assert s.size == 5
    assert s.share("women").count == 2
    assert s.share("minority").count == 1  # Tày
    assert s.share("young").count == 2  # born 1988 and 1990, counted on 1/10/2025
    assert (s.share("reelected").count, s.share("first_time").count) == (1, 4)
    assert s.age_unknown == 1


def test_the_elected_structure_comes_from_the_sealed_result(people: People) -> None:
    open_dossiers(people)
    election = committee(people, 4)
    services.list_handover(actor=None, congress=people.congress, election=election)
    elected = list(
        Candidate.objects.filter(election=election, member__in=people.members[1:4]).order_by("pk")
    )
    Election.objects.filter(pk=election.pk).update(
        status=ElectionStatus.FINALISED, result={"elected": [c.code for c in elected]}
    )
    ctx = selectors.context_for(people.congress)
    s = selectors.elected_structure(people.congress, ctx)
    assert s is not None and s.size == 3
    assert s.share("women").count == 2
    client = people.tree.client_for(people.personnel_A)
    page = client.get(reverse("personnel_structure", args=[people.congress.pk])).content.decode()
    assert page.count("<caption>") == 2  # the proposed and the elected committee


def test_no_elected_structure_before_the_seal(people: People) -> None:
    committee(people, 4)
    assert (
        selectors.elected_structure(people.congress, selectors.context_for(people.congress)) is None
    )


def test_the_rules_targets_are_shown_against_the_shares(people: People) -> None:
    open_dossiers(people)
    services.ruleset_save(
        actor=None,
        unit=people.tree.P,
        term=people.congress.term,
        values={"target_women": Decimal(50), "targets_source": "Kế hoạch 153-KH/TU"},
        reference_dates={},
    )
    ctx = selectors.context_for(people.congress)
    s = selectors.proposed_structure(selectors.dossier_rows(people.congress, ctx), ctx)
    assert s.share("women").target == Decimal(50)
    assert s.shortfalls == ("women",)  # 2 of 5 is 40%


def test_a_member_added_below_the_unit_joins_the_list(people: People) -> None:
    m = add_member(people.tree.A2, "Vũ Thị Hoa", "F", D(1995, 2, 2))
    services.dossier_create(actor=None, congress=people.congress, member=m)
    assert Dossier.objects.get().member == m


def test_the_surplus_bounds_shown_are_the_elections_own_parameters(people: People) -> None:
    open_dossiers(people)
    election = committee(people, 4)
    Election.objects.filter(pk=election.pk).update(
        rules={
            "small_committee_min": 1,
            "small_committee_max": 2,
            "surplus_proposal_max_percent": 25,
        }
    )
    client = people.tree.client_for(people.personnel_A)
    page = client.get(reverse("personnel_dossiers", args=[people.congress.pk])).content.decode()
    assert "10–25%" in page and "10–15%" not in page


def test_rules_that_cannot_be_read_are_said_and_nothing_is_handed_over(people: People) -> None:
    open_dossiers(people)
    election = committee(people, 4)
    Election.objects.filter(pk=election.pk).update(
        rules={"surplus_proposal_min_percent": 20, "surplus_proposal_max_percent": 10}
    )
    election.refresh_from_db()
    surplus = selectors.list_surplus(election, 5)
    assert surplus.at_congress is None and surplus.problems
    with pytest.raises(DomainError) as refused:
        services.list_handover(actor=None, congress=people.congress, election=election)
    assert refused.value.code == "election.rules_unreadable"
    assert surplus.problems[0] in refused.value.text
    assert not Candidate.objects.filter(election=election).exists()
    client = people.tree.client_for(people.personnel_A)
    page = client.get(reverse("personnel_dossiers", args=[people.congress.pk])).content.decode()
    assert escape(surplus.problems[0]) in page
