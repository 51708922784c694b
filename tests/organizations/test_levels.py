"""A unit is of a level below its parent's: a commune's office cannot add a
"Trung ương" unit under the commune, by the page or by the service."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from daihoi.errors import DomainError
from daihoi.organizations.models import Unit
from daihoi.organizations.services import unit_create, unit_update
from tests.conftest import Tree


def test_the_form_offers_only_the_levels_below_the_parent(tree: Tree) -> None:
    page = tree.client_for(tree.commune_officer).get(reverse("unit_create_child", args=["A"]))
    html = page.content.decode()
    assert f'value="{tree.A1.level_id}"' in html  # branch level, below the commune
    assert f'value="{tree.P.level_id}"' not in html  # the province's level
    assert f'value="{tree.A.level_id}"' not in html  # the commune's own level


@pytest.mark.parametrize("level_of", ["P", "A"])
def test_a_level_at_or_above_the_parent_is_refused_and_nothing_is_added(
    tree: Tree, level_of: str
) -> None:
    level = getattr(tree, level_of).level
    response = tree.client_for(tree.commune_officer).post(
        reverse("unit_create_child", args=["A"]),
        {"code": "A9", "name": "Đảng bộ lạ", "level": level.pk, "members_count": "0"},
    )
    assert response.status_code == 400
    assert not Unit.objects.filter(code="A9").exists()
    with pytest.raises(ValidationError, match="phải thuộc cấp dưới"):
        unit_create(actor=None, code="A9", name="x", level=level, parent=tree.A)
    assert not Unit.objects.filter(code="A9").exists()


def test_a_unit_cannot_be_raised_to_its_parents_level(tree: Tree) -> None:
    with pytest.raises(ValidationError, match="phải thuộc cấp dưới"):
        unit_update(
            actor=None,
            unit=tree.A1,
            name=tree.A1.name,
            level=tree.A.level,
            members_count=0,
            start_date=None,
        )
    tree.A1.refresh_from_db()
    assert tree.A1.level.rank == tree.A.level.rank + 1


def test_the_refusal_names_its_rule_and_facts_and_reads_in_the_language_shown(tree: Tree) -> None:
    with translation.override("en"), pytest.raises(DomainError) as refused:
        unit_create(actor=None, code="A9", name="x", level=tree.P.level, parent=tree.A)
    assert refused.value.code == "unit.level_not_below_parent"
    assert refused.value.params == {
        "parent": tree.A.name,
        "parent_level": tree.A.level.name,
        "level": tree.P.level.name,
    }
    with translation.override("vi"):
        assert "phải thuộc cấp dưới" in refused.value.text
    with translation.override("en"):
        assert "must be of a level below it" in refused.value.text
