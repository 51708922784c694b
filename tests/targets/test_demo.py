"""The demo review: fifteen targets of a commune, every outcome, drafts and roll-up."""

from __future__ import annotations

import time

from daihoi.core.targets import Status
from daihoi.targets import selectors
from daihoi.targets.demo import build_targets_demo
from daihoi.targets.models import State, Target
from tests.targets.conftest import Terms


def test_the_demo_review_shows_every_outcome_quickly(terms: Terms) -> None:
    t = terms.tree
    started = time.perf_counter()
    build_targets_demo(admin=None, province=t.P, communes=[t.A, t.B], term=terms.new)
    elapsed = time.perf_counter() - started
    review = selectors.review(t.A, terms.old)
    assert len(review.rows) == 15
    assert {"level", "sum", "growth", "average", "at_least"} <= {r.target.kind for r in review.rows}
    statuses = {r.assessment.status for r in review.rows}
    assert statuses == set(Status)
    assert all(r.by_year[2025].estimate for r in review.rows if 2025 in r.by_year)
    assert sum(1 for r in review.rows if r.draft is not None) == 4
    assert Target.objects.filter(unit=t.A, term=terms.new, state=State.APPROVED).count() == 2
    admissions = Target.objects.get(unit=t.P, name__startswith="Kết nạp")
    assert selectors.rollup(admissions).total is not None
    assert elapsed < 5, elapsed
