"""The two-factor pages, for every persona (registered in tests/test_permissions.py).

With the requirement relaxed (the tests' default) every account sees its own
two-factor page and the enrolment page; the code page sends an account with
no device to enrolment; only an administrator removes another account's
factors (404 to everyone else). With the requirement on, the accounts whose
roles need two factors reach only these pages until they have enrolled.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Tree
from tests.factories import UserFactory
from tests.permissions import PERSONAS, Case, assert_nothing_changed, db_snapshot

EVERYONE = dict.fromkeys(PERSONAS, 200)

CASES = [
    Case("two_factor", lambda t: reverse("two_factor"), "get", EVERYONE),
    Case("two_factor_enrol", lambda t: reverse("two_factor_enrol"), "get", EVERYONE),
    Case(
        "two_factor_verify (no device)",
        lambda t: reverse("two_factor_verify"),
        "get",
        dict.fromkeys(PERSONAS, 302),
    ),
    Case("two_factor_admin_reset", lambda t: reverse("two_factor_admin_reset"), "post", {}),
]

#: With the requirement on: who is held at enrolment (office, personnel, counting).
HELD = {"province_officer", "commune_officer", "sibling_officer", "clerk"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_its_role_allows(tree: Tree, case: Case, persona: str) -> None:
    client = tree.client_for(getattr(tree, persona))
    expected = case.allowed.get(persona, 404)
    before = db_snapshot() if case.method == "post" else None
    response = getattr(client, case.method)(
        case.url(tree), {"username": "clerk"} if case.method == "post" else None
    )
    assert response.status_code == expected, (persona, case.name)
    if before is not None:
        assert_nothing_changed(before, (persona, case.name))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_an_anonymous_visitor_is_sent_to_login(tree: Tree, case: Case) -> None:
    response = getattr(Client(), case.method)(case.url(tree))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_administrator_opens_the_reset_page(db: None) -> None:
    client = Client()
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(reverse("two_factor_admin_reset")).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_required_the_held_accounts_reach_only_enrolment(
    tree: Tree, persona: str, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.DAIHOI_REQUIRE_2FA = True
    client = tree.client_for(getattr(tree, persona))
    home = client.get(reverse("unit_detail", args=["P"]))
    if persona in HELD:
        assert home.status_code == 302
        assert home["Location"].startswith(reverse("two_factor_enrol"))
        assert client.get(reverse("two_factor")).status_code == 302
    else:
        assert home.status_code in (200, 404)
    assert client.get(reverse("two_factor_enrol")).status_code == 200
