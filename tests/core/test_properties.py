"""Invariants of the engine, checked on many generated elections (hypothesis)."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.core.collation import ALPHABET, name_key
from daihoi.core.elections.formats import parse_election
from daihoi.core.elections.model import (
    DEFECT_CODES,
    MARKS,
    TIE_POLICIES,
    Ballot,
    ElectionDefinition,
)
from daihoi.core.elections.rules import BUILTIN_PROFILES
from daihoi.core.elections.tally import count_ballots, tally

from .builders import NAMES, election_data

MODEST = settings(max_examples=150, deadline=None)


@st.composite
def elections(
    draw: st.DrawFn, *, cross_out: bool | None = None
) -> tuple[ElectionDefinition, list[Ballot]]:
    """An election of 1–7 names with 0–40 ballots of its form, under any profile and tie policy."""
    n = draw(st.integers(2, 7) if cross_out else st.integers(1, 7))
    if cross_out is None:
        seats = draw(st.integers(1, n))
    elif cross_out:
        seats = draw(st.integers(1, n - 1))
    else:
        seats = n
    ids = [f"c{i}" for i in range(n)]
    people = [
        {
            "id": cid,
            "name": NAMES[i],
            "born": date(1960 + draw(st.integers(0, 2)), 1, 1).isoformat(),
        }
        for i, cid in enumerate(ids)
    ]
    defects = st.lists(st.sampled_from(DEFECT_CODES), unique=True, max_size=2).map(tuple)
    rare_defects = st.one_of(st.just(()), st.just(()), st.just(()), defects)
    if n > seats:
        ballot = st.builds(
            lambda crossed, d: Ballot(crossed=tuple(crossed), defects=d),
            st.lists(st.sampled_from(ids), unique=True),
            rare_defects,
        )
    else:
        ballot = st.builds(
            lambda m, d: Ballot(marks=tuple(m.items()), defects=d),
            st.dictionaries(st.sampled_from(ids), st.sampled_from(MARKS)),
            rare_defects,
        )
    ballots = draw(st.lists(ballot, max_size=40))
    data: dict[str, Any] = election_data(
        seats,
        people=people,
        summoned=len(ballots) + draw(st.integers(1, 6)),
        profile=draw(st.sampled_from(BUILTIN_PROFILES)),
        rules={"tie": draw(st.sampled_from(TIE_POLICIES))},
    )
    return parse_election(data), ballots


@MODEST
@given(elections(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_ballot_order(case: Any, rng: Any) -> None:
    definition, ballots = case
    shuffled = ballots[:]
    rng.shuffle(shuffled)
    assert tally(definition, shuffled) == tally(definition, ballots)


@MODEST
@given(elections())
def test_no_candidate_has_more_votes_than_valid_ballots(case: Any) -> None:
    definition, ballots = case
    result = tally(definition, ballots)
    assert all(0 <= c.votes <= result.ballots.valid for c in result.candidates)


@MODEST
@given(elections())
def test_everyone_elected_has_more_than_half_of_the_base_and_seats_are_not_exceeded(
    case: Any,
) -> None:
    definition, ballots = case
    result = tally(definition, ballots)
    votes = {c.id: c.votes for c in result.candidates}
    assert all(2 * votes[cid] > result.base for cid in result.elected)
    assert all(2 * votes[cid] > result.base for cid in result.tied)
    assert len(result.elected) <= definition.seats
    assert result.seats_filled == len(result.elected)


@MODEST
@given(elections())
def test_the_outcome_agrees_with_who_is_elected(case: Any) -> None:
    definition, ballots = case
    r = tally(definition, ballots)
    if r.outcome == "complete":
        assert len(r.elected) == definition.seats and not r.tied and r.next is None
    elif r.outcome == "tie":
        assert r.tied and r.next is not None and set(r.next.candidates) == set(r.tied)
        assert len(r.elected) + r.next.seats == definition.seats < len(r.elected) + len(r.tied)
    elif r.outcome == "shortfall":
        assert not r.tied and len(r.elected) < definition.seats
        assert r.next is not None and r.next.seats == definition.seats - len(r.elected)
    else:
        assert r.outcome == "void" and r.ballots.valid == 0 and not r.elected


@MODEST
@given(elections())
def test_invalid_and_valid_ballots_add_up_to_those_collected(case: Any) -> None:
    definition, ballots = case
    c = count_ballots(definition, ballots)
    assert c.collected == len(ballots)
    assert c.valid + sum(n for _, n in c.invalid_by_reason) == c.collected


@MODEST
@given(elections(cross_out=True), st.data())
def test_crossing_one_more_name_never_raises_that_candidates_votes(
    case: Any, data: st.DataObject
) -> None:
    definition, ballots = case
    ballots = ballots or [Ballot(crossed=())]
    i = data.draw(st.integers(0, len(ballots) - 1))
    kept = [c.id for c in definition.candidates if c.id not in ballots[i].crossed]
    if not kept:
        return
    name = data.draw(st.sampled_from(kept))
    changed = ballots[:]
    changed[i] = Ballot(crossed=(*ballots[i].crossed, name), defects=ballots[i].defects)
    index = [c.id for c in definition.candidates].index(name)
    before = count_ballots(definition, ballots).votes[index]
    after = count_ballots(definition, changed).votes[index]
    assert after <= before


VIETNAMESE_WORD = st.text(
    alphabet=st.sampled_from(ALPHABET + ALPHABET.upper() + "áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệóòỏõọ"),
    min_size=1,
    max_size=7,
)


@MODEST
@given(st.lists(VIETNAMESE_WORD, min_size=1, max_size=4))
def test_a_names_key_ignores_case_and_unicode_normal_form(words: list[str]) -> None:
    name = " ".join(words)
    assert name_key(unicodedata.normalize("NFD", name)) == name_key(name)
    assert name_key(name.lower()) == name_key(name.upper())
