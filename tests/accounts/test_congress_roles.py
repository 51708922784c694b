"""The office grants a congress's roles: presidium, secretariat, counting committee, delegates."""

from __future__ import annotations

from django.urls import reverse

from daihoi.accounts.access import Perm, congress_perms
from daihoi.accounts.models import CongressGrant, CongressRole
from daihoi.accounts.services import congress_role_grant
from daihoi.audit.models import AuditEntry
from daihoi.congresses.documents import congress_record
from tests.conftest import Tree
from tests.factories import UserFactory


def test_the_office_grants_and_withdraws_a_congress_role(tree: Tree) -> None:
    chair = UserFactory(username="chutich", full_name="Nguyễn Văn Chủ")
    client = tree.client_for(tree.commune_officer)
    url = reverse("congress_roles", args=[tree.congress_A.pk])
    response = client.post(url, {"username": "chutich", "role": "presidium"})
    assert response.status_code == 302
    grant = CongressGrant.objects.get(user=chair, congress=tree.congress_A)
    assert grant.role == CongressRole.PRESIDIUM
    page = client.get(url).content.decode()
    assert "chutich" in page and "Đoàn Chủ tịch" in page
    client.post(reverse("congress_role_revoke", args=[tree.congress_A.pk, grant.pk]))
    assert not CongressGrant.objects.filter(user=chair).exists()
    actions = list(
        AuditEntry.objects.filter(object_type="user", object_id=chair.pk).values_list(
            "action", flat=True
        )
    )
    assert actions == ["role.grant", "role.revoke"]


def test_an_unknown_account_is_named_and_nothing_is_granted(tree: Tree) -> None:
    client = tree.client_for(tree.commune_officer)
    url = reverse("congress_roles", args=[tree.congress_A.pk])
    response = client.post(url, {"username": "khongco", "role": "secretariat"})
    assert response.status_code == 400
    assert "khongco" in response.content.decode()
    assert tree.congress_A.grants.count() == 1  # the fixture's clerk only


def test_the_presidium_runs_the_hall_and_signs_the_minutes(tree: Tree) -> None:
    chair = UserFactory(username="chutich", full_name="Nguyễn Văn Chủ")
    congress_role_grant(
        actor=None, user=chair, congress=tree.congress_A, role=CongressRole.PRESIDIUM
    )
    perms = congress_perms(chair, tree.congress_A)
    assert Perm.HALL in perms and Perm.COUNT not in perms and Perm.MANAGE not in perms
    assert (
        tree.client_for(chair).get(reverse("hall_home", args=[tree.congress_A.pk])).status_code
        == 200
    )
    assert congress_record(tree.congress_A).presidium == ("Nguyễn Văn Chủ",)


def test_a_congress_role_lands_on_its_congress_with_the_desks_of_that_role(tree: Tree) -> None:
    secretary = UserFactory(username="thuky")
    congress_role_grant(
        actor=None, user=secretary, congress=tree.congress_A, role=CongressRole.SECRETARIAT
    )
    for user, desk, not_desk in (
        (secretary, reverse("hall_home", args=[tree.congress_A.pk]), "/count/"),
        (tree.clerk, reverse("congress_detail", args=[tree.congress_A.pk]), "/hall/"),
    ):
        page = tree.client_for(user).get(reverse("home")).content.decode()
        assert "chưa có vai trò" not in page
        assert "Đại hội của bạn" in page
        assert f'href="{desk}"' in page
        assert not_desk not in page
        # Only their own congress: not the sibling commune's.
        assert reverse("congress_detail", args=[tree.congress_B.pk]) not in page
