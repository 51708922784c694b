"""Targets, figures, drafts and their carrying into the new resolution."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from daihoi.audit.models import AuditEntry
from daihoi.core.targets import Status
from daihoi.targets import selectors, services
from daihoi.targets.models import Actual, State, Target
from tests.targets.conftest import Terms, data, figures, make_target


def test_it_refuses_a_duplicate_target_whatever_the_case_and_spaces(terms: Terms) -> None:
    make_target(terms.tree.A, terms.old, "Kết nạp đảng viên")
    with pytest.raises(ValidationError, match="đã có trong nghị quyết"):
        make_target(terms.tree.A, terms.old, "  kết nạp   ĐẢNG VIÊN ")
    assert Target.objects.count() == 1


def test_the_same_name_in_another_unit_or_term_is_fine(terms: Terms) -> None:
    make_target(terms.tree.A, terms.old)
    make_target(terms.tree.B, terms.old)
    make_target(terms.tree.A, terms.new)
    assert Target.objects.count() == 3


def test_it_refuses_a_year_outside_the_resolution(terms: Terms) -> None:
    target = make_target(terms.tree.A, terms.old)
    for year in (2020, 2026):
        with pytest.raises(ValidationError, match="ngoài các năm của nghị quyết \\(2021–2025\\)"):
            services.actual_set(actor=None, target=target, year=year, value=Decimal(1))
    assert not Actual.objects.exists()


def test_entering_a_year_again_corrects_it_and_is_audited(terms: Terms) -> None:
    target = make_target(terms.tree.A, terms.old)
    services.actual_set(actor=None, target=target, year=2022, value=Decimal(5))
    services.actual_set(actor=None, target=target, year=2022, value=Decimal(7), estimate=True)
    actual = Actual.objects.get()
    assert (actual.value, actual.estimate) == (Decimal(7), True)
    entry = AuditEntry.objects.filter(action="target.actual_set").last()
    assert entry is not None and entry.before == {
        "value": "5.0000",
        "estimate": False,
        "source": "",
    }


def test_growth_needs_a_baseline(terms: Terms) -> None:
    with pytest.raises(ValidationError, match="giá trị gốc"):
        make_target(terms.tree.A, terms.old, kind="growth", value=Decimal(8))


def test_at_most_sets_lower_is_better(terms: Terms) -> None:
    t = make_target(terms.tree.A, terms.old, kind="at_most", direction="higher")
    assert t.direction == "lower"


def test_a_target_feeds_only_an_upper_units_target_of_the_same_term(terms: Terms) -> None:
    t = terms.tree
    upper = make_target(t.P, terms.old)
    make_target(t.A, terms.old, "a", feeds=upper)
    sibling = make_target(t.B, terms.old)
    later = make_target(t.P, terms.new)
    for wrong in (sibling, later):
        with pytest.raises(ValidationError, match="cấp trên trong nghị quyết cùng nhiệm kỳ"):
            make_target(t.A, terms.old, "b", feeds=wrong)


def test_the_review_assesses_each_target_with_the_drafts_beside_it(terms: Terms) -> None:
    t = terms.tree
    sum_target = make_target(t.A, terms.old)
    figures(sum_target, "20", "20", "20", "20", "25", estimate_last=True)
    make_target(t.A, terms.old, "Thu nhập", kind="level", value=Decimal(75))
    draft = services.target_create(
        actor=None,
        unit=t.A,
        term=terms.new,
        data=data(value=Decimal(110)),
        state=State.DRAFT,
        previous=sum_target,
    )
    review = selectors.review(t.A, terms.old)
    assert [r.assessment.status for r in review.rows] == [
        Status.EXCEEDED,
        Status.NOT_ASSESSABLE,
    ]
    assert review.rows[0].assessment.estimated
    assert review.rows[0].draft == draft
    assert review.counts["exceeded"] == 1


def test_carrying_adopts_only_approved_drafts_and_takes_the_last_figure_as_baseline(
    terms: Terms,
) -> None:
    t = terms.tree
    old = make_target(t.A, terms.old, kind="level", value=Decimal(75))
    figures(old, "60", "65", "70", "72", "74", estimate_last=True)
    make_target(t.A, terms.new, "Đã có")
    approved = services.target_create(
        actor=None,
        unit=t.A,
        term=terms.new,
        data=data("Thu nhập 2030", kind="level", value=Decimal(110)),
        state=State.DRAFT,
        previous=old,
    )
    services.draft_set_approved(actor=None, target=approved, approved=True)
    waiting = services.target_create(
        actor=None, unit=t.A, term=terms.new, data=data("Chờ"), state=State.DRAFT
    )
    carried = services.drafts_carry(actor=None, unit=t.A, term=terms.new)
    assert (carried.adopted, carried.baselines_filled) == (1, 1)
    approved.refresh_from_db()
    waiting.refresh_from_db()
    assert approved.state == State.ADOPTED
    assert (approved.baseline, approved.baseline_year) == (Decimal(74), 2025)
    assert approved.number == 2
    assert waiting.state == State.DRAFT


def test_carrying_nothing_approved_is_refused(terms: Terms) -> None:
    with pytest.raises(ValidationError, match="Không có chỉ tiêu dự kiến nào đã thông qua"):
        services.drafts_carry(actor=None, unit=terms.tree.A, term=terms.new)


def test_the_rollup_adds_up_lower_sums_and_compares_rates_one_by_one(terms: Terms) -> None:
    t = terms.tree
    upper = make_target(t.P, terms.old, value=Decimal(150))
    for unit, value in ((t.A, "16"), (t.B, "15")):
        lower = make_target(unit, terms.old, feeds=upper)
        figures(lower, *[value] * 5)
    roll = selectors.rollup(upper)
    assert roll.total == Decimal(155)
    assert roll.total_status is Status.EXCEEDED
    rate = make_target(t.P, terms.old, "Hộ nghèo", kind="level", measure="%", direction="lower")
    low = make_target(t.A, terms.old, "Hộ nghèo", kind="level", measure="%", feeds=rate)
    figures(low, "1", first=2025)
    roll = selectors.rollup(rate)
    assert roll.total is None
    assert roll.lower[0].meets_upper is Status.EXCEEDED
