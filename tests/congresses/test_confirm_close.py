"""Closing a vote asks first: the button leads to a confirmation, only "yes" closes (issue 15)."""

from __future__ import annotations

from django.urls import reverse

from daihoi.congresses import services
from daihoi.congresses.models import ProceduralVote, VoteStatus
from tests.congresses.conftest import Hall


def test_closing_a_vote_asks_first_and_closes_only_on_yes(hall: Hall) -> None:
    services.checkin(actor=None, congress=hall.congress, code=hall.delegates[0].code)
    services.vote_open(actor=None, vote=hall.electronic)
    desk = hall.client(hall.secretary)
    url = reverse("hall_vote_close", args=[hall.congress.pk, hall.electronic.pk])

    asked = desk.post(url)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Có, kết thúc biểu quyết" in page and 'name="confirmed" value="yes"' in page
    assert ProceduralVote.objects.get(pk=hall.electronic.pk).status == VoteStatus.OPEN

    assert desk.post(url, {"confirmed": "yes"}).status_code == 302
    assert ProceduralVote.objects.get(pk=hall.electronic.pk).status == VoteStatus.CLOSED
