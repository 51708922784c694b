from __future__ import annotations

from django.urls import reverse

from tests.conftest import Tree


def test_the_unit_page_shows_children_counts_and_breadcrumbs(tree: Tree) -> None:
    text = (
        tree.client_for(tree.province_officer)
        .get(reverse("unit_detail", args=["A"]))
        .content.decode()
    )
    assert "Chi bộ thôn 1" in text and "Chi bộ thôn 2" in text
    assert 'href="/units/P/"' in text  # the way back up
    assert "Chi bộ thôn B1" not in text


def test_the_unit_page_does_a_bounded_number_of_queries(
    tree: Tree, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = tree.client_for(tree.province_officer)
    with django_assert_max_num_queries(16):
        client.get(reverse("unit_detail", args=["P"]))


def test_the_search_answers_htmx_with_a_fragment(tree: Tree) -> None:
    response = tree.client_for(tree.commune_officer).get(
        reverse("unit_search", args=["A"]) + "?q=thôn", HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert "<html" not in text and "Chi bộ thôn 1" in text


def test_a_province_officer_lands_on_the_province(tree: Tree) -> None:
    response = tree.client_for(tree.province_officer).get(reverse("home"))
    assert response["Location"] == reverse("unit_detail", args=["P"])


def test_a_merged_unit_lists_the_units_that_moved_away(tree: Tree) -> None:
    import datetime as dt

    from daihoi.organizations.services import unit_dissolve

    unit_dissolve(actor=None, unit=tree.B, end_date=dt.date(2025, 6, 30), merged_into=tree.A)
    text = (
        tree.client_for(tree.province_officer)
        .get(reverse("unit_detail", args=["B"]))
        .content.decode()
    )
    assert "Đơn vị trước đây trực thuộc" in text and "Chi bộ thôn B1" in text
    assert "30/06/2025" in text  # dd/mm/yyyy


def test_members_are_the_units_own_count_not_a_sum_over_the_subtree(tree: Tree) -> None:
    text = (
        tree.client_for(tree.province_officer)
        .get(reverse("unit_detail", args=["A"]))
        .content.decode()
    )
    assert '<span class="figure">40</span>' in text
