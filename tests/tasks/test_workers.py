"""`daihoi worker` processes (django-tasks-db's worker) on the test database share the queue.

Real processes: the tasks are enqueued here, the workers claim and run them,
each exactly once, the calendar's export among them; SIGTERM stops them cleanly.
Two workers on PostgreSQL (the library takes a task with ``SELECT … FOR UPDATE
SKIP LOCKED``); one on SQLite, as docs/tasks.md advises there.
"""

from __future__ import annotations

import datetime as dt
import io
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from openpyxl import load_workbook

from daihoi.congresses.models import Term
from daihoi.planning.models import ExportJob
from daihoi.planning.services.exports import export_start
from tests.conftest import Tree
from tests.tasks.databases import query, worker_env
from tests.tasks.jobs import note

TASKS = 30
TABLE = "django_tasks_database_dbtaskresult"
WAITING = f"SELECT count(*) FROM {TABLE} WHERE status IN ('READY', 'RUNNING')"


@pytest.mark.django_db(transaction=True)
def test_two_workers_run_every_task_once_and_stop_on_sigterm(tree: Tree, tmp_path: Path) -> None:
    out = tmp_path / "ran.txt"
    for n in range(TASKS):
        note.enqueue(str(out), n)
    term = Term.objects.get_or_create(start_year=2025, end_year=2030)[0]
    job = export_start(
        actor=tree.province_viewer, unit=tree.P, term=term, as_of=dt.date(2025, 9, 1), filters={}
    )
    env = worker_env(tmp_path)
    command = [sys.executable, "-m", "daihoi.cli", "worker", "--interval", "0.1"]
    count = 1 if connection.vendor == "sqlite" else 2
    workers = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for _ in range(count)
    ]
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            left = query(tmp_path, WAITING)
            if left[0][0] == 0:
                break
            time.sleep(0.2)
        for w in workers:
            w.send_signal(signal.SIGTERM)
        for w in workers:
            w.communicate(timeout=60)
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
    assert [w.returncode for w in workers] == [0] * count
    ran = [line.split()[0] for line in out.read_text().splitlines()]
    assert sorted(map(int, ran)) == list(range(TASKS))  # each once, none twice
    statuses = query(tmp_path, f"SELECT status, count(*) FROM {TABLE} GROUP BY status")
    assert dict(statuses) == {"SUCCESSFUL": TASKS + 1}
    ((state, file_name, total),) = query(
        tmp_path, f"SELECT state, file_name, total FROM planning_exportjob WHERE id = {job.pk}"
    )
    assert state == "done" and total == 6
    sheet = load_workbook(io.BytesIO((tmp_path / "exports" / file_name).read_bytes())).active
    assert sorted(r[1] for r in sheet.iter_rows(min_row=3, values_only=True)) == [
        "A",
        "A1",
        "A2",
        "B",
        "B1",
        "P",
    ]
    assert ExportJob.objects.filter(pk=job.pk).exists()
