"""The office's own pages: edit a unit, add one below, dissolve or merge, roles, congresses."""

from __future__ import annotations

from django.urls import reverse

from daihoi.accounts.models import UnitGrant
from daihoi.audit.models import AuditEntry
from daihoi.congresses.models import Congress
from daihoi.organizations.models import Unit
from tests.conftest import Tree


def test_an_office_edits_its_unit_and_the_change_is_audited(tree: Tree) -> None:
    client = tree.client_for(tree.commune_officer)
    response = client.post(
        reverse("unit_edit", args=["A"]),
        {
            "name": "Đảng bộ xã A (mới)",
            "level": tree.A.level_id,
            "members_count": "45",
            "start_date": "01/07/2025",
            "note": "",
        },
    )
    assert response.status_code == 302
    a = Unit.objects.get(code="A")
    assert a.name == "Đảng bộ xã A (mới)" and a.start_date.isoformat() == "2025-07-01"
    assert AuditEntry.objects.filter(action="unit.update", actor_name="commune_officer").exists()


def test_a_bad_date_is_refused_with_a_vietnamese_message(tree: Tree) -> None:
    response = tree.client_for(tree.commune_officer).post(
        reverse("unit_edit", args=["A"]),
        {"name": "x", "level": tree.A.level_id, "members_count": "1", "start_date": "31/02/2025"},
    )
    assert response.status_code == 400
    assert "Nhập một ngày hợp lệ" in response.content.decode()


def test_an_office_adds_a_unit_below(tree: Tree) -> None:
    response = tree.client_for(tree.commune_officer).post(
        reverse("unit_create_child", args=["A"]),
        {"code": "A3", "name": "Chi bộ thôn 3", "level": tree.A1.level_id, "members_count": "9"},
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="A3").parent_id == tree.A.pk


def test_a_code_that_exists_is_refused(tree: Tree) -> None:
    response = tree.client_for(tree.commune_officer).post(
        reverse("unit_create_child", args=["A"]),
        {"code": "B1", "name": "x", "level": tree.A1.level_id, "members_count": "0"},
    )
    assert response.status_code == 400 and "đã có" in response.content.decode()


def test_the_province_merges_a_commune_into_another(tree: Tree) -> None:
    response = tree.client_for(tree.province_officer).post(
        reverse("unit_dissolve", args=["B"]), {"end_date": "30/06/2025", "merged_into": "A"}
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="B1").parent_id == tree.A.pk
    assert Unit.objects.get(code="B").merged_into_id == tree.A.pk


def test_a_commune_office_cannot_merge_a_branch_into_a_sibling_commune(tree: Tree) -> None:
    response = tree.client_for(tree.commune_officer).post(
        reverse("unit_dissolve", args=["A1"]), {"end_date": "30/06/2025", "merged_into": "B1"}
    )
    assert response.status_code == 400
    assert Unit.objects.get(code="A1").end_date is None


def test_an_office_grants_and_withdraws_a_role_on_its_subtree(tree: Tree) -> None:
    client = tree.client_for(tree.commune_officer)
    response = client.post(
        reverse("unit_roles", args=["A1"]), {"username": "outsider", "role": "viewer"}
    )
    assert response.status_code == 302
    grant = UnitGrant.objects.get(user=tree.outsider, unit=tree.A1)
    assert (
        tree.client_for(tree.outsider).get(reverse("unit_detail", args=["A1"])).status_code == 200
    )
    client.post(reverse("unit_role_revoke", args=["A1", grant.pk]))
    assert not UnitGrant.objects.filter(pk=grant.pk).exists()
    assert (
        tree.client_for(tree.outsider).get(reverse("unit_detail", args=["A1"])).status_code == 404
    )


def test_a_grant_cannot_be_withdrawn_through_another_units_address(tree: Tree) -> None:
    grant = UnitGrant.objects.get(unit=tree.B)
    response = tree.client_for(tree.commune_officer).post(
        reverse("unit_role_revoke", args=["A", grant.pk])
    )
    assert response.status_code == 404
    assert UnitGrant.objects.filter(pk=grant.pk).exists()


def test_an_office_sets_up_and_edits_a_congress(tree: Tree) -> None:
    client = tree.client_for(tree.commune_officer)
    response = client.post(
        reverse("congress_create", args=["A2"]),
        {"kind": "members", "number": "I", "planned_date": "15/05/2025", "summoned": "15"},
    )
    assert response.status_code == 302
    congress = Congress.objects.get(unit=tree.A2)
    response = client.post(
        reverse("congress_edit", args=[congress.pk]),
        {
            "kind": "members",
            "number": "I",
            "is_pilot": "on",
            "planned_date": "15/05/2025",
            "held_from": "16/05/2025",
            "held_to": "15/05/2025",
            "summoned": "15",
        },
    )
    assert response.status_code == 400
    assert "kết thúc trước" in response.content.decode()
