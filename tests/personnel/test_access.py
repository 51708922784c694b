"""The personnel role: granted on a unit, it reads personal data of that unit and below only."""

from __future__ import annotations

from django.urls import reverse

from daihoi.accounts.access import Perm, unit_perms
from daihoi.accounts.models import UnitGrant, UnitRole
from tests.personnel.conftest import People


def test_the_personnel_role_covers_the_unit_and_the_units_below(people: People) -> None:
    t = people.tree
    assert Perm.PERSONNEL in unit_perms(people.personnel_A, t.A)
    assert Perm.PERSONNEL in unit_perms(people.personnel_A, t.A1)
    assert Perm.PERSONNEL in unit_perms(people.personnel_P, t.A1)
    assert unit_perms(people.personnel_A, t.B) == frozenset()
    assert Perm.PERSONNEL not in unit_perms(people.personnel_A, t.P)


def test_the_personnel_role_reads_the_unit_but_manages_nothing(people: People) -> None:
    perms = unit_perms(people.personnel_A, people.tree.A)
    assert Perm.VIEW in perms
    assert Perm.MANAGE not in perms and Perm.SETUP not in perms


def test_neither_the_office_nor_the_administrator_reads_personal_data(people: People) -> None:
    t = people.tree
    assert Perm.PERSONNEL not in unit_perms(t.commune_officer, t.A)
    assert Perm.PERSONNEL not in unit_perms(t.province_officer, t.A)
    assert Perm.PERSONNEL not in unit_perms(people.admin, t.A)
    assert Perm.MANAGE in unit_perms(people.admin, t.A)


def test_the_office_grants_the_personnel_role_on_the_unit_roles_page(people: People) -> None:
    t = people.tree
    client = t.client_for(t.commune_officer)
    page = client.get(reverse("unit_roles", args=[t.A.code]))
    assert 'value="personnel"' in page.content.decode()
    response = client.post(
        reverse("unit_roles", args=[t.A.code]),
        {"username": t.outsider.username, "role": UnitRole.PERSONNEL},
    )
    assert response.status_code == 302
    assert UnitGrant.objects.filter(user=t.outsider, unit=t.A, role="personnel").exists()
