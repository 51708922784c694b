"""The test database as a worker process reaches it."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url(data_dir: Path) -> str:
    """The URL of the database the workers use: the test database itself on PostgreSQL;
    on SQLite (in memory in the tests) a copy of it in ``data_dir``, as the demo has."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(data_dir / "daihoi.sqlite3")])
        return ""
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def query(data_dir: Path, sql: str) -> list[tuple[Any, ...]]:
    if connection.vendor == "sqlite":
        with sqlite3.connect(data_dir / "daihoi.sqlite3") as db:
            return db.execute(sql).fetchall()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def worker_env(data_dir: Path) -> dict[str, str]:
    """The environment of a ``daihoi worker`` on the test database (``tests`` importable)."""
    return {
        **os.environ,
        "DAIHOI_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url(data_dir),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
