"""Invariants of the nomination engine, on many generated steps (hypothesis)."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.core.nomination import BallotRecord, Nominee, Step, Tally, count_step, decide_step

from .nomination_builders import make_step

MODEST = settings(max_examples=150, deadline=None)

NAMES = ["Lê Thị An", "Lê Văn An", "Trần Bình", "Đỗ Dương", "Phạm Hường", "Võ Hương", "Hà Đỗ"]
WRITTEN = ["Nguyễn Văn An", "nguyen van an", "NGUYỄN VĂN ÂN", "Trần Thị Hoà", "Trần Thị Hòa"]


@st.composite
def steps(draw: st.DrawFn) -> Step:
    """A step under any rule and tie policy, 1–20 summoned."""
    rule = draw(st.sampled_from(["share_of_summoned", "share_of_valid", "top", "top_of_share"]))
    params: dict[str, Any] = {
        "summoned": draw(st.integers(1, 20)),
        "max_ticks": draw(st.integers(1, 4)),
        "blank_lines": draw(st.integers(0, 2)),
        "rule": rule,
    }
    if rule != "top":
        params["percent"] = draw(st.integers(1, 100))
    if rule in ("top", "top_of_share"):
        params["count"] = draw(st.integers(1, 5))
        params["ties"] = draw(st.sampled_from(["all_go_on", "none_go_on", "needs_decision"]))
    if rule == "top_of_share":
        params["share_of"] = draw(st.sampled_from(["summoned", "valid"]))
    return make_step("2", **params)


@st.composite
def counted(draw: st.DrawFn) -> tuple[Step, list[Nominee], list[BallotRecord]]:
    """A step, its list, and up to ``summoned`` sheets, a few of them invalid.

    Most sheets are valid so that names pass and tie often; a sheet now and
    then ticks too many, ticks an empty line or is spoiled.
    """
    step = draw(steps())
    n = draw(st.integers(1, len(NAMES)))
    names = [Nominee(id=f"p{i}", name=NAMES[i]) for i in range(n)]
    ids = [m.id for m in names]
    sheet = st.builds(
        lambda ticks, written, spoiled: BallotRecord(
            step="2", ticks=tuple(ticks), write_ins=tuple(written), spoiled=spoiled
        ),
        st.lists(st.sampled_from(ids), unique=True, max_size=min(n, step.number("max_ticks") + 1)),
        st.lists(st.sampled_from([*WRITTEN, " "]), max_size=step.number("blank_lines")),
        st.sampled_from([None] * 9 + ["rách"]),
    )
    size = draw(st.integers(0, step.summoned))
    records = draw(st.lists(sheet, min_size=size, max_size=size))
    return step, names, records


def status_votes(tally: Tally, step: Step) -> list[tuple[str, int]]:
    return [(o.status, o.votes) for o in decide_step(step, tally).outcomes]


@MODEST
@given(counted(), st.randoms(use_true_random=False))
def test_the_decision_depends_neither_on_the_order_of_ballots_nor_of_names(
    case: tuple[Step, list[Nominee], list[BallotRecord]], rnd: Any
) -> None:
    step, names, records = case
    before = decide_step(step, count_step(step, names, records))
    rnd.shuffle(names)
    rnd.shuffle(records)
    assert decide_step(step, count_step(step, names, records)) == before


@MODEST
@given(counted())
def test_a_name_never_passes_with_fewer_votes_than_one_that_failed(
    case: tuple[Step, list[Nominee], list[BallotRecord]],
) -> None:
    step, names, records = case
    outcomes = decide_step(step, count_step(step, names, records)).outcomes
    rank = {"passed": 2, "needs_decision": 1, "not_passed": 0}
    for a in outcomes:
        for b in outcomes:
            if rank[a.status] > rank[b.status]:
                assert a.votes > b.votes, (a, b)
    # Listed in order of votes, most first.
    assert [o.votes for o in outcomes] == sorted((o.votes for o in outcomes), reverse=True)


@MODEST
@given(counted(), st.data())
def test_one_more_vote_never_makes_a_passing_name_fail(
    case: tuple[Step, list[Nominee], list[BallotRecord]], data: st.DataObject
) -> None:
    step, names, records = case
    tally = count_step(step, names, records)
    passing = [
        o.id
        for o in decide_step(step, tally).passed
        if not o.written_in and tally.votes_of(o.id) < tally.valid
    ]
    if not passing:
        return
    chosen = data.draw(st.sampled_from(passing))
    more = dataclasses.replace(tally, votes=tuple((i, v + (i == chosen)) for i, v in tally.votes))
    after = {o.id: o.status for o in decide_step(step, more).outcomes}
    assert after[chosen] == "passed"


@MODEST
@given(counted())
def test_votes_never_exceed_valid_nor_valid_collected_nor_collected_summoned(
    case: tuple[Step, list[Nominee], list[BallotRecord]],
) -> None:
    step, names, records = case
    tally = count_step(step, names, records)
    assert tally.blank <= tally.valid <= tally.collected <= tally.summoned
    assert tally.collected == len(records)
    assert tally.valid + len(tally.invalid) == tally.collected
    for _, votes in tally.votes:
        assert 0 <= votes <= tally.valid
    for group in tally.write_ins:
        assert 1 <= group.votes <= tally.valid
        assert sum(n for _, n in group.spellings) == group.votes
