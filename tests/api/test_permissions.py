# ruff: noqa: F811  (the consultation world's fixture, imported to be used here)
"""The v1 API and the token pages, for every persona (registered in tests/test_permissions.py).

Signed in with a browser session, the API answers as the pages do: what one may
not see is 404, what one sees but may not do is 403. On commune A's congress:
its report takes a package from the office of A or above (the empty upload is
refused with 400); its round of comments takes a comment from the commune's
office only. An election not sealed is 404 to everyone. A token is revoked by
its own account only.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.accounts.tokens import api_token_create
from daihoi.elections import services as elections
from tests.consultation.conftest import Consult, consult  # noqa: F401  (the fixture)
from tests.permissions import PERSONAS, REFUSED, Case, assert_nothing_changed, db_snapshot

V1 = "/api/v1"
VIEW = {"province_officer": 200, "province_viewer": 200, "commune_officer": 200}
CONGRESS = {**VIEW, "clerk": 200}
EVERYONE = dict.fromkeys(PERSONAS, 200)


def _election(w: Consult) -> int:
    return elections.election_create(
        actor=None, congress=w.tree.congress_A, kind="committee", seats=3, summoned=9, title="Bầu"
    ).pk


def _token(w: Consult) -> int:
    row, _token = api_token_create(
        actor=None, user=w.tree.commune_officer, name="thử", scopes=["read:units"], days=5
    )
    return row.pk


CASES = [
    Case("unit_get (v1)", lambda w: f"{V1}/units/A", "get", VIEW),
    Case("unit_children_list (v1)", lambda w: f"{V1}/units/A/children", "get", VIEW),
    Case("unit_congresses (v1)", lambda w: f"{V1}/units/A/congresses", "get", VIEW),
    Case("congress_get (v1)", lambda w: f"{V1}/congresses/{w.tree.congress_A.pk}", "get", CONGRESS),
    Case(
        "congress_sealed_elections",
        lambda w: f"{V1}/congresses/{w.tree.congress_A.pk}/elections",
        "get",
        CONGRESS,
    ),
    Case(
        "election_result (not sealed)", lambda w: f"{V1}/elections/{_election(w)}/result", "get", {}
    ),
    Case(
        "report_package (no file)",
        lambda w: f"{V1}/congresses/{w.tree.congress_A.pk}/report/package",
        "post",
        {"province_officer": 400, "province_viewer": 403, "commune_officer": 400, "clerk": 403},
        {},
    ),
    Case("round_get", lambda w: f"{V1}/rounds/{w.round.pk}", "get", CONGRESS),
    Case("round_comments", lambda w: f"{V1}/rounds/{w.round.pk}/comments", "get", CONGRESS),
    Case(
        "round_comment_create",
        lambda w: f"{V1}/rounds/{w.round.pk}/comments",
        "json",
        {"province_officer": 403, "province_viewer": 403, "commune_officer": 201, "clerk": 403},
        {"paragraph": 2, "text": "Đề nghị làm rõ.", "as_unit": "A"},
    ),
    Case("api_tokens", lambda w: reverse("api_tokens"), "get", EVERYONE),
    Case(
        "api_token_revoke",
        lambda w: reverse("api_token_revoke", args=[_token(w)]),
        "post",
        {"commune_officer": 302},
    ),
]


def _answer(client: Client, case: Case[Consult], url: str):  # type: ignore[no-untyped-def]
    if case.method == "json":
        return client.post(url, json.dumps(case.data), content_type="application/json")
    if case.method == "post":
        return client.post(url, case.data or {})
    return client.get(url)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_its_role_allows(consult: Consult, case: Case, persona: str) -> None:
    client = consult.tree.client_for(getattr(consult.tree, persona))
    url = case.url(consult)
    expected = case.allowed.get(persona, 404)
    writes = case.method != "get"
    before = db_snapshot() if writes and (expected in REFUSED or expected == 400) else None
    assert _answer(client, case, url).status_code == expected, (persona, case.name)
    if before is not None:
        assert_nothing_changed(before, (persona, case.name))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_an_anonymous_caller_gets_401_or_the_login_page(consult: Consult, case: Case) -> None:
    url = case.url(consult)
    response = _answer(Client(), case, url)
    if url.startswith("/api/"):
        assert response.status_code == 401
        assert response.json()["code"] == "token.missing"
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
