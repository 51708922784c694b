"""Run the ready tasks in the test's own process, by django-tasks-db's worker (``--batch``)."""

from __future__ import annotations

from unittest import mock

from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult


def run_ready(queues: tuple[str, ...] = ("default",)) -> int:
    """Run every task ready now, as ``daihoi worker --once`` does; how many ran.

    The worker closes "old" connections between tasks, which inside a test's
    transaction would close the test's own; that call is the one thing skipped.
    """
    before = DBTaskResult.objects.finished().count()
    worker = db_worker.Worker(
        queue_names=list(queues),
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch.object(db_worker, "close_old_connections"):
        worker.run()
    return DBTaskResult.objects.finished().count() - before
