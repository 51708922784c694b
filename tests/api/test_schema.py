# ruff: noqa: F811  (the counting room's and the package's fixtures, imported to be used here)
"""Schemathesis against the v1 schema: no 500, every answer as the schema says.

Each operation is called with generated parameters and bodies (a few examples
each, so the run stays short), with a token of every scope of the province's
office on a world that has a sealed election, a signed package waiting, and a
round of comments open; each is called once more with the ids of those real
objects, so the answers checked are not only 404s.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from daihoi.wsgi import application
from tests.api.helpers import token_for
from tests.consultation.conftest import ProvinceConsult, province_consult  # noqa: F401
from tests.elections.conftest import Room, room  # noqa: F401  (the fixture)
from tests.planning.test_packages import package, registered  # noqa: F401  (fixtures)
from tests.wsgi import connection_kept

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def _connection_kept() -> Iterator[None]:
    with connection_kept():
        yield


@pytest.fixture
def world(
    _connection_kept: None, room: Room, registered: bytes, province_consult: ProvinceConsult
) -> dict[str, Any]:
    return {
        "token": token_for(room.tree.province_officer),
        "ids": {
            "code": "A",
            "pk": {
                "/elections/": room.election.pk,
                "/rounds/": province_consult.round.pk,
                "/congresses/": room.tree.congress_A.pk,
            },
        },
    }


def _real_ids(operation: Any, ids: dict[str, Any]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    path = operation.path.removeprefix("/api/v1")
    for name in ("code", "pk"):
        if "{" + name + "}" in path:
            params[name] = (
                ids["code"]
                if name == "code"
                else next(v for k, v in ids["pk"].items() if path.startswith(k))
            )
    return params


def _operations() -> list[Any]:
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    return [result.ok() for result in loaded.get_all_operations()]


def test_no_500_and_no_schema_violation(world: dict[str, Any]) -> None:
    headers = {"Authorization": f"Bearer {world['token']}", "Host": "testserver"}
    operations = _operations()
    assert len(operations) == 10
    for operation in operations:
        real = _real_ids(operation, world["ids"])

        @settings(
            max_examples=8,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(
            generated=operation.as_strategy(),
            with_ids=operation.as_strategy(path_parameters=real) if real else st.none(),
        )
        def run(generated: Any, with_ids: Any) -> None:
            generated.call_and_validate(headers=headers, checks=CHECKS)
            if with_ids is not None:
                with_ids.call_and_validate(headers=headers, checks=CHECKS)

        run()
