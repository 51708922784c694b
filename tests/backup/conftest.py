"""A station of its own for each test: a fresh data folder, and a fresh PostgreSQL database
when the suite runs on PostgreSQL, driven through the ``daihoi`` command as an operator would.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Station:
    data_dir: Path
    env: dict[str, str]
    database: str  # the PostgreSQL database's name, or "" on SQLite

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """``daihoi ARGS`` on this station; its output, exit status and stderr."""
        done = subprocess.run(
            [sys.executable, "-m", "daihoi.cli", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"daihoi {' '.join(args)}: {done.returncode}\n{done.stderr}")
        return done

    def shell(self, code: str) -> str:
        return self.run("manage", "shell", "-c", code).stdout

    def tables(self) -> int:
        """How many tables the station's database holds."""
        code = (
            "from django.db import connection\n"
            "with connection.cursor() as c:\n"
            "    print('TABLES', len(connection.introspection.table_names(c)))\n"
        )
        out = self.shell(code)
        return int(out.split("TABLES")[-1].split()[0])


def _pg_params() -> dict[str, str]:
    database = settings.DATABASES["default"]
    return {
        k: str(database[K])
        for k, K in (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"))
        if database.get(K)
    }


@pytest.fixture
def new_station(tmp_path: Path) -> Iterator[Callable[[str], Station]]:
    """``new_station("a")``: an empty station (no data folder yet, an empty database)."""
    created: list[str] = []
    postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

    def make(name: str) -> Station:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")) if p
        )
        data_dir = tmp_path / name
        env.update(DAIHOI_DATA_DIR=str(data_dir), DAIHOI_SECURE_COOKIES="false")
        env.pop("DAIHOI_SECRET_KEY", None)
        env.pop("DAIHOI_STATION_KEY_FILE", None)
        env.pop("DAIHOI_BACKUP_DIR", None)
        database = ""
        if postgres:
            import psycopg

            database = f"backup_{name}_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(dbname="postgres", autocommit=True, **_pg_params()) as conn:
                conn.execute(f"CREATE DATABASE {database}")
            created.append(database)
            db = settings.DATABASES["default"]
            env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{database}"
        else:
            env["DATABASE_URL"] = ""
        return Station(data_dir, env, database)

    yield make
    if created:
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **_pg_params()) as conn:
            for database in created:
                conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
