"""Benchmark: the whole organization's calendar written to Excel, and the queue's latency.

Run by `make bench-export` (SQLite in a temporary folder) and `make bench-export-postgres`
(a throwaway PostgreSQL). The data is bench_dashboard's: bench_tree's 61,235 units,
each with a congress of the term, plans, deadlines and reports.

- the export: the background task's work (``export_run``: the query, the rules, the
  file written by XlsxWriter), median of 3; then the same asked through the queue and
  run by a real ``daihoi worker`` process (django-tasks-db's worker), from the request
  to the job being done;
- the queue: 20 tiny tasks enqueued one after the other while a worker is polling,
  the time from enqueued to picked up (the rows' own times), median.

Not a test: figures go to docs/BENCHMARKS.md with the machine and date.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))

from bench_dashboard import populate

AS_OF = dt.date(2025, 8, 15)
REPEAT = 3
PINGS = 20


def median_line(label: str, seconds: list[float]) -> None:
    print(
        f"{label}: median {statistics.median(seconds):.2f} s "
        f"(min {min(seconds):.2f}, max {max(seconds):.2f}, n={len(seconds)})",
        flush=True,
    )


def main() -> None:
    # The database (SQLite) and the exported files, in a folder of their own.
    os.environ["DAIHOI_DATA_DIR"] = tempfile.mkdtemp(prefix="daihoi-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_tasks_db.models import DBTaskResult
    from openpyxl import load_workbook

    from daihoi.accounts.models import User
    from daihoi.organizations.models import Unit
    from daihoi.planning.models import ExportJob, ExportState
    from daihoi.planning.services.exports import export_path, export_run, export_start
    from daihoi.tasks.ping import ping

    call_command("migrate", verbosity=0)
    if Unit.objects.exists():
        sys.exit("the database is not empty: run the benchmark on a fresh one")
    t0 = time.perf_counter()
    root, term = populate()
    print(f"set-up: {time.perf_counter() - t0:.1f} s", flush=True)
    user = User.objects.create_superuser("bench", password="bench-password-1")
    units = Unit.objects.count()
    print(
        f"database: {connection.vendor}; units: {units:,}; machine: {os.cpu_count()} cores, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}; "
        f"date {dt.date.today().isoformat()}; load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )

    def ask() -> ExportJob:
        return export_start(actor=user, unit=root, term=term, as_of=AS_OF, filters={})

    times, cpu = [], []
    for _ in range(REPEAT):
        job = ask()
        t0, c0 = time.perf_counter(), time.process_time()
        export_run(job.pk)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    median_line(f"export of the whole organization ({units:,} units), the task's work", times)
    # SQLite runs in this process: its CPU time is the whole cost when the machine is busy.
    median_line("  … CPU time of this process", cpu)
    job.refresh_from_db()
    size = export_path(job).stat().st_size
    t0 = time.perf_counter()
    sheet = load_workbook(export_path(job), read_only=True).active
    rows = sum(1 for _ in sheet.iter_rows(values_only=True))
    print(
        f"  file: {size / 1e6:.1f} MB, {rows:,} rows read back by openpyxl "
        f"in {time.perf_counter() - t0:.1f} s",
        flush=True,
    )
    assert rows == units + 2, rows
    DBTaskResult.objects.all().delete()  # the tasks of the jobs run above, by hand

    worker = subprocess.Popen([sys.executable, "-m", "daihoi.cli", "worker"], env=os.environ.copy())
    try:
        warm_up = ping.enqueue(-1)  # the worker has started once it has run this one
        while not warm_up.is_finished:
            time.sleep(0.05)
            warm_up.refresh()
        rng = random.Random(7)
        waits, rounds = [], []
        for n in range(PINGS):
            time.sleep(rng.uniform(0, 0.3))  # not in step with the worker's polling
            t0 = time.perf_counter()
            result = ping.enqueue(n)
            while True:
                result.refresh()
                if result.is_finished:
                    break
                time.sleep(0.01)
            rounds.append(time.perf_counter() - t0)
            assert result.return_value == n
            assert result.started_at is not None and result.enqueued_at is not None
            waits.append((result.started_at - result.enqueued_at).total_seconds())
        median_line(
            f"queue latency, enqueued → picked up by a running worker ({PINGS} tasks)", waits
        )
        median_line("  … enqueued → result read back by the one who enqueued", rounds)

        through = []
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            job = ask()
            while job.state not in (ExportState.DONE, ExportState.FAILED):
                time.sleep(0.05)
                job.refresh_from_db()
            assert job.state == ExportState.DONE, job.error
            through.append(time.perf_counter() - t0)
        median_line("export asked → file ready, run by the worker process", through)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    print(f"load average at the end {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
