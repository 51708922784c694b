"""Benchmark: a backup and a restore of a portal the size of a province (SQLite).

Run by `make bench-backup`. The data is bench_dashboard's: bench_tree's 61,235
units, each with a congress of the term, plans, deadlines and reports, in a
SQLite file of its own folder. Then, three times each, as an operator would run
them (the whole command, Python's start included):

- ``daihoi backup FILE``: the database copied online, the keys, the manifest;
- ``daihoi restore FILE --data-dir EMPTY``: checked, installed, the audit chain
  verified.

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
    os.environ["DATABASE_URL"] = ""
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
    database = data / "daihoi.sqlite3"
    print(
        f"database: sqlite, {database.stat().st_size / 1e6:.0f} MB; units: "
        f"{units:,}; machine: {os.cpu_count()} cores, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}; "
        f"date {dt.date.today().isoformat()}; load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    env = {**os.environ, "DAIHOI_DATA_DIR": str(data), "DATABASE_URL": ""}
    backups, restores = [], []
    for k in range(REPEAT):
        archive = work / f"backup-{k}.tar.gz"
        backups.append(timed([str(DAIHOI), "backup", str(archive)], env))
        size = archive.stat().st_size / 1e6
        empty = work / f"restored-{k}"
        restores.append(
            timed([str(DAIHOI), "restore", str(archive), "--data-dir", str(empty)], env)
        )
        restored = sqlite3.connect(empty / "daihoi.sqlite3")
        (count,) = restored.execute(f"SELECT COUNT(*) FROM {Unit._meta.db_table}").fetchone()
        restored.close()
        assert count == units, f"restored {count} units of {units}"
    print(f"archive: {size:.0f} MB", flush=True)
    line("daihoi backup", backups)
    line("daihoi restore (into an empty folder, chain verified)", restores)


if __name__ == "__main__":
    main()
