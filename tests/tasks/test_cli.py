"""`daihoi worker --once`, and the worker `daihoi demo --serve` runs beside its server."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pytest
from django_tasks import TaskResultStatus

from daihoi import cli
from daihoi.tasks.ping import ping
from daihoi.tasks.worker import run_worker, worker_options
from tests.procs import children
from tests.tasks.databases import query, worker_env
from tests.tasks.jobs import note


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_worker_once_runs_what_is_ready_and_stops(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "other"]}
    }
    first, other = ping.enqueue(3), ping.using(queue_name="other").enqueue(4)
    assert cli.main(["worker", "--once", "--lang", "en"]) == 0
    first.refresh()
    other.refresh()
    assert first.return_value == 3
    assert other.status == TaskResultStatus.READY  # another queue: not ours


def test_our_options_are_the_library_workers() -> None:
    assert worker_options(queues=["a", "b"], interval=0.5, once=True) == [
        "--queue-name=a,b",
        "--interval=0.5",
        "--no-reload",
        "--batch",
        "--no-startup-delay",
    ]
    assert "--batch" not in worker_options()


def test_a_worker_without_the_database_backend_refuses_to_start(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with pytest.raises(SystemExit, match="does not use the database backend"):
        run_worker()


@pytest.mark.django_db(transaction=True)
def test_the_demo_server_has_a_worker_beside_it_until_it_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "ran.txt"
    note.enqueue(str(out), 1)
    for name, value in worker_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    seen: list[set[int]] = []

    def serve(args: argparse.Namespace) -> int:
        """The server's place: wait for the worker to run the task, as a page would."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not out.exists():
            time.sleep(0.1)
        seen.append(children(os.getpid()))
        return 0

    monkeypatch.setattr(cli, "cmd_serve", serve)
    assert cli._serve_with_worker(argparse.Namespace()) == 0
    assert out.read_text().split()[0] == "1"
    assert len(seen[0]) == 1  # the worker, a child of the server's process
    assert children(os.getpid()) == set()  # stopped with the server
    assert query(tmp_path, "SELECT status FROM django_tasks_database_dbtaskresult") == [
        ("SUCCESSFUL",)
    ]
