"""docs/rules.md §3: who is elected, with the worked numbers of a counting committee."""

from __future__ import annotations

import pytest

from daihoi.core.elections.model import NextStep, Result
from daihoi.core.elections.tally import decide, percent_of_base, tally

from .builders import counts, cross, election

ABSENT = "Đại biểu chính thức vắng mặt suốt thời gian đại hội, không có dự khuyết thay thế"


def status(result: Result) -> dict[str, str]:
    return {c.id: c.status for c in result.candidates}


def test_the_base_is_summoned_minus_deductions_not_the_ballots() -> None:
    # 200 summoned, 2 absent all the time without alternate: base 198, threshold 100.
    # c1's 99 votes are most of the 120 ballots, yet not more than half of 198.
    e = election(seats=2, n=3, summoned=200, deductions=((ABSENT, 2),))
    r = decide(e, counts([99, 100, 30], valid=120))
    assert (r.base, r.threshold) == (198, 100)
    assert status(r) == {"c1": "not_elected", "c2": "elected", "c3": "not_elected"}


def test_more_than_half_is_counted_in_integers_without_rounding() -> None:
    # base 199: 2 * 99 = 198 is not more than 199; 2 * 100 = 200 is.
    e = election(seats=2, n=3, summoned=199)
    r = decide(e, counts([100, 99, 20], valid=150))
    assert r.threshold == 100
    assert r.elected == ("c1",)
    assert [c.percent for c in r.candidates] == ["50,25", "49,75", "10,05"]


def test_seats_go_in_order_of_votes_when_more_pass_than_seats() -> None:
    e = election(seats=2, n=4, summoned=198)
    r = decide(e, counts([150, 180, 120, 160], valid=190))
    assert r.elected == ("c2", "c4")
    assert (r.outcome, r.seats_filled, r.next) == ("complete", 2, None)
    assert [c.id for c in r.candidates] == ["c2", "c4", "c1", "c3"]


def test_a_tie_at_the_cutoff_elects_nobody_from_the_tied_group() -> None:
    # c2 and c3 both passed (150 of 198) but only one seat is left.
    e = election(seats=2, n=4, summoned=198)
    r = decide(e, counts([180, 150, 150, 90], valid=190))
    assert r.elected == ("c1",)
    assert (r.outcome, r.tied) == ("tie", ("c2", "c3"))
    assert r.next == NextStep(action="revote", candidates=("c2", "c3"), seats=1)
    assert status(r) == {"c1": "elected", "c2": "tied", "c3": "tied", "c4": "not_elected"}


def test_equal_votes_inside_the_seats_elect_the_whole_group() -> None:
    e = election(seats=3, n=4, summoned=198)
    r = decide(e, counts([180, 150, 150, 90], valid=190))
    assert (r.elected, r.outcome, r.tied) == (("c1", "c2", "c3"), "complete", ())


def test_a_shortfall_never_has_a_tie_below_the_threshold() -> None:
    # c2 and c3 are equal, but neither has more than half of 198: no tie, a shortfall.
    e = election(seats=2, n=3, summoned=198)
    r = decide(e, counts([180, 99, 99], valid=190))
    assert (r.outcome, r.tied, r.elected) == ("shortfall", (), ("c1",))


def test_older_wins_gives_the_tied_seat_to_the_older_candidate() -> None:
    # State election law (Law 85/2015): the older of the tied is elected.
    people = [
        {"id": "c1", "name": "Nguyễn Văn An", "born": "1975-03-02"},
        {"id": "c2", "name": "Trần Thị Bình", "born": "1968-11-30"},
        {"id": "c3", "name": "Lê Văn Cường", "born": "1980-01-01"},
    ]
    e = election(seats=1, summoned=198, rules={"tie": "older_wins"}, people=people)
    r = decide(e, counts([120, 120, 50], valid=190))
    assert (r.elected, r.outcome, r.tied) == (("c2",), "complete", ())
    assert dict(r.rules)["tie"] == "older_wins"


