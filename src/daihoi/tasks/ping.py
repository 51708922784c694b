"""A task that only answers: to check that a worker runs, and to time the queue."""

from __future__ import annotations

from django_tasks import task


@task()
def ping(value: int = 0) -> int:
    return value
