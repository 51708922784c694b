"""docs/rules.md §5 (procedural votes) and §6 (quorum), with worked numbers."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from daihoi.core.elections.model import Deduction, Electorate
from daihoi.core.elections.rules import builtin_profile
from daihoi.core.elections.votes import procedural_vote_base, procedural_vote_passes, quorum

CPV = builtin_profile("cpv-2024").rules
ELECTORATE = Electorate("delegates", 200, (Deduction("Vắng mặt cả đại hội", 2),))


def test_a_procedural_vote_passes_with_more_than_half_of_the_base() -> None:
    base = procedural_vote_base(CPV, ELECTORATE, present=190, votes_cast=180)
    assert base == 198
    assert not procedural_vote_passes(99, base)
    assert procedural_vote_passes(100, base)


def test_the_procedural_vote_base_follows_the_profile() -> None:
    collected = builtin_profile("ballots-collected").rules
    valid = builtin_profile("valid-ballots").rules
    assert procedural_vote_base(collected, ELECTORATE, present=190, votes_cast=180) == 190
    assert procedural_vote_base(valid, ELECTORATE, present=190, votes_cast=180) == 180


def test_the_congress_proceeds_with_more_than_two_thirds_of_those_summoned() -> None:
    # 300 summoned: two thirds is 200, which is not more than two thirds.
    assert not quorum(200, 300, CPV).met
    status = quorum(201, 300, CPV)
    assert (status.met, status.least_present, status.share) == (True, 201, "2/3")
    # 200 summoned: two thirds is 133.3, so 134 are needed.
    assert quorum(133, 200, CPV).least_present == 134
    assert not quorum(133, 200, CPV).met and quorum(134, 200, CPV).met


def test_the_quorum_is_a_profile_parameter() -> None:
    three_quarters = replace(CPV, quorum=Fraction(3, 4))
    assert quorum(226, 300, three_quarters).met and not quorum(225, 300, three_quarters).met
