"""A candidate's date of birth stays with the personnel subcommittee.

The election file is offered to every congress viewer (clerks, delegates): it
carries no date of birth unless the tie rule is ``older_wins``, and then only
the year for a candidate alone in their birth year, the day for those who
share one — enough for the rule to decide exactly as with the full dates.
"""

from __future__ import annotations

import datetime as dt
import json

from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.elections.formats import born_for_ties
from daihoi.elections.definition import election_definition
from tests.elections.conftest import Room

BORN = [
    dt.date(1968, 3, 14),  # alone in 1968
    dt.date(1975, 11, 2),  # shares 1975
    dt.date(1975, 4, 30),  # shares 1975
    dt.date(1980, 7, 9),  # alone in 1980
    dt.date(1972, 12, 25),  # alone in 1972
]


def _with_birth_dates(room: Room, *, profile: str) -> None:
    election = room.election
    election.profile = profile
    election.save(update_fields=["profile"])
    for candidate, born in zip(election.candidates.order_by("pk"), BORN, strict=True):
        candidate.born = born
        candidate.save(update_fields=["born"])


def _file_as(client: Client, room: Room) -> dict[str, object]:
    client.force_login(room.clerk1)
    response = client.get(reverse("election_file", args=[room.election.pk]))
    assert response.status_code == 200
    return dict(json.loads(response.content))


def _born_in(data: dict[str, object]) -> dict[str, str]:
    candidates = data["candidates"]
    assert isinstance(candidates, list)
    return {c["name"]: c["born"] for c in candidates if "born" in c}


def test_the_file_a_clerk_downloads_has_no_birth_dates_when_no_rule_needs_them(
    room: Room, client: Client
) -> None:
    _with_birth_dates(room, profile="cpv-2024")
    response_data = _file_as(client, room)
    assert _born_in(response_data) == {}
    text = json.dumps(response_data)
    assert not any(d.isoformat() in text for d in BORN)


def test_older_wins_gets_the_year_alone_or_the_day_when_a_year_is_shared(
    room: Room, client: Client
) -> None:
    _with_birth_dates(room, profile="valid-ballots")
    names = [c.full_name for c in room.election.candidates.order_by("pk")]
    assert _born_in(_file_as(client, room)) == {
        names[0]: "1968-01-01",
        names[1]: "1975-11-02",
        names[2]: "1975-04-30",
        names[3]: "1980-01-01",
        names[4]: "1972-01-01",
    }


def test_an_override_of_the_tie_rule_is_followed(room: Room) -> None:
    _with_birth_dates(room, profile="valid-ballots")
    room.election.rules = {"tie": "revote"}
    room.election.save(update_fields=["rules"])
    assert all(c.born is None for c in election_definition(room.election).candidates)


def test_older_wins_still_needs_every_candidates_year(room: Room) -> None:
    _with_birth_dates(room, profile="valid-ballots")
    definition = election_definition(room.election)
    assert all(c.born is not None for c in definition.candidates)


@given(st.lists(st.one_of(st.none(), st.dates(dt.date(1940, 1, 1), dt.date(2000, 12, 31)))))
def test_the_reduced_dates_order_and_tie_exactly_as_the_full_ones(
    born: list[dt.date | None],
) -> None:
    reduced = born_for_ties("older_wins", born)
    both = list(zip(born, reduced, strict=True))
    for (a, x), (b, y) in ((p, q) for p in both for q in both):
        assert (a is None) == (x is None)
        if a is not None and b is not None:
            assert x is not None and y is not None
            assert (a < b, a == b) == (x < y, x == y)


def test_no_other_tie_rule_gets_any_date() -> None:
    assert born_for_ties("revote", BORN) == [None] * len(BORN)
    assert born_for_ties("congress_decides", BORN) == [None] * len(BORN)
