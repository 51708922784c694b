"""The pure eligibility core: the retirement schedule, the checks, the structure shares."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.eligibility import (
    LABOUR_CODE_2019,
    FilingDeadlineRule,
    Person,
    Rules,
    ServedTerm,
    Targets,
    TermLimitRule,
    add_months,
    check_person,
    consecutive_terms,
    months_between,
    months_left,
    retirement_age,
    retirement_date,
    structure,
)

D = dt.date
dates = st.dates(min_value=D(1940, 1, 1), max_value=D(2010, 12, 31))
sexes = st.sampled_from(["M", "F"])


# --- the retirement schedule ---------------------------------------------------------------


def test_men_reaching_the_age_in_2021_retire_at_60_years_3_months() -> None:
    assert retirement_date(D(1961, 9, 10), "M") == D(2021, 12, 10)


def test_a_man_who_would_reach_60y3m_only_in_2022_retires_at_60_years_6_months() -> None:
    # 60y3m after 10/10/1961 is 10/01/2022, and in 2022 the age is 60y6m.
    assert retirement_date(D(1961, 10, 10), "M") == D(2022, 4, 10)


def test_women_born_in_1970_retire_at_57_years_4_months() -> None:
    assert retirement_date(D(1970, 1, 1), "F") == D(2027, 5, 1)


def test_the_schedule_ends_at_62_for_men_and_60_for_women() -> None:
    assert retirement_date(D(1980, 6, 15), "M") == D(2042, 6, 15)
    assert retirement_date(D(1980, 6, 15), "F") == D(2040, 6, 15)
    assert retirement_age(LABOUR_CODE_2019, "M", 2020) == 60 * 12
    assert retirement_age(LABOUR_CODE_2019, "F", 2020) == 55 * 12


def test_a_month_end_birthday_lands_on_the_last_day_of_a_shorter_month() -> None:
    assert add_months(D(1966, 3, 31), 55 * 12 + 4) == D(2021, 7, 31)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)


@given(dates, dates)
def test_months_between_counts_whole_months_only(a: dt.date, b: dt.date) -> None:
    start, end = min(a, b), max(a, b)
    n = months_between(start, end)
    assert add_months(start, n) <= end < add_months(start, n + 1)
    assert months_between(end, start) == -n


@given(dates, dates, sexes)
def test_someone_born_later_never_retires_earlier(a: dt.date, b: dt.date, sex: str) -> None:
    early, late = min(a, b), max(a, b)
    assert retirement_date(early, sex) <= retirement_date(late, sex)  # type: ignore[arg-type]


@given(dates, sexes)
def test_the_retirement_age_is_the_age_of_the_year_it_is_reached(born: dt.date, sex: str) -> None:
    day = retirement_date(born, sex)  # type: ignore[arg-type]
    age = retirement_age(LABOUR_CODE_2019, sex, day.year)  # type: ignore[arg-type]
    assert day == add_months(born, age)


# --- the checks --------------------------------------------------------------------------

REF = D(2025, 10, 1)


def rules(**kw: object) -> Rules:
    return Rules(reference_date=REF, term_start_year=2025, **kw)  # type: ignore[arg-type]


def test_sixty_months_pass_and_fifty_nine_fail_for_a_first_time_candidate() -> None:
    for months, outcome in ((60, "pass"), (59, "fail")):
        born = _born_for(months, "M")
        check = check_person(Person(sex="M", birth_date=born), rules())[0]
        assert (check.actual, check.outcome) == (months, outcome)
        assert check.required == 60


def test_re_election_needs_48_months_not_a_full_term() -> None:
    born = _born_for(50, "F")
    first = check_person(Person(sex="F", birth_date=born), rules())[0]
    again = check_person(Person(sex="F", birth_date=born, reelection=True), rules())[0]
    assert (first.code, first.outcome) == ("working_time_first", "fail")
    assert (again.code, again.outcome, again.required) == ("working_time_reelection", "pass", 48)
    assert "45-CT/TW" in again.source


def _born_for(months: int, sex: str) -> dt.date:
    """Search the birth date with exactly ``months`` of working time left on REF."""
    day = add_months(REF, months)
    for back in range(50 * 12, 70 * 12):
        born = add_months(day, -back)
        if months_left(born, sex, REF) == months:  # type: ignore[arg-type]
            return born
    raise AssertionError(months)


def test_a_missing_birth_date_cannot_be_checked_and_flags_the_candidate() -> None:
    check = check_person(Person(sex="M", birth_date=None), rules())[0]
    assert check.outcome == "unknown"
    assert check.flags


def test_a_secretary_after_two_consecutive_terms_is_flagged() -> None:
    limit = TermLimitRule("secretary", 2, "Quy định")
    served = (ServedTerm("secretary", 2015, 2020), ServedTerm("secretary", 2020, 2025))
    person = Person(sex="M", birth_date=D(1975, 1, 1), post="secretary", served=served)
    check = check_person(person, rules(term_limits=(limit,)))[-1]
    assert (check.code, check.outcome, check.actual, check.required) == ("term_limit", "fail", 2, 2)


def test_a_gap_breaks_the_run_of_terms() -> None:
    served = (ServedTerm("secretary", 2010, 2015), ServedTerm("secretary", 2020, None))
    assert consecutive_terms(served, "secretary", 2025) == 1
    assert consecutive_terms(served, "deputy", 2025) == 0


def test_a_term_limit_applies_only_to_its_post() -> None:
    limit = TermLimitRule("secretary", 2, "Quy định")
    served = (ServedTerm("secretary", 2015, 2020), ServedTerm("secretary", 2020, 2025))
    person = Person(sex="M", birth_date=D(1975, 1, 1), post="committee", served=served)
    assert [c.code for c in check_person(person, rules(term_limits=(limit,)))] == [
        "working_time_first"
    ]


def test_a_self_nominee_filing_after_the_deadline_is_flagged() -> None:
    filing = FilingDeadlineRule(D(2025, 8, 31), "Hướng dẫn")
    late = Person(sex="F", birth_date=D(1985, 1, 1), self_nominated=True, filed_on=D(2025, 9, 1))
    on_time = Person(
        sex="F", birth_date=D(1985, 1, 1), self_nominated=True, filed_on=D(2025, 8, 31)
    )
    undated = Person(sex="F", birth_date=D(1985, 1, 1), self_nominated=True)
    proposed = Person(sex="F", birth_date=D(1985, 1, 1), filed_on=D(2025, 9, 1))
    assert check_person(late, rules(filing=filing))[-1].outcome == "fail"
    assert check_person(on_time, rules(filing=filing))[-1].outcome == "pass"
    assert check_person(undated, rules(filing=filing))[-1].outcome == "unknown"
    assert [c.code for c in check_person(proposed, rules(filing=filing))] == ["working_time_first"]


# --- structure -------------------------------------------------------------------------


def test_shares_are_compared_with_the_targets_exactly() -> None:
    women = [Person(sex="F", birth_date=D(1980, 1, 1)) for _ in range(3)]
    men = [Person(sex="M", birth_date=D(1970, 1, 1), reelection=True) for _ in range(17)]
    s = structure(women + men, REF, Targets(women=Decimal(15), renewal=Decimal(20)))
    assert s.share("women").percent == Decimal("15.00")
    assert s.share("women").meets is True  # 3 of 20 is 15%
    assert s.share("first_time").count == 3
    assert s.shortfalls == ("first_time",)  # 15% first-time, 20% asked
    fewer = structure(women[:2] + men[:13], REF, Targets(women=Decimal(15)))
    assert fewer.share("women").percent == Decimal("13.33")
    assert fewer.share("women").meets is False


def test_young_is_under_the_age_on_the_reference_date() -> None:
    turning = Person(sex="M", birth_date=D(1985, 10, 1))  # 40 on the day
    still = Person(sex="M", birth_date=D(1985, 10, 2))  # 39 on the day
    s = structure([turning, still], REF)
    assert s.share("young").count == 1
    assert structure([turning, still], REF, young_age=41).share("young").count == 2


def test_minorities_count_every_ethnicity_but_kinh_and_not_a_blank_one() -> None:
    people = [
        Person(sex="M", birth_date=None, ethnicity=e) for e in ("Kinh", "kinh ", "Tày", "", "Dao")
    ]
    s = structure(people, REF)
    assert s.share("minority").count == 2
    assert s.age_unknown == 5


def test_age_bands_hold_everyone_with_a_birth_date_once() -> None:
    people = [Person(sex="M", birth_date=D(y, 6, 1)) for y in (1960, 1966, 1975, 1990, 2000)]
    s = structure(people, REF)
    assert sum(n for _lo, _hi, n in s.bands) == 5
    assert [n for _lo, _hi, n in s.bands] == [1, 1, 0, 0, 1, 1, 1]


def test_an_empty_committee_has_no_share_and_misses_no_target() -> None:
    s = structure([], REF, Targets(women=Decimal(15)))
    assert s.share("women").percent is None
    assert s.share("women").meets is None
    assert s.shortfalls == ()
