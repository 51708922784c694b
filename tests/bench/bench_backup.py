"""Benchmark: a backup and a restore of a portal the size of a province.

Run by `make bench-backup` (SQLite) and `make bench-backup-postgres` (a
throwaway PostgreSQL server on this machine, run without fsync like every
throwaway server of the tests: the figures are the dump's and the restore's
work, not the disk's). The data is bench_dashboard's: bench_tree's 61,235
units, each with a congress of the term, plans, deadlines and reports, in a
SQLite file of its own folder. Then, three times each, as an operator would run
them (the whole command, Python's start included):

- ``daihoi backup FILE``: the database copied online, the keys, the manifest;
- ``daihoi restore FILE --data-dir EMPTY``: checked, installed, the audit chain
  verified (on PostgreSQL into a new, empty database of the same server).

Not a test: figures go to docs/BENCHMARKS.md with the machine and date.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from bench_dashboard import populate

REPEAT = 3
DAIHOI = Path(sys.executable).with_name("daihoi")


def timed(args: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def restored_units(url: str, folder: Path) -> int:
    from daihoi.organizations.models import Unit

    query = f"SELECT COUNT(*) FROM {Unit._meta.db_table}"
    if url:
        import psycopg

        with psycopg.connect(url) as db:
            row = db.execute(query).fetchone()
    else:
        restored = sqlite3.connect(folder / "daihoi.sqlite3")
        row = restored.execute(query).fetchone()
        restored.close()
    assert row is not None
    return int(row[0])


def line(label: str, seconds: list[float]) -> None:
    print(
        f"{label}: median {statistics.median(seconds):.2f} s "
        f"(min {min(seconds):.2f}, max {max(seconds):.2f}, n={len(seconds)})",
        flush=True,
    )


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="daihoi-bench-backup-"))
    data = work / "data"
    os.environ["DAIHOI_DATA_DIR"] = str(data)
    base_url = os.environ.get("DATABASE_URL", "")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from daihoi.organizations.models import Unit

    call_command("migrate", verbosity=0)
    if Unit.objects.exists():
        sys.exit("the database is not empty: run the benchmark on a fresh one")
    t0 = time.perf_counter()
    populate()
    units = Unit.objects.count()
    print(f"set-up: {time.perf_counter() - t0:.1f} s", flush=True)
    from django.db import connection

    if base_url:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            (size_bytes,) = cursor.fetchone()
    else:
        size_bytes = (data / "daihoi.sqlite3").stat().st_size
    print(
        f"database: {connection.vendor}, {size_bytes / 1e6:.0f} MB; units: "
        f"{units:,}; machine: {os.cpu_count()} cores, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}; "
        f"date {dt.date.today().isoformat()}; load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    env = {**os.environ, "DAIHOI_DATA_DIR": str(data), "DATABASE_URL": base_url}
    backups, restores = [], []
    for k in range(REPEAT):
        archive = work / f"backup-{k}.tar.gz"
        backups.append(timed([str(DAIHOI), "backup", str(archive)], env))
        size = archive.stat().st_size / 1e6
        empty = work / f"restored-{k}"
        target = env
        if base_url:  # a new, empty database of the same server
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE DATABASE restored_{k}")
            target = {**env, "DATABASE_URL": base_url.rsplit("/", 1)[0] + f"/restored_{k}"}
        restores.append(
            timed([str(DAIHOI), "restore", str(archive), "--data-dir", str(empty)], target)
        )
        assert restored_units(target["DATABASE_URL"], empty) == units, "units lost"
    print(f"archive: {size:.0f} MB", flush=True)
    line("daihoi backup", backups)
    line("daihoi restore (into an empty folder, chain verified)", restores)


if __name__ == "__main__":
    main()
