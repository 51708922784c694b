# ruff: noqa: F811  (the counting room's and the package's fixtures, imported to be used here)
"""The v1 API: tokens scoped like the roles, the same access as the pages, refusals in JSON."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from daihoi.accounts.models import ApiToken
from daihoi.accounts.tokens import api_token_revoke
from daihoi.api.v1 import packages as package_api
from daihoi.consultation.models import Comment
from daihoi.elections.models import ReceivedResult
from daihoi.planning.models import ResultReport
from tests.api.helpers import ALL, bearer, nothing_written, snapshot, token_for
from tests.conftest import Tree
from tests.consultation.conftest import (  # noqa: F401  (fixtures)
    A_SAYS,
    B_SAYS,
    ProvinceConsult,
    province_consult,
)
from tests.elections.conftest import Room, room  # noqa: F401  (the fixture)
from tests.planning.test_packages import package, registered  # noqa: F401  (fixtures)

V1 = "/api/v1"


# --- tokens ------------------------------------------------------------------------------


def test_only_the_hash_of_a_token_is_kept_and_its_use_is_dated(tree: Tree) -> None:
    token = token_for(tree.commune_officer, ["read:units"])
    row = ApiToken.objects.get()
    assert row.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token.startswith("dh_") and len(token) == 3 + 43  # 32 random bytes
    assert token not in json.dumps(list(ApiToken.objects.values_list()), default=str)
    assert row.last_used_at is None
    assert bearer(token).get(f"{V1}/units/A").status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (None, "token.missing"),
        ("Bearer dh_not-a-token", "token.unknown"),
        ("Bearer something-else", "token.unknown"),
        ("Basic dXNlcjpwYXNz", "token.missing"),
    ],
)
def test_no_usable_token_is_401_in_json(tree: Tree, header: str | None, code: str) -> None:
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    response = client.get(f"{V1}/units/A")
    assert response.status_code == 401
    assert response.json()["code"] == code and response.json()["detail"]


def test_an_expired_token_is_refused_with_401_saying_so(tree: Tree) -> None:
    token = token_for(tree.commune_officer)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = bearer(token).get(f"{V1}/units/A")
    assert response.status_code == 401
    assert response.json()["code"] == "token.expired"
    assert "hết hạn" in response.json()["detail"]


def test_a_revoked_token_is_refused_with_401(tree: Tree) -> None:
    token = token_for(tree.commune_officer)
    api_token_revoke(actor=None, token=ApiToken.objects.get())
    response = bearer(token).get(f"{V1}/units/A")
    assert response.status_code == 401 and response.json()["code"] == "token.revoked"


def test_an_inactive_account_s_token_is_refused(tree: Tree) -> None:
    token = token_for(tree.commune_officer)
    tree.commune_officer.is_active = False
    tree.commune_officer.save()
    assert bearer(token).get(f"{V1}/units/A").status_code == 401


# --- units and congresses ----------------------------------------------------------------


def test_a_unit_token_sees_its_subtree_only(tree: Tree) -> None:
    client = bearer(token_for(tree.commune_officer, ["read:units"]))
    unit = client.get(f"{V1}/units/A").json()
    assert unit["code"] == "A" and unit["parent"] == "P" and unit["members_count"] == 40
    assert unit["congress"]["id"] == tree.congress_A.pk
    assert unit["congress"]["stage"] and "deadline" in unit["congress"]
    assert [c["code"] for c in client.get(f"{V1}/units/A/children").json()] == ["A1", "A2"]
    assert client.get(f"{V1}/units/A1").status_code == 200
    for other in ("P", "B", "B1", "NOPE"):
        assert client.get(f"{V1}/units/{other}").status_code == 404, other
    assert client.get(f"{V1}/congresses/{tree.congress_A.pk}").status_code == 200
    assert client.get(f"{V1}/congresses/{tree.congress_B.pk}").status_code == 404
    page = client.get(f"{V1}/units/A/congresses").json()
    assert [i["unit"] for i in page["items"]] == ["A", "A1", "A2"] and page["count"] == 3
    assert page["items"][0]["congress"] == tree.congress_A.pk
    assert client.get(f"{V1}/units/B/congresses").status_code == 404


def test_the_province_sees_both_communes_and_pages(tree: Tree) -> None:
    client = bearer(token_for(tree.province_officer, ["read:units"]))
    assert client.get(f"{V1}/units/B").status_code == 200
    page = client.get(f"{V1}/units/P/congresses?limit=2&offset=1").json()
    assert page["count"] == 6 and [i["unit"] for i in page["items"]] == ["A", "A1"]
    assert client.get(f"{V1}/units/P/congresses?limit=0").status_code == 422


def test_a_scope_the_token_lacks_is_403_and_says_which(tree: Tree) -> None:
    client = bearer(token_for(tree.province_officer, ["read:comments"]))
    for url in ("/units/A", "/units/A/children", f"/congresses/{tree.congress_A.pk}"):
        response = client.get(V1 + url)
        assert response.status_code == 403, url
        assert response.json()["code"] == "token.scope"
        assert "read:units" in response.json()["detail"]


def test_a_browser_session_uses_the_account_s_roles(tree: Tree) -> None:
    client = tree.client_for(tree.sibling_officer)
    assert client.get(f"{V1}/units/B").status_code == 200
    assert client.get(f"{V1}/units/A").status_code == 404


# --- sealed results ----------------------------------------------------------------------


def test_nothing_of_an_election_before_its_seal(room: Room) -> None:
    # The counting head may follow the count on the pages; the API shows nothing unsealed.
    for user in (room.head, room.tree.commune_officer):
        client = bearer(token_for(user, ["read:results"]))
        assert client.get(f"{V1}/elections/{room.election.pk}/result").status_code == 404
        assert client.get(f"{V1}/congresses/{room.tree.congress_A.pk}/elections").json() == []


def test_a_sealed_result_for_those_who_see_the_congress(room: Room, package: bytes) -> None:
    url = f"{V1}/elections/{room.election.pk}/result"
    data = bearer(token_for(room.tree.province_viewer, ["read:results"])).get(url).json()
    assert data["election"]["seal_hash"] == room.election.seal_hash
    assert data["outcome"] and len(data["elected"]) == 4
    assert {c["name"] for c in data["candidates"] if c["status"] == "elected"} == {
        "Nguyễn Thị An",
        "Trần Văn Bình",
        "Lê Văn Cường",
        "Phạm Thị Dung",
    }
    listed = bearer(token_for(room.tree.commune_officer, ["read:results"])).get(
        f"{V1}/congresses/{room.tree.congress_A.pk}/elections"
    )
    assert [e["id"] for e in listed.json()] == [room.election.pk]
    assert bearer(token_for(room.tree.sibling_officer)).get(url).status_code == 404
    assert bearer(token_for(room.tree.province_officer, ["read:units"])).get(url).status_code == 403


# --- packages up the tree ----------------------------------------------------------------


def _upload(client: Client, congress_pk: int, data: bytes, **extra):  # type: ignore[no-untyped-def]
    return client.post(
        f"{V1}/congresses/{congress_pk}/report/package",
        {"file": SimpleUploadedFile("goi.json", data, content_type="application/json")},
        **extra,
    )


def test_a_signed_package_is_kept_under_the_report(room: Room, registered: bytes) -> None:
    client = bearer(token_for(room.tree.province_officer, ["write:packages"]))
    response = _upload(client, room.tree.congress_A.pk, registered)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["standing"] == "standing" and body["elected"] == 4 and body["unit"] == "A"
    report = ResultReport.objects.get(congress=room.tree.congress_A)
    assert report.packages.get().pk == body["received"]
    # The same file again: refused as the page refuses it, nothing more kept.
    before = snapshot()
    again = _upload(client, room.tree.congress_A.pk, registered)
    assert again.status_code == 400 and again.json()["detail"]
    nothing_written(before, "the same package twice")


@pytest.mark.parametrize(
    ("who", "scopes", "status"),
    [
        ("commune_officer", ["read:units"], 403),  # the scope is missing
        ("province_viewer", ALL, 403),  # sees the congress, may not manage it
        ("sibling_officer", ALL, 404),  # does not see it
        ("head", ALL, 403),  # counting is not reporting
    ],
)
def test_who_may_send_a_package(
    room: Room, registered: bytes, who: str, scopes: list[str], status: int
) -> None:
    user = getattr(room, who, None) or getattr(room.tree, who)
    client = bearer(token_for(user, scopes))
    before = snapshot()
    assert _upload(client, room.tree.congress_A.pk, registered).status_code == status
    nothing_written(before, who)


def test_a_malformed_package_is_refused_and_nothing_kept(room: Room, registered: bytes) -> None:
    client = bearer(token_for(room.tree.commune_officer, ["write:packages"]))
    client.get(f"{V1}/units/A")  # the token's first use is dated before the snapshot
    before = snapshot()
    for data in (b"{not json", b"{}", registered[:-40], registered.replace(b'"', b"'", 1)):
        response = _upload(client, room.tree.congress_A.pk, data)
        assert response.status_code == 400, data[:30]
        assert response.json()["code"].startswith("package.")
        assert "không lưu gì" in response.json()["detail"] or response.json()["detail"]
    nothing_written(before, "malformed packages")
    assert not ReceivedResult.objects.exists()


def test_an_oversize_package_is_413(room: Room, registered: bytes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(package_api, "MAX_PACKAGE_BYTES", len(registered) - 1)
    client = bearer(token_for(room.tree.commune_officer, ["write:packages"]))
    before = snapshot()
    response = _upload(client, room.tree.congress_A.pk, registered)
    assert response.status_code == 413 and response.json()["code"] == "package.too_large"
    nothing_written(before, "oversize")


def test_a_package_sent_as_json_body_is_415(room: Room, registered: bytes) -> None:
    client = bearer(token_for(room.tree.commune_officer, ["write:packages"]))
    before = snapshot()
    response = client.post(
        f"{V1}/congresses/{room.tree.congress_A.pk}/report/package",
        registered,
        content_type="application/json",
    )
    assert response.status_code == 415 and "multipart/form-data" in response.json()["detail"]
    missing = client.post(f"{V1}/congresses/{room.tree.congress_A.pk}/report/package", {})
    assert missing.status_code == 400 and missing.json()["code"] == "package.no_file"
    nothing_written(before, "wrong content type")


# --- comments ----------------------------------------------------------------------------


def test_each_reads_the_comments_the_consultation_rules_allow(
    tree: Tree, province_consult: ProvinceConsult
) -> None:
    url = f"{V1}/rounds/{province_consult.round.pk}/comments"

    def texts(user) -> set[str]:  # type: ignore[no-untyped-def]
        return {
            c["text"] for c in bearer(token_for(user, ["read:comments"])).get(url).json()["items"]
        }

    assert texts(tree.province_officer) == {A_SAYS, B_SAYS}
    assert texts(tree.commune_officer) == {A_SAYS}
    assert texts(tree.sibling_officer) == {B_SAYS}
    assert bearer(token_for(tree.outsider)).get(url).status_code == 404
    assert bearer(token_for(tree.province_officer, ["read:units"])).get(url).status_code == 403


def test_a_unit_comments_through_the_api(tree: Tree, province_consult: ProvinceConsult) -> None:
    r = province_consult.round
    client = bearer(token_for(tree.commune_officer, ["write:comments", "read:comments"]))
    info = client.get(f"{V1}/rounds/{r.pk}").json()
    assert info["is_open"] and info["you_may_comment_for"] == ["A"]
    response = client.post(
        f"{V1}/rounds/{r.pk}/comments",
        {"paragraph": 3, "text": "Xã A đề nghị thêm số liệu.", "as_unit": "A"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    made = Comment.objects.get(pk=response.json()["id"])
    assert (made.unit, made.on_behalf, made.author) == (tree.A, True, tree.commune_officer)


@pytest.mark.parametrize(
    ("who", "scopes", "body", "status"),
    [
        ("commune_officer", ["read:comments"], {"paragraph": 3, "text": "x", "as_unit": "A"}, 403),
        ("commune_officer", ALL, {"paragraph": 999, "text": "x", "as_unit": "A"}, 400),
        ("commune_officer", ALL, {"paragraph": 3, "text": "   ", "as_unit": "A"}, 400),
        ("commune_officer", ALL, {"paragraph": 3, "text": "", "as_unit": "A"}, 422),
        ("commune_officer", ALL, {"paragraph": 3, "text": "x", "as_unit": "B"}, 403),
        ("commune_officer", ALL, {"paragraph": "ba", "text": "x"}, 422),
        ("province_viewer", ALL, {"paragraph": 3, "text": "x", "as_unit": "P"}, 403),
        ("outsider", ALL, {"paragraph": 3, "text": "x"}, 404),
    ],
)
def test_a_refused_comment_writes_nothing(
    tree: Tree,
    province_consult: ProvinceConsult,
    who: str,
    scopes: list[str],
    body: dict[str, object],
    status: int,
) -> None:
    client = bearer(token_for(getattr(tree, who), scopes))
    before = snapshot()
    response = client.post(
        f"{V1}/rounds/{province_consult.round.pk}/comments", body, content_type="application/json"
    )
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    nothing_written(before, (who, body))


# --- the account's page and the command line ---------------------------------------------


def test_the_token_page_shows_a_new_token_once(tree: Tree) -> None:
    client = tree.client_for(tree.commune_officer)
    response = client.post(
        reverse("api_tokens"),
        {"name": "Hệ thống báo cáo", "scopes": ["read:units", "read:results"], "days": 30},
    )
    assert response.status_code == 200
    token = response.context["created"]
    assert token in response.content.decode()
    row = ApiToken.objects.get(user=tree.commune_officer)
    assert row.scopes == ["read:units", "read:results"]
    assert token not in client.get(reverse("api_tokens")).content.decode()
    assert bearer(token).get(f"{V1}/units/A").status_code == 200
    # Another account cannot revoke it; its owner can.
    other = tree.client_for(tree.province_officer)
    assert other.post(reverse("api_token_revoke", args=[row.pk])).status_code == 404
    assert client.post(reverse("api_token_revoke", args=[row.pk])).status_code == 302
    assert bearer(token).get(f"{V1}/units/A").status_code == 401


def test_a_bad_token_form_is_refused_in_vietnamese(tree: Tree) -> None:
    client = tree.client_for(tree.commune_officer)
    response = client.post(reverse("api_tokens"), {"name": "x", "scopes": [], "days": 9999})
    assert response.status_code == 400 and not ApiToken.objects.exists()
    assert "errorlist" in response.content.decode()


def test_the_command_line_makes_a_token(tree: Tree, capsys) -> None:  # type: ignore[no-untyped-def]
    from daihoi.cli import main

    status = main(
        ["api", "token", "create", "commune_officer", "--scope", "read:units", "--days", "7"]
    )
    token = capsys.readouterr().out.strip()
    assert status == 0 and bearer(token).get(f"{V1}/units/A").status_code == 200
    assert main(["api", "token", "create", "commune_officer", "--scope", "read:all"]) == 2
    assert "Unknown scope read:all" in capsys.readouterr().err
    assert main(["api", "token", "create", "nobody", "--scope", "read:units"]) == 2


def test_the_v1_schema_lists_every_endpoint(client) -> None:  # type: ignore[no-untyped-def]
    schema = client.get(f"{V1}/openapi.json").json()
    assert set(schema["paths"]) == {
        f"{V1}/units/{{code}}",
        f"{V1}/units/{{code}}/children",
        f"{V1}/units/{{code}}/congresses",
        f"{V1}/congresses/{{pk}}",
        f"{V1}/congresses/{{pk}}/elections",
        f"{V1}/elections/{{pk}}/result",
        f"{V1}/congresses/{{pk}}/report/package",
        f"{V1}/rounds/{{pk}}",
        f"{V1}/rounds/{{pk}}/comments",
    }
    assert "bearer" in json.dumps(schema["components"]["securitySchemes"]).lower()
    assert client.get(f"{V1}/docs").status_code == 200
