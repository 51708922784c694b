"""``daihoi worker``: claim ready tasks one at a time and run them.

A task is claimed by one conditional update (``READY`` → ``RUNNING`` for that
id only if it is still ``READY``): on PostgreSQL the second of two workers
racing for a row waits for the first's update and then matches nothing, on
SQLite writes are serialised anyway, so each task runs once whatever the
number of workers. While a task runs, a thread renews its ``heartbeat_at``;
a task ``RUNNING`` whose heartbeat is older than ``LOST_AFTER`` lost its
worker (killed, machine off) and is marked failed by any other worker, with
``WorkerLost`` as the reason. It is not run again on its own: whoever asked
for it asks again (the export page offers to).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Sequence
from types import FrameType

from django.db import close_old_connections, connections
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_QUEUE_NAME, TaskContext, TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks.utils import get_exception_traceback, get_module_path, normalize_json

from daihoi.tasks.backend import DatabaseBackend, to_result
from daihoi.tasks.models import QueuedTask

logger = logging.getLogger(__name__)

#: A running task's heartbeat is renewed this often (seconds).
HEARTBEAT_SECONDS = 5.0
#: A running task whose heartbeat is older than this lost its worker.
LOST_AFTER = dt.timedelta(seconds=60)


class WorkerLost(Exception):
    """The worker running the task stopped before the task finished."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{get_random_string(6)}"


def claim(worker: str, queues: Sequence[str] = (DEFAULT_TASK_QUEUE_NAME,)) -> QueuedTask | None:
    """The next ready task, now ``RUNNING`` for ``worker``; None if there is none."""
    now = timezone.now()
    ready = (
        QueuedTask.objects.filter(status=TaskResultStatus.READY, queue_name__in=queues)
        .filter(Q(run_after__isnull=True) | Q(run_after__lte=now))
        .order_by("-priority", "enqueued_at")
        .values_list("pk", flat=True)
    )
    for pk in list(ready[:10]):
        taken = QueuedTask.objects.filter(pk=pk, status=TaskResultStatus.READY).update(
            status=TaskResultStatus.RUNNING, started_at=now, heartbeat_at=now, worker=worker
        )
        if taken:
            return QueuedTask.objects.get(pk=pk)
    return None


def fail_lost(now: dt.datetime | None = None) -> int:
    """Mark failed the running tasks whose worker stopped renewing their heartbeat."""
    now = now or timezone.now()
    return QueuedTask.objects.filter(
        status=TaskResultStatus.RUNNING, heartbeat_at__lt=now - LOST_AFTER
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=get_module_path(WorkerLost),
        traceback=f"{get_module_path(WorkerLost)}: {WorkerLost.__doc__}\n",
    )


class _Heartbeat(threading.Thread):
    """Renews the running task's heartbeat until stopped (its own connection)."""

    def __init__(self, pk: str, worker: str) -> None:
        super().__init__(daemon=True)
        self.pk, self.worker = pk, worker
        self.done = threading.Event()

    def run(self) -> None:
        try:
            while not self.done.wait(HEARTBEAT_SECONDS):
                QueuedTask.objects.filter(
                    pk=self.pk, worker=self.worker, status=TaskResultStatus.RUNNING
                ).update(heartbeat_at=timezone.now())
        except Exception:  # the task's own outcome is what counts; log and stop beating
            logger.exception("heartbeat of task %s", self.pk)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.done.set()
        self.join()


def run_task(row: QueuedTask, worker: str, *, heartbeat: bool = True) -> QueuedTask:
    """Run a claimed task and record how it ended."""
    result = to_result(row)
    backend = type(result.task.get_backend())
    task_started.send(sender=backend, task_result=result)
    beat = _Heartbeat(row.pk, worker) if heartbeat else None
    if beat is not None:
        beat.start()
    status, value, error_class, trace = TaskResultStatus.SUCCESSFUL, None, "", ""
    try:
        args, kwargs = row.args_kwargs["args"], row.args_kwargs["kwargs"]
        if result.task.takes_context:
            raw = result.task.call(TaskContext(task_result=result), *args, **kwargs)
        else:
            raw = result.task.call(*args, **kwargs)
        value = normalize_json(raw)
    except KeyboardInterrupt:
        status, error_class = TaskResultStatus.FAILED, get_module_path(WorkerLost)
        trace = f"{error_class}: {WorkerLost.__doc__}\n"
        raise
    except Exception as exc:
        logger.exception("task %s (%s) failed", row.pk, row.task_path)
        status, error_class, trace = (
            TaskResultStatus.FAILED,
            get_module_path(type(exc)),
            get_exception_traceback(exc),
        )
    finally:
        if beat is not None:
            beat.stop()
        QueuedTask.objects.filter(pk=row.pk).update(
            status=status,
            finished_at=timezone.now(),
            return_value=value,
            exception_class_path=error_class,
            traceback=trace,
        )
        row.refresh_from_db()
        task_finished.send(sender=backend, task_result=to_result(row))
    return row


def run_pending(queues: Sequence[str] = (DEFAULT_TASK_QUEUE_NAME,)) -> int:
    """Run every task ready now, in this process, then return how many ran (tests, ``--once``)."""
    worker = worker_name()
    ran = 0
    fail_lost()
    while (row := claim(worker, queues)) is not None:
        run_task(row, worker, heartbeat=False)
        ran += 1
    return ran


def run_worker(
    *,
    queues: Sequence[str] = (DEFAULT_TASK_QUEUE_NAME,),
    interval: float = 0.25,
    with_parent: bool = False,
    say: Callable[[str], None] | None = None,
) -> int:
    """Claim and run tasks until SIGTERM or SIGINT; the task running then is finished first.

    Polls every ``interval`` seconds when the queue is empty. ``with_parent``:
    also stop when the process that started this one is gone (the demo's server).
    """
    _check_backend()
    say = say or _say
    worker = worker_name()
    parent = os.getppid()
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        if stopping.is_set():  # a second Ctrl+C: stop now, the task is failed
            raise KeyboardInterrupt
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    say(f"daihoi worker {worker}: queues {', '.join(queues)} (Ctrl+C to stop)")
    swept = 0.0
    while not stopping.is_set():
        if with_parent and os.getppid() != parent:
            break
        close_old_connections()
        if time.monotonic() - swept > LOST_AFTER.total_seconds() / 4:
            if lost := fail_lost():
                say(f"daihoi worker: {lost} task(s) of a stopped worker marked failed")
            swept = time.monotonic()
        row = claim(worker, queues)
        if row is None:
            stopping.wait(interval)
            continue
        run_task(row, worker)
    connections.close_all()
    say("daihoi worker: stopped")
    return 0


def _say(text: str) -> None:
    print(text, flush=True)


def _check_backend() -> None:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        raise SystemExit(
            "daihoi worker: the TASKS setting does not use the database backend "
            f"({type(backend).__name__}); nothing to work on"
        )
