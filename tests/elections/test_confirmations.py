"""Sealing a result and closing one's entry of a batch ask first (issue 15).

The button posts to a confirmation page that says what will happen; only its
"yes" (``confirmed=yes``) does it. Without JavaScript this is the whole flow.
"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from daihoi.elections import services
from daihoi.elections.models import Election, ElectionStatus, Stream
from tests.elections.conftest import Room, approve
from tests.elections.test_counting import enter


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_sealing_asks_first_with_the_figures_and_seals_only_on_yes(room: Room) -> None:
    approve(room)
    batch = services.batch_open(actor=room.head, election=room.election)
    for clerk in (room.clerk1, room.clerk2):
        services.stream_close(clerk=clerk, stream=enter(room, clerk, batch, ["1", "2"]))
    head = client_for(room.head)
    url = reverse("election_finalise", args=[room.election.pk])

    asked = head.post(url)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Có, niêm phong kết quả" in page and "Số phiếu đã kiểm: 2." in page
    assert Election.objects.get(pk=room.election.pk).status == ElectionStatus.COUNTING

    assert head.post(url, {"confirmed": "yes"}).status_code == 302
    assert Election.objects.get(pk=room.election.pk).status == ElectionStatus.FINALISED


def test_closing_ones_entry_of_a_batch_asks_first(room: Room) -> None:
    approve(room)
    batch = services.batch_open(actor=room.head, election=room.election)
    stream = enter(room, room.clerk1, batch, ["1", "2", "3"])
    clerk = client_for(room.clerk1)
    url = reverse("stream_close", args=[room.election.pk, stream.pk])

    asked = clerk.post(url)
    assert asked.status_code == 200
    assert "Số phiếu đồng chí đã nhập: 3." in asked.content.decode()
    assert not Stream.objects.get(pk=stream.pk).closed

    clerk.post(url, {"confirmed": "yes"})
    assert Stream.objects.get(pk=stream.pk).closed
