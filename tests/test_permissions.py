"""Every page and API endpoint, for every persona: who sees it, who may act, who gets 404/403.

A new view must be added to VIEWS; test_every_url_is_covered fails until it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import Tree
from tests.permissions import REFUSED, assert_nothing_changed, db_snapshot


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[Tree], str]
    method: str
    # persona -> expected status; personas not listed get 404
    allowed: dict[str, int]


VIEW_OK = {"province_officer": 200, "province_viewer": 200, "commune_officer": 200}
MANAGE_ONLY = {"province_officer": 200, "province_viewer": 403, "commune_officer": 200}
REDIRECT_ON_MANAGE = {"province_officer": 302, "province_viewer": 403, "commune_officer": 302}

VIEWS = [
    Case("unit_detail", lambda t: reverse("unit_detail", args=[t.A.code]), "get", VIEW_OK),
    Case("unit_detail (child)", lambda t: reverse("unit_detail", args=[t.A1.code]), "get", VIEW_OK),
    Case(
        "unit_search", lambda t: reverse("unit_search", args=[t.A.code]) + "?q=thôn", "get", VIEW_OK
    ),
    Case("unit_congresses", lambda t: reverse("unit_congresses", args=[t.A.code]), "get", VIEW_OK),
    Case("unit_import", lambda t: reverse("unit_import", args=[t.A.code]), "get", MANAGE_ONLY),
    Case(
        "congress_detail",
        lambda t: reverse("congress_detail", args=[t.congress_A.pk]),
        "get",
        {**VIEW_OK, "clerk": 200},
    ),
    # The whole dossier (its audit extract included) is for the unit's office and above.
    Case(
        "congress_archive",
        lambda t: reverse("congress_archive", args=[t.congress_A.pk]),
        "get",
        {**MANAGE_ONLY, "clerk": 403},
    ),
    Case(
        "congress_status",
        lambda t: reverse("congress_status", args=[t.congress_A.pk]),
        "post",
        {**REDIRECT_ON_MANAGE, "clerk": 403},
    ),
    Case("unit_edit", lambda t: reverse("unit_edit", args=[t.A.code]), "get", MANAGE_ONLY),
    Case(
        "unit_create_child",
        lambda t: reverse("unit_create_child", args=[t.A.code]),
        "get",
        MANAGE_ONLY,
    ),
    # Dissolving is the upper level's decision: the commune's own office may not.
    Case(
        "unit_dissolve",
        lambda t: reverse("unit_dissolve", args=[t.A.code]),
        "get",
        {**MANAGE_ONLY, "commune_officer": 403},
    ),
    Case(
        "unit_dissolve (branch)",
        lambda t: reverse("unit_dissolve", args=[t.A1.code]),
        "get",
        MANAGE_ONLY,
    ),
    Case("unit_roles", lambda t: reverse("unit_roles", args=[t.A.code]), "get", MANAGE_ONLY),
    # A congress's roles are its unit's office's to grant: a clerk of it may not.
    Case(
        "congress_roles",
        lambda t: reverse("congress_roles", args=[t.congress_A.pk]),
        "get",
        {**MANAGE_ONLY, "clerk": 403},
    ),
    Case(
        "congress_role_revoke",
        lambda t: reverse(
            "congress_role_revoke", args=[t.congress_A.pk, t.congress_A.grants.get().pk]
        ),
        "post",
        {**REDIRECT_ON_MANAGE, "clerk": 403},
    ),
    Case(
        "unit_role_revoke",
        lambda t: reverse("unit_role_revoke", args=[t.A.code, t.A.grants.get().pk]),
        "post",
        REDIRECT_ON_MANAGE,
    ),
    Case(
        "congress_create",
        lambda t: reverse("congress_create", args=[t.A2.code]),
        "get",
        MANAGE_ONLY,
    ),
    Case(
        "congress_edit",
        lambda t: reverse("congress_edit", args=[t.congress_A.pk]),
        "get",
        {**MANAGE_ONLY, "clerk": 403},
    ),
    Case("api unit", lambda t: f"/api/units/{t.A.code}", "get", VIEW_OK),
    Case("api children", lambda t: f"/api/units/{t.A.code}/children", "get", VIEW_OK),
    Case(
        "api congress",
        lambda t: f"/api/congresses/{t.congress_A.pk}",
        "get",
        {**VIEW_OK, "clerk": 200},
    ),
]

PERSONAS = [
    "province_officer",
    "province_viewer",
    "commune_officer",
    "sibling_officer",
    "clerk",
    "outsider",
]

# Pages open to anyone, or only about the signed-in user, and the API's own docs.
PUBLIC = {"login", "logout", "set_language", "home", "health"}


@pytest.mark.parametrize("case", VIEWS, ids=lambda c: c.name)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_its_role_allows(tree: Tree, case: Case, persona: str) -> None:
    client = tree.client_for(getattr(tree, persona))
    expected = case.allowed.get(persona, 404)
    before = db_snapshot() if case.method == "post" and expected in REFUSED else None
    response = getattr(client, case.method)(
        case.url(tree), {"status": "preparing"} if case.method == "post" else None
    )
    assert response.status_code == expected, (persona, case.name)
    if before is not None:
        assert_nothing_changed(before, (persona, case.name))


@pytest.mark.parametrize("case", VIEWS, ids=lambda c: c.name)
def test_an_anonymous_visitor_is_sent_to_login(tree: Tree, case: Case) -> None:
    response = getattr(tree.client_for(None), case.method)(case.url(tree))
    if case.url(tree).startswith("/api/"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def _names(patterns: list[URLPattern | URLResolver], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            names |= _names(p.url_patterns, prefix)
        elif p.name:
            names.add(p.name)
    return names


# Each permission matrix module lists its cases in CASES; add a new module here.
MATRICES = [
    "tests.elections.test_permissions",
    "tests.congresses.test_permissions",
    "tests.planning.test_permissions",
    "tests.consultation.test_permissions",
    "tests.papers.test_permissions",
    "tests.targets.test_permissions",
    "tests.personnel.test_permissions",
    "tests.personnel.test_nomination_permissions",
    "tests.api.test_permissions",
    "tests.accounts.test_two_factor_permissions",
    "tests.workgroups.test_permissions",
]


def test_every_url_is_covered() -> None:
    import importlib

    cases = [*VIEWS]
    for module in MATRICES:
        cases += importlib.import_module(module).CASES
    covered = {c.name.split(" ")[0] for c in cases}
    app_names = {
        n
        for n in _names(get_resolver().url_patterns)
        if not n.startswith(("openapi", "api-"))  # ninja's schema and docs pages
    }
    api_names = {"unit_get", "unit_children_list", "congress_get"}
    missing = app_names - covered - PUBLIC - api_names
    assert not missing, f"views without a permission case: {sorted(missing)}"


def test_the_api_schema_needs_no_data_but_lists_every_endpoint(client) -> None:  # type: ignore[no-untyped-def]
    schema = client.get("/api/openapi.json").json()
    assert {"/api/units/{code}", "/api/units/{code}/children", "/api/congresses/{pk}"} <= set(
        schema["paths"]
    )


def test_the_row_snapshot_sees_a_change_and_an_audit_of_a_done_act(tree: Tree) -> None:
    from daihoi.organizations.services import unit_update

    before = db_snapshot()
    assert_nothing_changed(before, "nothing done")
    unit_update(
        actor=None,
        unit=tree.A2,
        name="Chi bộ đổi tên",
        level=tree.A2.level,
        members_count=tree.A2.members_count,
        start_date=None,
    )
    with pytest.raises(AssertionError, match="changed the tables"):
        assert_nothing_changed(before, "a unit renamed")