def test_older_wins_leaves_a_tie_between_people_born_the_same_day() -> None:
    people = [
        {"id": "c1", "name": "Nguyễn Văn An", "born": "1970-05-01"},
        {"id": "c2", "name": "Trần Thị Bình", "born": "1970-05-01"},
        {"id": "c3", "name": "Lê Văn Cường", "born": "1980-01-01"},
    ]
    e = election(seats=1, n=3, summoned=198, rules={"tie": "older_wins"}, people=people)
    r = decide(e, counts([120, 120, 120], valid=190))
    assert (r.outcome, r.tied) == ("tie", ("c1", "c2"))
    assert r.next == NextStep(action="revote", candidates=("c1", "c2"), seats=1)


def test_a_tie_goes_to_the_congress_when_the_profile_says_so() -> None:
    e = election(seats=1, n=3, summoned=198, rules={"tie": "congress_decides"})
    r = decide(e, counts([120, 120, 20], valid=190))
    assert r.outcome == "tie"
    assert r.next == NextStep(action="congress_decides", candidates=("c1", "c2"), seats=1)


def test_too_few_elected_for_a_committee_goes_to_the_congress() -> None:
    # 3 seats, 2 above 99: short by one; the congress decides whether to vote again.
    e = election(seats=3, n=4, summoned=198)
    r = decide(e, counts([150, 120, 90, 60], valid=190))
    assert (r.outcome, r.seats_filled) == ("shortfall", 2)
    assert r.next == NextStep(action="congress_decides", candidates=("c3", "c4"), seats=1)


@pytest.mark.parametrize(
    ("round_", "required", "action"),
    [(1, None, "next_round"), (2, None, "congress_decides"), (2, 3, "next_round")],
)
def test_a_delegation_short_of_its_number_votes_again_until_the_required_rounds(
    round_: int, required: int | None, action: str
) -> None:
    # 244-QĐ/TW Art. 20(2); required_rounds is 2 in cpv-2024.
    rules = {} if required is None else {"required_rounds": required}
    e = election(seats=2, n=3, summoned=198, kind="delegation", round=round_, rules=rules)
    r = decide(e, counts([150, 60, 50], valid=190))
    assert r.outcome == "shortfall"
    assert r.next == NextStep(action=action, candidates=("c2", "c3"), seats=1)  # type: ignore[arg-type]


def test_no_valid_ballot_makes_the_election_void() -> None:
    e = election(seats=2, n=3, summoned=198)
    r = decide(e, counts([0, 0, 0], valid=0, collected=5))
    assert (r.outcome, r.elected, r.seats_filled) == ("void", (), 0)
    assert r.next == NextStep(action="congress_decides", candidates=("c1", "c2", "c3"), seats=2)
    assert {c.percent for c in r.candidates} == {"0,00"}


def test_percent_is_of_the_base_rounded_half_up_with_a_decimal_comma() -> None:
    assert percent_of_base(110, 210) == "52,38"
    assert percent_of_base(181, 198) == "91,41"
    assert percent_of_base(1, 800) == "0,13"  # 0,125 rounds up, not to even
    assert percent_of_base(2, 3) == "66,67"
    assert percent_of_base(198, 198) == "100,00"


def test_ranks_are_competition_ranks() -> None:
    e = election(seats=2, n=4, summoned=20)
    r = decide(e, counts([8, 10, 5, 8], valid=15))
    assert [(c.id, c.rank) for c in r.candidates] == [("c2", 1), ("c1", 2), ("c4", 2), ("c3", 4)]


def test_equal_votes_are_listed_in_ballot_order() -> None:
    # Ballot order is by given name: Bình (c2) before Giang (c5), whatever the file order.
    e = election(seats=1, n=5, summoned=20)
    r = decide(e, counts([1, 3, 1, 1, 3], valid=15))
    assert [c.id for c in r.candidates] == ["c2", "c5", "c1", "c3", "c4"]


def test_the_ballots_collected_profile_counts_invalid_ballots_in_the_base() -> None:
    # 100 collected, 10 invalid: base 100, so 50 votes are not more than half.
    e = election(seats=1, n=2, profile="ballots-collected")
    r = decide(e, counts([50, 40], valid=90, collected=100))
    assert (r.base, r.threshold, r.outcome) == (100, 51, "shortfall")
    assert r.profile == "ballots-collected"


