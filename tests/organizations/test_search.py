"""The unit search: no tone marks or case needed, exact names first, each unit
shown with its parent so thirty "Chi bộ thôn 3" can be told apart."""

from __future__ import annotations

from django.urls import reverse

from daihoi.organizations.selectors import unit_search
from daihoi.organizations.services import unit_update
from tests.conftest import Tree
from tests.factories import make_unit


def names(units: list) -> list[str]:  # type: ignore[type-arg]
    return [u.name for u in units]


def test_it_finds_a_name_typed_without_tone_marks_or_capitals(tree: Tree) -> None:
    make_unit("A3", parent=tree.A, name="Chi bộ thôn Hòa Bình")
    make_unit("A4", parent=tree.A, name="Chi bộ Đông Sơn")
    assert names(unit_search(tree.P, "hoa binh")) == ["Chi bộ thôn Hòa Bình"]
    assert names(unit_search(tree.P, "HOÀ BÌNH")) == ["Chi bộ thôn Hòa Bình"]
    assert names(unit_search(tree.P, "dong son")) == ["Chi bộ Đông Sơn"]
    assert names(unit_search(tree.P, "Đông")) == ["Chi bộ Đông Sơn"]


def test_a_renamed_unit_is_found_by_its_new_name(tree: Tree) -> None:
    unit_update(
        actor=None,
        unit=tree.A2,
        name="Chi bộ thôn Phú Lộc",
        level=tree.A2.level,
        members_count=tree.A2.members_count,
        start_date=None,
    )
    assert names(unit_search(tree.P, "phu loc")) == ["Chi bộ thôn Phú Lộc"]


def test_the_exact_name_ranks_before_names_that_merely_contain_the_words(tree: Tree) -> None:
    make_unit("A30", parent=tree.A, name="Chi bộ thôn 30")
    make_unit("A33", parent=tree.A, name="Chi bộ thôn 1 (cũ 3)")
    make_unit("A3", parent=tree.A, name="Chi bộ thôn 3")
    found = names(unit_search(tree.P, "thôn 3"))
    assert found[0] == "Chi bộ thôn 3"
    assert found.index("Chi bộ thôn 30") < found.index("Chi bộ thôn 1 (cũ 3)")
    assert names(unit_search(tree.P, "chi bo thon 3"))[0] == "Chi bộ thôn 3"


def test_each_result_names_its_parent(tree: Tree) -> None:
    make_unit("B3", parent=tree.B, name="Chi bộ thôn 3")
    make_unit("A3", parent=tree.A, name="Chi bộ thôn 3")
    client = tree.client_for(tree.province_officer)
    html = client.get(reverse("unit_search", args=["P"]) + "?q=thon 3").content.decode()
    assert "thuộc Đảng bộ xã A" in html
    assert "thuộc Đảng bộ xã B" in html
