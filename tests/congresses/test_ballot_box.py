"""The secret vote's ballot box: which choices go into a batch, and who waits for one.

A batch is written once twice the batch size wait; the choices kept back for the
next one (at least the batch size, so that the last batch, written at the close,
is no smaller than the others) are those whose phones were already told "sent",
so that a request still waiting is answered "recorded" from this batch.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from daihoi.congresses import services, voting
from daihoi.congresses.models import Delegate, ProceduralVote, VoteCast
from daihoi.congresses.voting import box
from daihoi.congresses.voting.box import _BallotBox


def fill(ballot_box: _BallotBox, awaited: list[bool]) -> list[box._Waiting]:
    """Choices of vote 1 from delegates 0, 1, 2 … in this order; False: told "sent"."""
    waiting = []
    for delegate, waits in enumerate(awaited):
        w = ballot_box.put(1, delegate, "agree", again=False, in_transaction=False)
        if not waits:
            ballot_box.given_up(w)
        waiting.append(w)
    return waiting


def test_a_batch_takes_the_choices_requests_wait_for_and_keeps_back_the_newest_others(
    settings: Any,
) -> None:
    settings.SECRET_VOTE_BATCH = 3
    ballot_box = _BallotBox()
    fill(ballot_box, [False, True, False, True])
    assert ballot_box.take(1, everything=False) == []  # 4 wait: a batch needs 2 × 3
    fill_more = ballot_box.put(1, 4, "agree", again=False, in_transaction=False)
    ballot_box.given_up(fill_more)
    ballot_box.put(1, 5, "disagree", again=False, in_transaction=False)  # 6 wait now
    taken = [w.delegate_id for w in ballot_box.take(1, everything=False)]
    # 6 − 3 go: the three awaited (1, 3 and the newest, 5); the three told "sent" stay.
    assert taken == [1, 3, 5]
    assert ballot_box.take(1, everything=False) == []
    assert [w.delegate_id for w in ballot_box.take(1, everything=True)] == [0, 2, 4]


def test_too_few_awaited_leaves_the_oldest_others_in_the_batch(settings: Any) -> None:
    settings.SECRET_VOTE_BATCH = 2
    ballot_box = _BallotBox()
    fill(ballot_box, [False, False, True, False, False])
    assert [w.delegate_id for w in ballot_box.take(1, everything=False)] == [2, 0, 1]


def test_a_phone_sending_again_is_waited_for_again(settings: Any) -> None:
    settings.SECRET_VOTE_BATCH = 2
    ballot_box = _BallotBox()
    fill(ballot_box, [False, False, False, False])
    again = ballot_box.put(1, 3, "agree", again=True, in_transaction=False)
    assert again.awaited
    assert ballot_box.awaited() == 1
    # Marked as sent again: if another process's box writes the phone's choice first, this
    # one is the phone's own when its batch meets it, not a second vote refused as "twice".
    assert again.again
    assert [w.delegate_id for w in ballot_box.take(1, everything=False)] == [3, 0]


@examples(max_examples=200)
@given(
    size=st.integers(1, 6),
    steps=st.lists(st.one_of(st.booleans(), st.just("take")), max_size=60),
)
def test_every_batch_and_what_it_leaves_are_at_least_the_batch_size(
    size: int, steps: list[bool | str]
) -> None:
    """Whatever the order of the arrivals and of who waits: no batch before the close
    is smaller than the batch size, none leaves fewer behind, and the close takes the
    rest; every choice is taken exactly once."""
    from django.test import override_settings

    with override_settings(SECRET_VOTE_BATCH=size):
        ballot_box = _BallotBox()
        delegates = 0
        taken: list[int] = []
        for step in steps:
            if step == "take":
                batch = ballot_box.take(1, everything=False)
                if batch:
                    assert len(batch) >= size
                    assert delegates - len(taken) - len(batch) >= size
                taken += [w.delegate_id for w in batch]
                continue
            w = ballot_box.put(1, delegates, "agree", again=False, in_transaction=False)
            if not step:
                ballot_box.given_up(w)
            delegates += 1
        taken += [w.delegate_id for w in ballot_box.take(1, everything=True)]
        assert sorted(taken) == list(range(delegates))


def test_no_request_waits_on_a_server_with_few_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAIHOI_SERVE_THREADS", "8")
    assert box.waiting_requests_limit() == 0
    monkeypatch.setenv("DAIHOI_SERVE_THREADS", "32")
    assert box.waiting_requests_limit() == 32 - box.FREE_THREADS


@pytest.mark.django_db(transaction=True)
def test_at_a_burst_the_requests_are_answered_recorded_from_their_batch(
    tree: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six phones at once, batches of three, on a server that lets requests wait: the
    sixth choice completes a batch of the three oldest, whose requests are answered
    "recorded"; the three others wait for the close and are told "sent"."""
    from django.db import connection

    from tests.congresses.conftest import build_hall, phones_voting

    settings.SECRET_VOTE_BATCH = 3
    monkeypatch.setenv("DAIHOI_SERVE_THREADS", str(box.FREE_THREADS + 6))
    hall = build_hall(tree)
    phones = phones_voting(hall, 6)
    extra = [d for d, _secret in phones.values()]
    secrets = {pk: secret for pk, (_d, secret) in phones.items()}
    generations = {pk: d.pass_generation for pk, (d, _secret) in phones.items()}
    recorded: list[bool] = []
    lock = threading.Lock()

    def vote(d: Delegate) -> None:
        try:
            done = voting.cast_vote(
                delegate_id=d.pk,
                generation=generations[d.pk],
                device_secret=secrets[d.pk],
                vote_id=hall.electronic.pk,
                choice="agree",
                wait=2.0,
            )
            with lock:
                recorded.append(done.recorded)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(d,)) for d in extra]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(recorded) == [False] * 3 + [True] * 3
    assert VoteCast.objects.filter(vote=hall.electronic).count() == 3
    services.vote_close(actor=None, vote=hall.electronic)
    vote_row = ProceduralVote.objects.get(pk=hall.electronic.pk)
    assert vote_row.cast == 6 == VoteCast.objects.filter(vote=vote_row).count()