def test_the_valid_ballots_profile_measures_against_valid_ballots() -> None:
    people = [
        {"id": "c1", "name": "Nguyễn Văn An", "born": "1970-01-01"},
        {"id": "c2", "name": "Trần Thị Bình", "born": "1971-01-01"},
    ]
    e = election(seats=1, n=2, profile="valid-ballots", people=people)
    r = decide(e, counts([50, 40], valid=90, collected=100))
    assert (r.base, r.threshold, r.elected) == (90, 46, ("c1",))


def test_alternates_are_a_separate_election_ranked_by_votes() -> None:
    e = election(seats=2, n=4, summoned=100, kind="delegation_alternate")
    r = decide(e, counts([60, 80, 70, 40], valid=95))
    assert r.elected == ("c2", "c3")
    assert [(c.id, c.rank) for c in r.candidates[:2]] == [("c2", 1), ("c3", 2)]


def same_ballot(seats: int, alternates: int, n: int = 5) -> dict[str, object]:
    return {
        "kind": "delegation",
        "alternate_seats": alternates,
        "rules": {"alternates": "same_ballot"},
        "summoned": 198,
        "seats": seats,
        "n": n,
    }


def test_same_ballot_alternates_take_the_places_after_the_officials() -> None:
    e = election(**same_ballot(seats=2, alternates=1))  # type: ignore[arg-type]
    r = decide(e, counts([180, 170, 160, 150, 90], valid=190))
    assert (r.elected, r.outcome) == (("c1", "c2"), "complete")
    assert r.alternates is not None
    assert (r.alternates.elected, r.alternates.outcome) == (("c3",), "complete")
    assert status(r)["c3"] == "alternate" and status(r)["c4"] == "not_elected"


def test_same_ballot_alternates_must_pass_the_threshold_too() -> None:
    e = election(**same_ballot(seats=1, alternates=2, n=4))  # type: ignore[arg-type]
    r = decide(e, counts([180, 150, 99, 98], valid=190))
    assert r.alternates is not None
    assert (r.alternates.elected, r.alternates.outcome) == (("c2",), "shortfall")
    assert r.alternates.next == NextStep(action="next_round", candidates=("c3", "c4"), seats=1)


def test_same_ballot_tie_for_the_last_official_seat_also_settles_an_alternate_place() -> None:
    # c2 and c3 tie for the last official seat; the loser of the revote is the
    # first alternate; c4 (150) takes the remaining alternate place now.
    e = election(**same_ballot(seats=2, alternates=2))  # type: ignore[arg-type]
    r = decide(e, counts([180, 160, 160, 150, 90], valid=190))
    assert (r.elected, r.outcome, r.tied) == (("c1",), "tie", ("c2", "c3"))
    assert r.next == NextStep("revote", ("c2", "c3"), seats=1, alternate_seats=1)
    assert r.alternates is not None
    assert (r.alternates.seats, r.alternates.elected) == (1, ("c4",))


def test_a_result_states_the_profile_and_the_rules_it_was_computed_with() -> None:
    e = election(seats=1, n=2, rules={"tie": "congress_decides"})
    r = tally(e, [cross("c2")])
    assert r.profile == "cpv-2024"
    assert dict(r.rules) == {
        "base": "summoned_minus_deductions",
        "tie": "congress_decides",
        "invalid_codes": (
            "not_issued",
            "over_seats",
            "all_crossed",
            "single_unmarked",
            "added_name",
            "extra_content",
        ),
        "order": "collation",
        "alternates": "separate",
        "required_rounds": 2,
        "max_rounds": None,
    }


def test_no_round_is_proposed_past_the_profiles_maximum() -> None:
    # ballots-collected: the congress decides a second round, and there is no third.
    e = election(seats=2, n=3, kind="delegation", profile="ballots-collected")
    r = decide(e, counts([80, 10, 10], valid=100))
    assert r.next is not None and r.next.action == "congress_decides"
