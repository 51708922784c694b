from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from daihoi.organizations.models import Unit
from daihoi.organizations.paths import ancestor_ids, subtree_upper_bound
from daihoi.organizations.selectors import unit_ancestors, unit_search
from daihoi.organizations.services import unit_dissolve, unit_move
from tests.conftest import Tree
from tests.factories import make_unit


def codes(qs) -> set[str]:  # type: ignore[no-untyped-def]
    return set(qs.values_list("code", flat=True))


def test_a_subtree_is_the_unit_and_everything_below_it(tree: Tree) -> None:
    assert codes(Unit.objects.subtree(tree.A)) == {"A", "A1", "A2"}
    assert codes(Unit.objects.subtree(tree.P)) == {"P", "A", "A1", "A2", "B", "B1"}
    assert codes(Unit.objects.subtree(tree.A, include_self=False)) == {"A1", "A2"}


def test_a_subtree_does_not_leak_into_a_sibling_whose_id_shares_digits(db: None) -> None:
    # Ten siblings: ids 1x and 1 must not be confused, whatever their digits.
    root = make_unit("R")
    kids = [make_unit(f"K{i}", parent=root) for i in range(12)]
    grandchild = make_unit("G", parent=kids[0])
    assert codes(Unit.objects.subtree(kids[0])) == {"K0", "G"}
    assert grandchild.path.startswith(kids[0].path)
    assert subtree_upper_bound("0000000100000009") == "0000000100000010"


def test_ancestors_come_root_first_in_one_query(tree: Tree, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    assert ancestor_ids(tree.A1.path) == [tree.P.pk, tree.A.pk, tree.A1.pk]
    with django_assert_num_queries(1):
        assert [u.code for u in unit_ancestors(tree.A1)] == ["P", "A"]


def test_moving_a_unit_moves_its_subtree(tree: Tree) -> None:
    unit_move(actor=None, unit=tree.A1, new_parent=tree.B)
    assert codes(Unit.objects.subtree(tree.B)) == {"B", "B1", "A1"}
    moved = Unit.objects.get(code="A1")
    assert moved.parent_id == tree.B.pk and moved.depth == 2


def test_it_refuses_to_move_a_unit_under_its_own_subtree(tree: Tree) -> None:
    with pytest.raises(ValidationError):
        unit_move(actor=None, unit=tree.A, new_parent=tree.A1)


def test_a_merged_unit_keeps_its_history_and_hands_its_children_over(tree: Tree) -> None:
    unit_dissolve(actor=None, unit=tree.B, end_date=dt.date(2025, 6, 30), merged_into=tree.A)
    b = Unit.objects.get(code="B")
    assert b.end_date == dt.date(2025, 6, 30) and b.merged_into_id == tree.A.pk
    assert codes(Unit.objects.subtree(tree.A).active()) == {"A", "A1", "A2", "B1"}
    assert codes(Unit.objects.subtree(tree.P)) >= {"B"}  # still readable under the province


def test_it_refuses_to_dissolve_a_unit_that_still_has_active_units_below(tree: Tree) -> None:
    with pytest.raises(ValidationError, match="đơn vị trực thuộc đang hoạt động"):
        unit_dissolve(actor=None, unit=tree.A, end_date=dt.date(2025, 6, 30))


def test_search_stays_inside_the_subtree(tree: Tree) -> None:
    assert [u.code for u in unit_search(tree.A, "thôn")] == ["A1", "A2"]
    assert [u.code for u in unit_search(tree.B, "thôn")] == ["B1"]
