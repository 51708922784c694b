"""``GET /health/``: 200 with the database, 503 without it; no login, no cookie, no write."""

from __future__ import annotations

import http.client
import json
import os
import socket
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.test import Client

import daihoi
from daihoi.audit.models import AuditEntry
from tests.conftest import Tree
from tests.permissions import db_snapshot
from tests.procs import serve


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    "persona",
    [None, "province_officer", "clerk", "outsider"],
)
def test_anyone_gets_ok_and_nothing_is_written(tree: Tree, persona: str | None) -> None:
    client = tree.client_for(getattr(tree, persona) if persona else None)
    before, sessions, entries = db_snapshot(), Session.objects.count(), AuditEntry.objects.count()
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "version": daihoi.__version__}
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie, no language cookie
    assert Session.objects.count() == sessions and AuditEntry.objects.count() == entries
    assert db_snapshot() == before


def test_a_head_is_answered_and_a_post_is_not(db: None) -> None:
    client = Client()
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


def test_a_database_that_does_not_answer_is_503(
    db: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from django.db.backends.utils import CursorWrapper

    def refuse(self: object, sql: str, params: object = None) -> None:
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", refuse)
        response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
    assert "no-store" in response["Cache-Control"] and not response.cookies
    assert "connection refused" in caplog.text


def test_a_server_whose_database_port_is_closed_answers_503(tmp_path: Path) -> None:
    """A real ``daihoi serve`` pointed at a PostgreSQL port where nothing listens."""
    closed = _free_port()  # bound, then released: nothing listens there
    port = _free_port()
    env = {
        **os.environ,
        "DAIHOI_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"postgres://daihoi@127.0.0.1:{closed}/daihoi",
        "DAIHOI_SECURE_COOKIES": "false",
    }
    process = serve(port, env)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        connection.request("GET", "/health/")
        response = connection.getresponse()
        body = json.loads(response.read())
        connection.close()
    finally:
        process.kill()
        process.wait(timeout=10)
    assert response.status == 503
    assert body == {"status": "error", "database": "unreachable"}
    assert response.getheader("Set-Cookie") is None
