"""A server thread keeps its database connection from one request to the next.

Opening an SQLite connection (and running its pragmas) for every request was
most of a phone's request at a vote's burst (docs/BENCHMARKS.md). The tests'
database is in memory, whose connection Django never closes, so the setting
itself is what is checked here.
"""

from __future__ import annotations

import pytest

from daihoi import settings


@pytest.mark.parametrize("url", ["", "postgres://daihoi@127.0.0.1:5432/daihoi"])
def test_each_thread_keeps_its_connection_on_either_database(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    config = settings._databases()["default"]
    assert config["CONN_MAX_AGE"] == 60
