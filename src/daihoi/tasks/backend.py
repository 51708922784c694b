"""The database backend of Django's tasks framework: a task is a ``QueuedTask`` row."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskError
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id, normalize_json

from daihoi.tasks.models import QueuedTask

T = TypeVar("T")


class DatabaseBackend(BaseTaskBackend):
    """Tasks kept in the project's database, run by ``daihoi worker``.

    The row belongs to the surrounding transaction: a worker sees it once the
    request commits, and never if the request rolls back (a task never runs on
    data that was not kept). ``get_result`` reads it from any process.
    """

    supports_defer = True
    supports_get_result = True
    supports_priority = True

    def enqueue(self, task: Task[Any, T], args: Any, kwargs: Any) -> TaskResult[T]:
        self.validate_task(task)
        row = QueuedTask(
            id=get_random_id(),
            task_path=task.module_path,
            backend=self.alias,
            queue_name=task.queue_name,
            priority=task.priority,
            args_kwargs=normalize_json({"args": list(args), "kwargs": dict(kwargs)}),
            run_after=task.run_after,
        )
        row.save(force_insert=True)
        result: TaskResult[T] = to_result(row, task)
        transaction.on_commit(lambda: task_enqueued.send(type(self), task_result=result))
        return result

    def get_result(self, result_id: str) -> TaskResult[Any]:
        row = QueuedTask.objects.filter(pk=result_id, backend=self.alias).first()
        if row is None:
            raise TaskResultDoesNotExist(result_id)
        return to_result(row)


def to_result(row: QueuedTask, task: Task[Any, Any] | None = None) -> TaskResult[Any]:
    """The framework's view of a row (``task`` if known, else imported from its path)."""
    if task is None:
        task = import_string(row.task_path)
        assert isinstance(task, Task), row.task_path
        task = task.using(
            priority=row.priority,
            queue_name=row.queue_name,
            run_after=row.run_after,
            backend=row.backend,
        )
    errors = (
        [TaskError(exception_class_path=row.exception_class_path, traceback=row.traceback)]
        if row.status == TaskResultStatus.FAILED
        else []
    )
    result: TaskResult[Any] = TaskResult(
        task=task,
        id=row.pk,
        status=TaskResultStatus(row.status),
        enqueued_at=row.enqueued_at,
        started_at=row.started_at,
        last_attempted_at=row.started_at,
        finished_at=row.finished_at,
        args=row.args_kwargs["args"],
        kwargs=row.args_kwargs["kwargs"],
        backend=row.backend,
        errors=errors,
        worker_ids=[row.worker] if row.worker else [],
    )
    if row.status == TaskResultStatus.SUCCESSFUL:
        object.__setattr__(result, "_return_value", row.return_value)
    return result
