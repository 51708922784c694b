"""Impossible figures are refused where they are typed, with the rule in Vietnamese (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.congresses import services as hall
from daihoi.congresses.models import Delegate
from daihoi.elections import services
from daihoi.elections.models import Election, ElectionStatus
from tests.elections.conftest import Room, approve
from tests.elections.test_counting import count_batch


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def said(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_list_vote_with_more_present_than_summoned_is_refused_and_names_the_rule(
    room: Room,
) -> None:
    page = client_for(room.secretary)
    response = page.post(
        reverse("list_vote", args=[room.election.pk]),
        {"present": 130, "agree": 130, "disagree": 0},
    )
    room.election.refresh_from_db()
    assert room.election.status == ElectionStatus.DRAFT
    assert room.election.list_present is None
    (message,) = said(response)
    assert "130" in message and "triệu tập" in message


def test_a_list_vote_with_more_votes_than_present_is_refused(room: Room) -> None:
    with pytest.raises(ValidationError, match="có mặt"):
        services.election_list_approve(
            actor=None, election=room.election, present=8, agree=8, disagree=1
        )


def test_the_list_vote_of_a_list_shorter_than_the_seats_is_refused_in_words_not_a_500(
    room: Room,
) -> None:
    for candidate in room.election.candidates.all()[2:]:
        candidate.delete()
    room.election.seats = 3
    room.election.save()
    page = client_for(room.secretary)
    response = page.post(
        reverse("list_vote", args=[room.election.pk]), {"present": 9, "agree": 9, "disagree": 0}
    )
    assert response.status_code == 302
    messages = said(response)
    assert any("Số lượng cần bầu" in m for m in messages), messages
    assert not any("tệp" in m or "trường" in m for m in messages), messages


def test_the_election_page_names_the_form_field_not_the_file(room: Room) -> None:
    room.election.seats = 20
    room.election.save()
    text = client_for(room.secretary).get(reverse("election_detail", args=[room.election.pk]))
    body = text.content.decode()
    assert "Số lượng cần bầu:" in body
    assert f"tệp e{room.election.pk}" not in body and "trường seats" not in body


def test_a_deduction_that_leaves_no_one_to_vote_is_refused(room: Room) -> None:
    page = client_for(room.secretary)
    response = page.post(
        reverse("deduction_add", args=[room.election.pk]), {"reason": "Vắng mặt", "count": 500}
    )
    assert room.election.deductions.count() == 1
    assert any("triệu tập" in m for m in said(response))


def test_the_hall_refuses_a_deduction_over_those_summoned(room: Room) -> None:
    congress = room.election.congress
    with pytest.raises(ValidationError, match="triệu tập"):
        hall.base_deduction_add(
            actor=None, congress=congress, reason="Vắng mặt", count=congress.summoned + 1
        )
    assert not congress.deductions.exists()


def _hall_with_present(room: Room, present: int) -> None:
    congress = room.election.congress
    people = Delegate.objects.bulk_create(
        Delegate(congress=congress, full_name=f"Đại biểu {i}", number=i) for i in range(1, 10)
    )
    sitting = hall.sitting_add(
        actor=None, congress=congress, title="Phiên chính thức", date=dt.date(2025, 7, 20)
    )
    hall.sitting_open(actor=None, sitting=sitting)
    for d in people[:present]:
        hall.checkin(actor=None, congress=congress, delegate_id=d.pk, via="name")


def test_the_seal_refuses_more_ballots_than_the_hall_counts_present(room: Room) -> None:
    approve(room)
    _hall_with_present(room, present=1)
    count_batch(room, ["1", "2"], ["1", "2"])
    with pytest.raises(ValidationError, match="có mặt"):
        services.election_finalise(actor=room.head, election=room.election)
    assert Election.objects.get(pk=room.election.pk).status == ElectionStatus.COUNTING


def test_the_seal_goes_ahead_when_the_hall_counts_enough_present(room: Room) -> None:
    approve(room)
    _hall_with_present(room, present=2)
    count_batch(room, ["1", "2"], ["1", "2"])
    services.election_finalise(actor=room.head, election=room.election)
    assert Election.objects.get(pk=room.election.pk).status == ElectionStatus.FINALISED


def test_a_list_vote_typed_wrong_is_corrected_with_a_reason_and_audited(room: Room) -> None:
    approve(room)  # 9 present, 9 agree
    page = client_for(room.secretary)
    url = reverse("list_vote_correct", args=[room.election.pk])
    assert page.get(url).status_code == 200
    refused = page.post(url, {"present": 9, "agree": 7, "disagree": 2, "reason": ""})
    assert refused.status_code == 400
    response = page.post(
        url, {"present": 9, "agree": 7, "disagree": 2, "reason": "Đếm lại biểu quyết giơ tay"}
    )
    assert response.status_code == 302
    room.election.refresh_from_db()
    assert (room.election.list_agree, room.election.list_disagree) == (7, 2)
    assert room.election.status == ElectionStatus.LIST_APPROVED
    entry = AuditEntry.objects.get(action="election.list_vote_correct")
    assert entry.after["reason"] == "Đếm lại biểu quyết giơ tay"
    assert entry.after["before"] == [9, 9, 0]


def test_a_corrected_list_vote_that_fails_takes_the_list_back_to_draft(room: Room) -> None:
    approve(room)
    assert not services.election_list_vote_correct(
        actor=None, election=room.election, present=9, agree=3, disagree=6, reason="Đếm lại"
    )
    room.election.refresh_from_db()
    assert room.election.status == ElectionStatus.DRAFT


def test_the_list_vote_cannot_be_corrected_once_counting_has_begun(room: Room) -> None:
    approve(room)
    services.batch_open(actor=room.head, election=room.election)
    with pytest.raises(ValidationError):
        services.election_list_vote_correct(
            actor=None, election=room.election, present=9, agree=8, disagree=1, reason="Sửa"
        )
    response = client_for(room.secretary).get(reverse("list_vote_correct", args=[room.election.pk]))
    assert response.status_code == 302


def test_the_list_vote_correction_refuses_impossible_figures_too(room: Room) -> None:
    approve(room)
    with pytest.raises(ValidationError, match="triệu tập"):
        services.election_list_vote_correct(
            actor=None, election=room.election, present=130, agree=130, disagree=0, reason="Sửa"
        )


def test_the_running_count_of_a_list_shorter_than_the_seats_says_why_instead_of_a_500(
    room: Room,
) -> None:
    for candidate in room.election.candidates.all()[2:]:
        candidate.delete()
    room.election.seats = 3
    room.election.save()
    response = client_for(room.clerk1).get(reverse("election_result", args=[room.election.pk]))
    assert response.status_code == 302
    assert any("Số lượng cần bầu" in m for m in said(response))
