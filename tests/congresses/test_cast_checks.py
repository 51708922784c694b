"""A phone's cast is checked by one question to the database, refusals in their order.

At a burst every phone's cast is checked at once; the checks (the pass, the
vote, the check-in, a vote already recorded) are read in one row. These tests
hold the refusals to the order the phone's page and the audit log give them,
when more than one applies.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from daihoi.congresses import services, voting
from daihoi.congresses.live import _preparing_cursor_class, prepared_cursor
from daihoi.congresses.models import Delegate, ProceduralVote, VoteCast
from daihoi.congresses.voting import VoteRefused
from tests.congresses.conftest import Hall, check_in_all


@pytest.fixture
def phones(hall: Hall) -> dict[int, str]:
    """Every delegate's phone bound (by index: the device secret); nos. 1–9, 11 and 12
    checked in (no. 10, an official, is absent; no. 11 is the alternate in his place,
    no. 12 an alternate in no one's); the secret electronic vote open."""
    check_in_all(hall, [*range(9), 10, 11])
    services.vote_open(actor=None, vote=hall.electronic)
    return {i: voting.pass_bind(delegate=d) for i, d in enumerate(hall.delegates)}


def outcome(
    hall: Hall,
    index: int,
    secret: str | None,
    *,
    vote: ProceduralVote | int | None = None,
    choice: str = "agree",
    generation: int | None = None,
) -> str:
    delegate = hall.delegates[index]
    if generation is None:
        generation = Delegate.objects.get(pk=delegate.pk).pass_generation
    vote = hall.electronic if vote is None else vote
    vote_id = vote if isinstance(vote, int) else vote.pk
    try:
        done = voting.cast_vote(
            delegate_id=delegate.pk,
            generation=generation,
            device_secret=secret,
            vote_id=vote_id,
            choice=choice,
            wait=0.0,
        )
    except VoteRefused as refused:
        return refused.code
    assert done.vote_id == vote_id
    return "taken"


def test_the_pass_is_checked_before_the_choice_and_the_vote(
    hall: Hall, phones: dict[int, str]
) -> None:
    stale = hall.delegates[0].pass_generation + 1
    assert outcome(hall, 0, phones[0], generation=stale, vote=999_999) == "forged"
    assert outcome(hall, 0, phones[1], choice="maybe") == "foreign_device"
    assert outcome(hall, 0, None) == "foreign_device"
    assert outcome(hall, 0, phones[0], choice="maybe", vote=999_999) == "bad_choice"
    assert outcome(hall, 0, phones[0], vote=999_999) == "no_vote"


def test_an_unbound_pass_is_refused_before_anything_else(hall: Hall) -> None:
    check_in_all(hall, [0])
    services.vote_open(actor=None, vote=hall.electronic)
    assert outcome(hall, 0, "anything", choice="maybe", vote=999_999) == "not_bound"


def test_a_vote_not_open_or_closed_is_refused_before_the_voter_is_looked_at(
    hall: Hall, phones: dict[int, str]
) -> None:
    draft = services.vote_create(
        actor=None, congress=hall.congress, subject="other", title="Q", method="electronic"
    )
    assert outcome(hall, 9, phones[9], vote=draft) == "not_open"  # no. 10 is absent
    assert outcome(hall, 11, phones[11], vote=draft) == "not_open"
    services.vote_close(actor=None, vote=hall.electronic)
    assert outcome(hall, 9, phones[9]) == "closed"


def test_who_may_vote(hall: Hall, phones: dict[int, str]) -> None:
    assert outcome(hall, 9, phones[9]) == "absent"
    assert outcome(hall, 11, phones[11]) == "not_voter"  # an alternate in no one's place
    services.checkin_undo(actor=None, congress=hall.congress, delegate=hall.delegates[11])
    assert outcome(hall, 11, phones[11]) == "not_voter"  # before the check-in is looked at
    check_in_all(hall, [9])  # the official is here: he votes, not his alternate
    assert outcome(hall, 10, phones[10]) == "not_voter"
    assert outcome(hall, 9, phones[9]) == "taken"


def test_an_alternate_votes_in_the_absent_officials_place(
    hall: Hall, phones: dict[int, str]
) -> None:
    assert outcome(hall, 10, phones[10]) == "taken"
    services.checkin_undo(actor=None, congress=hall.congress, delegate=hall.delegates[10])
    assert outcome(hall, 10, phones[10]) == "absent"  # the check-in is read at each cast


def test_a_vote_already_recorded_is_twice(hall: Hall, phones: dict[int, str]) -> None:
    VoteCast.objects.create(vote=hall.electronic, delegate=hall.delegates[3], choice="")
    assert outcome(hall, 3, phones[3]) == "twice"
    assert outcome(hall, 4, phones[4]) == "taken"


def test_a_secret_cast_asks_the_database_one_question(
    hall: Hall, phones: dict[int, str], settings: Any
) -> None:
    settings.SECRET_VOTE_BATCH = 50  # no batch is written: the cast's own checks only
    for index in range(5):
        generation = Delegate.objects.get(pk=hall.delegates[index].pk).pass_generation
        with CaptureQueriesContext(connection) as captured:
            assert outcome(hall, index, phones[index], generation=generation) == "taken"
        assert len(captured) == 1, [q["sql"] for q in captured]


def test_on_postgresql_the_cast_is_planned_once_per_connection(
    hall: Hall, phones: dict[int, str], settings: Any
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for index in range(4):
        assert outcome(hall, index, phones[index]) == "taken"
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT 1")  # Django's own cursors still prepare nothing
        cursor.execute("SELECT 1")
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == len(statements)
    assert sum("congresses_attendance" in s for s in statements) == 1
    # A refusal read through the prepared statement is the same refusal.
    assert outcome(hall, 4, phones[4], choice="maybe") == "bad_choice"
    with prepared_cursor() as cursor:
        assert isinstance(cursor.cursor, _preparing_cursor_class())
    settings.PREPARED_CASTS = False
    with prepared_cursor() as cursor:
        assert not isinstance(cursor.cursor, _preparing_cursor_class())
