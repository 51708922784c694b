from __future__ import annotations

from tests.conftest import Tree


def test_a_unit_and_its_children_as_json(tree: Tree) -> None:
    client = tree.client_for(tree.commune_officer)
    unit = client.get("/api/units/A").json()
    assert unit["code"] == "A" and unit["parent"] == "P" and unit["members_count"] == 40
    children = client.get("/api/units/A/children").json()
    assert [c["code"] for c in children] == ["A1", "A2"]


def test_a_congress_as_json(tree: Tree) -> None:
    data = tree.client_for(tree.clerk).get(f"/api/congresses/{tree.congress_A.pk}").json()
    assert data["unit"] == "A" and data["status"] == "planned" and data["term"] == "2025–2030"


def test_errors_are_structured_json(tree: Tree) -> None:
    response = tree.client_for(tree.province_viewer).get("/api/units/NOPE")
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}
