"""Tasks for the tests, importable by a worker process (``tests.tasks.jobs``)."""

from __future__ import annotations

import os

from django_tasks import task


@task()
def note(path: str, n: int) -> int:
    """Append ``n`` and the worker's process id to ``path``: who ran what, and how often."""
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"{n} {os.getpid()}\n")
    return n
