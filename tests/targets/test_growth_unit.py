"""An average-growth target is a rate: "8%/năm", never "8 tỷ đồng", wherever it is shown."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from daihoi.targets import services
from daihoi.targets.models import State
from tests.targets.conftest import Terms, data, figures, make_target


def growth(terms: Terms):  # type: ignore[no-untyped-def]
    target = make_target(
        terms.tree.A,
        terms.old,
        "Tốc độ tăng trưởng giá trị sản xuất",
        group="economy",
        measure="tỷ đồng",
        kind="growth",
        value=Decimal(8),
        baseline=Decimal(1000),
        baseline_year=2020,
    )
    figures(target, "1080", "1166", "1260", "1360", "1469")
    return target


def test_the_target_page_shows_a_growth_target_as_percent_a_year(terms: Terms) -> None:
    target = growth(terms)
    client = terms.tree.client_for(terms.tree.commune_officer)
    html = client.get(reverse("target_detail", args=[target.pk])).content.decode()
    assert "<strong>8%/năm</strong>" in html
    assert "8 tỷ đồng" not in html
    assert "1.000 tỷ đồng" in html  # the baseline is a figure, in the figures' unit


def test_the_draft_of_a_growth_target_shows_as_percent_a_year(terms: Terms) -> None:
    old = growth(terms)
    services.target_create(
        actor=None,
        unit=terms.tree.A,
        term=terms.new,
        data=data(
            "Tốc độ tăng trưởng giá trị sản xuất",
            group="economy",
            measure="tỷ đồng",
            kind="growth",
            value=Decimal("8.5"),
            baseline=Decimal(1469),
            baseline_year=2025,
        ),
        state=State.DRAFT,
        previous=old,
    )
    client = terms.tree.client_for(terms.tree.commune_officer)
    html = client.get(reverse("targets_review", args=["A", terms.old.pk])).content.decode()
    assert "8,5%/năm" in html
    assert "8,50 tỷ đồng" not in html and "8,5 tỷ đồng" not in html


def test_the_entry_form_says_a_growth_is_entered_in_percent_a_year(terms: Terms) -> None:
    client = terms.tree.client_for(terms.tree.commune_officer)
    html = client.get(reverse("target_create", args=["A", terms.old.pk])).content.decode()
    assert "8 nghĩa là 8%/năm" in html
