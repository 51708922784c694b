"""The hall's list pages do not grow a query per delegate, sitting, item or vote."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from daihoi.congresses import services
from tests.congresses.conftest import Hall

PAGES = [
    "hall_home",
    "hall_delegates",
    "hall_credentials",
    "hall_attendance",
    "hall_agenda",
    "hall_votes",
    "hall_speeches",
    "hall_screen",
    "hall_desk",
]


def _queries(hall: Hall, name: str) -> int:
    client = hall.client(hall.secretary)
    url = reverse(name, args=[hall.congress.pk])
    client.get(url)  # sessions, caches: the second request is the one counted
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(hall: Hall) -> None:
    """Forty more delegates, checked in; two more items, a speaker each; three more votes;
    four speeches, three of them accepted."""
    rows = [{"full_name": f"Đại biểu {i}", "sex": "F" if i % 2 else "M"} for i in range(40)]
    for d in services.delegates_add_many(actor=None, congress=hall.congress, rows=rows):
        services.checkin(actor=None, congress=hall.congress, code=d.code)
    for n in range(2):
        item = services.agenda_item_add(actor=None, congress=hall.congress, title=f"Nội dung {n}")
        services.speaker_add(actor=None, item=item, delegate=hall.delegates[n], topic="Ý kiến")
    for n in range(3):
        vote = services.vote_create(
            actor=None, congress=hall.congress, subject="other", title=f"Q{n}", method="hands"
        )
        services.vote_record_hands(actor=None, vote=vote, present=9, agree=6, disagree=2, abstain=1)
    for n in range(4):
        speech = services.speech_register(
            actor=None,
            congress=hall.congress,
            delegate=hall.delegates[n],
            unit=hall.tree.A1 if n % 2 else None,
            title=f"Tham luận {n}",
            text="Kính thưa Đại hội.",
        )
        if n < 3:
            services.speech_accept(actor=None, speech=speech)


@pytest.mark.parametrize("name", PAGES)
def test_a_hall_page_costs_the_same_queries_for_a_bigger_congress(hall: Hall, name: str) -> None:
    small = _queries(hall, name)
    _grow(hall)
    assert _queries(hall, name) <= small
