"""``daihoi worker``: the worker of django-tasks-db (its ``db_worker`` command) under our name.

The queue, the claiming of a task (``SELECT … FOR UPDATE SKIP LOCKED`` on
PostgreSQL, an exclusive transaction on SQLite) and the running of it are the
library's; this module only maps the project's command-line options onto its
own and refuses to start when the ``TASKS`` setting has no database backend.
"""

from __future__ import annotations

import signal
from collections.abc import Sequence

from django.core.management import call_command
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME, task_backends
from django_tasks_db import DatabaseBackend


def worker_options(
    *,
    queues: Sequence[str] = (DEFAULT_TASK_QUEUE_NAME,),
    interval: float = 0.25,
    once: bool = False,
) -> list[str]:
    """The ``db_worker`` arguments for ours: ``--queue`` (repeated) → ``--queue-name a,b``,
    ``--once`` → ``--batch``; never reloaded on code changes (even with DEBUG)."""
    options = [f"--queue-name={','.join(queues)}", f"--interval={interval}", "--no-reload"]
    if once:
        options += ["--batch", "--no-startup-delay"]
    return options


def run_worker(
    *,
    queues: Sequence[str] = (DEFAULT_TASK_QUEUE_NAME,),
    interval: float = 0.25,
    once: bool = False,
) -> int:
    """Run tasks until SIGTERM or SIGINT (the task in hand is finished first), or, with
    ``once``, until none is ready."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        raise SystemExit(
            "daihoi worker: the TASKS setting does not use the database backend "
            f"({type(backend).__name__}); nothing to work on"
        )
    # The library's worker takes SIGINT/SIGTERM over to finish the task in hand first;
    # they are given back when it returns (``once``, or a caller in the same process).
    signals = [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGQUIT", None)) if s]
    previous = {s: signal.getsignal(s) for s in signals}
    try:
        call_command("db_worker", *worker_options(queues=queues, interval=interval, once=once))
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    return 0
